// SPDX-License-Identifier: MIT
/*
 * count-syscall's tables: the counts, --errors and --latency, from what the
 * sampler read (keys as include/ebpfhello/count_syscall.h lays them out),
 * and --list's syscall table.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include <ebpfhello/cli/opts.h>
#include <ebpfhello/host/errnos.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/users.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/show/hist.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/count_syscall.h>

#include "count_syscall_abi.h"
#include "count_syscall_views.h"

/* --by cgroup|unit|container: the text column's width */
#define GROUP_WIDTH	40

static int pid_comm_fd = -1;
static const struct eh_cgroup_keys *groups;

void cs_set_groups(const struct eh_cgroup_keys *g)
{
	groups = g;
}

void cs_set_pid_comm_map(int fd)
{
	pid_comm_fd = fd;
}

/* a live pid's name from /proc; a dead one's as the kernel side last saw it */
void cs_pid_comm(uint32_t pid, char comm[EH_COMM_LEN])
{
	char path[32];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, EH_COMM_LEN - 1);
		close(fd);
	}
	if (n > 0) {
		comm[n] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		return;
	}
	memset(comm, 0, EH_COMM_LEN);
	if (bpf_map_lookup_elem(pid_comm_fd, &pid, comm))
		comm[0] = '\0';
	comm[EH_COMM_LEN - 1] = '\0';
}

static void print_key(enum eh_count_by by, const struct eh_count *c)
{
	char comm[EH_COMM_LEN];
	const char *name;

	switch (by) {
	case EH_BY_SYSCALL:
		cs_print_syscall((uint32_t)c->key);
		return;
	case EH_BY_UID:
		name = eh_user_name((uint32_t)c->key);
		out_u64("uid", "%-10llu ", c->key);
		if (name)
			out_str("user", "%-16s ", name);
		else
			out_text("%-16s ", "-");
		return;
	case EH_BY_PID:
		cs_pid_comm((uint32_t)c->key, comm);
		out_u64("pid", "%-10llu ", c->key);
		out_str("comm", "%-16s ", comm);
		return;
	case EH_BY_COMM:
		out_strn("comm", "%-16s ", c->name, sizeof(c->name));
		return;
	case EH_BY_CGROUP:
		eh_cgroup_keys_out(groups, c->key, GROUP_WIDTH);
		out_text(" ");
		return;
	}
}

static const char *key_header(enum eh_count_by by)
{
	static char header[64];

	switch (by) {
	case EH_BY_SYSCALL:
		return "SYSCALL                ";
	case EH_BY_UID:
		return "UID        USER             ";
	case EH_BY_PID:
		return "PID        COMM             ";
	case EH_BY_CGROUP:
		snprintf(header, sizeof(header), "%-*s ", GROUP_WIDTH, eh_cgroup_keys_column(groups));
		return header;
	default:
		return "COMM             ";
	}
}

void cs_show_counts(const struct eh_counts *c, enum eh_count_by by, uint64_t top,
		    struct eh_counts *scratch, bool failed)
{
	size_t i, n;

	/* sorting by value reorders a copy: the sampler keeps key order */
	eh_counts_copy(scratch, c);
	eh_counts_sort_value(scratch);
	n = top && top < scratch->n ? top : scratch->n;
	out_u64("total", ": %llu", eh_counts_total(c));
	out_text(" %s", failed ? "failed calls" : "syscalls");
	out_u64("keys", ", %llu keys", c->n);
	out_text("\n%s%12s\n", key_header(by), "COUNT");
	out_open_array("counts");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		print_key(by, &scratch->v[i]);
		out_u64("count", "%12llu\n", scratch->v[i].value);
		out_close();
	}
	out_close();
}

static void print_errno(uint32_t nr)
{
	const char *name = eh_errno_name((long)nr);
	char num[24];

	out_json_u64("errno_id", nr);
	if (name) {
		out_str("errno", "%-16s ", name);
	} else {
		snprintf(num, sizeof(num), "%u", nr);
		out_text("%-16s ", num);
	}
}

