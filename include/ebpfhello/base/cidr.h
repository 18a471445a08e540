/* SPDX-License-Identifier: MIT */
/*
 * Address ranges for --listen-allow (pure; unit tested): "10.0.0.5",
 * "192.168.0.0/16", "::1", "fd00::/8", comma-separated.  An IPv4 range is
 * kept as the IPv4-mapped IPv6 range (::ffff:a.b.c.d, 96 more bits), so a
 * peer that reaches an IPv6 socket over IPv4 ([::]:9477, dual-stack) is
 * judged by the IPv4 ranges, as it should be.
 */
#ifndef EBPFHELLO_CIDR_H
#define EBPFHELLO_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* ranges in one --listen-allow list at most */
#define EH_CIDR_MAX	64

struct eh_cidr {
	uint8_t addr[16];	/* IPv6, or IPv4-mapped; the bits past the prefix are 0 */
	uint8_t bits;		/* prefix length, 0 to 128 */
};

struct eh_cidr_list {
	struct eh_cidr c[EH_CIDR_MAX];
	size_t n;
};

enum eh_cidr_error {
	EH_CIDR_OK = 0,
	EH_CIDR_BAD,		/* not an address, or a prefix length out of range */
	EH_CIDR_HOST_BITS,	/* 10.0.0.1/8: bits set past the prefix */
	EH_CIDR_TOO_MANY,	/* more than EH_CIDR_MAX ranges */
};

/*
 * Appends the ranges of s ("A[/N],A[/N],...": numeric addresses, an
 * address alone being a single host) to l.  On an error, *bad and *bad_len
 * say which item of s it was.  No spaces, no empty items, no host names.
 */
enum eh_cidr_error eh_cidr_parse(const char *s, struct eh_cidr_list *l, const char **bad,
				 size_t *bad_len);
/* whether a peer's address (AF_INET or AF_INET6) lies in one of l's ranges */
bool eh_cidr_match(const struct eh_cidr_list *l, const struct sockaddr *sa, socklen_t len);

#endif
