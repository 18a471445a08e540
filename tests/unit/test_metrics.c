// SPDX-License-Identifier: MIT
/*
 * The Prometheus text writer, counter families and --listen addresses.
 * With --emit, prints an exposition full of hostile label values instead,
 * for `promtool check metrics` (tests/unit/promtool_check.sh).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/show/metrics.h>

#include "check.h"

static const char *text(struct eh_prom *p)
{
	static char buf[4096];
	size_t n = p->len < sizeof(buf) - 1 ? p->len : sizeof(buf) - 1;

	memcpy(buf, p->buf, n);
	buf[n] = '\0';
	return buf;
}

static void test_clean(void)
{
	char d[EH_LABEL_MAX];

	CHECK(eh_prom_clean(d, sizeof(d), "bash", 4) == 4);
	CHECK_STR(d, "bash");
	eh_prom_clean(d, sizeof(d), "h\xc3\xa9llo \xe2\x82\xac", 11);
	CHECK_STR(d, "h\xc3\xa9llo \xe2\x82\xac");			/* valid UTF-8 stays */
	eh_prom_clean(d, sizeof(d), "a\xff\xfe" "b", 4);
	CHECK_STR(d, "a\xef\xbf\xbd\xef\xbf\xbd" "b");			/* each bad byte: U+FFFD */
	eh_prom_clean(d, sizeof(d), "\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80", 11);
	CHECK(strstr(d, "\xc0") == NULL && strstr(d, "\xed\xa0") == NULL);	/* overlong, surrogate */
	eh_prom_clean(d, sizeof(d), "t\tab\x1b[31m\x7f\xc2\x9b", 12);
	CHECK_STR(d, "t\xef\xbf\xbd" "ab\xef\xbf\xbd[31m\xef\xbf\xbd\xef\xbf\xbd");	/* controls */
	eh_prom_clean(d, sizeof(d), "a\nb", 3);
	CHECK_STR(d, "a\nb");						/* escaped later */
	eh_prom_clean(d, sizeof(d), "ab\0cd", 5);
	CHECK_STR(d, "ab");						/* a NUL ends it */
	/* 15 invalid bytes: 45 bytes, within EH_LABEL_MAX */
	CHECK(eh_prom_clean(d, sizeof(d), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
			    15) == 45);
	/* cut on a character boundary */
	CHECK(eh_prom_clean(d, 5, "\xe2\x82\xac\xe2\x82\xac", 6) == 3);
	{
		char again[EH_LABEL_MAX];

		eh_prom_clean(d, sizeof(d), "q\"\\\xff\n", 5);
		eh_prom_clean(again, sizeof(again), d, strlen(d));
		CHECK_STR(again, d);					/* idempotent */
	}
}

static void test_writer(void)
{
	struct eh_prom p = { 0 };
	struct eh_label l[] = { { "comm", "q\"b\\c\nd" }, { "user", "" }, { "pid", "7" } };

	eh_prom_family(&p, "x_total", "counter", "a \\ help\nline");
	CHECK_STR(text(&p), "# HELP x_total a \\\\ help\\nline\n# TYPE x_total counter\n");
	eh_prom_reset(&p);
	eh_prom_sample(&p, "x_total", l, 3, 18446744073709551615ULL);
	CHECK_STR(text(&p), "x_total{comm=\"q\\\"b\\\\c\\nd\",pid=\"7\"} 18446744073709551615\n");
	eh_prom_reset(&p);
	eh_prom_sample(&p, "x_total", NULL, 0, 0);
	CHECK_STR(text(&p), "x_total 0\n");
	eh_prom_reset(&p);
	l[0].value = "\xff";
	eh_prom_sample(&p, "x_total", l, 1, 1);
	CHECK_STR(text(&p), "x_total{comm=\"\xef\xbf\xbd\"} 1\n");
	CHECK(p.err == 0);
	eh_prom_free(&p);
}

/* ---- families --------------------------------------------------------------------- */

