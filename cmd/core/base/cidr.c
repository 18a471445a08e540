// SPDX-License-Identifier: MIT
/* Address ranges for --listen-allow; see include/ebpfhello/base/cidr.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <ebpfhello/base/cidr.h>
#include <ebpfhello/base/parse.h>

/* ::ffff:a.b.c.d, the IPv4-mapped form */
static void map_v4(uint8_t addr[16], const void *v4)
{
	memset(addr, 0, 10);
	addr[10] = addr[11] = 0xff;
	memcpy(addr + 12, v4, 4);
}

static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned int bits)
{
	unsigned int whole = bits / 8, rest = bits % 8;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));

	if (memcmp(a, b, whole))
		return false;
	return !rest || ((a[whole] ^ b[whole]) & mask) == 0;
}

/* whether every bit of addr past the prefix is 0 */
static bool host_bits_clear(const uint8_t addr[16], unsigned int bits)
{
	unsigned int i;

	for (i = bits; i < 128; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

/* one item, "A" or "A/N" (n bytes of it) */
static enum eh_cidr_error parse_one(const char *s, size_t n, struct eh_cidr *c)
{
	char text[INET6_ADDRSTRLEN + 8], *slash;
	uint8_t v4[4];
	uint64_t bits;
	bool six;

	if (!n || n >= sizeof(text))
		return EH_CIDR_BAD;
	memcpy(text, s, n);
	text[n] = '\0';
	slash = strchr(text, '/');
	if (slash)
		*slash = '\0';
	six = strchr(text, ':') != NULL;
	if (six) {
		if (inet_pton(AF_INET6, text, c->addr) != 1)
			return EH_CIDR_BAD;
		bits = 128;
	} else {
		if (inet_pton(AF_INET, text, v4) != 1)
			return EH_CIDR_BAD;
		map_v4(c->addr, v4);
		bits = 32;
	}
	if (slash && !eh_parse_u64(slash + 1, 0, bits, &bits))
		return EH_CIDR_BAD;
	c->bits = (uint8_t)(six ? bits : bits + 96);
	return host_bits_clear(c->addr, c->bits) ? EH_CIDR_OK : EH_CIDR_HOST_BITS;
}

enum eh_cidr_error eh_cidr_parse(const char *s, struct eh_cidr_list *l, const char **bad,
				 size_t *bad_len)
{
	enum eh_cidr_error err;
	const char *end;
	size_t n;

	for (;;) {
		end = strchr(s, ',');
		n = end ? (size_t)(end - s) : strlen(s);
		*bad = s;
		*bad_len = n;
		if (l->n >= EH_CIDR_MAX)
			return EH_CIDR_TOO_MANY;
		err = parse_one(s, n, &l->c[l->n]);
		if (err)
			return err;
		l->n++;
		if (!end)
			return EH_CIDR_OK;
		s = end + 1;
	}
}

bool eh_cidr_match(const struct eh_cidr_list *l, const struct sockaddr *sa, socklen_t len)
{
	uint8_t addr[16];
	size_t i;

	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		map_v4(addr, &((const struct sockaddr_in *)sa)->sin_addr);
	else if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
		memcpy(addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	else
		return false;
	for (i = 0; i < l->n; i++)
		if (prefix_equal(addr, l->c[i].addr, l->c[i].bits))
			return true;
	return false;
}
