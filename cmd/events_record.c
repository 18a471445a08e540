// SPDX-License-Identifier: MIT
/*
 * events: the file named and executed, the arguments and the result of a
 * record (include/ebpfhello/events.h lays it out), text and JSON.  What the
 * kernel side could not read is said so (`filename_unread`, `args_unread`,
 * `exe_unread`; `<unread>` in text), never shown as an empty value.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/host/errnos.h>
#include <ebpfhello/show/output.h>

#include "events_record.h"

#define UNREAD	"<unread>"

/* AT_* of <fcntl.h> that execveat(2) takes, by value, as strace names them */
static const struct {
	uint32_t bit;
	const char *name;
} at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" },
	{ 0x1000, "AT_EMPTY_PATH" },
	{ 0x10000, "AT_EXECVE_CHECK" },
};

const char *ev_at_flags_name(uint32_t flags, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(at_flags) / sizeof(at_flags[0]); i++) {
		if (!(flags & at_flags[i].bit))
			continue;
		flags &= ~at_flags[i].bit;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "|" : "", at_flags[i].name);
		if (o >= len)
			return buf;
	}
	/* bits without a name as a number; none at all: "0" */
	if (flags || !o)
		snprintf(buf + o, len - o, "%s%#x", o ? "|" : "", flags);
	return buf;
}

/* appends s[0..n) escaped for a terminal to buf (o bytes used) */
static size_t add_escaped(char *buf, size_t cap, size_t o, const char *s, size_t n)
{
	if (o + 1 >= cap)
		return o;
	return o + eh_text_escape(buf + o, cap - o, s, n);
}

static size_t add(char *buf, size_t cap, size_t o, const char *s)
{
	if (o + 1 >= cap)
		return o;
	snprintf(buf + o, cap - o, "%s", s);
	return o + strlen(buf + o);
}

/* execveat's dirfd and flags: JSON members, and " (execveat fd 3, AT_EMPTY_PATH)" */
static size_t show_execveat(const struct eh_exec_event *e, char *buf, size_t cap, size_t o)
{
	char flags[96], fd[32];

	ev_at_flags_name(e->at_flags, flags, sizeof(flags));
	out_json_s64("dirfd", e->dirfd);
	out_json_str("flags", flags);
	if (e->dirfd == EH_AT_FDCWD)
		snprintf(fd, sizeof(fd), "AT_FDCWD");
	else
		snprintf(fd, sizeof(fd), "fd %d", e->dirfd);
	o = add(buf, cap, o, " (execveat ");
	o = add(buf, cap, o, fd);
	if (e->at_flags) {
		o = add(buf, cap, o, ", ");
		o = add(buf, cap, o, flags);
	}
	return add(buf, cap, o, ")");
}

void ev_show_filename(const struct eh_exec_event *e, int width)
{
	static char text[4 * (EH_FILENAME_LEN + EH_EXE_LEN) + 256];
	const char *exe = e->data + e->filename_len + 1 + e->args_len;
	size_t o = 0, n;

	if (e->flags & EH_EV_FILENAME_UNREAD) {
		out_json_bool("filename_unread", true);
		o = add(text, sizeof(text), o, UNREAD);
	} else {
		n = strnlen(e->data, e->filename_len);
		out_json_strn("filename", e->data, n);
		if (e->flags & EH_EV_FILENAME_CUT)
			out_json_bool("filename_truncated", true);
		if (!n)		/* "" is what was passed (execveat's AT_EMPTY_PATH) */
			o = add(text, sizeof(text), o, "\"\"");
		o = add_escaped(text, sizeof(text), o, e->data, n);
		if (e->flags & EH_EV_FILENAME_CUT)
			o = add(text, sizeof(text), o, "...");
	}
	if (e->flags & EH_EV_EXECVEAT)
		o = show_execveat(e, text, sizeof(text), o);
	if (e->exe_len) {
		n = strnlen(exe, e->exe_len);
		out_json_strn("exe", exe, n);
		o = add(text, sizeof(text), o, " -> ");
		o = add_escaped(text, sizeof(text), o, exe, n);
		if (e->flags & EH_EV_EXE_CUT) {
			out_json_bool("exe_truncated", true);
			o = add(text, sizeof(text), o, "...");
		}
	} else if (e->flags & EH_EV_EXE_UNREAD) {
		out_json_bool("exe_unread", true);
		o = add(text, sizeof(text), o, " -> " UNREAD);
	}
	out_text("%-*s", width, text);
}

/* text: one argument as "...", escaped, a quote as \" */
static void text_arg(const char *s, size_t n, bool cut, const char *sep)
{
	static char esc[4 * EH_ARGS_LEN + 1], q[2 * sizeof(esc)];
	size_t i, o, len = eh_text_escape(esc, sizeof(esc), s, n);

	for (i = 0, o = 0; i < len; i++) {
		if (esc[i] == '"')
			q[o++] = '\\';
		q[o++] = esc[i];
	}
	q[o] = '\0';
	out_text("%s\"%s\"%s", sep, q, cut ? "..." : "");
}

/* how many strings data[0..len) holds, the last maybe without its NUL */
static size_t count_strings(const char *a, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i += strnlen(a + i, len - i) + 1)
		n++;
	return n;
}

/*
 * The arguments: data after the filename, NUL-separated, the last one maybe
 * without its NUL (cut).  At most max_args are shown (the exec event sends
 * them all).  More followed when the kernel side says so, when max_args
 * stopped the list, or when the new image has more than were sent (argc).
 */
void ev_show_args(const struct eh_exec_event *e, uint64_t max_args, bool sep)
{
	const char *a = e->data + e->filename_len + 1, *pre = sep ? " " : "";
	size_t len = e->args_len, i = 0, n, shown = 0;
	bool more = e->flags & EH_EV_ARGS_MORE, cut;

	out_open_array("args");
	while (i < len) {
		if (shown == max_args) {
			more = true;
			break;
		}
		n = strnlen(a + i, len - i);
		cut = i + n + 1 >= len && (e->flags & EH_EV_ARGS_CUT);
		out_json_strn(NULL, a + i, n);
		text_arg(a + i, n, cut, pre);
		pre = " ";
		shown++;
		i += n + 1;
	}
	out_close();
	if (e->argc && count_strings(a, len) < e->argc && !(e->flags & EH_EV_ARGS_UNREAD))
		more = true;
	if (e->flags & EH_EV_ARGS_CUT && i >= len)
		out_json_bool("args_truncated", true);
	if (e->flags & EH_EV_ARGS_UNREAD) {
		out_json_bool("args_unread", true);
		out_text("%s%s", pre, UNREAD);
	} else if (more) {
		out_json_bool("args_more", true);
		out_text("%s...", pre);
	}
}

void ev_show_result(int32_t ret)
{
	const char *name = ret < 0 ? eh_errno_name(-(long)ret) : NULL;
	char num[16];

	out_json_s64("ret", ret);
	if (name) {
		out_str("errno", "%-12s ", name);
		return;
	}
	snprintf(num, sizeof(num), "%d", ret);
	out_text("%-12s ", num);
}
