// SPDX-License-Identifier: MIT
/* Strict number parsers; see include/ebpfhello/parse.h. */
#include <errno.h>
#include <stdlib.h>

#include <ebpfhello/parse.h>

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
