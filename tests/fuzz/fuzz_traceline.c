// SPDX-License-Identifier: MIT
/*
 * The trace_pipe line parser (cmd/core/host/traceline.c), two ways:
 *
 * any line: the parse stays inside the line, its fields come in order
 *   (task, then the timestamp, then the event and message, which end the
 *   line) and the timestamp is digits '.' digits;
 * a line as the kernel writes it ("%16s-%-7d [%03d] flags ts: event: msg",
 *   with or without the tgid column and the flags), made from a fuzzed
 *   task name (any 0 to 15 bytes but newline and NUL: empty, all spaces,
 *   "-1 [000] " inside...), pid, cpu and message: the parse must succeed and
 *   give them back exactly (issue 16, item 6: no name may hide a line).
 */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/traceline.h>

#include "fuzz.h"

static bool inside(const char *p, size_t n, const char *line, size_t len)
{
	return p >= line && n <= len && p <= line + len - n;
}

static void any_line(const char *line, size_t len)
{
	struct eh_trace_line t;
	size_t i;

	if (!eh_trace_line_parse(line, len, &t))
		return;
	FUZZ_CHECK(inside(t.task, t.task_len, line, len));
	FUZZ_CHECK(inside(t.ts, t.ts_len, line, len));
	FUZZ_CHECK(inside(t.msg, t.msg_len, line, len));
	FUZZ_CHECK(t.flags_len == 0 || inside(t.flags, t.flags_len, line, len));
	FUZZ_CHECK(t.event_len == 0 || inside(t.event, t.event_len, line, len));
	FUZZ_CHECK(t.task + t.task_len < t.ts && t.ts + t.ts_len <= t.msg);
	FUZZ_CHECK(t.msg + t.msg_len == line + len);
	FUZZ_CHECK(t.task_len <= 16 && t.pid >= 0);
	FUZZ_CHECK(t.ts_len >= 3 && memchr(t.ts, '.', t.ts_len));
	for (i = 0; i < t.ts_len; i++)
		FUZZ_CHECK((t.ts[i] >= '0' && t.ts[i] <= '9') || t.ts[i] == '.');
}

struct reader {
	const uint8_t *p;
	size_t n;
};

static unsigned int take(struct reader *r)
{
	unsigned int v = 0;

	if (r->n) {
		v = *r->p++;
		r->n--;
	}
	return v;
}

static void kernel_line(struct reader *r)
{
	static const char *const flags[] = { "d..2.", "....", "...1", "dNh1." };
	char comm[16], msg[512], line[1024];
	unsigned int mode = take(r), comm_len = take(r) % 16, i;
	unsigned int pid = take(r) << 16 | take(r) << 8 | take(r), cpu = take(r);
	size_t msg_len, n = 0, pad;
	struct eh_trace_line t;
	const char *task;

	for (i = 0; i < comm_len; i++) {
		comm[i] = (char)take(r);
		if (comm[i] == '\n' || comm[i] == '\0')
			comm[i] = '-';
	}
	msg_len = r->n < sizeof(msg) ? r->n : sizeof(msg);
	memcpy(msg, r->p, msg_len);
	for (i = 0; i < msg_len; i++)
		if (msg[i] == '\n')
			msg[i] = ' ';
	/* "%16s": the name right-aligned in 16 columns */
	for (pad = 16 - comm_len; n < pad; n++)
		line[n] = ' ';
	memcpy(line + n, comm, comm_len);
	n += comm_len;
	n += (size_t)snprintf(line + n, sizeof(line) - n, "-%-7u ", pid);
	if (mode & 1)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "(%7u) ", pid);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "[%03u] ", cpu);
	if (mode & 2)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s ", flags[mode >> 2 & 3]);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "%5u.%06u: bpf_trace_printk: ",
			      pid % 100000, cpu * 1000);
	memcpy(line + n, msg, msg_len);
	n += msg_len;

	any_line(line, n);
	FUZZ_CHECK(eh_trace_line_parse(line, n, &t));
	FUZZ_CHECK(t.pid == (long)pid && t.cpu == (int)cpu);
	FUZZ_CHECK(t.tgid == ((mode & 1) ? (long)pid : -1));
	FUZZ_CHECK(t.event_len == 16 && !memcmp(t.event, "bpf_trace_printk", 16));
	FUZZ_CHECK(t.msg_len == msg_len && !memcmp(t.msg, msg, msg_len));
	/* the name as the kernel padded it: leading spaces are the padding's */
	task = comm;
	while (task < comm + comm_len && *task == ' ')
		task++;
	FUZZ_CHECK(t.task_len == (size_t)(comm + comm_len - task) &&
		   !memcmp(t.task, task, t.task_len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data + 1, size ? size - 1 : 0 };

	if (size < 1)
		return 0;
	if (data[0] & 1)
		kernel_line(&r);
	else
		any_line((const char *)data + 1, size - 1);
	return 0;
}
