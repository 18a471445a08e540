// SPDX-License-Identifier: MIT
/* Text/NDJSON output; see include/ebpfhello/show/output.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/base/decimal.h>
#include <ebpfhello/base/escape.h>
#include <ebpfhello/show/outfile.h>
#include <ebpfhello/show/output.h>

#define MAX_DEPTH 8

static struct {
	FILE *f;		/* stdout, or stderr for a text note */
	FILE *data;		/* stdout */
	bool json;
	bool iso_time;
	bool seq;		/* --output: records carry "seq" (outfile.h) */
	bool declaring;		/* a gap's record, before the record that begins */
	int depth;
	bool first[MAX_DEPTH];	/* no member written yet at this depth */
	char closer[MAX_DEPTH];	/* '}' or ']' for what was opened there */
	bool wrote;		/* text: something printed since out_begin() */
	char *esc;		/* scratch for text escaping */
	size_t esc_cap;
} O;

void out_init(FILE *f, bool json, bool iso_time)
{
	/* stdout's bytes go through stdout.c's own writer; --output's records
	 * carry sequence numbers */
	O.f = O.data = out_data_stream(f);
	O.seq = f && f == out_file_stream();
	O.json = json;
	O.iso_time = iso_time;
	O.depth = 0;
}

int out_discard(void)
{
	FILE *null = out_null_stream();

	if (!null)
		return -errno;
	O.f = O.data = null;
	return 0;
}

bool out_is_json(void)
{
	return O.json;
}

/* ---- JSON structure ---------------------------------------------------------- */

/* the separator and "key": before a member */
static void json_key(const char *key)
{
	if (!O.first[O.depth])
		putc_unlocked(',', O.f);
	O.first[O.depth] = false;
	if (key) {
		eh_json_name(O.f, key);
		putc_unlocked(':', O.f);
	}
}

static void begin(const char *type, int64_t wall_ns, FILE *text_to)
{
	enum eh_gap_kind kind;
	uint64_t first, count;

	/* --output: gaps in the sequence numbers are declared first */
	while (O.seq && O.json && !O.declaring && out_file_gap(&kind, &first, &count)) {
		O.declaring = true;
		begin(kind == EH_GAP_LOST ? "lost" : "unwritten", eh_wall_ns(), O.data);
		O.declaring = false;
		out_json_u64("first_seq", first);
		out_json_u64("count", count);
		out_end();
	}
	O.depth = 0;
	O.first[0] = true;
	O.wrote = false;
	if (!O.json) {
		O.f = text_to;
		return;
	}
	/* before the first byte: the file's batch notes where a record starts */
	first = O.seq ? out_file_begin() : 0;
	O.f = O.data;
	putc_unlocked('{', O.f);
	out_json_str("type", type);
	out_json_time("ts", wall_ns);
	if (O.seq)
		out_json_u64("seq", first);
}

void out_begin(const char *type)
{
	begin(type, eh_wall_ns(), O.data);
}

void out_begin_at(const char *type, int64_t wall_ns)
{
	begin(type, wall_ns, O.data);
}

void out_begin_note(const char *type)
{
	begin(type, eh_wall_ns(), stderr);
}

void out_end(void)
{
	if (O.json) {
		while (O.depth > 0)
			out_close();
		putc_unlocked('}', O.f);
		putc_unlocked('\n', O.f);
		if (O.seq)
			out_file_end();
	} else if (O.wrote) {
		putc_unlocked('\n', O.f);
	}
	O.f = O.data;
}

static void open_container(const char *key, char c)
{
	if (!O.json)
		return;
	json_key(key);
	putc_unlocked(c, O.f);
	if (O.depth + 1 < MAX_DEPTH)
		O.depth++;
	O.first[O.depth] = true;
	O.closer[O.depth] = c == '{' ? '}' : ']';
}

void out_open_object(const char *key)
{
	open_container(key, '{');
}

void out_open_array(const char *key)
{
	open_container(key, '[');
}

void out_close(void)
{
	if (!O.json || O.depth == 0)
		return;
	putc_unlocked(O.closer[O.depth], O.f);
	O.depth--;
}

/* ---- values --------------------------------------------------------------------- */

static const char *text_escaped(const char *s, size_t n)
{
	size_t need = n * 6 + 1;	/* "\u202e" is the longest escape of a byte */

	if (need > O.esc_cap) {
		char *p = realloc(O.esc, need);

		if (!p)
			return "?";
		O.esc = p;
		O.esc_cap = need;
	}
	eh_text_escape(O.esc, O.esc_cap, s, n);
	return O.esc;
}