static bool describe(const struct eh_count *c, char v[2][EH_LABEL_MAX], void *ctx)
{
	if (c->name[0]) {
		eh_prom_clean(v[0], EH_LABEL_MAX, c->name, EH_COMM_LEN);
		return strcmp(v[0], "other") != 0;
	}
	snprintf(v[0], EH_LABEL_MAX, "%llu", (unsigned long long)c->key);
	snprintf(v[1], EH_LABEL_MAX, "n%llu", (unsigned long long)c->key);
	return true;
}

static struct eh_count count(uint64_t key, const char *name, uint64_t value)
{
	struct eh_count c = { .key = key, .value = value };

	if (name)
		strncpy(c.name, name, sizeof(c.name) - 1);
	return c;
}

static void reading(struct eh_family *f, const struct eh_count *c, size_t n)
{
	size_t i;

	eh_family_begin(f);
	for (i = 0; i < n; i++)
		eh_family_add(f, &c[i]);
}

static void test_family(void)
{
	struct eh_family f = { .name = "t_total", .help = "h", .label = { "pid", "comm" },
			       .describe = describe, .max = 2 };
	struct eh_prom p = { 0 };
	struct eh_count r1[] = { count(10, NULL, 5), count(20, NULL, 7), count(30, NULL, 1) };
	struct eh_count r2[] = { count(20, NULL, 2), count(30, NULL, 4), count(40, NULL, 3) };
	struct eh_count gone;

	reading(&f, r1, 3);
	CHECK(f.n == 2 && f.folded == 1);
	eh_family_write(&f, &p);
	CHECK_STR(text(&p), "# HELP t_total h\n# TYPE t_total counter\n"
		  "t_total{pid=\"10\",comm=\"n10\"} 5\nt_total{pid=\"20\",comm=\"n20\"} 7\n"
		  "t_total{pid=\"other\"} 1\n");
	/* key 20 left the map holding 9 (it grew 2 since), then came back with 2;
	 * key 10 is gone: its series keeps its 5 only if retired */
	gone = count(20, NULL, 0);
	eh_family_retire(&f, &gone, 9);
	gone = count(10, NULL, 0);
	eh_family_retire(&f, &gone, 5);
	gone = count(50, NULL, 0);
	eh_family_retire(&f, &gone, 6);	/* no room: other */
	reading(&f, r2, 3);
	CHECK(f.folded == 2);		/* 30 and 40 */
	eh_prom_reset(&p);
	eh_family_write(&f, &p);
	CHECK_STR(text(&p), "# HELP t_total h\n# TYPE t_total counter\n"
		  "t_total{pid=\"10\",comm=\"n10\"} 5\nt_total{pid=\"20\",comm=\"n20\"} 11\n"
		  "t_total{pid=\"other\"} 13\n");
	CHECK(eh_family_total(&f) == 5 + 11 + 13);
	eh_prom_free(&p);
	eh_family_free(&f);
}

static void test_family_names(void)
{
	struct eh_family f = { .name = "c_total", .help = "h", .label = { "comm", NULL },
			       .describe = describe, .max = 10 };
	struct eh_prom p = { 0 };
	/* two names cleaned alike, and a task really named "other" */
	struct eh_count r[] = { count(0, "a\xfe", 1), count(0, "a\xff", 2), count(0, "other", 4),
				count(0, "b", 8) };

	reading(&f, r, 4);
	CHECK(f.folded == 0);		/* "other" is not folded: it is other by name */
	eh_family_write(&f, &p);
	CHECK_STR(text(&p), "# HELP c_total h\n# TYPE c_total counter\n"
		  "c_total{comm=\"a\xef\xbf\xbd\"} 3\nc_total{comm=\"b\"} 8\nc_total{comm=\"other\"} 4\n");
	eh_prom_free(&p);
	eh_family_free(&f);
}

