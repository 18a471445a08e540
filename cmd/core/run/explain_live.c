// SPDX-License-Identifier: MIT
/* --explain's reports while a command runs; see
 * include/ebpfhello/run/explain_live.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/load/inspect.h>
#include <ebpfhello/run/evbuf.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/run/explain_live.h>
#include <ebpfhello/run/loop.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

static bool measured;

void eh_explain_measure(struct eh_explain *x)
{
	struct eh_explain_map *m;
	int i;

	if (!x)
		return;
	for (i = 0; i < x->nr_maps; i++) {
		m = &x->maps[i];
		/* a prog array's or map of maps' slots do not change while it runs */
		m->has_entries = m->used && eh_map_countable(m->f.type_nr) &&
				 m->f.type_nr != BPF_MAP_TYPE_PROG_ARRAY &&
				 m->f.type_nr != BPF_MAP_TYPE_ARRAY_OF_MAPS;
		/* a count that failed stays negative: said as such, not as 0 */
		if (m->has_entries)
			m->entries = eh_map_entries(m->fd, m->f.type_nr, m->f.key_size,
						    m->f.max_entries);
	}
	measured = true;
}

static void label_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "  %-18s ", name);
}

/* a tail-call target: the command's own count, if it keeps one */
static void own_runs(struct eh_explain *x, struct eh_explain_prog *p)
{
	char label[48], text[160];
	uint64_t runs;

	label_of(label, sizeof(label), p->name);
	if (!x->own_runs || x->own_runs(p->name, &runs)) {
		out_json_str("counted_by", "none");
		eh_explain_folded(NULL, label, "runs not counted: the kernel does not count "
				  "a tail-call target, and nothing else counts this one alone");
		return;
	}
	out_json_str("counted_by", "command");
	out_json_u64("runs", runs - p->cnt);
	out_json_u64("runs_total", runs);
	snprintf(text, sizeof(text), "+%llu runs (%llu in all), by the command's own count",
		 (unsigned long long)(runs - p->cnt), (unsigned long long)runs);
	eh_explain_folded(NULL, label, text);
	p->cnt = runs;
}

static void kernel_runs(struct eh_explain *x, struct eh_explain_prog *p, double dt)
{
	char label[48], text[160], each[32];
	uint64_t cnt, ns, runs, run_ns;
	int err;

	label_of(label, sizeof(label), p->name);
	err = x->stats_fd < 0 ? x->stats_fd : eh_prog_runs(p->fd, &cnt, &ns);
	if (err) {
		out_json_str("counted_by", "none");
		snprintf(text, sizeof(text), "runs not counted: %s", strerror(-err));
		eh_explain_folded(NULL, label, text);
		return;
	}
	runs = cnt - p->cnt;
	run_ns = ns - p->ns;
	out_json_str("counted_by", "kernel");
	out_json_u64("runs", runs);
	out_json_u64("run_ns", run_ns);
	if (runs)
		out_json_f64("ns_per_run", (double)run_ns / (double)runs);
	out_json_f64("cpu_share", dt > 0 ? (double)run_ns / (dt * 1e9) : 0);
	out_json_u64("runs_total", cnt);
	out_json_u64("run_ns_total", ns);
	if (runs)
		snprintf(each, sizeof(each), "%.0f ns a run", (double)run_ns / (double)runs);
	else
		snprintf(each, sizeof(each), "no run");
	snprintf(text, sizeof(text), "+%llu runs (%llu in all), %s, %.4f%% of a CPU",
		 (unsigned long long)runs, (unsigned long long)cnt, each,
		 dt > 0 ? 100.0 * (double)run_ns / (dt * 1e9) : 0.0);
	eh_explain_folded(NULL, label, text);
	p->cnt = cnt;
	p->ns = ns;
}