void out_strn_(const char *key, const char *fmt, const char *s, size_t n)
{
	if (!s)
		s = "";
	n = strnlen(s, n);
	if (O.json) {
		json_key(key);
		eh_json_string(O.f, s, n);
	} else if (fmt) {
		eh_text_one_string(O.f, fmt, text_escaped(s, n));
		O.wrote = true;
	}
}

static void vtext(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static void vtext(const char *fmt, va_list ap)
{
	vfprintf(O.f, fmt, ap);
	O.wrote = true;
}

void out_u64_(const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (O.json)
		out_json_u64(key, va_arg(ap, unsigned long long));
	else if (fmt)
		vtext(fmt, ap);
	va_end(ap);
}

void out_s64_(const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (O.json)
		out_json_s64(key, va_arg(ap, long long));
	else if (fmt)
		vtext(fmt, ap);
	va_end(ap);
}

void out_f64_(const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (O.json)
		out_json_f64(key, va_arg(ap, double));
	else if (fmt)
		vtext(fmt, ap);
	va_end(ap);
}

void out_bool_(const char *key, const char *fmt, bool v)
{
	if (O.json) {
		out_json_bool(key, v);
	} else if (fmt) {
		eh_text_one_string(O.f, fmt, v ? "yes" : "no");
		O.wrote = true;
	}
}

/* JSON only: the separator and the key of a member; false in text mode */
static bool json_member(const char *key)
{
	if (O.json)
		json_key(key);
	return O.json;
}

void out_json_strn(const char *key, const char *s, size_t n)
{
	if (json_member(key))
		eh_json_string(O.f, s, strnlen(s, n));
}

void out_json_str(const char *key, const char *s)
{
	out_json_strn(key, s ? s : "", s ? strlen(s) : 0);
}

void out_json_null(const char *key)
{
	if (json_member(key))
		fputs_unlocked("null", O.f);
}

void out_text_str(const char *s, int width)
{
	char fmt[16];

	if (O.json)
		return;
	snprintf(fmt, sizeof(fmt), width > 0 ? "%%-%ds" : "%%s", width);
	eh_text_one_string(O.f, fmt, text_escaped(s, strlen(s)));
	O.wrote = true;
}

void out_json_members(const char *members, size_t n)
{
	if (n && json_member(NULL))
		fwrite_unlocked(members, 1, n, O.f);
}

void out_json_u64(const char *key, uint64_t v)
{
	char d[EH_DEC_LEN];

	if (json_member(key))
		fwrite_unlocked(d, 1, eh_dec_u64(d, v), O.f);
}

void out_json_s64(const char *key, int64_t v)
{
	char d[EH_DEC_LEN];

	if (json_member(key))
		fwrite_unlocked(d, 1, eh_dec_s64(d, v), O.f);
}

void out_json_f64(const char *key, double v)
{
	if (!json_member(key))
		return;
	if (isfinite(v))
		fprintf(O.f, "%.6f", v);
	else
		fputs_unlocked("null", O.f);
}

void out_json_bool(const char *key, bool v)
{
	if (json_member(key))
		fputs_unlocked(v ? "true" : "false", O.f);
}

void out_json_time(const char *key, int64_t wall_ns)
{
	char iso[48];

	if (!O.json)
		return;
	json_key(key);
	if (O.iso_time) {
		eh_rfc3339(iso, sizeof(iso), wall_ns);
		fprintf(O.f, "\"%s\"", iso);
	} else if (wall_ns >= 0) {	/* seconds.nanoseconds */
		char d[EH_DEC_LEN + 10];
		size_t n = eh_dec_u64(d, (uint64_t)wall_ns / 1000000000);

		d[n++] = '.';
		n += eh_dec_padded(d + n, (uint64_t)wall_ns % 1000000000, 9);
		fwrite_unlocked(d, 1, n, O.f);
	} else {
		fprintf(O.f, "%lld.%09lld", (long long)(wall_ns / 1000000000),
			(long long)(wall_ns % 1000000000));
	}
}

int out_time_width(void)
{
	return O.iso_time ? 30 : 12;	/* "2026-11-22T21:04:05.123456789Z", "21:04:05.123" */
}

void out_text_time(int64_t wall_ns)
{
	time_t secs = (time_t)(wall_ns / 1000000000);
	char buf[48];
	struct tm tm;

	if (O.json)
		return;
	if (O.iso_time) {
		eh_rfc3339(buf, sizeof(buf), wall_ns);
		fprintf(O.f, "%s ", buf);
	} else {
		localtime_r(&secs, &tm);
		strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
		fprintf(O.f, "%s.%03d ", buf, (int)(wall_ns % 1000000000 / 1000000));
	}
	O.wrote = true;
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (O.json)
		return;
	va_start(ap, fmt);
	vtext(fmt, ap);
	va_end(ap);
}

