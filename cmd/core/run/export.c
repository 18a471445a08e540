// SPDX-License-Identifier: MIT
/* Prometheus export of a run; see include/ebpfhello/run/export.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ebpfhello/base/cidr.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/httpd.h>
#include <ebpfhello/run/loop.h>
#include <ebpfhello/run/textfile.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/metrics.h>
#include <ebpfhello/show/output.h>

struct eh_export_opts eh_export_opts;

static struct {
	struct eh_httpd *httpd;
	struct eh_export_source src;
	struct eh_prom prom;		/* the last exposition made */
	struct eh_cidr_list allow;	/* --listen-allow */
} X;

/* ---- options ---------------------------------------------------------------------- */

enum { OPT_LISTEN = 0x400, OPT_TEXTFILE, OPT_MAX_SERIES, OPT_ALLOW, OPT_QUIET = 'q' };

/* the streams' options: the counting commands add --max-series */
#define EXPORT_OPTIONS											\
	{ NULL, 0, NULL, 0, "Prometheus (docs/prometheus.md):", 46 },					\
	{ "listen", OPT_LISTEN, "[ADDR:]PORT", 0,							\
	  "serve GET /metrics on this address (default 127.0.0.1; IPv6 as [::1]:PORT)", 0 },		\
	{ "listen-allow", OPT_ALLOW, "CIDR,...", 0,							\
	  "only these peers may connect to --listen (addresses or ranges, IPv4 or IPv6, e.g. "	\
	  "10.0.0.5,192.168.0.0/16); others are closed at once (default: anyone)", 0 },		\
	{ "prometheus-textfile", OPT_TEXTFILE, "PATH", 0,						\
	  "rewrite PATH with the metrics every interval (streams: every 2 s), atomically, "	\
	  "for node_exporter's textfile collector (name it *.prom)", 0 },							\
	{ "quiet", OPT_QUIET, NULL, 0,									\
	  "nothing on stdout (a daemon); errors and the summary still go to stderr", 0 }

static const struct argp_option stream_options[] = { EXPORT_OPTIONS, { 0 } };

static const struct argp_option counting_options[] = {
	EXPORT_OPTIONS,
	{ "max-series", OPT_MAX_SERIES, "N", 0,
	  "at most N series per counter (default 1000); other keys are added up in "
	  "one series labelled other", 0 },
	{ 0 }
};

static void parse_textfile(const char *arg)
{
	size_t n = strlen(arg);

	/* room for the temporary name beside it (textfile.h) */
	if (!n || n >= PATH_MAX - EH_TEXTFILE_TMP_EXTRA || arg[n - 1] == '/')
		eh_bad_value("--prometheus-textfile", arg, "the path of a file (e.g. "
			     "/var/lib/prometheus/node-exporter/ebpfhello.prom)");
	eh_export_opts.textfile = arg;
}

/* --listen-allow A,B/N,...: repeatable, the lists add up */
static void parse_allow(const char *arg)
{
	char item[128];
	const char *bad;
	size_t n;

	switch (eh_cidr_parse(arg, &X.allow, &bad, &n)) {
	case EH_CIDR_OK:
		eh_export_opts.allow = &X.allow;
		return;
	case EH_CIDR_TOO_MANY:
		eh_usage_error("--listen-allow: at most %d addresses or ranges", EH_CIDR_MAX);
	default:
		snprintf(item, sizeof(item), "%.*s", (int)(n < sizeof(item) ? n : sizeof(item) - 1),
			 bad);
		eh_bad_value("--listen-allow", item, "IPv4 or IPv6 addresses or ranges with no bits "
			     "set past the prefix, comma-separated (e.g. 10.0.0.5,192.168.0.0/16,fd00::/8)");
	}
}

