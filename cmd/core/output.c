// SPDX-License-Identifier: MIT
/* Text/NDJSON output; see include/ebpfhello/output.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ebpfhello/escape.h>
#include <ebpfhello/output.h>

/* Text formats come from the callers' string literals, one value each. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#define MAX_DEPTH 8

static struct {
	FILE *f;
	bool json;
	int depth;
	bool first[MAX_DEPTH];	/* no member written yet at this depth */
	bool wrote;		/* text: something printed since out_begin() */
	char *esc;		/* scratch for text escaping */
	size_t esc_cap;
} O = { .f = NULL };

void out_init(FILE *f, bool json)
{
	O.f = f;
	O.json = json;
	O.depth = 0;
}

bool out_is_json(void)
{
	return O.json;
}

/* JSON: the separator and "key": before a member */
static void json_key(const char *key)
{
	if (!O.first[O.depth])
		putc_unlocked(',', O.f);
	O.first[O.depth] = false;
	if (key) {
		eh_json_string(O.f, key, strlen(key));
		putc_unlocked(':', O.f);
	}
}

void out_begin(const char *type)
{
	O.depth = 0;
	O.first[0] = true;
	O.wrote = false;
	if (!O.json)
		return;
	putc_unlocked('{', O.f);
	out_str("type", NULL, type);
}

void out_end(void)
{
	if (O.json) {
		while (O.depth > 0)
			out_close();
		putc_unlocked('}', O.f);
		putc_unlocked('\n', O.f);
	} else if (O.wrote) {
		putc_unlocked('\n', O.f);
	}
}

/* The closing bracket depends on what was opened; remembered per depth. */
static char closer[MAX_DEPTH];

static void open_container(const char *key, char c)
{
	if (!O.json)
		return;
	json_key(key);
	putc_unlocked(c, O.f);
	if (O.depth + 1 < MAX_DEPTH)
		O.depth++;
	O.first[O.depth] = true;
	closer[O.depth] = c == '{' ? '}' : ']';
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
	putc_unlocked(closer[O.depth], O.f);
	O.depth--;
}

static const char *text_escaped(const char *s, size_t n)
{
	size_t need = n * 4 + 1;

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

void out_strn(const char *key, const char *fmt, const char *s, size_t n)
{
	n = strnlen(s, n);
	if (O.json) {
		json_key(key);
		eh_json_string(O.f, s, n);
	} else if (fmt) {
		fprintf(O.f, fmt, text_escaped(s, n));
		O.wrote = true;
	}
}

void out_str(const char *key, const char *fmt, const char *s)
{
	out_strn(key, fmt, s ? s : "", s ? strlen(s) : 0);
}

void out_u64(const char *key, const char *fmt, uint64_t v)
{
	if (O.json) {
		json_key(key);
		fprintf(O.f, "%llu", (unsigned long long)v);
	} else if (fmt) {
		fprintf(O.f, fmt, (unsigned long long)v);
		O.wrote = true;
	}
}

void out_s64(const char *key, const char *fmt, int64_t v)
{
	if (O.json) {
		json_key(key);
		fprintf(O.f, "%lld", (long long)v);
	} else if (fmt) {
		fprintf(O.f, fmt, (long long)v);
		O.wrote = true;
	}
}

void out_f64(const char *key, const char *fmt, double v)
{
	if (O.json) {
		json_key(key);
		if (isfinite(v))
			fprintf(O.f, "%.6f", v);
		else
			fputs_unlocked("null", O.f);
	} else if (fmt) {
		fprintf(O.f, fmt, v);
		O.wrote = true;
	}
}

void out_bool(const char *key, const char *fmt, bool v)
{
	if (O.json) {
		json_key(key);
		fputs_unlocked(v ? "true" : "false", O.f);
	} else if (fmt) {
		fprintf(O.f, fmt, v ? "yes" : "no");
		O.wrote = true;
	}
}

void out_number_text(const char *key, const char *fmt, const char *digits, size_t n)
{
	if (O.json) {
		json_key(key);
		fwrite_unlocked(digits, 1, n, O.f);
	} else if (fmt) {
		fprintf(O.f, fmt, (int)n, digits);
		O.wrote = true;
	}
}

void out_walltime(const char *key, int64_t wall_ns)
{
	time_t secs = (time_t)(wall_ns / 1000000000);
	struct tm tm;
	char hms[16];

	if (O.json) {
		json_key(key);
		fprintf(O.f, "%lld.%06lld", (long long)(wall_ns / 1000000000),
			(long long)(wall_ns % 1000000000 / 1000));
		return;
	}
	localtime_r(&secs, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	fprintf(O.f, "%s.%03d ", hms, (int)(wall_ns % 1000000000 / 1000000));
	O.wrote = true;
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (O.json)
		return;
	va_start(ap, fmt);
	vfprintf(O.f, fmt, ap);
	va_end(ap);
	O.wrote = true;
}

int out_flush(void)
{
	if (fflush(O.f) == 0 && !ferror(O.f))
		return 0;
	return errno == EPIPE ? -EPIPE : -(errno ? errno : EIO);
}