static void maps_now(struct eh_explain *x)
{
	char label[48], text[96];
	int i;

	out_open_array("maps");
	for (i = 0; i < x->nr_maps; i++) {
		const struct eh_explain_map *m = &x->maps[i];

		if (!m->has_entries)
			continue;
		out_open_object(NULL);
		out_json_str("name", m->name);
		out_json_u64("id", m->f.id);
		if (m->entries >= 0)
			out_json_u64("entries", (uint64_t)m->entries);
		else
			out_json_str("entries_error", strerror((int)-m->entries));
		out_json_u64("max_entries", m->f.max_entries);
		out_close();
		label_of(label, sizeof(label), m->name);
		if (m->entries >= 0)
			snprintf(text, sizeof(text), "%lld of %u entries", (long long)m->entries,
				 m->f.max_entries);
		else
			snprintf(text, sizeof(text), "entries unknown (%s) of %u",
				 strerror((int)-m->entries), m->f.max_entries);
		if (!out_is_json())
			eh_explain_folded(NULL, label, text);
	}
	out_close();
}

static void buffer_now(struct eh_explain *x)
{
	char label[48], text[192], waiting[48];
	uint64_t got, lost;
	int64_t w;

	if (x->lines) {
		out_open_object("buffer");
		out_json_u64("lines", *x->lines - x->lines_last);
		out_json_u64("lines_total", *x->lines);
		out_close();
		snprintf(text, sizeof(text), "+%llu lines shown (%llu in all)",
			 (unsigned long long)(*x->lines - x->lines_last),
			 (unsigned long long)*x->lines);
		label_of(label, sizeof(label), "trace_pipe");
		if (!out_is_json())
			eh_explain_folded(NULL, label, text);
		x->lines_last = *x->lines;
		return;
	}
	if (!x->buf)
		return;
	got = eh_evbuf_delivered(x->buf);
	lost = *x->lost;
	w = eh_evbuf_waiting(x->buf);
	out_open_object("buffer");
	if (w >= 0)
		out_json_u64("bytes_waiting", (uint64_t)w);
	out_json_u64("records", got - x->delivered_last);
	out_json_u64("records_total", got);
	out_json_u64("lost", lost - x->lost_last);
	out_json_u64("lost_total", lost);
	out_close();
	if (w >= 0)
		snprintf(waiting, sizeof(waiting), "%lld B waiting", (long long)w);
	else
		snprintf(waiting, sizeof(waiting), "bytes waiting unknown (%s)", strerror((int)-w));
	snprintf(text, sizeof(text), "%s; +%llu records (%llu in all), +%llu lost (%llu in all)",
		 waiting, (unsigned long long)(got - x->delivered_last), (unsigned long long)got,
		 (unsigned long long)(lost - x->lost_last), (unsigned long long)lost);
	label_of(label, sizeof(label), bpf_map__name(x->buffer_map));
	if (!out_is_json())
		eh_explain_folded(NULL, label, text);
	x->delivered_last = got;
	x->lost_last = lost;
}

void eh_explain_report(struct eh_explain *x, bool final)
{
	double now = eh_now(), dt;
	int i;

	if (!x)
		return;
	dt = now - x->last;
	if (!measured)
		eh_explain_measure(x);
	x->reports++;
	eh_explain_begin(x, "explain_stats");
	out_json_u64("seq", x->reports);
	out_json_f64("elapsed", now - x->started);
	out_json_f64("period", dt);
	out_json_bool("final", final);
	eh_explain_line();
	out_text("explain, %.2f s in%s: over the last %.2f s", now - x->started,
		 final ? " (the end)" : "", dt);
	out_open_array("programs");
	for (i = 0; i < x->nr_progs; i++) {
		struct eh_explain_prog *p = &x->progs[i];

		out_open_object(NULL);
		out_json_str("name", p->name);
		out_json_u64("id", p->f.id);
		if (p->tail_target && !p->attached)
			own_runs(x, p);
		else
			kernel_runs(x, p, dt);
		out_close();
	}
	out_close();
	maps_now(x);
	buffer_now(x);
	eh_explain_end(x);
	x->last = now;
	measured = false;
}

int eh_explain_tick(void *ctx)
{
	eh_explain_report(ctx, false);
	return 0;
}

int eh_explain_stream(struct eh_explain *x, struct eh_loop *loop, struct bpf_map *map,
		      struct eh_evbuf *buf, const __u64 *lost)
{
	int err;

	if (!x)
		return 0;
	x->buffer_map = map;
	x->buf = buf;
	x->lost = lost;
	err = eh_loop_add_timer(loop, EH_EXPLAIN_SECS, eh_explain_tick, x);
	if (err)
		eh_error("--explain: cannot start its timer: %s", strerror(-err));
	return err;
}
