/* SPDX-License-Identifier: MIT */
/*
 * The /metrics server of --listen: libmicrohttpd in its external epoll mode,
 * so that it runs in the one event loop (loop.h) and never holds it up.  It
 * answers GET and HEAD of /metrics and nothing else (400 for an HTTP/1.1
 * request without one Host header, 404 for other paths, 405 for other
 * methods, 413 for a GET or HEAD with a body).  It accepts its connections
 * itself and keeps them within bounds (httpd_conns.h), so that a slow or
 * hostile client can neither stall the loop, nor make the process grow, nor
 * keep a scraper out.  Why libmicrohttpd, and what its licence asks:
 * docs/prometheus.md.
 */
#ifndef EBPFHELLO_HTTPD_H
#define EBPFHELLO_HTTPD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* connections the kernel queues until they are accepted (capped by
 * net.core.somaxconn): deep, so that a burst of connections does not make
 * the kernel drop a scraper's SYN (a retry a second later) */
#define EH_HTTPD_BACKLOG	4096
/* libmicrohttpd's own idle timeout: a backstop behind httpd_conns.h's deadlines */
#define EH_HTTPD_IDLE_SECS	30
/*
 * A connection's own memory: the request line and headers must fit.  Above
 * 32 KiB libmicrohttpd maps it (mmap) instead of taking it from the heap:
 * only the pages a request touches count, and all go back when the
 * connection closes (2000 idle connections: about 1 MiB, not 10)
 */
#define EH_HTTPD_CONN_MEMORY	36864

struct eh_cidr_list;
struct eh_httpd;
struct eh_loop;
struct eh_prom;

/*
 * The body of one scrape, made when it is asked for: 0 with *body and *len
 * (valid until the next call), or a negative errno (the client gets 500).
 */
typedef int (*eh_httpd_body_fn)(void *ctx, const char **body, size_t *len);

/*
 * Binds and listens on sa, then starts the server (it answers only once
 * eh_httpd_poll() runs); with allow, peers outside it are closed at accept
 * (allow must outlive the server).  NULL with errno set on failure, *what
 * naming the step that failed ("bind", ...).
 */
struct eh_httpd *eh_httpd_open(const struct sockaddr_storage *sa, socklen_t len,
			       const struct eh_cidr_list *allow, eh_httpd_body_fn body, void *ctx,
			       const char **what);
/* "127.0.0.1:9477", "[::1]:9477": where it listens */
const char *eh_httpd_address(const struct eh_httpd *h);
/* has the loop run it: after every wake-up, within its timeout */
int eh_httpd_poll(struct eh_httpd *h, struct eh_loop *l);
/* GET and HEAD of /metrics answered with the metrics so far (the summary's "scrapes") */
uint64_t eh_httpd_served(const struct eh_httpd *h);
/* the server's own metrics: connections and answers (docs/prometheus.md) */
void eh_httpd_metrics(const struct eh_httpd *h, struct eh_prom *p);
void eh_httpd_close(struct eh_httpd *h);

/* "127.0.0.1:9477" / "[::1]:9477" for an address */
void eh_sockaddr_text(const struct sockaddr_storage *sa, char *buf, size_t cap);

#endif
