// SPDX-License-Identifier: MIT
/* Log2 histogram buckets: every value falls in the bucket whose range holds it. */
#include <stdint.h>
#include <stdio.h>

#include <ebpfhello/show/hist.h>
#include <ebpfhello/show/output.h>

#include "check.h"

int main(void)
{
	uint64_t slots[EH_HIST_SLOTS] = { 0 };
	static const uint64_t v[] = { 0, 1, 2, 3, 4, 1023, 1024, 1000000, 1048576, 2097151,
				      2097152, UINT64_MAX };
	char buf[4096];
	FILE *f;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int s = eh_hist_slot(v[i]);

		CHECK(s >= 0 && s < EH_HIST_SLOTS);
		CHECK(eh_hist_lo(s) <= v[i] && v[i] <= eh_hist_hi(s));
	}
	CHECK(eh_hist_slot(1048576) == 20 && eh_hist_hi(20) == 2097151);
	/* consecutive buckets leave no gap */
	for (i = 1; i < EH_HIST_SLOTS; i++)
		CHECK(eh_hist_lo((int)i) == eh_hist_hi((int)i - 1) + 1);

	slots[20] = 1000;
	slots[22] = 10;
	f = fmemopen(buf, sizeof(buf), "w");
	out_init(f, true, false);
	out_begin("x");
	eh_hist_json("histogram", slots, "from_ns", "to_ns");
	out_end();
	fclose(f);
	CHECK(strstr(buf, "\"histogram\":[{\"from_ns\":1048576,\"to_ns\":2097151,\"count\":1000},"
		      "{\"from_ns\":4194304,\"to_ns\":8388607,\"count\":10}]") != NULL);
	f = fmemopen(buf, sizeof(buf), "w");
	out_init(f, false, false);
	out_begin("x");
	eh_hist_text(slots, "ns");
	out_end();
	fclose(f);
	/* three rows, the empty bucket between included; bars scaled to 40 */
	CHECK(strstr(buf, "2097151                    1000  |****************************************|") != NULL);
	CHECK(strstr(buf, "4194303                       0  |                                        |") != NULL);
	CHECK(strstr(buf, "8388607                      10  |*                                       |") != NULL);
	return check_done("test_hist");
}
