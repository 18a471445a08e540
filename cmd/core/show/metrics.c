// SPDX-License-Identifier: MIT
/* The Prometheus text format and counter families; see include/ebpfhello/show/metrics.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/show/metrics.h>

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* ---- the exposition ------------------------------------------------------------------ */

void eh_prom_reset(struct eh_prom *p)
{
	p->len = 0;
	p->err = 0;
}

void eh_prom_free(struct eh_prom *p)
{
	free(p->buf);
	memset(p, 0, sizeof(*p));
}

static bool reserve(struct eh_prom *p, size_t more)
{
	size_t cap;
	char *b;

	if (p->err)
		return false;
	if (p->len + more <= p->cap)
		return true;
	for (cap = p->cap ? p->cap : 4096; cap < p->len + more; cap *= 2)
		;
	b = realloc(p->buf, cap);
	if (!b) {
		p->err = -ENOMEM;
		return false;
	}
	p->buf = b;
	p->cap = cap;
	return true;
}

static void put(struct eh_prom *p, const char *s, size_t n)
{
	if (!reserve(p, n))
		return;
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

static void puts_(struct eh_prom *p, const char *s)
{
	put(p, s, strlen(s));
}

static void put_u64(struct eh_prom *p, uint64_t v)
{
	char digits[20], *d = digits + sizeof(digits);

	do {
		*--d = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(p, d, (size_t)(digits + sizeof(digits) - d));
}

/* HELP text escapes backslash and newline; label values the double quote too */
static void put_escaped(struct eh_prom *p, const char *s, bool quote)
{
	const char *run = s;

	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
				  *s == '"' && quote ? "\\\"" : NULL;

		if (!esc)
			continue;
		put(p, run, (size_t)(s - run));
		put(p, esc, 2);
		run = s + 1;
	}
	put(p, run, (size_t)(s - run));
}

size_t eh_prom_clean(char *dst, size_t cap, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, len;

	while (i < n && u[i]) {
		const char *from = s + i;

		len = eh_utf8_len(u + i, n - i);
		if (len == 0 || (len == 1 && (u[i] < 0x20 || u[i] == 0x7f) && u[i] != '\n') ||
		    (len == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0)) {
			from = replacement;	/* invalid, or a control */
			i += len ? len : 1;
			len = sizeof(replacement) - 1;
		} else {
			i += len;
		}
		if (o + len + 1 > cap)
			break;
		memcpy(dst + o, from, len);
		o += len;
	}
	if (cap)
		dst[o] = '\0';
	return o;
}

void eh_prom_family(struct eh_prom *p, const char *name, const char *type, const char *help)
{
	puts_(p, "# HELP ");
	puts_(p, name);
	put(p, " ", 1);
	put_escaped(p, help, false);
	puts_(p, "\n# TYPE ");
	puts_(p, name);
	put(p, " ", 1);
	puts_(p, type);
	put(p, "\n", 1);
}

void eh_prom_sample(struct eh_prom *p, const char *name, const struct eh_label *l, size_t nl,
		    uint64_t value)
{
	char clean[EH_LABEL_MAX * 4];
	bool open = false;
	size_t i;

	puts_(p, name);
	for (i = 0; i < nl; i++) {
		if (!l[i].value || !*l[i].value)
			continue;
		put(p, open ? "," : "{", 1);
		open = true;
		puts_(p, l[i].name);
		put(p, "=\"", 2);
		eh_prom_clean(clean, sizeof(clean), l[i].value, strlen(l[i].value));
		put_escaped(p, clean, true);
		put(p, "\"", 1);
	}
	put(p, open ? "} " : " ", open ? 2 : 1);
	put_u64(p, value);
	put(p, "\n", 1);
}

void eh_prom_single(struct eh_prom *p, const char *name, const char *type, const char *help,
		    uint64_t value)
{
	eh_prom_family(p, name, type, help);
	eh_prom_sample(p, name, NULL, 0, value);
}

/* ---- families: the series table ---------------------------------------------------------- */

static uint64_t hash_of(uint64_t key, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ key;	/* FNV-1a over the name */
	size_t i;

	h *= 1099511628211ULL;
	for (i = 0; i < EH_COMM_LEN && name[i]; i++) {
		h ^= (unsigned char)name[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static bool same(const struct eh_series *s, const struct eh_count *c)
{
	return s->key == c->key && !strncmp(s->name, c->name, EH_COMM_LEN);
}

static struct eh_series *find(struct eh_family *f, const struct eh_count *c)
{
	uint32_t i;

	if (!f->nr_buckets)
		return NULL;
	for (i = f->hash[hash_of(c->key, c->name) & (f->nr_buckets - 1)]; i; i = f->s[i - 1].next)
		if (same(&f->s[i - 1], c))
			return &f->s[i - 1];
	return NULL;
}

static void link_series(struct eh_family *f, size_t i)
{
	uint32_t *head = &f->hash[hash_of(f->s[i].key, f->s[i].name) & (f->nr_buckets - 1)];

	f->s[i].next = *head;
	*head = (uint32_t)(i + 1);
}

/* room for one more series: arrays and buckets grow by doubling */
static bool grow(struct eh_family *f)
{
	size_t cap = f->cap ? f->cap * 2 : 64, buckets, i;
	struct eh_series *s;
	uint32_t *order, *hash;

	if (f->n < f->cap)
		return true;
	if (cap > f->max)
		cap = f->max;
	s = realloc(f->s, cap * sizeof(*s));
	if (s)
		f->s = s;
	order = realloc(f->order, cap * sizeof(*order));
	if (order)
		f->order = order;
	for (buckets = 64; buckets < cap * 2; buckets *= 2)
		;
	hash = calloc(buckets, sizeof(*hash));
	if (!s || !order || !hash) {
		free(hash);
		return false;
	}
	free(f->hash);
	f->hash = hash;
	f->nr_buckets = buckets;
	f->cap = cap;
	for (i = 0; i < f->n; i++)
		link_series(f, i);
	return true;
}

/* the series of c's key, made if there is room; NULL: count it in "other" */
static struct eh_series *series_of(struct eh_family *f, const struct eh_count *c)
{
	struct eh_series *s = find(f, c);

	if (s)
		return s;
	if (f->n >= f->max || !grow(f)) {
		f->folded++;
		return NULL;
	}
	s = &f->s[f->n];
	memset(s, 0, sizeof(*s));
	s->key = c->key;
	memcpy(s->name, c->name, EH_COMM_LEN);
	if (f->describe && !f->describe(c, s->value, f->ctx))
		return NULL;	/* the key is "other" by nature: not folded */
	link_series(f, f->n);
	f->n++;
	f->sorted = false;
	return s;
}

void eh_family_begin(struct eh_family *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		f->s[i].live = 0;
	f->other_live = 0;
	f->folded = 0;
}

void eh_family_add(struct eh_family *f, const struct eh_count *c)
{
	struct eh_series *s = series_of(f, c);

	if (s) {
		s->live += c->value;
	} else {
		f->other_live += c->value;
		f->has_other = true;
	}
}

void eh_family_retire(struct eh_family *f, const struct eh_count *c, uint64_t value)
{
	uint64_t folded = f->folded;
	struct eh_series *s = series_of(f, c);

	f->folded = folded;	/* only readings count folded keys */
	if (s) {
		s->retired += value;
	} else {
		f->other_retired += value;
		f->has_other = true;
	}
}

/* ---- families: writing --------------------------------------------------------------- */

static const struct eh_family *sorting;

static int cmp_order(const void *pa, const void *pb)
{
	const struct eh_series *a = &sorting->s[*(const uint32_t *)pa];
	const struct eh_series *b = &sorting->s[*(const uint32_t *)pb];
	int d;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	d = strcmp(a->value[0], b->value[0]);
	return d ? d : strcmp(a->value[1], b->value[1]);
}

static void sort(struct eh_family *f)
{
	size_t i;

	if (f->sorted)
		return;
	for (i = 0; i < f->n; i++)
		f->order[i] = (uint32_t)i;
	sorting = f;
	if (f->n)
		qsort(f->order, f->n, sizeof(f->order[0]), cmp_order);
	sorting = NULL;
	f->sorted = true;
}

static bool same_labels(const struct eh_series *a, const struct eh_series *b)
{
	return !strcmp(a->value[0], b->value[0]) && !strcmp(a->value[1], b->value[1]);
}

void eh_family_write(struct eh_family *f, struct eh_prom *p)
{
	struct eh_label l[2] = { { f->label[0], NULL }, { f->label[1], NULL } };
	size_t nl = f->label[1] ? 2 : 1, i;

	eh_prom_family(p, f->name, "counter", f->help);
	sort(f);
	for (i = 0; i < f->n; i++) {
		const struct eh_series *s = &f->s[f->order[i]];
		uint64_t v = s->retired + s->live;

		/* two names cleaned alike (invalid bytes) are one series */
		while (i + 1 < f->n && same_labels(s, &f->s[f->order[i + 1]])) {
			i++;
			v += f->s[f->order[i]].retired + f->s[f->order[i]].live;
		}
		l[0].value = s->value[0];
		l[1].value = s->value[1];
		eh_prom_sample(p, f->name, l, nl, v);
	}
	if (f->has_other) {
		l[0].value = EH_LABEL_OTHER;
		eh_prom_sample(p, f->name, l, 1, f->other_retired + f->other_live);
	}
}

uint64_t eh_family_total(const struct eh_family *f)
{
	uint64_t t = f->other_retired + f->other_live;
	size_t i;

	for (i = 0; i < f->n; i++)
		t += f->s[i].retired + f->s[i].live;
	return t;
}

void eh_family_free(struct eh_family *f)
{
	free(f->s);
	free(f->hash);
	free(f->order);
	f->s = NULL;
	f->hash = f->order = NULL;
	f->n = f->cap = f->nr_buckets = 0;
}
