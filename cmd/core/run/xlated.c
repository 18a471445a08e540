// SPDX-License-Identifier: MIT
/* Loaded programs as the kernel translated them; see
 * include/ebpfhello/run/xlated.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/host/kallsyms.h>
#include <ebpfhello/load/inspect.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/run/xlated.h>
#include <ebpfhello/show/insn.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

static bool asked;

void eh_xlated_instead(void)
{
	asked = true;
}

bool eh_xlated_asked(void)
{
	return asked;
}

#define MAX_MAPS	32
#define MAX_HELPERS	64

struct names {
	struct { uint32_t id; const char *name; } maps[MAX_MAPS];
	int nr_maps;
	int32_t imm[MAX_HELPERS];
	char helper[MAX_HELPERS][EH_KSYM_LEN];
	int nr_helpers;
};

static const char *helper_name(void *ctx, int32_t imm)
{
	struct names *n = ctx;
	int i;

	for (i = 0; i < n->nr_helpers; i++)
		if (n->imm[i] == imm && n->helper[i][0])
			return n->helper[i];
	/* a tail call is no function: the kernel hands it back as its helper id */
	return imm == BPF_FUNC_tail_call ? "bpf_tail_call" : NULL;
}

static const char *map_name(void *ctx, uint32_t id)
{
	struct names *n = ctx;
	int i;

	for (i = 0; i < n->nr_maps; i++)
		if (n->maps[i].id == id)
			return n->maps[i].name;
	return NULL;
}

static void map_names(struct names *n, struct bpf_object *obj)
{
	struct eh_map_facts f;
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj) {
		if (n->nr_maps == MAX_MAPS || bpf_map__fd(m) < 0 || eh_map_facts(bpf_map__fd(m), NULL, &f))
			continue;
		n->maps[n->nr_maps].id = f.id;
		n->maps[n->nr_maps++].name = bpf_map__name(m);
	}
}

/* the helpers a program calls, named from kallsyms (all unnamed if the
 * kernel hides its addresses from us) */
static void helper_names(struct names *n, const struct bpf_insn *insns, size_t count)
{
	uint64_t base, addrs[MAX_HELPERS];
	size_t i;
	int j;

	n->nr_helpers = 0;
	for (i = 0; i < count; i++) {
		if (insns[i].code != (BPF_JMP | BPF_CALL) || insns[i].src_reg)
			continue;
		for (j = 0; j < n->nr_helpers && n->imm[j] != insns[i].imm; j++)
			;
		if (j == n->nr_helpers && n->nr_helpers < MAX_HELPERS)
			n->imm[n->nr_helpers++] = insns[i].imm;
	}
	if (!n->nr_helpers || eh_ksym_addr("__bpf_call_base", &base)) {
		memset(n->helper, 0, sizeof(n->helper));
		return;
	}
	for (j = 0; j < n->nr_helpers; j++)
		addrs[j] = base + (uint64_t)(int64_t)n->imm[j];
	if (eh_ksym_names(addrs, (size_t)n->nr_helpers, n->helper))
		memset(n->helper, 0, sizeof(n->helper));
}

/* where a line comes from, shortly: "bpf/tail.bpf.c", "include/bpf/bpf_helpers.h" */
static const char *short_path(const char *path)
{
	const char *p = strstr(path, "/include/"), *q;

	if (p) {
		while ((q = strstr(p + 1, "/include/")))
			p = q;
		return p + 1;
	}
	for (p = NULL, q = path; (q = strstr(q, "/bpf/")); q++)
		p = q;
	if (p)
		return p + 1;
	q = strrchr(path, '/');
	return q ? q + 1 : path;
}

/* the source line a run of instructions comes from: text "; line  [file:N]",
 * JSON "source": {file, line, col, text} of the instruction it starts at */
