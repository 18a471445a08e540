// SPDX-License-Identifier: MIT
/* The /metrics server (libmicrohttpd, external epoll mode); see include/ebpfhello/run/httpd.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include <ebpfhello/run/httpd.h>
#include <ebpfhello/run/httpd_accept.h>
#include <ebpfhello/run/httpd_conns.h>
#include <ebpfhello/run/httpd_metrics.h>
#include <ebpfhello/run/loop.h>
#include <ebpfhello/show/messages.h>

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

struct eh_httpd {
	struct MHD_Daemon *d;
	int fd;				/* the listening socket (ours: we accept) */
	const struct eh_cidr_list *allow;	/* --listen-allow, or NULL */
	eh_httpd_body_fn body;
	void *ctx;
	char address[INET6_ADDRSTRLEN + 8];
	uint64_t served;		/* 200s of /metrics */
	struct eh_conns conns;
};

void eh_sockaddr_text(const struct sockaddr_storage *sa, char *buf, size_t cap)
{
	char host[INET6_ADDRSTRLEN];

	if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(buf, cap, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(buf, cap, "%s:%u", host, ntohs(in->sin_port));
	}
}

/* ---- answering -------------------------------------------------------------------- */

static void count_code(struct eh_httpd *h, unsigned int code)
{
	if (code >= 100 && code < 100 + EH_HTTPD_CODES)
		h->conns.st.codes[code - 100]++;
}

static enum MHD_Result reply(struct eh_httpd *h, struct MHD_Connection *c, unsigned int status, const char *text,
			     const char *allow)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	count_code(h, status);
	return ret;
}

/* a request that says it has a body (Content-Length above 0, or chunked) */
static bool has_body(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (cl && strcmp(cl, "0")) ||
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result scrape(struct eh_httpd *h, struct MHD_Connection *c)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	const char *body;
	size_t len;
	int err = h->body(h->ctx, &body, &len);

	if (err) {
		eh_verbose(1, "a scrape failed: %s", strerror(-err));
		return reply(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the counts\n", NULL);
	}
	/* a copy per connection: the next scrape may rewrite the buffer while
	 * a slow client still reads this one */
	r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	count_code(h, MHD_HTTP_OK);
	h->served++;
	return ret;
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
		++*(int *)cls;
	return MHD_YES;
}

/*
 * RFC 9112, 3.2: an HTTP/1.1 request without a Host header, or with more
 * than one, is answered 400 (libmicrohttpd lets it through)
 */
static bool bad_host(struct MHD_Connection *c, const char *version)
{
	int hosts = 0;

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &hosts);
	return hosts > 1 || (!hosts && strcmp(version, MHD_HTTP_VERSION_1_0));
}

static struct eh_conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i = MHD_get_connection_info(c,
								    MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return i ? i->socket_context : NULL;
}

/*
 * Called first when the request line and headers are in, before any body.
 * A request refused is answered right then, so no body is ever read or
 * stored (libmicrohttpd closes the connection after such an answer); a
 * scrape is answered at the second call, once the request is complete, so
 * the connection may be kept alive for the next one.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **req)
{
	static char scrape_next;	/* *req: the head was good, answer at the next call */
	struct eh_httpd *h = cls;

	if (*req)
		return scrape(h, c);
	eh_conns_head_done(&h->conns, conn_of(c));
	if (bad_host(c, version))
		return reply(h, c, MHD_HTTP_BAD_REQUEST, "an HTTP/1.1 request needs one Host header\n",
			     NULL);
	if (strcmp(url, "/metrics"))
		return reply(h, c, MHD_HTTP_NOT_FOUND, "not found: ebpfhello serves /metrics\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n", "GET, HEAD");
	if (has_body(c))
		return reply(h, c, MHD_HTTP_CONTENT_TOO_LARGE, "no request body, please\n", NULL);
	*req = &scrape_next;
	return MHD_YES;
}

/* the request is over (answered, or the client went): it may send another */
static void on_completed(void *cls, struct MHD_Connection *c, void **req,
			 enum MHD_RequestTerminationCode toe)
{
	struct eh_httpd *h = cls;

	eh_conns_answered(&h->conns, conn_of(c));
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
			  enum MHD_ConnectionNotificationCode what)
{
	struct eh_httpd *h = cls;
	const union MHD_ConnectionInfo *i;

	if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		eh_conns_closed(&h->conns, *socket_ctx);
		*socket_ctx = NULL;
		return;
	}
	i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	*socket_ctx = i ? eh_conns_started(&h->conns, i->connect_fd) : NULL;
}

/*
 * libmicrohttpd answers a malformed request itself (400, 414, 431, ...),
 * without calling on_request, and says so in one message that carries the
 * status: the only place where that answer can be counted.
 */
#define MHD_ERROR_ANSWER	"Error processing request (HTTP response code is %u"

/* libmicrohttpd's own messages (a bad request, a client gone) are noise
 * in a daemon's log: shown with -vv only */
static void on_log(void *cls, const char *fmt, va_list ap)
{
	struct eh_httpd *h = cls;
	char line[256];
	va_list copy;
	size_t n;

	if (!strncmp(fmt, MHD_ERROR_ANSWER, sizeof(MHD_ERROR_ANSWER) - 1)) {
		va_copy(copy, ap);
		count_code(h, va_arg(copy, unsigned int));
		va_end(copy);
	}
	if (eh_verbosity() < 2)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strcspn(line, "\n");
	line[n] = '\0';
	eh_verbose(2, "http: %s", eh_quote(line, 0));
}

