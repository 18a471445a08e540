// SPDX-License-Identifier: MIT
/* --listen-allow's address ranges: parsing, and matching peers of both families. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ebpfhello/base/cidr.h>

#include "check.h"

static enum eh_cidr_error parse(const char *s, struct eh_cidr_list *l)
{
	const char *bad;
	size_t n;

	memset(l, 0, sizeof(*l));
	return eh_cidr_parse(s, l, &bad, &n);
}

static bool match4(const struct eh_cidr_list *l, const char *a)
{
	struct sockaddr_in in = { .sin_family = AF_INET };

	inet_pton(AF_INET, a, &in.sin_addr);
	return eh_cidr_match(l, (struct sockaddr *)&in, sizeof(in));
}

static bool match6(const struct eh_cidr_list *l, const char *a)
{
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };

	inet_pton(AF_INET6, a, &in6.sin6_addr);
	return eh_cidr_match(l, (struct sockaddr *)&in6, sizeof(in6));
}

static void test_parse(void)
{
	struct eh_cidr_list l;
	const char *bad;
	size_t n;
	char many[2048] = "";
	int i;

	CHECK(parse("127.0.0.1", &l) == EH_CIDR_OK && l.n == 1 && l.c[0].bits == 128);
	CHECK(parse("10.0.0.0/8,::1,fd00::/8", &l) == EH_CIDR_OK && l.n == 3);
	CHECK(l.c[0].bits == 104 && l.c[1].bits == 128 && l.c[2].bits == 8);
	CHECK(parse("0.0.0.0/0", &l) == EH_CIDR_OK && l.c[0].bits == 96);
	CHECK(parse("::/0", &l) == EH_CIDR_OK && l.c[0].bits == 0);
	CHECK(parse("1.2.3.4/32", &l) == EH_CIDR_OK);
	CHECK(parse("::ffff:10.0.0.0/104", &l) == EH_CIDR_OK);

	CHECK(parse("", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.0/8,", &l) == EH_CIDR_BAD);
	CHECK(parse(",10.0.0.0/8", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.0/33", &l) == EH_CIDR_BAD);
	CHECK(parse("::/129", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.0/", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.0/-1", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.0/8/8", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0", &l) == EH_CIDR_BAD);
	CHECK(parse("010.0.0.1", &l) == EH_CIDR_BAD);
	CHECK(parse("localhost", &l) == EH_CIDR_BAD);
	CHECK(parse(" 10.0.0.1", &l) == EH_CIDR_BAD);
	CHECK(parse("[::1]", &l) == EH_CIDR_BAD);
	CHECK(parse("10.0.0.1/8", &l) == EH_CIDR_HOST_BITS);
	CHECK(parse("fd00::1/8", &l) == EH_CIDR_HOST_BITS);

	/* the bad item is the one named */
	memset(&l, 0, sizeof(l));
	CHECK(eh_cidr_parse("10.0.0.0/8,nope,::1", &l, &bad, &n) == EH_CIDR_BAD &&
	      n == 4 && !strncmp(bad, "nope", 4));

	for (i = 0; i < EH_CIDR_MAX; i++)
		strcat(many, i ? ",10.0.0.1" : "10.0.0.1");
	CHECK(parse(many, &l) == EH_CIDR_OK && l.n == EH_CIDR_MAX);
	strcat(many, ",10.0.0.2");
	CHECK(parse(many, &l) == EH_CIDR_TOO_MANY);
}

static void test_match(void)
{
	struct eh_cidr_list l;

	parse("127.0.0.1,10.1.0.0/16,fd00::/8", &l);
	CHECK(match4(&l, "127.0.0.1"));
	CHECK(!match4(&l, "127.0.0.2"));
	CHECK(match4(&l, "10.1.255.255"));
	CHECK(match4(&l, "10.1.0.0"));
	CHECK(!match4(&l, "10.2.0.0"));
	CHECK(!match4(&l, "10.0.255.255"));
	/* an IPv4 peer on a dual-stack socket */
	CHECK(match6(&l, "::ffff:127.0.0.1"));
	CHECK(match6(&l, "::ffff:10.1.2.3"));
	CHECK(!match6(&l, "::ffff:127.0.0.2"));
	CHECK(match6(&l, "fdff:ffff::1"));
	CHECK(!match6(&l, "fe00::1"));
	CHECK(!match6(&l, "::1"));
	/* an odd prefix length, across a byte */
	parse("192.168.4.0/22", &l);
	CHECK(match4(&l, "192.168.7.255") && match4(&l, "192.168.4.0"));
	CHECK(!match4(&l, "192.168.8.0") && !match4(&l, "192.168.3.255"));
	/* everything */
	parse("0.0.0.0/0", &l);
	CHECK(match4(&l, "1.2.3.4") && match6(&l, "::ffff:1.2.3.4") && !match6(&l, "::1"));
	parse("::/0", &l);
	CHECK(match4(&l, "1.2.3.4") && match6(&l, "2001:db8::1"));
	/* an empty list lets nobody in (the server does not ask it then) */
	memset(&l, 0, sizeof(l));
	CHECK(!match4(&l, "127.0.0.1"));
}

int main(void)
{
	test_parse();
	test_match();
	return check_done("test_cidr");
}
