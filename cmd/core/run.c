// SPDX-License-Identifier: MIT
/* How a subcommand runs, start to exit status; see include/ebpfhello/run.h. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/export.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/run.h>
#include <ebpfhello/version.h>

/* after a stop, what is left to write gets this long before it is cut */
#define FINAL_WRITE_SECS	0.5

/* ---- the meta and summary records ------------------------------------------- */

static void meta(struct eh_run *r)
{
	const struct eh_session *s = r->s;
	struct utsname u;
	int i;

	uname(&u);
	if (eh_opts.verbose || (!out_is_json() && isatty(STDERR_FILENO)))
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
	eh_export_meta();
	if (r->meta)
		r->meta(r);
	out_end();
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

/* ---- the lifecycle ------------------------------------------------------------------ */

static int run(struct eh_run *r, int (*body)(struct eh_run *r))
{
	const char *unknown = eh_disable_unknown();
	int err;

	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	if (eh_export_opts.quiet && out_discard())
		return EH_EXIT_RUNTIME;
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
	if (!err)
		err = eh_export_open(r);
	if (!err && r->before_attach)
		err = r->before_attach(r);
	if (!err)
		err = eh_session_attach(r->s);
	if (!err && r->attached)
		err = r->attached(r);
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
	eh_loop_fini(&r->loop);
	/* an output error is reported once, at exit (output.h) */
	return err || out_error() ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

/* ---- intervals -------------------------------------------------------------------- */

static int show_sample(struct eh_run *r, bool final)
{
	const struct eh_counts *c;
	int err;

	c = eh_sampler_sample(r->sampler, &err);
	if (!c)
		return err;
	r->intervals++;
	r->final_shown = final;
	r->show(r, c, final);
	return 0;
}

static int on_tick(void *ctx)
{
	struct eh_run *r = ctx;
	bool at_end = eh_loop_at_end(&r->loop);
	bool last = at_end || (eh_opts.count && r->intervals + 1 >= eh_opts.count);
	int err = show_sample(r, last);

	if (!err)
		err = eh_export_write(r);
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
	err = eh_export_start(r, false);
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
	err = eh_export_write(r);
	if (!err && can_write(r))
		summary(r);
	return err;
}

int eh_run_intervals(struct eh_run *r)
{
	return run(r, intervals);
}

/* ---- streams ------------------------------------------------------------------------- */

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
		err = eh_export_start(r, true);
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
		err = eh_export_write(r);
	if (!err && can_write(r))
		summary(r);
out:
	eh_stream_close(&r->stream);
	return err;
}

int eh_run_stream(struct eh_run *r)
{
	return run(r, stream);
}
