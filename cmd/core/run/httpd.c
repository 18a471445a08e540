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
#include <ebpfhello/run/loop.h>
#include <ebpfhello/show/messages.h>

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

struct eh_httpd {
	struct MHD_Daemon *d;
	int fd;				/* the listening socket, until MHD owns it */
	eh_httpd_body_fn body;
	void *ctx;
	char address[INET6_ADDRSTRLEN + 8];
	uint64_t served;		/* 200s of /metrics */
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

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const char *text,
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
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the counts\n", NULL);
	}
	/* a copy per connection: the next scrape may rewrite the buffer while
	 * a slow client still reads this one */
	r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	h->served++;
	return ret;
}

/*
 * Called first when the request line and headers are in, before any body:
 * everything is answered right then, so no body is ever read or stored.
 */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **req)
{
	struct eh_httpd *h = cls;

	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "not found: ebpfhello serves /metrics\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n", "GET, HEAD");
	if (has_body(c))
		return reply(c, MHD_HTTP_CONTENT_TOO_LARGE, "no request body, please\n", NULL);
	return scrape(h, c);
}

/* libmicrohttpd's own messages (a bad request, a client gone) are noise
 * in a daemon's log: shown with -vv only */
static void on_log(void *cls, const char *fmt, va_list ap)
{
	char line[256];
	size_t n;

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

struct eh_httpd *eh_httpd_open(const struct sockaddr_storage *sa, socklen_t len,
			       eh_httpd_body_fn body, void *ctx, const char **what)
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
	h->fd = listen_on(sa, len, what);
	if (h->fd < 0) {
		err = -h->fd;
		goto fail;
	}
	if (getsockname(h->fd, (struct sockaddr *)&bound, &blen))
		bound = *sa;
	eh_sockaddr_text(&bound, h->address, sizeof(h->address));
	*what = "libmicrohttpd";
	h->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, h,
				MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
				MHD_OPTION_LISTEN_SOCKET, h->fd,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)EH_HTTPD_CONNECTIONS,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)EH_HTTPD_TIMEOUT_SECS,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)EH_HTTPD_CONN_MEMORY,
				MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,	/* ignored: loop.h */
				MHD_OPTION_END);
	if (!h->d) {
		err = errno ? errno : EIO;
		goto fail;
	}
	h->fd = -1;	/* MHD_stop_daemon() closes it */
	return h;
fail:
	if (h->fd >= 0)
		close(h->fd);
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

	/* never blocks: reads and writes what the sockets take now */
	return MHD_run(h->d) == MHD_YES ? 0 : -EIO;
}

static int64_t timeout_ms(void *ctx)
{
	struct eh_httpd *h = ctx;
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->d, &ms) != MHD_YES)
		return -1;
	return ms > INT64_MAX ? INT64_MAX : (int64_t)ms;
}

int eh_httpd_poll(struct eh_httpd *h, struct eh_loop *l)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);

	if (!info)
		return -EIO;
	return eh_loop_add_poller(l, info->epoll_fd, run, timeout_ms, h);
}

uint64_t eh_httpd_served(const struct eh_httpd *h)
{
	return h->served;
}

void eh_httpd_close(struct eh_httpd *h)
{
	if (!h)
		return;
	if (h->d)
		MHD_stop_daemon(h->d);
	free(h);
}
