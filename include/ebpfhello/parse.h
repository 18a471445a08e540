/* SPDX-License-Identifier: MIT */
/* Strict parsers for command-line values (pure; unit tested). */
#ifndef EBPFHELLO_PARSE_H
#define EBPFHELLO_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal digits only (no sign, no spaces, no hex), min <= value <= max. */
bool eh_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * Seconds as a plain decimal ("2", "0.5", ".25"), min <= value <= max.
 * No exponents, signs, "inf" or "nan".
 */
bool eh_parse_seconds(const char *s, double min, double max, double *out);

#endif
