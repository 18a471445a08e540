/* SPDX-License-Identifier: MIT */
/*
 * The /metrics server of --listen: libmicrohttpd in its external epoll mode,
 * so that it runs in the one event loop (loop.h) and never holds it up.  It
 * answers GET and HEAD of /metrics and nothing else (404 for other paths,
 * 405 for other methods, 413 for a request with a body); every limit is
 * below: a slow or hostile client can neither stall the loop nor make the
 * process grow.  Why libmicrohttpd, and what its licence asks: docs/prometheus.md.
 */
#ifndef EBPFHELLO_HTTPD_H
#define EBPFHELLO_HTTPD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* connections served at once; more wait in the kernel's backlog */
#define EH_HTTPD_CONNECTIONS	8
#define EH_HTTPD_BACKLOG	16
/* a connection idle this long is closed */
#define EH_HTTPD_TIMEOUT_SECS	10
/* a connection's own memory: the request line and headers must fit */
#define EH_HTTPD_CONN_MEMORY	16384

struct eh_httpd;
struct eh_loop;

/*
 * The body of one scrape, made when it is asked for: 0 with *body and *len
 * (valid until the next call), or a negative errno (the client gets 500).
 */
typedef int (*eh_httpd_body_fn)(void *ctx, const char **body, size_t *len);

/*
 * Binds and listens on sa, then starts the server (it answers only once
 * eh_httpd_poll() runs).  NULL with errno set on failure, *what naming the
 * step that failed ("bind", ...).
 */
struct eh_httpd *eh_httpd_open(const struct sockaddr_storage *sa, socklen_t len,
			       eh_httpd_body_fn body, void *ctx, const char **what);
/* "127.0.0.1:9477", "[::1]:9477": where it listens */
const char *eh_httpd_address(const struct eh_httpd *h);
/* has the loop run it: after every wake-up, within its timeout */
int eh_httpd_poll(struct eh_httpd *h, struct eh_loop *l);
/* GET and HEAD of /metrics answered with the metrics so far (the summary's "scrapes") */
uint64_t eh_httpd_served(const struct eh_httpd *h);
void eh_httpd_close(struct eh_httpd *h);

/* "127.0.0.1:9477" / "[::1]:9477" for an address */
void eh_sockaddr_text(const struct sockaddr_storage *sa, char *buf, size_t cap);

#endif