/* ---- the server ------------------------------------------------------------------- */

static int listen_on(const struct sockaddr_storage *sa, socklen_t len, const char **what)
{
	int one = 1, fd = socket(sa->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	*what = "socket";
	if (fd < 0)
		return -errno;
	/* a restart may bind at once, past the last run's TIME_WAIT connections
	 * (a port another socket listens on stays refused: EADDRINUSE) */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	*what = "bind";
	if (bind(fd, (const struct sockaddr *)sa, len))
		goto fail;
	*what = "listen";
	if (listen(fd, EH_HTTPD_BACKLOG))
		goto fail;
	return fd;
fail:
	one = errno;
	close(fd);
	return -one;
}

static bool take(void *ctx, int fd, const struct sockaddr *sa, socklen_t len)
{
	struct eh_httpd *h = ctx;
	struct linger graceful = { 0 };

	/* an answer written must not be cut off by a reset at close */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &graceful, sizeof(graceful));
	/* closes fd itself if it cannot take it */
	return MHD_add_connection(h->d, fd, sa, len) == MHD_YES;
}

static int on_accept(void *ctx)
{
	struct eh_httpd *h = ctx;

	eh_conns_serve(&h->conns, h->fd, h->allow, take, h);
	return 0;
}

static struct MHD_Daemon *start(struct eh_httpd *h)
{
	/* the connections are ours to accept (MHD_add_connection); a limit
	 * above the pool's, which keeps the real one (httpd_conns.h) */
	return MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG,
				0, NULL, NULL, on_request, h,
				MHD_OPTION_EXTERNAL_LOGGER, on_log, h,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
				MHD_OPTION_CONNECTION_LIMIT,
				(unsigned int)(EH_HTTPD_MAX_CONNECTIONS + 2 * EH_HTTPD_ACCEPT_BATCH),
				/* a backstop only: httpd_conns.c's deadlines come first */
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)EH_HTTPD_IDLE_SECS,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)EH_HTTPD_CONN_MEMORY,
				MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,	/* ignored: loop.h */
				MHD_OPTION_END);
}

struct eh_httpd *eh_httpd_open(const struct sockaddr_storage *sa, socklen_t len,
			       const struct eh_cidr_list *allow, eh_httpd_body_fn body, void *ctx,
			       const char **what)
{
	struct eh_httpd *h = calloc(1, sizeof(*h));
	struct sockaddr_storage bound;
	socklen_t blen = sizeof(bound);
	int err;

	*what = "memory";
	if (!h)
		return NULL;
	h->body = body;
	h->ctx = ctx;
	h->allow = allow;
	h->conns.spare_fd = h->conns.ep = -1;
	h->fd = listen_on(sa, len, what);
	if (h->fd < 0) {
		err = -h->fd;
		goto fail;
	}
	if (getsockname(h->fd, (struct sockaddr *)&bound, &blen))
		bound = *sa;
	eh_sockaddr_text(&bound, h->address, sizeof(h->address));
	*what = "open /dev/null";
	err = -eh_conns_init(&h->conns);
	if (!err)
		err = -eh_conns_listen(&h->conns, h->fd);
	if (err)
		goto fail;
	*what = "libmicrohttpd";
	h->d = start(h);
	if (!h->d) {
		err = errno ? errno : EIO;
		goto fail;
	}
	return h;
fail:
	if (h->fd >= 0)
		close(h->fd);
	eh_conns_free(&h->conns);
	free(h);
	errno = err;
	return NULL;
}

const char *eh_httpd_address(const struct eh_httpd *h)
{
	return h->address;
}

static int run(void *ctx)
{
	struct eh_httpd *h = ctx;

	/* connections past their deadline are shut down first, so that this
	 * very run closes them; never blocks: reads and writes what the
	 * sockets take now */
	eh_conns_expire(&h->conns);
	return MHD_run(h->d) == MHD_YES ? 0 : -EIO;
}

static int64_t timeout_ms(void *ctx)
{
	struct eh_httpd *h = ctx;
	int64_t ours = eh_conns_timeout_ms(&h->conns), ms = -1;
	MHD_UNSIGNED_LONG_LONG mhd;

	if (MHD_get_timeout(h->d, &mhd) == MHD_YES)
		ms = mhd > INT64_MAX ? INT64_MAX : (int64_t)mhd;
	if (ms < 0 || (ours >= 0 && ours < ms))
		ms = ours;
	return ms;
}

int eh_httpd_poll(struct eh_httpd *h, struct eh_loop *l)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	int err;

	if (!info)
		return -EIO;
	/* everything else is open now: the pool takes what descriptors remain */
	eh_conns_fit(&h->conns);
	if (!h->conns.st.limit)
		return -ENOMEM;
	/* the listener and the connections waiting for a first byte, in one set */
	err = eh_loop_add_fd(l, h->conns.ep, on_accept, h);
	return err ? err : eh_loop_add_poller(l, info->epoll_fd, run, timeout_ms, h);
}

uint64_t eh_httpd_served(const struct eh_httpd *h)
{
	return h->served;
}

void eh_httpd_metrics(const struct eh_httpd *h, struct eh_prom *p)
{
	eh_conns_metrics(&h->conns.st, p);
}

void eh_httpd_close(struct eh_httpd *h)
{
	if (!h)
		return;
	if (h->d)
		MHD_stop_daemon(h->d);
	if (h->fd >= 0)
		close(h->fd);
	eh_conns_free(&h->conns);
	free(h);
}