static void source_line(const struct btf *btf, const struct bpf_line_info *l,
			const struct bpf_line_info *prev)
{
	const char *text = btf ? btf__name_by_offset(btf, l->line_off) : NULL;
	const char *file = btf ? btf__name_by_offset(btf, l->file_name_off) : NULL;
	char shown[512], *p;

	if (!text)
		return;
	/* text: a line split over several runs (its columns) is said once in a row */
	if (!out_is_json() && prev && prev->file_name_off == l->file_name_off &&
	    BPF_LINE_INFO_LINE_NUM(prev->line_col) == BPF_LINE_INFO_LINE_NUM(l->line_col))
		return;
	while (*text == ' ' || *text == '\t')
		text++;
	file = short_path(file ? file : "?");
	out_open_object("source");
	out_json_str("file", file);
	out_json_u64("line", BPF_LINE_INFO_LINE_NUM(l->line_col));
	out_json_u64("col", BPF_LINE_INFO_LINE_COL(l->line_col));
	out_json_str("text", text);
	if (!out_is_json()) {
		/* a tab inside the line (before a comment) as a space, not "\t" */
		snprintf(shown, sizeof(shown), "%s", text);
		for (p = shown; (p = strchr(p, '\t')); )
			*p = ' ';
		out_str(NULL, "; %s", shown);
		out_str(NULL, "  [%s", file);
	}
	out_text(":%u]\n", BPF_LINE_INFO_LINE_NUM(l->line_col));
	out_close();
}

struct dump {
	struct bpf_prog_info info;
	struct bpf_insn *insns;
	unsigned char *lines;		/* line_info_rec_size each */
	struct btf *btf;
};

/* the program's translated instructions and line info, in d */
static int fetch(int fd, struct dump *d)
{
	struct bpf_prog_info first = { 0 };
	__u32 len = sizeof(first);

	if (bpf_obj_get_info_by_fd(fd, &first, &len))
		return -errno;
	if (!first.xlated_prog_len)
		return -EPERM;		/* the kernel shows them to CAP_BPF only */
	d->insns = malloc(first.xlated_prog_len);
	d->lines = calloc(first.nr_line_info ? first.nr_line_info : 1, first.line_info_rec_size ?
			  first.line_info_rec_size : sizeof(struct bpf_line_info));
	if (!d->insns || !d->lines)
		return -ENOMEM;
	memset(&d->info, 0, sizeof(d->info));
	d->info.xlated_prog_len = first.xlated_prog_len;
	d->info.xlated_prog_insns = (__u64)(unsigned long)d->insns;
	d->info.nr_line_info = first.nr_line_info;
	d->info.line_info_rec_size = first.line_info_rec_size;
	d->info.line_info = (__u64)(unsigned long)d->lines;
	len = sizeof(d->info);
	if (bpf_obj_get_info_by_fd(fd, &d->info, &len))
		return -errno;
	if (first.btf_id)
		d->btf = btf__load_from_kernel_by_id(first.btf_id);
	return 0;
}

static void print_prog(const struct dump *d, const char *name, struct names *n)
{
	struct eh_insn_names cb = { helper_name, map_name, n };
	size_t count = d->info.xlated_prog_len / sizeof(struct bpf_insn), i, li = 0;
	const struct bpf_line_info *l, *prev = NULL;
	char text[192];

	helper_names(n, d->insns, count);
	out_begin("xlated");
	out_str("name", "%s", name);
	out_u64("id", " (id %llu,", d->info.id);
	out_str("prog_type", " %s):", libbpf_bpf_prog_type_str(d->info.type));
	out_u64("insns_count", " %llu instructions as the kernel translated them\n", count);
	out_json_u64("line_info_count", d->info.nr_line_info);
	out_open_array("insns");
	for (i = 0; i < count;) {
		out_open_object(NULL);
		for (; li < d->info.nr_line_info; li++) {
			l = (const void *)(d->lines + li * d->info.line_info_rec_size);
			if (l->insn_off > i)
				break;
			if (l->insn_off == i) {
				source_line(d->btf, l, prev);
				prev = l;
			}
		}
		eh_insn_text(&d->insns[i], count - i, &cb, text, sizeof(text));
		out_u64("off", "%5llu:", i);
		out_u64("code", " (%02llx)", d->insns[i].code);
		out_str("text", " %s\n", text);
		out_close();
		i += d->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
	}
	out_close();
	if (!d->info.nr_line_info)
		out_text("(no line info: the kernel kept none for this program)\n");
	out_end();
}

int eh_xlated_print(const struct eh_session *s)
{
	struct names n = { 0 };
	struct bpf_program *p;
	struct dump d;
	int err = 0;

	map_names(&n, s->obj);
	bpf_object__for_each_program(p, s->obj) {
		if (bpf_program__fd(p) < 0)
			continue;
		memset(&d, 0, sizeof(d));
		err = fetch(bpf_program__fd(p), &d);
		if (err)
			eh_error("cannot read program %s as translated: %s", bpf_program__name(p),
				 strerror(-err));
		else
			print_prog(&d, bpf_program__name(p), &n);
		free(d.insns);
		free(d.lines);
		btf__free(d.btf);
		if (err)
			break;
	}
	out_flush();
	return err;
}
