/* SPDX-License-Identifier: MIT */
/*
 * The connections of the /metrics server (httpd.c), kept so that a scraper
 * is served whatever else is connected (docs/prometheus.md, "The HTTP
 * server"):
 *
 *   - the server accepts connections itself (httpd_accept.h), hands one to
 *     libmicrohttpd only once it has sent a byte, and closes those of peers
 *     outside --listen-allow at once, before reading a byte, and those of
 *     a peer past its budget of empty connections (httpd_budget.h), so a
 *     connect-and-close flood costs an accept and a close, no more;
 *   - it holds at most `limit` connections (EH_HTTPD_MAX_CONNECTIONS, fewer
 *     if the file-descriptor limit leaves less room); when one more comes,
 *     the one that has waited longest for a request head is closed to make
 *     room (evicted), and if every connection is being answered, the one
 *     answered longest.  A scraper sends its request as soon as it is
 *     connected, so it is never the one waiting longest;
 *   - a connection has EH_HTTPD_HEAD_SECS to send a whole request head
 *     (from its accept, or from its last answer when kept alive), however
 *     slowly its bytes trickle in, and EH_HTTPD_ANSWER_SECS to take its
 *     answer; then it is closed (timed out);
 *   - descriptors: a full table (EMFILE) refuses the connection waiting in
 *     the kernel's queue with a descriptor kept spare for that, rather than
 *     leaving it there to wake the loop for ever.
 *
 * A connection is closed by shutdown(2) of its socket: libmicrohttpd sees
 * the end at its next run and closes and frees it as usual; one still
 * waiting for its first byte is not libmicrohttpd's, and is closed here.
 */
#ifndef EBPFHELLO_HTTPD_CONNS_H
#define EBPFHELLO_HTTPD_CONNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <ebpfhello/base/cidr.h>
#include <ebpfhello/run/httpd_budget.h>

/* connections held at once, at most */
#define EH_HTTPD_MAX_CONNECTIONS	4096
/* accepted per wake-up of the loop (the rest wait for the next one) */
#define EH_HTTPD_ACCEPT_BATCH		64
/* descriptors left for the rest of the process beside the connections */
#define EH_HTTPD_FD_SPARE		32
/* a whole request head within this, and its answer taken within this */
#define EH_HTTPD_HEAD_SECS		10
#define EH_HTTPD_ANSWER_SECS		10
/* answers counted by status: 100 to 599 */
#define EH_HTTPD_CODES			500

enum eh_conn_phase {
	EH_CONN_FREE,
	EH_CONN_HEAD,		/* waiting for (the rest of) a request head */
	EH_CONN_ANSWER,		/* its request is in; being answered */
	EH_CONN_CLOSING,	/* shut down by us; libmicrohttpd has yet to close it */
};

struct eh_conn {
	int fd;
	enum eh_conn_phase phase;
	int64_t since_ns;		/* CLOCK_MONOTONIC when this phase began */
	bool waiting;			/* for its first byte: not libmicrohttpd's yet */
	bool keyed;			/* peer holds its address (httpd_budget.h) */
	uint8_t peer[16];
	struct eh_conn *prev, *next;
};

struct eh_prom;

struct eh_conn_list {
	struct eh_conn *first, *last;
};

/* what the self-metrics show (docs/prometheus.md) */
struct eh_conn_stats {
	uint64_t open;			/* connections libmicrohttpd holds now */
	uint64_t accepted;		/* handed to libmicrohttpd, or closed by the client already */
	uint64_t refused_allow;		/* outside --listen-allow */
	uint64_t refused_rate;		/* its peer past its budget (httpd_budget.h) */
	uint64_t refused_fds;		/* no descriptor left (EMFILE, ENFILE) */
	uint64_t refused_error;		/* libmicrohttpd could not take it (no memory) */
	uint64_t evicted;		/* closed to make room for a newer one */
	uint64_t timed_out;		/* past EH_HTTPD_HEAD_SECS or _ANSWER_SECS */
	uint64_t codes[EH_HTTPD_CODES];	/* answers by status, [code - 100] */
	size_t limit;
};

struct eh_conns {
	struct eh_conn *slot;		/* cap records: limit + EH_HTTPD_ACCEPT_BATCH */
	size_t cap, unused;		/* slot[unused..cap) never used yet */
	struct eh_conn_list free, head, answer;
	size_t held;			/* records in head or answer */
	size_t closing;			/* shut down, not closed by libmicrohttpd yet */
	int spare_fd;			/* /dev/null, given up to refuse on EMFILE */
	struct eh_budget budget;	/* empty connections per peer */
	int ep;				/* epoll: the listener, connections waiting */
	struct eh_conn *handing;	/* being handed to libmicrohttpd */
	struct eh_conn_stats st;
};

int eh_conns_init(struct eh_conns *p);
/* Sizes the pool to the descriptors this process may still open (raising
 * its soft RLIMIT_NOFILE up to the hard one): at the start of serving, once
 * everything else is open. */
void eh_conns_fit(struct eh_conns *p);
/* closes the oldest connections until there is room for one more */
void eh_conns_make_room(struct eh_conns *p);
/* a record for fd, accepted and waiting for its first byte (peer: its
 * budget key, or NULL); NULL if none is left */
struct eh_conn *eh_conns_hold(struct eh_conns *p, int fd, const uint8_t *peer);
/* a waiting one's record given back (its socket closed by the caller) */
void eh_conns_release(struct eh_conns *p, struct eh_conn *c);
/* libmicrohttpd holds the socket fd now (p->handing's record if it is
 * that one's; NULL: no record left, it is shut down) */
struct eh_conn *eh_conns_started(struct eh_conns *p, int fd);
void eh_conns_closed(struct eh_conns *p, struct eh_conn *c);
/* its request head is complete / its answer is done (it may send another) */
void eh_conns_head_done(struct eh_conns *p, struct eh_conn *c);
void eh_conns_answered(struct eh_conns *p, struct eh_conn *c);
/* shuts down the connections past their deadline */
void eh_conns_expire(struct eh_conns *p);
/* ms until the next deadline, or -1 */
int64_t eh_conns_timeout_ms(const struct eh_conns *p);
void eh_conns_free(struct eh_conns *p);

#endif
