// SPDX-License-Identifier: MIT
/* New connections per peer; see include/ebpfhello/run/httpd_budget.h. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/run/httpd_budget.h>

#define NS		1000000000LL
#define INTERVAL_NS	(NS / EH_HTTPD_PEER_RATE)
/* how far ahead of now a peer's budget may be spent */
#define TOLERANCE_NS	((EH_HTTPD_PEER_BURST - 1) * INTERVAL_NS)

int eh_budget_init(struct eh_budget *b)
{
	b->peer = calloc(EH_HTTPD_PEERS, sizeof(*b->peer));
	return b->peer ? 0 : -1;
}

bool eh_budget_key(const struct sockaddr *sa, socklen_t len, uint8_t key[16])
{
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		memset(key, 0, 10);
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return true;
	}
	return false;
}

/* FNV-1a: cheap, and spreads neighbouring addresses (127.0.0.2, .3, ...) */
static uint32_t hash(const uint8_t key[16])
{
	uint32_t h = 2166136261u;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

/*
 * GCRA, the token bucket in one number: each empty connection moves the
 * peer's theoretical arrival time INTERVAL_NS on; a peer more than its
 * burst ahead of now has spent its budget.  A refusal spends nothing, so a
 * flood that slows down gets back in as soon as it keeps within the rate.
 */
bool eh_budget_spent(const struct eh_budget *b, const uint8_t key[16], int64_t now_ns)
{
	const struct eh_peer *p;

	if (!b->peer)
		return false;
	p = &b->peer[hash(key) % EH_HTTPD_PEERS];
	return !memcmp(p->addr, key, sizeof(p->addr)) && p->tat_ns - now_ns > TOLERANCE_NS;
}

void eh_budget_spend(struct eh_budget *b, const uint8_t key[16], int64_t now_ns)
{
	struct eh_peer *p;

	if (!b->peer)
		return;
	p = &b->peer[hash(key) % EH_HTTPD_PEERS];
	/* new here (another peer's entry taken over), or its budget whole */
	if (memcmp(p->addr, key, sizeof(p->addr)) || p->tat_ns < now_ns) {
		memcpy(p->addr, key, sizeof(p->addr));
		p->tat_ns = now_ns;
	}
	p->tat_ns += INTERVAL_NS;
}

void eh_budget_free(struct eh_budget *b)
{
	free(b->peer);
	b->peer = NULL;
}
