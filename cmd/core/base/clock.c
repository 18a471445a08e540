// SPDX-License-Identifier: MIT
/* The clocks; see include/ebpfhello/base/clock.h. */
#include <stdio.h>
#include <time.h>

#include <ebpfhello/base/clock.h>

#define NS	1000000000LL

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

double eh_now(void)
{
	return (double)clock_ns(CLOCK_MONOTONIC) / 1e9;
}

int64_t eh_wall_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int64_t eh_realtime_offset_ns(void)
{
	return clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
}

/* "2026-11-22T21:04:05.123456789Z" */
void eh_rfc3339(char *buf, size_t len, int64_t wall_ns)
{
	time_t secs = (time_t)(wall_ns / 1000000000);
	struct tm tm;
	size_t n;

	gmtime_r(&secs, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09lldZ", (long long)(wall_ns % 1000000000));
}
