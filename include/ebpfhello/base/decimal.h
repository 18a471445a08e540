/* SPDX-License-Identifier: MIT */
/*
 * Numbers in decimal without printf, for the output's per-record fields:
 * printf parses its format every call, which costs more than the digits
 * (in an exec storm with --exits it was the consumer's largest user-space
 * cost).  Each writes into buf, unterminated, and returns the length.
 */
#ifndef EBPFHELLO_DECIMAL_H
#define EBPFHELLO_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define EH_DEC_LEN 21		/* room for any int64_t or uint64_t: 20 digits and a sign */

static inline size_t eh_dec_u64(char *buf, uint64_t v)
{
	char rev[20];
	size_t n = 0, i;

	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	return n;
}

static inline size_t eh_dec_s64(char *buf, int64_t v)
{
	if (v >= 0)
		return eh_dec_u64(buf, (uint64_t)v);
	buf[0] = '-';
	return 1 + eh_dec_u64(buf + 1, 0 - (uint64_t)v);
}

/* exactly width digits, zeros in front ("%0*llu"); v < 10^width */
static inline size_t eh_dec_padded(char *buf, uint64_t v, size_t width)
{
	size_t i;

	for (i = width; i > 0; i--, v /= 10)
		buf[i - 1] = (char)('0' + v % 10);
	return width;
}

#endif
