// SPDX-License-Identifier: MIT
/* Log2 histograms; see include/ebpfhello/show/hist.h. */
#include <stdio.h>

#include <ebpfhello/show/hist.h>
#include <ebpfhello/show/output.h>

#define BAR 40

uint64_t eh_hist_lo(int i)
{
	return i <= 0 ? 0 : 1ULL << i;
}

uint64_t eh_hist_hi(int i)
{
	return i >= EH_HIST_SLOTS - 1 ? UINT64_MAX : (1ULL << (i + 1)) - 1;
}

int eh_hist_slot(uint64_t v)
{
	int i = 0;

	while (v >>= 1)
		i++;
	return i;
}

void eh_hist_text(const uint64_t slots[EH_HIST_SLOTS], const char *unit)
{
	uint64_t max = 0;
	int i, first = -1, last = -1, bar;
	char from[32], to[32];

	for (i = 0; i < EH_HIST_SLOTS; i++) {
		if (!slots[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	if (first < 0)
		return;
	snprintf(from, sizeof(from), "FROM %s", unit);
	snprintf(to, sizeof(to), "TO %s", unit);
	out_text("  %23s    %-20s %10s  %s\n", from, to, "COUNT", "DISTRIBUTION");
	for (i = first; i <= last; i++) {
		/* a non-empty bucket gets at least one star */
		bar = (int)((slots[i] * BAR + max - 1) / max);
		out_text("  %23llu -> %-20llu %10llu  |%-*.*s|\n",
			 (unsigned long long)eh_hist_lo(i), (unsigned long long)eh_hist_hi(i),
			 (unsigned long long)slots[i], BAR, bar,
			 "****************************************");
	}
}

void eh_hist_json(const char *key, const uint64_t slots[EH_HIST_SLOTS],
		  const char *lo_key, const char *hi_key)
{
	int i;

	out_open_array(key);
	for (i = 0; i < EH_HIST_SLOTS; i++) {
		if (!slots[i])
			continue;
		out_open_object(NULL);
		out_json_u64(lo_key, eh_hist_lo(i));
		out_json_u64(hi_key, eh_hist_hi(i));
		out_json_u64("count", slots[i]);
		out_close();
	}
	out_close();
}
