// SPDX-License-Identifier: MIT
/* A BPF object from open to detach, and the fallback chain; see
 * include/ebpfhello/load/session.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/tracefs.h>
#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/attempt.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/load/session.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

/* ---- libbpf's log --------------------------------------------------------- */

static char last_warning[256];

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[sizeof(last_warning)];
	va_list copy;
	size_t n;

	/* keep the last one-line warning that says something specific: the
	 * verifier log (many lines) and the closing "failed to load object"
	 * say less than the line before them */
	if (level == LIBBPF_WARN && !strstr(fmt, "failed to load object") &&
	    !strstr(fmt, "failed to load BPF skeleton")) {
		va_copy(copy, ap);
		vsnprintf(line, sizeof(line), fmt, copy);
		va_end(copy);
		if (!strncmp(line, "libbpf: ", 8))
			memmove(line, line + 8, strlen(line + 8) + 1);
		n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n && !memchr(line, '\n', n))
			memcpy(last_warning, line, n + 1);
	}
	if (eh_verbosity() >= 2 || (eh_verbosity() >= 1 && level == LIBBPF_WARN))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void eh_libbpf_log_setup(void)
{
	libbpf_set_print(libbpf_log);
}

/* ---- what it sees ------------------------------------------------------------ */

const char *eh_session_counts(const struct eh_session *s)
{
	return eh_mode_exec_only(s->chosen) ? "successful execs" : "calls";
}

