/* SPDX-License-Identifier: MIT */
/*
 * The /metrics server's accepting (docs/prometheus.md, "The HTTP server"):
 * one epoll set (eh_conns.ep) holds the listening socket and the
 * connections accepted but not sent a byte yet.  At each wake-up the
 * connections whose first bytes came are handed to libmicrohttpd first (a
 * scraper's request among them), then a batch is accepted.  A connection
 * goes to libmicrohttpd only once it has sent something: one closed
 * without a byte (a connect-and-close flood, a port scan) never costs its
 * setting up, and spends its peer's budget (httpd_budget.h).
 */
#ifndef EBPFHELLO_HTTPD_ACCEPT_H
#define EBPFHELLO_HTTPD_ACCEPT_H

#include <stdbool.h>
#include <sys/socket.h>

#include <ebpfhello/base/cidr.h>
#include <ebpfhello/run/httpd_conns.h>

/* hands an accepted socket on (libmicrohttpd); false if it was refused
 * there (the socket is closed either way) */
typedef bool (*eh_conns_take_fn)(void *ctx, int fd, const struct sockaddr *sa, socklen_t len);

/* lfd, listening, into the set; lfd gets SO_LINGER 0, which its
 * connections inherit: closed, they are reset (no FIN exchanged, no
 * TIME_WAIT); take() must set it back */
int eh_conns_listen(struct eh_conns *p, int lfd);
/* What the set says now: first bytes to libmicrohttpd, then up to a batch
 * accepted from lfd; peers outside allow (if given), or past their budget,
 * are closed at once. */
void eh_conns_serve(struct eh_conns *p, int lfd, const struct eh_cidr_list *allow,
		    eh_conns_take_fn take, void *ctx);

#endif
