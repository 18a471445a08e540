// SPDX-License-Identifier: MIT
/*
 * trace_pipe line parser; see include/ebpfhello/host/traceline.h.
 *
 * The task name is any 15 bytes (empty, all spaces, "-123 [000] " itself),
 * so the parse is anchored on what cannot hold a space: "-PID [CPU] ".  The
 * kernel prints the name right-aligned in 16 columns ("%16s-%-7d"), so the
 * '-' at column 16 is tried first; for other layouts every '-' is tried,
 * keeping the last one whose task part (after the padding) fits in 15
 * bytes: a lookalike inside the name comes earlier, one inside the message
 * has a longer prefix.
 */
#include <string.h>

#include <ebpfhello/host/traceline.h>

#define TASK_COMM_MAX 15

struct cursor {
	const char *p, *end;
};

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_spaces(struct cursor *c)
{
	size_t n = 0;

	while (c->p < c->end && *c->p == ' ') {
		c->p++;
		n++;
	}
	return n;
}

static bool read_long(struct cursor *c, long *v)
{
	const char *start = c->p;

	*v = 0;
	while (c->p < c->end && digit(*c->p) && c->p - start < 10)
		*v = *v * 10 + (*c->p++ - '0');
	return c->p > start;
}

static bool expect(struct cursor *c, char ch)
{
	if (c->p >= c->end || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* "-pid [ (tgid)] [cpu] " */
static bool parse_ids(struct cursor *c, struct eh_trace_line *t)
{
	long v;

	if (!expect(c, '-') || !read_long(c, &t->pid) || !skip_spaces(c))
		return false;
	t->tgid = -1;
	if (c->p < c->end && *c->p == '(') {
		c->p++;
		skip_spaces(c);
		if (read_long(c, &v))
			t->tgid = v;
		else
			while (c->p < c->end && *c->p == '-')
				c->p++;
		if (!expect(c, ')') || !skip_spaces(c))
			return false;
	}
	if (!expect(c, '[') || !read_long(c, &v) || !expect(c, ']') || !skip_spaces(c))
		return false;
	t->cpu = (int)v;
	return true;
}

/* the next token up to a space */
static size_t token(struct cursor *c, const char **tok)
{
	*tok = c->p;
	while (c->p < c->end && *c->p != ' ')
		c->p++;
	return (size_t)(c->p - *tok);
}

/* "digits.digits:" */
static bool is_timestamp(const char *tok, size_t len)
{
	const char *dot;
	size_t i;

	if (len < 4 || tok[len - 1] != ':')
		return false;
	dot = memchr(tok, '.', len - 1);
	if (!dot || dot == tok || dot == tok + len - 2)
		return false;
	for (i = 0; i < len - 1; i++)
		if (!digit(tok[i]) && tok + i != dot)
			return false;
	return true;
}

/* "[flags ]ts: " */
static bool parse_flags_ts(struct cursor *c, struct eh_trace_line *t)
{
	const char *tok;
	size_t len = token(c, &tok);

	t->flags = "";
	t->flags_len = 0;
	if (len == 0 || tok[len - 1] != ':') {
		t->flags = tok;
		t->flags_len = len;
		if (!skip_spaces(c))
			return false;
		len = token(c, &tok);
	}
	if (!is_timestamp(tok, len))
		return false;
	t->ts = tok;
	t->ts_len = len - 1;
	return skip_spaces(c) > 0;	/* the kernel always writes "ts: " */
}

/* older kernels: an "ip: " column ("0: ", "0x0: ") before the event */
static void skip_ip(struct cursor *c)
{
	struct cursor d = *c;
	bool hex = d.end - d.p > 2 && d.p[0] == '0' && d.p[1] == 'x';

	if (hex)
		d.p += 2;
	while (d.p < d.end && (digit(*d.p) || (hex && *d.p >= 'a' && *d.p <= 'f')))
		d.p++;
	if (d.p > c->p && d.end - d.p >= 2 && d.p[0] == ':' && d.p[1] == ' ')
		c->p = d.p + 2;
}

/* "event: message"; a line without an event name is all message */
static void parse_event(struct cursor *c, struct eh_trace_line *t)
{
	const char *colon = memchr(c->p, ':', (size_t)(c->end - c->p)), *q;
	bool ident = colon && colon > c->p && colon + 1 < c->end && colon[1] == ' ';

	for (q = c->p; ident && q < colon; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		      digit(*q) || *q == '_'))
			ident = false;
	t->event = "";
	t->event_len = 0;
	if (ident) {
		t->event = c->p;
		t->event_len = (size_t)(colon - c->p);
		c->p = colon + 2;
	}
	t->msg = c->p;
	t->msg_len = (size_t)(c->end - c->p);
}

/* "-pid [ (tgid)] [cpu] [flags ]ts: rest" starting at the '-' */
static bool parse_after_dash(struct cursor c, struct eh_trace_line *t)
{
	if (!parse_ids(&c, t) || !parse_flags_ts(&c, t))
		return false;
	skip_ip(&c);
	parse_event(&c, t);
	return true;
}

#define KERNEL_TASK_COLUMNS 16

static bool task_at(const char *line, const char *dash, const char *end,
		    struct eh_trace_line *out)
{
	struct cursor c = { dash, end };
	const char *start = line;

	if (!parse_after_dash(c, out))
		return false;
	while (start < dash && *start == ' ')
		start++;
	out->task = start;
	out->task_len = (size_t)(dash - start);
	return true;
}

bool eh_trace_line_parse(const char *line, size_t len, struct eh_trace_line *out)
{
	const char *start = line, *end = line + len, *dash;
	bool found = false;

	if (len > KERNEL_TASK_COLUMNS && line[KERNEL_TASK_COLUMNS] == '-' &&
	    task_at(line, line + KERNEL_TASK_COLUMNS, end, out))
		return true;
	while (start < end && *start == ' ')
		start++;
	for (dash = start; dash < end; dash++) {
		struct eh_trace_line t;
		struct cursor c = { dash, end };

		if (*dash != '-')
			continue;
		if ((size_t)(dash - start) > TASK_COMM_MAX)
			break;
		if (!parse_after_dash(c, &t))
			continue;
		t.task = start;
		t.task_len = (size_t)(dash - start);
		*out = t;
		found = true;
	}
	return found;
}

int64_t eh_trace_ts_ns(const char *ts, size_t n)
{
	int64_t secs = 0, frac = 0, scale = 1000000000;
	size_t i = 0;

	for (; i < n && ts[i] != '.'; i++)
		secs = secs * 10 + (ts[i] - '0');
	for (i++; i < n && scale > 1; i++) {
		scale /= 10;
		frac += (ts[i] - '0') * scale;
	}
	return secs * 1000000000 + frac;
}
