// SPDX-License-Identifier: MIT
/*
 * events' lineage: exec ids, ancestors and a process's end
 * (include/ebpfhello/events.h lays the records out, bpf/lineage.bpf.h
 * fills them).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/base/decimal.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

#include "events_lineage.h"

#define BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

/* the boot id's 32 hex digits, without its dashes */
static char boot_id[33];

int ev_lineage_init(void)
{
	char line[64];
	size_t i, n = 0;
	FILE *f = fopen(BOOT_ID_PATH, "re");
	int err;

	if (!f) {
		err = -errno;
		eh_error("cannot read %s (exec ids are made of it): %s", BOOT_ID_PATH,
			 strerror(-err));
		return err;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	for (i = 0; line[i] && n < sizeof(boot_id) - 1; i++)
		if ((line[i] >= '0' && line[i] <= '9') || (line[i] >= 'a' && line[i] <= 'f'))
			boot_id[n++] = line[i];
	boot_id[n] = '\0';
	if (n != sizeof(boot_id) - 1) {
		eh_error("%s does not hold a boot id (32 hex digits)", BOOT_ID_PATH);
		return -EINVAL;
	}
	return 0;
}

/* "<boot id>-<creation ns>-<pid>-<exec nr>": 32 hex digits, three
 * numbers, dashes: nothing to escape in JSON; buf holds EXEC_ID_LEN */
#define EXEC_ID_LEN (sizeof(boot_id) - 1 + 3 * (1 + EH_DEC_LEN))
static size_t exec_id(char *buf, const struct eh_exec_ref *ref, uint32_t pid)
{
	size_t n = sizeof(boot_id) - 1;

	memcpy(buf, boot_id, n);
	buf[n++] = '-';
	n += eh_dec_u64(buf + n, ref->start_ns);
	buf[n++] = '-';
	n += eh_dec_u64(buf + n, pid);
	buf[n++] = '-';
	n += eh_dec_u64(buf + n, ref->nr);
	return n;
}

const char *ev_exec_id(const struct eh_exec_ref *ref, uint32_t pid, char *buf, size_t len)
{
	char id[EXEC_ID_LEN];
	size_t n = ref->nr ? exec_id(id, ref, pid) : 0;

	if (len) {
		n = n < len ? n : len - 1;
		memcpy(buf, id, n);
		buf[n] = '\0';
	}
	return buf;
}

/* "KEY":"<id>" written whole (once per record and per ancestor: no
 * printf, no escaping pass) */
void ev_exec_id_json(const char *key, const struct eh_exec_ref *ref, uint32_t pid)
{
	char m[48 + EXEC_ID_LEN];
	size_t k = strlen(key), n = 0;

	if (!ref->nr) {
		out_json_null(key);
		return;
	}
	if (k > 40) {		/* not one of events' keys */
		char id[EXEC_ID_LEN + 1];

		out_json_str(key, ev_exec_id(ref, pid, id, sizeof(id)));
		return;
	}
	m[n++] = '"';
	memcpy(m + n, key, k);
	n += k;
	memcpy(m + n, "\":\"", 3);
	n += 3;
	n += exec_id(m + n, ref, pid);
	m[n++] = '"';
	out_json_members(m, n);
}

unsigned int ev_exec_ancestors(const struct eh_exec_event *e, struct eh_ancestor *a)
{
	unsigned int n = e->nr_ancestors > EH_ANCESTORS_MAX ? EH_ANCESTORS_MAX : e->nr_ancestors;

	memcpy(a, e->data + EH_EXEC_DATA_USED(e), n * sizeof(*a));
	return n;
}

void ev_ancestors_json(const struct eh_ancestor *a, unsigned int n, uint8_t lineage)
{
	unsigned int i;

	out_open_array("ancestors");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		out_json_u64("pid", a[i].pid);
		out_json_strn("comm", a[i].comm, strnlen(a[i].comm, sizeof(a[i].comm)));
		ev_exec_id_json("exec_id", &a[i].exec, a[i].pid);
		out_close();
	}
	out_close();
	if (lineage & EH_LIN_MORE)
		out_json_bool("ancestors_more", true);
}

void ev_ancestors_text(const struct eh_ancestor *a, unsigned int n, uint8_t lineage, int width)
{
	char text[EH_ANCESTORS_MAX * (EH_COMM_LEN + 16) + 8];
	size_t o = 0;
	unsigned int i;

	text[0] = '\0';
	for (i = 0; i < n && o < sizeof(text); i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%u:%.*s", i ? " < " : "", a[i].pid,
				      (int)strnlen(a[i].comm, EH_COMM_LEN), a[i].comm);
	if ((lineage & EH_LIN_MORE) && o < sizeof(text))
		snprintf(text + o, sizeof(text) - o, " < ...");
	out_text_str(text[0] ? text : "-", width);
}

/* "SIGKILL"; a signal without a name: "SIG42" */
static const char *signal_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "SIG%d", sig);
	return buf;
}

static double lifetime(const struct eh_exit_event *x)
{
	return x->ts_ns > x->exec.start_ns ? (double)(x->ts_ns - x->exec.start_ns) / 1e9 : 0;
}

/* JSON: seconds, to the nanosecond as the kernel measured them */
static void lifetime_json(const struct eh_exit_event *x)
{
	uint64_t ns = x->ts_ns > x->exec.start_ns ? x->ts_ns - x->exec.start_ns : 0;
	char m[64];
	int n = snprintf(m, sizeof(m), "\"lifetime\":%llu.%09llu", (unsigned long long)(ns / 1000000000),
			 (unsigned long long)(ns % 1000000000));

	out_json_members(m, (size_t)n);
}

const char *ev_exit_text(const struct eh_exit_event *x, char *buf, size_t len)
{
	int sig = x->code & 0x7f;
	char name[32];

	if (!sig)
		snprintf(buf, len, "exited %u after %.3fs", (x->code >> 8) & 0xff, lifetime(x));
	else
		snprintf(buf, len, "killed by %s%s after %.3fs", signal_name(sig, name, sizeof(name)),
			 x->code & 0x80 ? " (core dumped)" : "", lifetime(x));
	return buf;
}

void ev_exit_show(const struct eh_exit_event *x)
{
	int sig = x->code & 0x7f;
	char name[32], text[96];

	out_u64("pid", "%-7llu ", x->pid);
	out_u64("ppid", "%-7llu ", x->ppid);
	out_u64("uid", "%-5llu ", x->uid);
	out_strn("comm", "%-15s ", x->comm, sizeof(x->comm));
	ev_exec_id_json("exec_id", &x->exec, x->pid);
	if (sig) {
		out_json_null("exit_code");
		out_json_str("signal", signal_name(sig, name, sizeof(name)));
	} else {
		out_json_u64("exit_code", (x->code >> 8) & 0xff);
		out_json_null("signal");
	}
	out_json_bool("core_dumped", sig && (x->code & 0x80));
	lifetime_json(x);
	if (!out_is_json())	/* formatted only where it is shown */
		out_text("%s", ev_exit_text(x, text, sizeof(text)));
}
