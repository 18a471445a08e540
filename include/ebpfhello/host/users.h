/* SPDX-License-Identifier: MIT */
/*
 * User names from /etc/passwd, read directly: a static binary cannot load
 * glibc's NSS modules, so LDAP/NIS users show as numbers.
 */
#ifndef EBPFHELLO_USERS_H
#define EBPFHELLO_USERS_H

#include <stdbool.h>
#include <stdint.h>

/* NULL when the uid has no entry. */
const char *eh_user_name(uint32_t uid);
bool eh_user_uid(const char *name, uint32_t *uid);
/* read users from another file (tests); NULL restores /etc/passwd */
void eh_users_set_file(const char *path);

#endif
