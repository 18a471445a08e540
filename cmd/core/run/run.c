// SPDX-License-Identifier: MIT
/* How a subcommand runs, start to exit status; see include/ebpfhello/run/run.h. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/base/version.h>
#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/host/privs.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/run/explain_live.h>
#include <ebpfhello/run/explain_start.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/run/signals.h>
#include <ebpfhello/run/xlated.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/metrics.h>
#include <ebpfhello/show/outfile.h>
#include <ebpfhello/show/output.h>

/* after a stop, what is left to write gets this long before it is cut */
#define FINAL_WRITE_SECS	0.5

/* ---- the meta and summary records ------------------------------------------- */

static void meta(struct eh_run *r)
{
	const struct eh_session *s = r->s;
	struct utsname u;
	int i;

	uname(&u);
	if (eh_verbosity() || (!out_is_json() && isatty(STDERR_FILENO)))
		fprintf(stderr, "%s: attached via %s, %s; Ctrl-C to stop\n", eh_prog_name(),
			eh_mode_name(s->chosen), s->point);
	out_begin("meta");
	out_json_u64("schema", EH_SCHEMA_VERSION);
	out_json_str("tool", "ebpfhello");
	out_json_str("version", EH_VERSION);
	out_json_str("command", eh_opts.cmd ? eh_opts.cmd->name : "");
	out_json_u64("pid", (uint64_t)getpid());
	out_json_str("kernel", u.release);
	out_json_str("arch", u.machine);
	out_json_str("attach", eh_mode_name(s->chosen));
	out_json_str("attach_point", s->point);
	out_json_f64("attach_duration", s->attach_seconds);
	if (r->say_counts)
		out_json_str("counts", eh_session_counts(s));
	out_open_array("fallbacks");
	for (i = 0; i < s->nr_tried; i++) {
		out_open_object(NULL);
		out_json_str("attach", eh_mode_name(s->tried[i].mode));
		out_json_str("reason", s->tried[i].why);
		out_close();
	}
	out_close();
	if (r->stream.buf) {
		out_json_str("buffer", eh_evbuf_kind(r->stream.buf));
		out_json_u64("buffer_kb", eh_opts.buffer_kb ? eh_opts.buffer_kb : EH_EVBUF_DEFAULT_KB);
	}
	if (eh_opts.has_cgroup) {
		out_json_str("cgroup_filter", eh_opts.cgroup);
		out_json_u64("cgroup_filter_id", eh_opts.cgroup_id);
		if (eh_opts.unit)
			out_json_str("unit_filter", eh_opts.unit);
		if (eh_opts.container[0])
			out_json_str("container_filter", eh_opts.container);
	}
	eh_export_meta();
	if (out_file_active()) {
		out_json_str("output", out_file_path());
		if (eh_output_file_opts.rotate_size) {
			out_json_u64("rotate_size", eh_output_file_opts.rotate_size);
			out_json_u64("rotate_keep", eh_output_file_opts.rotate_keep);
		}
	}
	if (r->meta)
		r->meta(r);
	out_end();
	eh_explain_start(r->explain);
	if (r->header)
		r->header(r);
	out_flush();
}

void eh_summary_count(const char *key, uint64_t n, const char *one, const char *many)
{
	out_json_u64(key, n);
	out_text(" %llu %s,", (unsigned long long)n, n == 1 ? one : many);
}

/* the summary every run ends with; a note on stderr in text mode */
static void summary(struct eh_run *r)
{
	out_begin_note("summary");
	out_text("%s:", eh_prog_name());
	if (r->say_counts)
		out_json_str("counts", eh_session_counts(r->s));
	if (r->summary)
		r->summary(r);
	eh_export_summary();
	if (out_file_active())
		out_json_u64("unwritten", out_file_unwritten());
	out_f64("duration", " %.2f s,", eh_now() - r->loop.started);
	out_str("stopped_by", " stopped by %s", eh_stop_name(&r->loop));
	out_end();
	out_flush();
}

/* whether anything more may be written after the loop stopped */
static bool can_write(const struct eh_run *r)
{
	return r->loop.stop != EH_STOP_EPIPE && r->loop.stop != EH_STOP_OUTPUT;
}

