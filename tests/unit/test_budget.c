// SPDX-License-Identifier: MIT
/* The /metrics server's budget of empty connections per peer (httpd_budget.h). */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ebpfhello/run/httpd_budget.h>

#include "check.h"

#define MS	1000000LL

static void key4(const char *a, uint8_t key[16])
{
	struct sockaddr_in in = { .sin_family = AF_INET };

	inet_pton(AF_INET, a, &in.sin_addr);
	CHECK(eh_budget_key((struct sockaddr *)&in, sizeof(in), key));
}

static void test_rate(void)
{
	struct eh_budget b;
	uint8_t one[16], two[16];
	int64_t t = 1000 * MS;
	int i;

	CHECK(!eh_budget_init(&b));
	key4("127.0.0.2", one);
	key4("127.0.0.3", two);
	/* a burst of 50 at once is let in; the 51st spends past it */
	for (i = 0; i < EH_HTTPD_PEER_BURST; i++) {
		CHECK(!eh_budget_spent(&b, one, t));
		eh_budget_spend(&b, one, t);
	}
	CHECK(eh_budget_spent(&b, one, t));
	/* its neighbour is not touched */
	CHECK(!eh_budget_spent(&b, two, t));
	/* one more after 1/20 s, not before; a refusal spends nothing */
	CHECK(eh_budget_spent(&b, one, t + 49 * MS));
	CHECK(!eh_budget_spent(&b, one, t + 50 * MS));
	/* a second later, 20 more */
	for (i = 0; i < EH_HTTPD_PEER_RATE; i++)
		eh_budget_spend(&b, one, t + 1000 * MS);
	CHECK(eh_budget_spent(&b, one, t + 1000 * MS));
	/* kept within the rate: never refused */
	for (i = 0; i < 1000; i++) {
		CHECK(!eh_budget_spent(&b, two, t + i * 50 * MS));
		eh_budget_spend(&b, two, t + i * 50 * MS);
	}
	eh_budget_free(&b);
}

static void test_keys(void)
{
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr un = { .sa_family = AF_UNIX };
	uint8_t a[16], b[16];

	/* IPv4 and its IPv6-mapped form are one peer */
	inet_pton(AF_INET, "10.1.2.3", &in.sin_addr);
	inet_pton(AF_INET6, "::ffff:10.1.2.3", &in6.sin6_addr);
	CHECK(eh_budget_key((struct sockaddr *)&in, sizeof(in), a));
	CHECK(eh_budget_key((struct sockaddr *)&in6, sizeof(in6), b));
	CHECK(!memcmp(a, b, 16));
	/* no address, or one cut short: no key (never refused) */
	CHECK(!eh_budget_key(&un, sizeof(un), a));
	CHECK(!eh_budget_key((struct sockaddr *)&in6, sizeof(in), a));
}

int main(void)
{
	test_rate();
	test_keys();
	return check_done("test_budget");
}
