// SPDX-License-Identifier: MIT
/* --explain's start block; see include/ebpfhello/run/explain.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/cli/command.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/run/evbuf.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

#define WIDTH	80

/* ---- writing ------------------------------------------------------------------ */

static bool at_start;		/* nothing written yet in this record */

void eh_explain_begin(struct eh_explain *x, const char *type)
{
	/* text: a note on stderr, as the summary, so --quiet keeps it */
	if (out_is_json())
		out_begin(type);
	else
		out_begin_note(type);
	at_start = true;
}

void eh_explain_end(struct eh_explain *x)
{
	out_end();
	out_flush();
}

/* text: a new line (the record's own end writes the last newline) */
void eh_explain_line(void)
{
	if (!at_start)
		out_text("\n");
	at_start = false;
}

void eh_explain_folded(const char *key, const char *label, const char *text)
{
	size_t indent = strlen(label), col = indent, n;
	bool fresh = true;

	if (out_is_json()) {
		if (key)
			out_json_str(key, text);
		return;
	}
	eh_explain_line();
	out_text("%s", label);
	while (*text) {
		while (*text == ' ')
			text++;
		n = strcspn(text, " ");
		if (!n)
			break;
		if (!fresh && col + 1 + n > WIDTH) {
			eh_explain_line();
			out_text("%*s", (int)indent, "");
			col = indent;
			fresh = true;
		}
		if (!fresh) {
			out_text(" ");
			col++;
		}
		out_strn(NULL, "%s", text, n);
		col += n;
		text += n;
		fresh = false;
	}
}

/* ---- what the kernel says ------------------------------------------------------- */

int eh_explain_new(struct eh_explain **xp)
{
	struct eh_explain *x = calloc(1, sizeof(*x));

	if (!x) {
		eh_error("--explain: %s", strerror(ENOMEM));
		return -ENOMEM;
	}
	x->sysctl = eh_stats_sysctl();
	/* before attaching, so that the programs' first runs are counted */
	x->stats_fd = eh_stats_enable();
	*xp = x;
	return 0;
}

void eh_explain_free(struct eh_explain *x)
{
	if (!x)
		return;
	if (x->stats_fd >= 0)
		close(x->stats_fd);
	free(x);
}

/* what the book says of a map or program, or what every object has */
static const char *meaning(const struct eh_book *book, const char *name, bool *key_is_syscall)
{
	const struct eh_book_entry *e = eh_book_find(book, name);
	const char *dot = strrchr(name, '.');

	if (e) {
		if (key_is_syscall)
			*key_is_syscall = e->key_is_syscall;
		return e->meaning;
	}
	/* bpf/common.bpf.h's and cgroup_names.bpf.h's, in more than one object */
	if (!strcmp(name, "eh_cgroup"))
		return "not in the book: --cgroup, --unit or --container's cgroup (v2), "
		       "which bpf_current_task_under_cgroup() checks each task against; "
		       "empty and unread without those options";
	if (!strcmp(name, "eh_cgroup_names"))
		return "not in the book: each cgroup id's path (its kernfs names up to the "
		       "root), noted by the program at the id's first count, so that a "
		       "cgroup gone by the time user space reads it is still named; LRU: "
		       "the least recently used id goes when it is full";
	if (!strcmp(name, "eh_cgroup_names_scratch"))
		return "not in the book: eh_cgroup_names' value being filled, per CPU (too "
		       "big for the 512-byte BPF stack)";
	if (dot && !strcmp(dot, ".rodata"))
		return "the settings user space wrote before loading (eh_cfg's filters, the "
		       "command's constants): the verifier sees them as constants and drops "
		       "the code they turn off; BCC compiled such values into the C source "
		       "instead";
	if (dot && !strcmp(dot, ".bss"))
		return "the programs' global variables: counters such as eh_lost (records "
		       "that found no room), which user space reads through mmap, without "
		       "a syscall";
	return NULL;
}

