// SPDX-License-Identifier: MIT
/*
 * The event-record decoders of events and tail (their on_record(), reached
 * through fuzz_cmd.h), fed records as the event buffer hands them over:
 * the whole struct, plus the up to 8 bytes of padding a perf record may
 * carry, the memory no larger than that (an overread is seen).  What a
 * process controls (names, paths, ids) is any bytes; the kernel's clock
 * (ts_ns) stays below 2^62 ns (146 years of uptime), as it does.
 *
 * Each record is decoded in JSON (one valid JSON object, one line) or in
 * text (safe on a terminal: valid UTF-8, no control byte but the final
 * newline, no C1 or bidi control), with either --time format.
 *
 * Records shorter than the struct are never handed over (the programs
 * submit sizeof), so none are made here: tail's on_record() reads its
 * fields before it checks the size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/events.h>
#include <ebpfhello/tail.h>

#include "fuzz.h"
#include "fuzz_cmd.h"

static int64_t realtime_offset_ns;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct timespec wall, mono;

	clock_gettime(CLOCK_REALTIME, &wall);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	realtime_offset_ns = (wall.tv_sec - mono.tv_sec) * 1000000000LL +
			     (wall.tv_nsec - mono.tv_nsec);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool json = data && size && (data[0] & 1), iso = size && (data[0] & 2);
	bool tail = size && (data[0] & 4);
	size_t need = tail ? sizeof(struct eh_tail_event) : sizeof(struct eh_exec_event);
	size_t n, out_len = 0, nl;
	struct eh_run r = { .realtime_offset_ns = realtime_offset_ns };
	uint64_t ts;
	char *out = NULL;
	void *rec;
	FILE *f;

	if (size < 1 + need)
		return 0;
	n = size - 1 > need + 8 ? need + 8 : size - 1;
	rec = malloc(n);
	FUZZ_CHECK(rec);
	memcpy(rec, data + 1, n);
	/* ts_ns is the first field of both */
	memcpy(&ts, rec, sizeof(ts));
	ts &= (1ULL << 62) - 1;
	memcpy(rec, &ts, sizeof(ts));

	f = open_memstream(&out, &out_len);
	FUZZ_CHECK(f);
	out_init(f, json, iso);
	if (tail)
		FUZZ_CHECK(eh_fuzz_record_tail(&r, rec, n) == EH_RUN_SHOWN);
	else
		FUZZ_CHECK(eh_fuzz_record_events(&r, rec, n) == EH_RUN_SHOWN);
	FUZZ_CHECK(fclose(f) == 0);

	/* one line */
	FUZZ_CHECK(out_len > 0 && out[out_len - 1] == '\n');
	nl = (size_t)((char *)memchr(out, '\n', out_len) - out);
	FUZZ_CHECK(nl == out_len - 1);
	if (json)
		FUZZ_CHECK(fuzz_json_value(out, out_len));
	else
		FUZZ_CHECK(fuzz_text_safe(out, out_len, false));
	free(out);
	free(rec);
	return 0;
}
