// SPDX-License-Identifier: MIT
/*
 * The option-value parsers, each against a reference written here:
 *
 *   eh_parse_u64        --pid --uid --count --top --buffer-size ...
 *   eh_parse_seconds    --interval --duration
 *   eh_syscall_resolve  --syscall --handler --ignore (names and patterns)
 *   eh_text_is_plain    --message --message-even --message-odd
 *   eh_syscall_name / eh_syscall_by_name
 *   eh_user_uid / eh_user_name over a fuzzed passwd file (--uid NAME)
 *   eh_parse_listen     --listen
 *
 * The first byte picks the parser; the rest is its input.
 */
#include <arpa/inet.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/users.h>

#include "fuzz.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void u64(const char *s, uint64_t min, uint64_t max)
{
	unsigned __int128 v = 0;
	bool want, got;
	uint64_t out = 12345;
	const char *p;

	if (min > max) {
		uint64_t t = min;

		min = max;
		max = t;
	}
	want = all_digits(s);
	for (p = s; want && *p; p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > UINT64_MAX)
			want = false;
	}
	want = want && v >= min && v <= max;
	got = eh_parse_u64(s, min, max, &out);
	FUZZ_CHECK(got == want);
	FUZZ_CHECK(!got || out == (uint64_t)v);
	FUZZ_CHECK(got || out == 12345);	/* untouched on failure */
}

static void seconds(const char *s, double min, double max)
{
	size_t digits = 0, dots = 0;
	bool syntax = *s != '\0';
	double out = -1, v;
	const char *p;
	bool got;

	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.')
			dots++;
		else
			syntax = false;
	}
	syntax = syntax && digits > 0 && dots <= 1;
	got = eh_parse_seconds(s, min, max, &out);
	if (!syntax) {
		FUZZ_CHECK(!got);
		return;
	}
	v = strtod(s, NULL);
	FUZZ_CHECK(got == (isfinite(v) && v >= min && v <= max));
	FUZZ_CHECK(!got || (out == v && isfinite(out)));
}

static void resolve(const char *list, int max, size_t bad_len)
{
	const struct eh_syscall *out[1100];
	char bad[80];
	int n, i, j;

	memset(bad, 'Z', sizeof(bad));
	n = eh_syscall_resolve(list, out, max, bad, bad_len);
	FUZZ_CHECK(n >= -2 && n <= max);
	if (n == -1) {
		FUZZ_CHECK(memchr(bad, '\0', bad_len) != NULL);
		FUZZ_CHECK(bad[bad_len] == 'Z');	/* nothing past bad_len */
		return;
	}
	for (i = 0; i < n; i++) {
		const char *item = list;
		bool matched = false;

		FUZZ_CHECK(out[i] && eh_syscall_by_name(out[i]->name) == out[i]);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(out[j] != out[i]);
		/* it matches one of the items */
		while (*item && !matched) {
			size_t len = strcspn(item, ",");
			char pat[64];

			if (len < sizeof(pat)) {
				memcpy(pat, item, len);
				pat[len] = '\0';
				matched = fnmatch(pat, out[i]->name, 0) == 0;
			}
			item += len;
			if (*item == ',')
				item++;
		}
		FUZZ_CHECK(matched);
	}
}

static void names(long nr, const char *name)
{
	const struct eh_syscall *sc = eh_syscall_by_name(name);
	const char *n = eh_syscall_name(nr);

	FUZZ_CHECK(!n || eh_syscall_by_name(n)->nr == nr);
	FUZZ_CHECK(!sc || !strcmp(sc->name, name));
	FUZZ_CHECK(!sc || !strcmp(eh_syscall_name(sc->nr), sc->name));
}

static void plain(const char *s, size_t n)
{
	bool got = eh_text_is_plain(s, n);

	FUZZ_CHECK(got == (fuzz_text_safe(s, n, false) && !memchr(s, '\n', n)));
}

/* what it takes is what it gives back: printed as "[ADDR]:PORT" again, the
 * same address; every port 1 to 65535, nothing else */
static void listen_on(const char *s)
{
	struct sockaddr_storage sa, again;
	const struct sockaddr_in6 *in6 = (const void *)&sa;
	const struct sockaddr_in *in = (const void *)&sa;
	char host[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 16];
	socklen_t len = 0, len2 = 0;
	unsigned int port;

	if (!eh_parse_listen(s, &sa, &len))
		return;
	if (sa.ss_family == AF_INET6) {
		FUZZ_CHECK(len == sizeof(*in6));
		port = ntohs(in6->sin6_port);
		FUZZ_CHECK(inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host)));
		snprintf(text, sizeof(text), "[%s]:%u", host, port);
	} else {
		FUZZ_CHECK(sa.ss_family == AF_INET && len == sizeof(*in));
		port = ntohs(in->sin_port);
		FUZZ_CHECK(inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host)));
		snprintf(text, sizeof(text), "%s:%u", host, port);
	}
	FUZZ_CHECK(port >= 1 && port <= 65535);
	FUZZ_CHECK(eh_parse_listen(text, &again, &len2) && len2 == len && !memcmp(&sa, &again, len));
	/* without an address: 127.0.0.1 */
	FUZZ_CHECK(strchr(s, ':') || (sa.ss_family == AF_INET && ntohl(in->sin_addr.s_addr) == INADDR_LOOPBACK));
}

static char passwd[] = "/tmp/eh-fuzz-passwd.XXXXXX";

static void users(const char *text, size_t n, const char *name, uint32_t uid)
{
	uint32_t got_uid = 0;
	const char *got_name;
	FILE *f = fopen(passwd, "w");

	FUZZ_CHECK(f);
	fwrite(text, 1, n, f);
	fclose(f);
	eh_users_set_file(passwd);
	if (eh_user_uid(name, &got_uid)) {
		got_name = eh_user_name(got_uid);
		/* the first user with that uid: a name, never a dangling one */
		FUZZ_CHECK(got_name && *got_name && !strchr(got_name, ':') && !strchr(got_name, '\n'));
	}
	got_name = eh_user_name(uid);
	FUZZ_CHECK(!got_name || (*got_name && !strchr(got_name, ':')));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = mkstemp(passwd);

	if (fd >= 0)
		close(fd);
	return 0;
}

static uint64_t u64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	uint64_t a, b;

	if (size < 17)
		return 0;
	a = u64_at(data + 1);
	b = u64_at(data + 9);
	s = malloc(size - 17 + 1);
	if (!s)
		return 0;
	memcpy(s, data + 17, size - 17);
	s[size - 17] = '\0';
	switch (data[0] % 7) {
	case 0:
		/* small bounds most of the time, any now and then */
		u64(s, a & 1 ? a : a % 5000, b & 1 ? b : b % 5000);
		break;
	case 1:
		/* the callers' floor is 0.001: nothing that underflows is taken */
		seconds(s, 0.001 + (double)(a % 4000) / 1000.0, (double)(b % 40000000));
		break;
	case 2:
		resolve(s, (int)(a % 1100), (size_t)(b % 79) + 1);
		break;
	case 3:
		names((long)a % 2048 - 1024, s);
		break;
	case 4:
		plain((const char *)data + 17, size - 17);
		break;
	case 5:
		users((const char *)data + 17, size - 17, s, (uint32_t)a);
		break;
	default:
		listen_on(s);
	}
	free(s);
	return 0;
}