void cs_show_errors(const struct eh_counts *c, uint64_t top, struct eh_counts *scratch)
{
	size_t i, n;

	eh_counts_copy(scratch, c);
	eh_counts_sort_value(scratch);
	n = top && top < scratch->n ? top : scratch->n;
	out_u64("total", ": %llu failed calls", eh_counts_total(c));
	out_u64("keys", ", %llu keys", c->n);
	out_text("\n%-22s %-16s %12s\n", "SYSCALL", "ERRNO", "COUNT");
	out_open_array("counts");
	for (i = 0; i < n; i++) {
		uint32_t key = (uint32_t)scratch->v[i].key;

		out_open_object(NULL);
		cs_print_syscall(EH_ERR_SLOT(key));
		print_errno(EH_ERR_ERRNO(key));
		out_u64("count", "%12llu\n", scratch->v[i].value);
		out_close();
	}
	out_close();
}

struct lat_row {
	uint32_t slot;
	uint64_t calls, ns;
};

static int by_time(const void *pa, const void *pb)
{
	const struct lat_row *a = pa, *b = pb;

	if (a->ns != b->ns)
		return a->ns > b->ns ? -1 : 1;
	return (a->slot > b->slot) - (a->slot < b->slot);
}

/* c (sorted by key) as rows: count and ns are neighbours, 2 * slot (+ 1) */
static size_t lat_rows(const struct eh_counts *c, struct lat_row *rows)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		uint32_t slot = (uint32_t)(c->v[i].key / 2);

		if (!n || rows[n - 1].slot != slot)
			rows[n++] = (struct lat_row){ .slot = slot };
		if (c->v[i].key == EH_LAT_COUNT(slot))
			rows[n - 1].calls = c->v[i].value;
		else
			rows[n - 1].ns = c->v[i].value;
	}
	return n;
}

static void row_hist(const struct eh_counts *hist, uint32_t slot)
{
	uint64_t b[EH_HIST_SLOTS] = { 0 };
	size_t i;

	for (i = 0; i < hist->n; i++)
		if ((uint32_t)hist->v[i].key >> 6 == slot)
			b[hist->v[i].key & 63] += hist->v[i].value;
	eh_hist_json("histogram", b, "from_ns", "to_ns");
	eh_hist_text(b, "ns");
}

void cs_show_latency(const struct eh_counts *c, const struct eh_counts *hist, uint64_t top)
{
	struct lat_row *rows = calloc(c->n + 1, sizeof(*rows));
	uint64_t calls = 0;
	double avg;
	size_t i, n;

	n = rows ? lat_rows(c, rows) : 0;
	for (i = 0; i < n; i++)
		calls += rows[i].calls;
	qsort(rows, n, sizeof(*rows), by_time);
	out_u64("total", ": %llu calls", calls);
	out_u64("keys", ", %llu keys", n);
	out_text("\n%-22s %12s %14s %14s\n", "SYSCALL", "COUNT", "TOTAL ms", "AVG us");
	out_open_array("counts");
	for (i = 0; i < n && (!top || i < top); i++) {
		out_open_object(NULL);
		cs_print_syscall(rows[i].slot);
		out_u64("count", "%12llu ", rows[i].calls);
		out_json_u64("total_ns", rows[i].ns);
		out_text("%14.3f ", (double)rows[i].ns / 1e6);
		avg = rows[i].calls ? (double)rows[i].ns / (double)rows[i].calls : 0;
		out_json_f64("avg_ns", avg);
		out_text("%14.3f\n", avg / 1e3);
		if (hist)
			row_hist(hist, rows[i].slot);
		out_close();
	}
	out_close();
	free(rows);
}

uint64_t cs_count_keys(int map_fd, size_t key_size)
{
	char key[64], next[64];
	void *prev = NULL;
	uint64_t n = 0;

	if (key_size > sizeof(key))
		return 0;
	while (bpf_map_get_next_key(map_fd, prev, next) == 0 && n < UINT32_MAX) {
		memcpy(key, next, key_size);
		prev = key;
		n++;
	}
	return n;
}

/* --list: this build's syscall table */
int cs_list_syscalls(void)
{
	size_t i;

	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	out_text("%5s %s\n", "ID", "SYSCALL");
	for (i = 0; i < eh_syscall_count(); i++) {
		const struct eh_syscall *s = eh_syscall_at(i);

		out_begin("syscall");
		out_s64("syscall_id", "%5lld ", s->nr);
		out_str("syscall", "%s", s->name);
		out_json_str("arch", eh_syscall_arch());
		out_end();
	}
	out_flush();
	return out_error() ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}
