// SPDX-License-Identifier: MIT
/* Counter snapshots; see include/ebpfhello/base/counts.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/counts.h>

void eh_counts_reset(struct eh_counts *c)
{
	c->n = 0;
}

void eh_counts_free(struct eh_counts *c)
{
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

int eh_counts_add(struct eh_counts *c, uint64_t key, const char *name, uint64_t value)
{
	struct eh_count *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct eh_count *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	e = &c->v[c->n++];
	e->key = key;
	memset(e->name, 0, sizeof(e->name));
	if (name)
		memcpy(e->name, name, strnlen(name, sizeof(e->name) - 1));
	e->value = value;
	return 0;
}

static int cmp_key(const struct eh_count *a, const struct eh_count *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return strncmp(a->name, b->name, sizeof(a->name));
}

static int qsort_key(const void *a, const void *b)
{
	return cmp_key(a, b);
}

static int qsort_value(const void *pa, const void *pb)
{
	const struct eh_count *a = pa, *b = pb;

	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return cmp_key(a, b);
}

void eh_counts_sort_key(struct eh_counts *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof(c->v[0]), qsort_key);
}

void eh_counts_merge(struct eh_counts *c)
{
	size_t i, o = 0;

	eh_counts_sort_key(c);
	for (i = 0; i < c->n; i++) {
		if (o && cmp_key(&c->v[o - 1], &c->v[i]) == 0)
			c->v[o - 1].value += c->v[i].value;
		else
			c->v[o++] = c->v[i];
	}
	c->n = o;
}

void eh_counts_sort_value(struct eh_counts *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof(c->v[0]), qsort_value);
}

int eh_counts_delta(const struct eh_counts *cur, const struct eh_counts *prev,
		    struct eh_counts *out)
{
	size_t i = 0, j = 0;

	eh_counts_reset(out);
	for (i = 0; i < cur->n; i++) {
		const struct eh_count *e = &cur->v[i];
		uint64_t base = 0;

		while (j < prev->n && cmp_key(&prev->v[j], e) < 0)
			j++;
		if (j < prev->n && cmp_key(&prev->v[j], e) == 0)
			base = prev->v[j].value;
		/* a key deleted and re-created counts again from zero */
		if (e->value < base)
			base = 0;
		if (e->value == base)
			continue;
		if (eh_counts_add(out, e->key, e->name, e->value - base))
			return -ENOMEM;
	}
	return 0;
}

int eh_counts_copy(struct eh_counts *dst, const struct eh_counts *src)
{
	size_t i;

	eh_counts_reset(dst);
	for (i = 0; i < src->n; i++)
		if (eh_counts_add(dst, src->v[i].key, src->v[i].name, src->v[i].value))
			return -ENOMEM;
	return 0;
}

uint64_t eh_counts_total(const struct eh_counts *c)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		t += c->v[i].value;
	return t;
}

bool eh_counts_has(const struct eh_counts *c, uint64_t key, const char *name)
{
	struct eh_count probe = { .key = key };

	if (name)
		memcpy(probe.name, name, strnlen(name, sizeof(probe.name) - 1));
	return c->n && bsearch(&probe, c->v, c->n, sizeof(c->v[0]), qsort_key);
}
