/* SPDX-License-Identifier: MIT */
/* Strict parsers for command-line values (pure; unit tested). */
#ifndef EBPFHELLO_PARSE_H
#define EBPFHELLO_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* Decimal digits only (no sign, no spaces, no hex), min <= value <= max. */
bool eh_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A size in bytes: digits, then K, M or G for KiB, MiB, GiB ("64K", "10M"),
 * min <= bytes <= max. */
bool eh_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * Seconds as a plain decimal ("2", "0.5", ".25"), min <= value <= max.
 * No exponents, signs, "inf" or "nan".
 */
bool eh_parse_seconds(const char *s, double min, double max, double *out);

/*
 * An address to listen on: "[ADDR:]PORT", ADDR a numeric IPv4 address or
 * an IPv6 one in brackets ("[::1]:9477"), 127.0.0.1 when left out; PORT
 * 1 to 65535.  No host names (nothing is looked up).
 */
bool eh_parse_listen(const char *s, struct sockaddr_storage *sa, socklen_t *len);

#endif
