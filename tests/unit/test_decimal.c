// SPDX-License-Identifier: MIT
/* The output's decimal numbers: the same digits as printf's, at the edges. */
#include <inttypes.h>
#include <stdio.h>

#include <ebpfhello/base/decimal.h>

#include "check.h"

static const char *u64(uint64_t v)
{
	static char buf[EH_DEC_LEN + 1];

	buf[eh_dec_u64(buf, v)] = '\0';
	return buf;
}

static const char *s64(int64_t v)
{
	static char buf[EH_DEC_LEN + 1];

	buf[eh_dec_s64(buf, v)] = '\0';
	return buf;
}

static const char *padded(uint64_t v, size_t width)
{
	static char buf[32];

	buf[eh_dec_padded(buf, v, width)] = '\0';
	return buf;
}

int main(void)
{
	static const uint64_t us[] = { 0, 1, 9, 10, 99, 100, 65534, 4294967295u, 4294967296u,
				       999999999999999999u, 1000000000000000000u, UINT64_MAX };
	static const int64_t ss[] = { 0, -1, 1, -9, -10, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	char want[32];
	size_t i;

	for (i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		snprintf(want, sizeof(want), "%" PRIu64, us[i]);
		CHECK_STR(u64(us[i]), want);
	}
	for (i = 0; i < sizeof(ss) / sizeof(ss[0]); i++) {
		snprintf(want, sizeof(want), "%" PRId64, ss[i]);
		CHECK_STR(s64(ss[i]), want);
	}
	/* every power of ten and its neighbours */
	for (uint64_t p = 1; p <= 1000000000000000000u; p *= 10) {
		for (uint64_t v = p - 1; v <= p + 1; v++) {
			snprintf(want, sizeof(want), "%" PRIu64, v);
			CHECK_STR(u64(v), want);
		}
	}
	CHECK_STR(padded(0, 9), "000000000");
	CHECK_STR(padded(5, 9), "000000005");
	CHECK_STR(padded(999999999, 9), "999999999");
	CHECK_STR(padded(123456789, 9), "123456789");
	CHECK_STR(padded(42, 3), "042");
	CHECK(strlen(u64(UINT64_MAX)) + 1 <= EH_DEC_LEN);
	return check_done("test_decimal");
}