/* many keys: the hash grows, every series is found again */
static void test_family_many(void)
{
	struct eh_family f = { .name = "m_total", .help = "h", .label = { "pid", NULL },
			       .describe = describe, .max = 5000 };
	struct eh_count c;
	uint64_t k;

	eh_family_begin(&f);
	for (k = 1; k <= 6000; k++) {
		c = count(k, NULL, k);
		eh_family_add(&f, &c);
	}
	CHECK(f.n == 5000 && f.folded == 1000);
	for (k = 1; k <= 6000; k++) {
		c = count(k, NULL, 0);
		eh_family_retire(&f, &c, 1);
	}
	CHECK(f.n == 5000 && f.other_retired == 1000);
	CHECK(eh_family_total(&f) == 6000ULL * 6001 / 2 + 6000);
	eh_family_free(&f);
}

/* ---- --listen ------------------------------------------------------------------------ */

static bool listen_is(const char *arg, int family, const char *addr, unsigned int port)
{
	struct sockaddr_storage sa;
	char got[INET6_ADDRSTRLEN];
	socklen_t len;

	if (!eh_parse_listen(arg, &sa, &len))
		return false;
	if (sa.ss_family != family)
		return false;
	if (family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, got, sizeof(got));
		return len == sizeof(*in6) && ntohs(in6->sin6_port) == port && !strcmp(got, addr) &&
		       in6->sin6_flowinfo == 0;
	}
	inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)&sa)->sin_addr, got,
		  sizeof(got));
	return len == sizeof(struct sockaddr_in) &&
	       ntohs(((const struct sockaddr_in *)(const void *)&sa)->sin_port) == port &&
	       !strcmp(got, addr);
}

static void test_listen(void)
{
	struct sockaddr_storage sa;
	socklen_t len;
	static const char *const bad[] = {
		"", "0", "65536", "-1", "abc", "9477x", ":9477", "localhost:9477", "1.2.3:80",
		"1.2.3.4:", "1.2.3.4", "256.1.1.1:80", "[::1]", "[::1:80", "::1:80", "[]:80",
		"[fe80::1%eth0]:80", "[1.2.3.4]:80", "1.2.3.4:80:90", " 80", "0x50",
	};
	size_t i;

	CHECK(listen_is("9477", AF_INET, "127.0.0.1", 9477));
	CHECK(listen_is("0.0.0.0:1", AF_INET, "0.0.0.0", 1));
	CHECK(listen_is("10.1.2.3:65535", AF_INET, "10.1.2.3", 65535));
	CHECK(listen_is("[::1]:9477", AF_INET6, "::1", 9477));
	CHECK(listen_is("[::]:80", AF_INET6, "::", 80));
	CHECK(listen_is("[::ffff:127.0.0.1]:80", AF_INET6, "::ffff:127.0.0.1", 80));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (eh_parse_listen(bad[i], &sa, &len)) {
			fprintf(stderr, "accepted --listen '%s'\n", bad[i]);
			CHECK(0);
		}
	}
}

/* an exposition for promtool: every byte value in a label, and more */
static int emit(void)
{
	struct eh_family f = { .name = "ebpfhello_syscalls_total", .help = "h \\ \n",
			       .label = { "comm", NULL }, .describe = describe, .max = 400 };
	struct eh_prom p = { 0 };
	struct eh_count c;
	int i;

	eh_prom_single(&p, "ebpfhello_folded_keys", "gauge", "g", 0);
	eh_family_begin(&f);
	for (i = 1; i < 256; i++) {
		char name[3] = { 'x', (char)i, 0 };

		c = count(0, name, (uint64_t)i);
		eh_family_add(&f, &c);
	}
	c = count(0, "q\"b\\c\nd\xff\xc0\xaf\xed\xa0\x80", 1);
	eh_family_add(&f, &c);
	c = count(0, "\\", 1);
	eh_family_add(&f, &c);
	c = count(0, "\xe2\x82", 1);	/* a sequence cut short */
	eh_family_add(&f, &c);
	eh_family_write(&f, &p);
	fwrite(p.buf, 1, p.len, stdout);
	i = p.err ? 1 : 0;
	eh_prom_free(&p);
	eh_family_free(&f);
	return i;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--emit"))
		return emit();
	test_clean();
	test_writer();
	test_family();
	test_family_names();
	test_family_many();
	test_listen();
	return check_done("test_metrics");
}