/* every exposition: which ebpfhello runs how, a stream's records, the command's own */
static int exposition(void *ctx, struct eh_prom *p)
{
	static struct utsname u;
	struct eh_run *r = ctx;
	struct eh_label info[] = {
		{ "version", EH_VERSION },
		{ "command", eh_opts.cmd ? eh_opts.cmd->name : "" },
		{ "attach", eh_mode_name(r->s->chosen) },
		{ "kernel", u.release },
	};

	if (!u.release[0])
		uname(&u);
	eh_prom_family(p, "ebpfhello_info", "gauge",
		       "Always 1: which ebpfhello runs, what command, attached how, on what kernel.");
	eh_prom_sample(p, "ebpfhello_info", info, sizeof(info) / sizeof(info[0]), 1);
	if (r->buffer && r->lost) {
		eh_prom_single(p, "ebpfhello_events_total", "counter",
			       "Records the kernel handed to ebpfhello through its event buffer.",
			       r->records);
		eh_prom_single(p, "ebpfhello_events_lost_total", "counter",
			       "Records the kernel could not queue: the event buffer was full.",
			       *r->lost);
	}
	return r->metrics ? r->metrics(r, p) : 0;
}

/* a textfile write failed: its line is out, the loop's stop need not say more */
static void export_failed(void *ctx)
{
	struct eh_run *r = ctx;

	r->error_said = true;
}

/* ---- the lifecycle ------------------------------------------------------------------ */

/* what the user asked of the session besides its syscalls and mode: the
 * filters, and the command whose object says which modes it offers */
static void session_asks(struct eh_session *s)
{
	struct eh_task_filter *f = &s->filter;

	f->has_pid = eh_opts.has_pid;
	f->pid = eh_opts.pid;
	f->has_uid = eh_opts.has_uid;
	f->uid = eh_opts.uid;
	f->has_comm = eh_opts.has_comm;
	memcpy(f->comm, eh_opts.comm, sizeof(f->comm));
	f->has_cgroup = eh_opts.has_cgroup;
	f->cgroup_fd = eh_opts.cgroup_fd;
	if (!s->elf && eh_opts.cmd)
		s->elf = eh_opts.cmd->elf;
}

