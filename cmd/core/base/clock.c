// SPDX-License-Identifier: MIT
/* The clocks; see include/ebpfhello/base/clock.h. */
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