static void check_combination(void)
{
	bool out = eh_export_opts.listen || eh_export_opts.textfile;

	if (eh_export_opts.quiet && !out)
		eh_usage_error("--quiet needs --listen or --prometheus-textfile: "
			       "it would leave nothing to see");
	if (eh_export_opts.quiet && eh_opts.json)
		eh_usage_error("--quiet and --json do not go together: --quiet leaves stdout empty");
	if (eh_export_opts.allow && !eh_export_opts.listen)
		eh_usage_error("--listen-allow is for --listen");
	if (eh_export_opts.max_series && !out)
		eh_usage_error("--max-series is for --listen or --prometheus-textfile");
	if (!eh_export_opts.max_series)
		eh_export_opts.max_series = EH_MAX_SERIES_DEFAULT;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_LISTEN:
		if (!eh_parse_listen(arg, &eh_export_opts.addr, &eh_export_opts.addr_len))
			eh_bad_value("--listen", arg, "[ADDR:]PORT with a numeric address and a "
				     "port from 1 to 65535, e.g. 9477, 0.0.0.0:9477 or [::1]:9477");
		eh_export_opts.listen = true;
		return 0;
	case OPT_TEXTFILE:
		parse_textfile(arg);
		return 0;
	case OPT_ALLOW:
		parse_allow(arg);
		return 0;
	case OPT_MAX_SERIES:
		eh_export_opts.max_series = eh_arg_u64("--max-series", arg, 1, EH_MAX_SERIES_LIMIT,
							"a number of series");
		return 0;
	case OPT_QUIET:
		eh_export_opts.quiet = true;
		return 0;
	case ARGP_KEY_END:
		check_combination();
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_metrics_argp = { counting_options, parse, NULL, NULL, NULL, NULL, NULL };
const struct argp eh_metrics_stream_argp = { stream_options, parse, NULL, NULL, NULL, NULL, NULL };

/* ---- the exposition --------------------------------------------------------------- */

static int build(void)
{
	int err;

	eh_prom_reset(&X.prom);
	err = X.src.build(X.src.ctx, &X.prom);
	return err ? err : X.prom.err;
}

static int scrape_body(void *ctx, const char **body, size_t *len)
{
	int err = build();

	/* the server's own metrics: only here, never in the textfile, where
	 * node_exporter's own promhttp_metric_handler_requests_total would clash */
	if (!err) {
		eh_httpd_metrics(X.httpd, &X.prom);
		err = X.prom.err;
	}

	*body = X.prom.buf;
	*len = X.prom.len;
	return err;
}

/* ---- the textfile ------------------------------------------------------------------- */

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * A temporary file beside PATH (the same file system, so rename() is
 * atomic; node_exporter reads only *.prom, so never this one; textfile.h
 * names it), readable by the collector's user, on disk before it takes
 * PATH's place.  It is closed after the rename: its lock keeps a sweep
 * off it until then.
 */
static int replace_textfile(const char *path, const char *buf, size_t len)
{
	char tmp[PATH_MAX];
	int fd, err;

	fd = eh_textfile_tmp(path, tmp, sizeof(tmp));
	if (fd < 0)
		return fd;
	err = write_all(fd, buf, len);
	if (!err && (fchmod(fd, 0644) || fsync(fd)))
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

int eh_export_write(void)
{
	int err;

	if (!eh_export_opts.textfile)
		return 0;
	err = build();
	if (err) {
		eh_error("cannot read the counts for --prometheus-textfile: %s", strerror(-err));
	} else {
		err = replace_textfile(eh_export_opts.textfile, X.prom.buf, X.prom.len);
		if (err)
			eh_error("cannot write --prometheus-textfile '%s': %s",
				 eh_quote(eh_export_opts.textfile, 0), strerror(-err));
	}
	if (err && X.src.failed)
		X.src.failed(X.src.ctx);
	return err;
}

/*
 * At start, before anything is loaded: can a file be made beside PATH?
 * Temporary files that killed writers left there go first.
 */
static int check_textfile(const char *path)
{
	char tmp[PATH_MAX];
	struct stat st;
	int fd, err = 0, swept;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		err = -EISDIR;
	} else {
		swept = eh_textfile_sweep(path);
		if (swept)
			fprintf(stderr, "%s: removed %d temporary file%s that writers now gone "
				"left beside %s\n", eh_prog_name(), swept, swept == 1 ? "" : "s",
				eh_quote(path, 0));
		fd = eh_textfile_tmp(path, tmp, sizeof(tmp));
		if (fd < 0) {
			err = fd;
		} else {
			unlink(tmp);
			close(fd);
		}
	}
	if (err)
		eh_error("cannot write --prometheus-textfile '%s': %s (its directory must exist "
			 "and be writable)", eh_quote(path, 0), strerror(-err));
	else if (strlen(path) < 5 || strcmp(path + strlen(path) - 5, ".prom"))
		eh_warn("node_exporter's textfile collector reads only files named *.prom");
	return err;
}

/* ---- the run ----------------------------------------------------------------------- */

int eh_export_open(const struct eh_export_source *src)
{
	char where[INET6_ADDRSTRLEN + 8];
	const char *what;
	int err;

	X.src = *src;
	if (eh_export_opts.textfile) {
		err = check_textfile(eh_export_opts.textfile);
		if (err)
			return err;
	}
	if (!eh_export_opts.listen)
		return 0;
	X.httpd = eh_httpd_open(&eh_export_opts.addr, eh_export_opts.addr_len, eh_export_opts.allow,
				scrape_body, NULL, &what);
	if (!X.httpd) {
		err = -errno;
		eh_sockaddr_text(&eh_export_opts.addr, where, sizeof(where));
		eh_error("cannot listen on %s: %s%s", where, strerror(-err),
			 err == -EADDRNOTAVAIL ? " (not an address of this host)" :
			 err == -EADDRINUSE ? " (another process listens there)" : "");
		return err;
	}
	return 0;
}

static int stream_tick(void *ctx)
{
	return eh_export_write();
}

int eh_export_start(struct eh_loop *loop, bool stream)
{
	int err = 0;

	if (X.httpd) {
		err = eh_httpd_poll(X.httpd, loop);
		if (err) {
			eh_error("cannot serve /metrics: %s", strerror(-err));
			return err;
		}
		if (eh_verbosity() || (!out_is_json() && isatty(STDERR_FILENO)))
			fprintf(stderr, "%s: serving http://%s/metrics\n", eh_prog_name(),
				eh_httpd_address(X.httpd));
	}
	if (stream && eh_export_opts.textfile) {
		err = eh_loop_add_timer(loop, EH_TEXTFILE_STREAM_SECS, stream_tick, NULL);
		if (err) {
			eh_error("cannot start the textfile timer: %s", strerror(-err));
			return err;
		}
	}
	return eh_export_write();
}

void eh_export_meta(void)
{
	if (X.httpd)
		out_json_str("listen", eh_httpd_address(X.httpd));
	if (eh_export_opts.textfile)
		out_json_str("textfile", eh_export_opts.textfile);
}

void eh_export_summary(void)
{
	if (X.httpd)
		out_u64("scrapes", " %llu scrapes,", eh_httpd_served(X.httpd));
}

void eh_export_close(void)
{
	eh_httpd_close(X.httpd);
	X.httpd = NULL;
	eh_prom_free(&X.prom);
}