static int run(struct eh_run *r, int (*body)(struct eh_run *r))
{
	const char *unknown = eh_disable_unknown();
	int err;

	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	if (eh_output_file_opts.path) {
		/* --output: NDJSON to the file, nothing to stdout (a closed one is
		 * no error); SIGHUP reopens the file (logrotate), not a stop */
		if (out_file_open(eh_output_file_opts.path, eh_output_file_opts.rotate_size,
				  eh_output_file_opts.rotate_keep))
			return EH_EXIT_RUNTIME;
		out_init(out_file_stream(), true, eh_opts.iso_time);
		out_clear_error();
		eh_signals_hup_reopens();
	} else if (eh_export_opts.quiet && out_discard()) {
		return EH_EXIT_RUNTIME;
	}
	eh_libbpf_log_setup();
	if (unknown)
		eh_warn("EBPFHELLO_DISABLE names '%s', which is no feature of 'ebpfhello features'",
			eh_quote(unknown, 0));
	err = eh_loop_init(&r->loop);
	if (err) {
		eh_error("cannot set up the event loop: %s", strerror(-err));
		goto out;
	}
	err = eh_check_privileges();
	if (!err && eh_opts.explain)	/* before attaching (explain.h) */
		err = eh_explain_new(&r->explain);
	if (!err)
		err = eh_export_open(&(struct eh_export_source){ exposition, export_failed, r });
	if (!err && r->before_attach)
		err = r->before_attach(r);
	if (!err) {
		session_asks(r->s);
		err = eh_session_attach(r->s);
	}
	if (!err && r->attached)
		err = r->attached(r);
	if (!err && eh_xlated_asked()) {
		err = eh_xlated_print(r->s);
		goto out;
	}
	if (!err && r->explain)
		err = eh_explain_collect(r->explain, r->s, eh_opts.cmd ? eh_opts.cmd->book : NULL,
					 r->own_runs, r->on_readable ? &r->records : NULL);
	if (!err) {
		r->realtime_offset_ns = eh_realtime_offset_ns();
		err = body(r);
	}
	if (r->loop.stop == EH_STOP_ERROR) {
		if (!r->error_said)
			eh_error("stopped: %s", strerror(r->loop.error));
		err = -r->loop.error;
	}
out:
	eh_export_close();
	eh_session_close(r->s);
	eh_explain_free(r->explain);
	r->explain = NULL;
	eh_loop_fini(&r->loop);
	/* --output: what could not be written is said now; stdout's output
	 * error once, at exit (output.h) */
	if (out_file_close())
		err = -EIO;
	return err || out_error() ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

/* ---- intervals -------------------------------------------------------------------- */

static int show_sample(struct eh_run *r, bool final)
{
	const struct eh_counts *c;
	int err;

	/* the maps' entries as the interval left them, before they are read */
	eh_explain_measure(r->explain);
	c = eh_sampler_sample(r->sampler, &err);
	if (!c)
		return err;
	r->intervals++;
	r->final_shown = final;
	r->show(r, c, final);
	eh_explain_report(r->explain, final);
	return 0;
}

static int on_tick(void *ctx)
{
	struct eh_run *r = ctx;
	bool at_end = eh_loop_at_end(&r->loop);
	bool last = at_end || (eh_opts.count && r->intervals + 1 >= eh_opts.count);
	int err = show_sample(r, last);

	if (!err)
		err = eh_export_write();
	if (err)
		return err;
	if (at_end)
		return EH_STOP_DURATION;
	return last ? EH_STOP_COUNT : 0;
}

static int intervals(struct eh_run *r)
{
	int err;

	err = eh_loop_every(&r->loop, eh_opts.interval, on_tick, r);
	if (err) {
		eh_error("cannot start the interval timer: %s", strerror(-err));
		return err;
	}
	err = eh_export_start(&r->loop, false);
	if (err)
		return err;
	meta(r);
	eh_loop_run(&r->loop, eh_opts.duration);
	eh_loop_deadline(&r->loop, FINAL_WRITE_SECS);
	if (r->loop.stop == EH_STOP_ERROR)
		return 0;
	/* what was counted since the last tick, unless the last tick was final */
	if (can_write(r) && !r->final_shown) {
		err = show_sample(r, true);
		if (err)
			return err;
	}
	/* the textfile's last state, also when stdout went away */
	err = eh_export_write();
	if (!err && can_write(r))
		summary(r);
	return err;
}

int eh_run_intervals(struct eh_run *r)
{
	return run(r, intervals);
}

int eh_run_shown(struct eh_run *r)
{
	r->records++;
	return eh_opts.count && r->records >= eh_opts.count ? EH_STOP_COUNT : 0;
}

static int on_buffer_record(void *ctx, const void *data, size_t size)
{
	struct eh_run *r = ctx;
	int rc = r->on_record(r, data, size);

	if (rc < 0)
		return rc;
	return rc == EH_RUN_SHOWN ? eh_run_shown(r) : 0;
}

static int on_fd(void *ctx)
{
	struct eh_run *r = ctx;

	return r->on_readable(r);
}

/* what the fd (trace_pipe) holds when a signal or --duration ends the run
 * is still shown, as a buffer's records are; bounded by the final-write
 * deadline */
static void drain_fd(struct eh_run *r)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	int reads;

	if (r->loop.stop != EH_STOP_SIGNAL && r->loop.stop != EH_STOP_DURATION)
		return;
	for (reads = 0; reads < 4096 && can_write(r); reads++) {
		if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
			return;
		if (r->on_readable(r))
			return;
	}
}

static int stream(struct eh_run *r)
{
	int err = 0;

	if (r->buffer)
		err = eh_stream_start(&r->stream, &r->loop, r->buffer, r->lost,
				      on_buffer_record, r);
	if (!err && r->on_readable) {
		err = eh_loop_add_fd(&r->loop, r->fd, on_fd, r);
		if (err)
			eh_error("cannot poll: %s", strerror(-err));
	}
	if (!err)
		err = eh_export_start(&r->loop, true);
	if (!err)
		err = eh_explain_stream(r->explain, &r->loop, r->buffer, r->stream.buf, r->lost);
	if (err)
		goto out;
	meta(r);
	eh_loop_run(&r->loop, eh_opts.duration);
	eh_loop_deadline(&r->loop, FINAL_WRITE_SECS);
	if (can_write(r) && r->buffer)
		eh_stream_drain(&r->stream, &r->loop);
	if (can_write(r) && r->on_readable)
		drain_fd(r);
	if (r->loop.stop != EH_STOP_ERROR)
		err = eh_export_write();
	if (!err && can_write(r)) {
		eh_explain_report(r->explain, true);
		summary(r);
	}
out:
	eh_stream_close(&r->stream);
	return err;
}

int eh_run_stream(struct eh_run *r)
{
	return run(r, stream);
}