void eh_session_describe(const struct eh_session *s, char *buf, size_t len)
{
	size_t o;
	int i;

	if (eh_mode_exec_only(s->chosen)) {
		snprintf(buf, len, "every successful exec (execve or execveat; a failed one "
			 "is not seen: --calls sees every call)");
		return;
	}
	if (!s->nr_sys) {
		snprintf(buf, len, "every syscall");
		return;
	}
	o = (size_t)snprintf(buf, len, "every %s", s->nr_sys > 1 ? "call of " : "");
	for (i = 0; i < s->nr_sys && o + 40 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", s->sys[i]->name);
	if (i < s->nr_sys)
		o += (size_t)snprintf(buf + o, len - o, ", ... (%d in all)", s->nr_sys);
	if (o < len)
		snprintf(buf + o, len - o, "%s, failed ones included", s->nr_sys > 1 ? "" : " call");
}

void eh_session_say(const struct eh_session *s, const char *before, const char *after)
{
	char what[256];

	eh_session_describe(s, what, sizeof(what));
	out_text("%s%s%s\n", before, what, after);
}

/* ---- one attempt ---------------------------------------------------------- */

static void teardown(struct eh_session *s)
{
	while (s->a.nr_links > 0)
		bpf_link__destroy(s->a.links[--s->a.nr_links]);
	/* what every skeleton's __destroy() does */
	if (s->skeleton)
		bpf_object__destroy_skeleton(s->skeleton);
	free(s->skel);
	s->nr_companions = 0;
	s->skel = NULL;
	s->skeleton = NULL;
	s->obj = NULL;
	s->cfg = NULL;
}

/* the sides an attempt of m attaches: those asked for, and the extra ones m has */
static unsigned int sides_of(const struct eh_mode *m, struct eh_session *s)
{
	unsigned int sides = s->sides ? s->sides : EH_ENTRY, extra = s->extra_sides & ~sides;
	enum eh_side side;

	for (side = 0; side < EH_SIDE__COUNT; side++)
		if ((extra & (1u << side)) && !eh_mode_lacks(m, eh_session_scope(s), 1u << side))
			sides |= 1u << side;
	return sides;
}

/*
 * The companions, loaded by libbpf's choice of attach point from their
 * section; point gets " + raw_tp sched_process_exec" for each.
 */
static int attach_companions(struct eh_session *s, char *point, size_t len)
{
	struct bpf_link *l;
	size_t o = 0;
	char *p;
	int i;

	point[0] = '\0';
	for (i = 0; i < s->nr_companions; i++) {
		l = bpf_program__attach(s->companions[i]);
		if (!l)
			return -errno;
		if (s->a.nr_links >= EH_MAX_LINKS) {
			bpf_link__destroy(l);
			return -E2BIG;
		}
		s->a.links[s->a.nr_links++] = l;
		/* "raw_tp/sched_process_exec" -> "raw_tp sched_process_exec" */
		p = point + o;
		o += (size_t)snprintf(p, len - o, " + %s", bpf_program__section_name(s->companions[i]));
		if (o >= len)
			break;
		p = strchr(p, '/');
		if (p)
			*p = ' ';
	}
	return 0;
}

/* --cgroup, --unit, --container: the cgroup in eh_cgroup[0] (bpf/common.bpf.h) */
static int fill_cgroup_filter(struct eh_session *s)
{
	struct bpf_map *map;
	__u32 zero = 0;

	if (!s->filter.has_cgroup)
		return 0;
	map = bpf_object__find_map_by_name(s->obj, "eh_cgroup");
	if (!map)
		return -ENOENT;
	return bpf_map_update_elem(bpf_map__fd(map), &zero, &s->filter.cgroup_fd, BPF_ANY) ?
	       -errno : 0;
}

/* One full attempt with mode m.  On failure why says what went wrong. */
static int try_mode(struct eh_session *s, const struct eh_mode *m, char *why, size_t len)
{
	char companions[EH_POINT_LEN];
	double t0 = eh_now();
	const char *step = "open";
	int err, i;

	last_warning[0] = '\0';
	s->chosen = m;
	s->attached_sides = sides_of(m, s);
	s->nr_companions = 0;
	err = s->open(s);
	if (err)
		goto fail;
	s->a = (struct eh_attempt){ .sys = s->sys, .nr_sys = s->nr_sys, .sides = s->attached_sides,
				    .filter = &s->filter, .obj = s->obj, .cfg = s->cfg };
	if (!eh_attempt_usable(m, &s->a, why, len)) {
		teardown(s);
		s->chosen = NULL;
		return -EOPNOTSUPP;
	}
	step = "prepare";
	err = eh_attempt_select(m, &s->a);
	for (i = 0; !err && i < s->nr_companions; i++)
		err = bpf_program__set_autoload(s->companions[i], true);
	if (err)
		goto fail;
	step = "load";
	err = bpf_object__load_skeleton(s->skeleton);
	if (err)
		goto fail;
	step = "fill the cgroup filter";
	err = fill_cgroup_filter(s);
	if (err)
		goto fail;
	if (s->loaded) {
		step = "prepare maps";
		err = s->loaded(s);
		if (err)
			goto fail;
	}
	step = "attach";
	err = attach_companions(s, companions, sizeof(companions));
	if (!err)
		err = eh_attempt_attach(m, &s->a);
	if (err)
		goto fail;
	snprintf(s->point, sizeof(s->point), "%s%s", s->a.point, companions);
	s->attach_seconds = eh_now() - t0;
	return 0;
fail:
	if (last_warning[0])
		snprintf(why, len, "%s failed: %s (libbpf: %s)", step,
			 strerror(err < 0 ? -err : err), last_warning);
	else
		snprintf(why, len, "%s failed: %s", step, strerror(err < 0 ? -err : err));
	teardown(s);
	s->chosen = NULL;
	return err ? err : -EINVAL;
}

int eh_session_attach(struct eh_session *s)
{
	const struct eh_mode *chain[EH_MAX_MODES];
	unsigned int offered = ~0u;
	struct eh_tried *t = NULL;
	size_t n, i;
	int err = -EOPNOTSUPP;
	char all[1024];

	s->nr_tried = 0;
	s->a.nr_links = 0;
	if (s->mode) {
		chain[0] = s->mode;
		n = 1;
	} else {
		n = eh_mode_chain(eh_session_scope(s), chain);
		/* what the command has no program for is not an attempt */
		if (s->elf)
			offered = eh_elf_modes(s->elf, eh_session_scope(s), EH_ENTRY) |
				  eh_elf_modes(s->elf, eh_session_scope(s), s->sides);
	}
	for (i = 0; i < n; i++) {
		if (!(offered & (1u << eh_mode_index(chain[i]))))
			continue;
		t = &s->tried[s->nr_tried];
		t->why[0] = '\0';
		if (s->calls && eh_mode_exec_only(chain[i])) {
			snprintf(t->why, sizeof(t->why), "sees successful execs only, and --calls "
				 "asks for every call");
			t->mode = chain[i];
			s->nr_tried++;
			eh_verbose(1, "attach %s: %s", eh_mode_name(chain[i]), t->why);
			continue;
		}
		err = try_mode(s, chain[i], t->why, sizeof(t->why));
		if (!err) {
			eh_verbose(1, "attach %s: ok, %s (%.1f ms)", eh_mode_name(chain[i]),
				   s->point, s->attach_seconds * 1e3);
			return 0;
		}
		t->mode = chain[i];
		s->nr_tried++;
		eh_verbose(1, "attach %s: %s", eh_mode_name(chain[i]), t->why);
	}
	if (s->quiet)
		return err;
	if (s->mode) {
		eh_error("--attach %s: %s", eh_mode_name(s->mode), t ? t->why : "not tried");
		return err;
	}
	all[0] = '\0';
	for (i = 0; i < (size_t)s->nr_tried; i++) {
		size_t o = strlen(all);

		snprintf(all + o, sizeof(all) - o, "%s%s: %s", i ? "; " : "",
			 eh_mode_name(s->tried[i].mode), s->tried[i].why);
	}
	eh_error("could not attach: %s", all);
	return err;
}

void eh_session_close(struct eh_session *s)
{
	teardown(s);
	eh_tracefs_cleanup();
}