static void collect_progs(struct eh_explain *x, struct bpf_object *obj)
{
	struct eh_explain_prog *xp;
	struct bpf_program *p;
	int i, err;

	bpf_object__for_each_program(p, obj) {
		if (bpf_program__fd(p) < 0 || x->nr_progs == EH_EXPLAIN_MAX_PROGS)
			continue;	/* not loaded: another mode's */
		xp = &x->progs[x->nr_progs];
		xp->name = bpf_program__name(p);
		xp->section = bpf_program__section_name(p);
		xp->book = meaning(x->book, xp->name, NULL);
		xp->fd = bpf_program__fd(p);
		err = eh_prog_facts(xp->fd, &xp->f);
		if (err) {
			/* not shown as if it were empty: said, and left out */
			eh_warn("--explain: cannot read program %s from the kernel: %s", xp->name,
				strerror(-err));
			continue;
		}
		for (i = 0; i < x->nr_links; i++)
			xp->attached |= x->links[i].prog_id == xp->f.id;
		xp->tail_target = !strcmp(xp->section, EH_SEC_TAIL_TARGET);
		/* statistics were on before it loaded: its every run counts */
		xp->cnt = 0;
		xp->ns = 0;
		x->nr_progs++;
	}
}

/* a map of maps' slots name the inner maps by id: those are used too */
static void mark_inner(struct eh_explain *x, const struct eh_explain_map *outer)
{
	int64_t id;
	uint32_t i;
	int j;

	for (i = 0; i < outer->f.max_entries && i < 64; i++) {
		id = eh_map_slot_id(outer->fd, i);
		for (j = 0; id > 0 && j < x->nr_maps; j++)
			x->maps[j].used |= x->maps[j].f.id == (uint32_t)id;
	}
}

static void collect_maps(struct eh_explain *x, struct bpf_object *obj)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct eh_explain_map *xm;
	struct bpf_map *m;
	uint32_t k;
	int i, err;

	bpf_object__for_each_map(m, obj) {
		if (bpf_map__fd(m) < 0 || x->nr_maps == EH_EXPLAIN_MAX_MAPS)
			continue;
		xm = &x->maps[x->nr_maps];
		xm->name = bpf_map__name(m);
		xm->book = meaning(x->book, xm->name, &xm->key_is_syscall);
		xm->fd = bpf_map__fd(m);
		err = eh_map_facts(xm->fd, btf, &xm->f);
		if (err) {
			eh_warn("--explain: cannot read map %s from the kernel: %s", xm->name,
				strerror(-err));
			continue;
		}
		for (i = 0; i < x->nr_progs; i++)
			for (k = 0; k < x->progs[i].f.nr_map_ids; k++)
				xm->used |= x->progs[i].f.map_ids[k] == xm->f.id;
		x->nr_maps++;
	}
	for (i = 0; i < x->nr_maps; i++)
		if (x->maps[i].f.type_nr == BPF_MAP_TYPE_ARRAY_OF_MAPS && x->maps[i].used)
			mark_inner(x, &x->maps[i]);
}

int eh_explain_collect(struct eh_explain *x, const struct eh_session *s,
		       const struct eh_book *book, eh_own_runs_fn own_runs,
		       const uint64_t *lines)
{
	int i;

	x->s = s;
	x->book = book;
	x->own_runs = own_runs;
	x->lines = lines;
	for (i = 0; i < s->a.nr_links; i++) {
		if (eh_link_facts(s->a.links[i], &x->links[x->nr_links]))
			x->perf_links++;
		else
			x->nr_links++;
	}
	collect_progs(x, s->obj);
	collect_maps(x, s->obj);
	x->started = x->last = eh_now();
	return 0;
}

const char *eh_explain_prog_name(const struct eh_explain *x, uint32_t id)
{
	int i;

	for (i = 0; i < x->nr_progs; i++)
		if (x->progs[i].f.id == id)
			return x->progs[i].name;
	return NULL;
}

const char *eh_explain_map_name(const struct eh_explain *x, uint32_t id)
{
	int i;

	for (i = 0; i < x->nr_maps; i++)
		if (x->maps[i].f.id == id)
			return x->maps[i].name;
	return NULL;
}

size_t eh_explain_list(char *buf, size_t len, size_t o, const char *name)
{
	int n;

	if (o + 1 >= len)
		return o;
	n = snprintf(buf + o, len - o, "%s%s", o ? ", " : "", name);
	return n < 0 || o + (size_t)n >= len ? len - 1 : o + (size_t)n;
}
