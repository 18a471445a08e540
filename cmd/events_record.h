/* SPDX-License-Identifier: MIT */
/*
 * events: the parts of a record that take more than one output call
 * (cmd/events_record.c): the file named and executed, the arguments, the
 * result.  Each writes its JSON members and its text column.
 */
#ifndef EBPFHELLO_EVENTS_RECORD_H
#define EBPFHELLO_EVENTS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <ebpfhello/events.h>

/* execveat's flags by name, as strace writes them ("AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH";
 * "0": none) */
const char *ev_at_flags_name(uint32_t flags, char *buf, size_t len);
/*
 * filename (or filename_unread), execveat's dirfd and flags, and the file
 * executed (exe); in text one column, padded to width: `/bin/true`,
 * `<unread>`, `"" (execveat fd 3, AT_EMPTY_PATH) -> /usr/bin/true`.
 * e has been checked to hold what its lengths say.
 */
void ev_show_filename(const struct eh_exec_event *e, int width);
/* args and what was left out; at most max_args strings are shown; text:
 * each after a space, the first too where sep (the column before it ends
 * with no space of its own) */
void ev_show_args(const struct eh_exec_event *e, uint64_t max_args, bool sep);
/* ret, errno; text: the errno's name or the number, in 12 columns */
void ev_show_result(int32_t ret);

#endif
