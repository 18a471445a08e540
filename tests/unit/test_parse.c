// SPDX-License-Identifier: MIT
/* Number parsers, counter snapshots and /etc/passwd parsing. */
#include <stdlib.h>
#include <unistd.h>

#include <ebpfhello/base/counts.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/host/users.h>

#include "check.h"

static void test_numbers(void)
{
	uint64_t u;
	double d;

	CHECK(eh_parse_u64("0", 0, 10, &u) && u == 0);
	CHECK(eh_parse_u64("18446744073709551615", 0, UINT64_MAX, &u) && u == UINT64_MAX);
	CHECK(!eh_parse_u64("18446744073709551616", 0, UINT64_MAX, &u));
	CHECK(!eh_parse_u64("-1", 0, 10, &u));
	CHECK(!eh_parse_u64("+1", 0, 10, &u));
	CHECK(!eh_parse_u64(" 1", 0, 10, &u));
	CHECK(!eh_parse_u64("1 ", 0, 10, &u));
	CHECK(!eh_parse_u64("0x10", 0, 100, &u));
	CHECK(!eh_parse_u64("", 0, 10, &u));
	CHECK(!eh_parse_u64("abc", 0, 10, &u));
	CHECK(!eh_parse_u64("11", 0, 10, &u));
	CHECK(!eh_parse_u64("0", 1, 10, &u));
	/* --rotate-size */
	CHECK(eh_parse_size("4096", 1, UINT64_MAX, &u) && u == 4096);
	CHECK(eh_parse_size("64K", 1, UINT64_MAX, &u) && u == 65536);
	CHECK(eh_parse_size("10M", 1, UINT64_MAX, &u) && u == 10485760);
	CHECK(eh_parse_size("2G", 1, UINT64_MAX, &u) && u == 2147483648ULL);
	CHECK(eh_parse_size("16777215G", 1, UINT64_MAX, &u) && u == 16777215ULL << 30);
	CHECK(!eh_parse_size("17179869184G", 1, UINT64_MAX, &u));	/* 2^64 */
	CHECK(!eh_parse_size("K", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("10k", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("10KB", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("1.5M", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("-1K", 1, UINT64_MAX, &u));
	CHECK(!eh_parse_size("3K", 4096, UINT64_MAX, &u));
	CHECK(!eh_parse_size("5K", 1, 4096, &u));

	CHECK(eh_parse_seconds("2", 0.001, 100, &d) && d == 2.0);
	CHECK(eh_parse_seconds("0.5", 0.001, 100, &d) && d == 0.5);
	CHECK(eh_parse_seconds(".25", 0.001, 100, &d) && d == 0.25);
	CHECK(eh_parse_seconds("1.", 0.001, 100, &d) && d == 1.0);
	CHECK(!eh_parse_seconds("0", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("0.0001", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("abc", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("-1", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("1e3", 0.001, 10000, &d));
	CHECK(!eh_parse_seconds("inf", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("nan", 0.001, 100, &d));
	CHECK(!eh_parse_seconds(".", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("1.2.3", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("", 0.001, 100, &d));
	CHECK(!eh_parse_seconds("101", 0.001, 100, &d));
}

static void test_counts(void)
{
	struct eh_counts prev = { 0 }, cur = { 0 }, diff = { 0 };

	eh_counts_add(&prev, 1000, NULL, 5);
	eh_counts_add(&prev, 0, NULL, 10);
	eh_counts_add(&prev, 7, NULL, 3);
	eh_counts_sort_key(&prev);
	CHECK(prev.v[0].key == 0 && prev.v[1].key == 7 && prev.v[2].key == 1000);

	eh_counts_add(&cur, 0, NULL, 15);	/* +5 */
	eh_counts_add(&cur, 7, NULL, 3);	/* +0: left out */
	eh_counts_add(&cur, 65534, NULL, 50);	/* new: +50 */
	eh_counts_add(&cur, 1000, NULL, 2);	/* re-created: counts from 0 */
	eh_counts_sort_key(&cur);
	CHECK(eh_counts_delta(&cur, &prev, &diff) == 0);
	CHECK(diff.n == 3);
	CHECK(diff.v[0].key == 0 && diff.v[0].value == 5);
	CHECK(diff.v[1].key == 1000 && diff.v[1].value == 2);
	CHECK(diff.v[2].key == 65534 && diff.v[2].value == 50);
	CHECK(eh_counts_total(&diff) == 57);

	eh_counts_sort_value(&diff);
	CHECK(diff.v[0].key == 65534 && diff.v[2].key == 1000);

	/* comm keys compare by name */
	eh_counts_reset(&cur);
	eh_counts_add(&cur, 0, "zsh", 1);
	eh_counts_add(&cur, 0, "bash", 1);
	eh_counts_add(&cur, 0, "a-very-long-name-cut", 1);
	eh_counts_sort_key(&cur);
	CHECK_STR(cur.v[0].name, "a-very-long-nam");
	CHECK_STR(cur.v[1].name, "bash");
	eh_counts_free(&prev);
	eh_counts_free(&cur);
	eh_counts_free(&diff);
}

static void test_users(void)
{
	char path[] = "/tmp/eh-passwd-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	uint32_t uid;

	fputs("root:x:0:0:root:/root:/bin/bash\n"
	      "# comment line\n"
	      "broken-line\n"
	      "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	      "big:x:4294967294:1::/:/bin/sh\n"
	      "bad:x:notanumber:1::/:/bin/sh\n", f);
	fclose(f);
	eh_users_set_file(path);
	CHECK_STR(eh_user_name(0), "root");
	CHECK_STR(eh_user_name(65534), "nobody");
	CHECK_STR(eh_user_name(4294967294u), "big");
	CHECK(eh_user_name(1) == NULL);
	CHECK(eh_user_uid("nobody", &uid) && uid == 65534);
	CHECK(!eh_user_uid("bad", &uid));
	CHECK(!eh_user_uid("nosuch", &uid));
	eh_users_set_file(NULL);
	unlink(path);
}

int main(void)
{
	test_numbers();
	test_counts();
	test_users();
	return check_done("test_parse");
}
