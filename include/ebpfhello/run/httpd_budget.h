/* SPDX-License-Identifier: MIT */
/*
 * A budget of empty connections per peer address for the /metrics server
 * (docs/prometheus.md, "The HTTP server"): a connection that ends before
 * it sent a byte (closed by its peer, or evicted or timed out while still
 * empty) spends one; a peer may spend
 * EH_HTTPD_PEER_RATE a second, and EH_HTTPD_PEER_BURST at once.  Past that,
 * its connections are closed as soon as they are accepted, without a byte
 * read (refused, reason "rate"), until its budget has grown back.  A
 * connect-and-close flood then costs an accept and a close per connection,
 * nothing more.  A peer that sends requests, however many, however bad,
 * spends nothing: it is answered as before, and a scraper is never refused.
 *
 * The table is direct-mapped and bounded (EH_HTTPD_PEERS entries): a peer
 * whose entry another took starts afresh with a full budget, so a crowd of
 * addresses can only make the budget looser, never refuse a peer that kept
 * within it.
 */
#ifndef EBPFHELLO_HTTPD_BUDGET_H
#define EBPFHELLO_HTTPD_BUDGET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* a TCP health check opens an empty connection every few seconds */
#define EH_HTTPD_PEER_RATE	20
#define EH_HTTPD_PEER_BURST	50
#define EH_HTTPD_PEERS		4096

struct eh_peer {
	uint8_t addr[16];		/* IPv4 as ::ffff:a.b.c.d */
	int64_t tat_ns;			/* when its budget is whole again (GCRA) */
};

struct eh_budget {
	struct eh_peer *peer;		/* EH_HTTPD_PEERS, calloc'd: pages used as touched */
};

int eh_budget_init(struct eh_budget *b);
/* the peer's address as a key (IPv4 as ::ffff:a.b.c.d); false for a family
 * without one, whose peers are never refused */
bool eh_budget_key(const struct sockaddr *sa, socklen_t len, uint8_t key[16]);
/* true if the peer has spent its budget, at now_ns (CLOCK_MONOTONIC) */
bool eh_budget_spent(const struct eh_budget *b, const uint8_t key[16], int64_t now_ns);
/* one empty connection of the peer */
void eh_budget_spend(struct eh_budget *b, const uint8_t key[16], int64_t now_ns);
void eh_budget_free(struct eh_budget *b);

#endif
