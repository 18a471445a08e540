// SPDX-License-Identifier: MIT
/* Strict number parsers; see include/ebpfhello/base/parse.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/parse.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool eh_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!s || !*s)
		return false;
	for (p = s; *p; p++) {
		if (!is_digit(*p))
			return false;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool eh_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	static const char units[] = "KMG";
	const char *u;
	char digits[24];
	size_t n = s ? strlen(s) : 0;
	uint64_t v;
	int shift = 0;

	if (n && (u = strchr(units, s[n - 1])) && *u) {
		shift = 10 * (int)(u - units + 1);
		n--;
	}
	if (!n || n >= sizeof(digits))
		return false;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (!eh_parse_u64(digits, 0, UINT64_MAX >> shift, &v))
		return false;
	v <<= shift;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool eh_parse_seconds(const char *s, double min, double max, double *out)
{
	const char *p = s;
	int digits = 0, dots = 0;
	char *end;
	double v;

	if (!s || !*s)
		return false;
	for (; *p; p++) {
		if (is_digit(*p))
			digits++;
		else if (*p == '.' && !dots)
			dots++;
		else
			return false;
	}
	if (!digits)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool eh_parse_listen(const char *s, struct sockaddr_storage *sa, socklen_t *len)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
	struct sockaddr_in *in = (struct sockaddr_in *)sa;
	char host[INET6_ADDRSTRLEN + 2];
	const char *port = s, *colon;
	uint64_t p;

	if (!s)
		return false;
	memset(sa, 0, sizeof(*sa));
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*len = sizeof(*in);
	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (!colon || (size_t)(colon - s - 1) >= sizeof(host))
			return false;
		memcpy(host, s + 1, (size_t)(colon - s - 1));
		host[colon - s - 1] = '\0';
		memset(sa, 0, sizeof(*sa));
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			return false;
		port = colon + 2;
	} else if ((colon = strchr(s, ':'))) {
		if ((size_t)(colon - s) >= sizeof(host))
			return false;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
			return false;
		port = colon + 1;
	}
	if (!eh_parse_u64(port, 1, 65535, &p))
		return false;
	if (in->sin_family == AF_INET6)
		in6->sin6_port = htons((uint16_t)p);
	else
		in->sin_port = htons((uint16_t)p);
	return true;
}
