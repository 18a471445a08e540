// SPDX-License-Identifier: MIT
/* trace_pipe line parser: both kernel formats, odd task names, garbage. */
#include <ebpfhello/host/traceline.h>

#include "check.h"

static struct eh_trace_line t;

static bool parse(const char *line)
{
	memset(&t, 0, sizeof(t));
	return eh_trace_line_parse(line, strlen(line), &t);
}

static bool field(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

int main(void)
{
	/* newer kernels: 5-character flags, bpf_trace_printk event */
	CHECK(parse("            sshd-48936   [000] d...1 403756.493674: bpf_trace_printk: Hello, World!"));
	CHECK(field(t.task, t.task_len, "sshd"));
	CHECK(t.pid == 48936 && t.tgid == -1 && t.cpu == 0);
	CHECK(field(t.flags, t.flags_len, "d...1"));
	CHECK(field(t.ts, t.ts_len, "403756.493674"));
	CHECK(field(t.event, t.event_len, "bpf_trace_printk"));
	CHECK(field(t.msg, t.msg_len, "Hello, World!"));

	/* older kernels: 4-character flags and an "0: " ip column */
	CHECK(parse("           <...>-1234  [003] .... 90432.904952: 0: bpf_trace_printk: Hello World!"));
	CHECK(field(t.task, t.task_len, "<...>"));
	CHECK(t.pid == 1234 && t.cpu == 3);
	CHECK(field(t.flags, t.flags_len, "...."));
	CHECK(field(t.ts, t.ts_len, "90432.904952"));
	CHECK(field(t.msg, t.msg_len, "Hello World!"));

	/* trace_printk() style: "0x...: " ip column, no event name */
	CHECK(parse("   bash-9 [001] .... 12.000001: 0xffffffffc0123456: raw text"));
	CHECK(field(t.event, t.event_len, "") && field(t.msg, t.msg_len, "raw text"));

	/* with the tgid column (options/record-tgid) */
	CHECK(parse("            bash-75709   (  75709) [001] d..2. 403757.806359: bpf_trace_printk: Hi"));
	CHECK(t.pid == 75709 && t.tgid == 75709 && t.cpu == 1);
	CHECK(parse("     kworker/0:1-12 (-------) [000] .... 1.5: bpf_trace_printk: x"));
	CHECK(t.tgid == -1 && field(t.task, t.task_len, "kworker/0:1"));

	/* without the flags column (options/irq-info off) */
	CHECK(parse("  cat-77 [002] 8.123456: bpf_trace_printk: no flags"));
	CHECK(field(t.flags, t.flags_len, "") && field(t.msg, t.msg_len, "no flags"));

	/* task names holding dashes, digits, spaces and a fake "-1 [000] " */
	CHECK(parse("   my-app-2-3-4567  [001] .... 1.000001: bpf_trace_printk: m"));
	CHECK(field(t.task, t.task_len, "my-app-2-3") && t.pid == 4567);
	CHECK(parse(" a-1 [000] x-99 [001] .... 2.000002: bpf_trace_printk: tricky"));
	CHECK(field(t.task, t.task_len, "a-1 [000] x") && t.pid == 99 && t.cpu == 1);
	CHECK(field(t.msg, t.msg_len, "tricky"));
	/* a lookalike inside the message does not win */
	CHECK(parse("  sh-5 [000] .... 3.000003: bpf_trace_printk: x-6 [001] .... 4.0: y"));
	CHECK(field(t.task, t.task_len, "sh") && t.pid == 5);
	CHECK(field(t.msg, t.msg_len, "x-6 [001] .... 4.0: y"));

	/* messages that look like events, or are empty */
	CHECK(parse("  sh-5 [000] .... 3.000003: bpf_trace_printk: a: b"));
	CHECK(field(t.msg, t.msg_len, "a: b"));
	CHECK(parse("  sh-5 [000] .... 3.000003: bpf_trace_printk: "));
	CHECK(t.msg_len == 0);

	/* garbage */
	CHECK(!parse(""));
	CHECK(!parse("hello world"));
	CHECK(!parse("# tracer: nop"));
	CHECK(!parse("  sh-5 [000] .... notatime: bpf_trace_printk: x"));
	CHECK(!parse("  sh-5 [000 .... 1.0: x"));
	CHECK(!parse("  sh-x [000] .... 1.0: x"));
	/* an empty or all-space name: the kernel pads it to 16 columns */
	CHECK(parse("                -4242   [001] d..31 1793.630995: bpf_trace_printk: eh1: x"));
	CHECK(t.task_len == 0 && t.pid == 4242 && t.cpu == 1);
	CHECK(field(t.msg, t.msg_len, "eh1: x"));
	CHECK(parse("-5 [000] .... 1.0: x"));
	CHECK(t.task_len == 0 && t.pid == 5);
	/* a name holding a lookalike, at the kernel's fixed column */
	CHECK(parse("  evil-1 [000] x-77      [002] .... 5.000005: bpf_trace_printk: y"));
	CHECK(t.pid == 77 && t.cpu == 2 && field(t.task, t.task_len, "evil-1 [000] x"));
	CHECK(!parse("  sh-5 [000] .... 1.0:"));
	CHECK(!parse("  sixteen-chars-xx-5 [000] .... 1.0: x"));
	return check_done("test_traceline");
}
