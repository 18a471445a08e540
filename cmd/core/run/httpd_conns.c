// SPDX-License-Identifier: MIT
/* The /metrics server's connections; see include/ebpfhello/run/httpd_conns.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <ebpfhello/run/httpd_conns.h>

#define NS	1000000000LL

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

/* ---- the lists: each in the order its phase began, so the oldest is first ------------ */

static void unlink_conn(struct eh_conn_list *l, struct eh_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		l->first = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->last = c->prev;
	c->prev = c->next = NULL;
}

static void append(struct eh_conn_list *l, struct eh_conn *c)
{
	c->next = NULL;
	c->prev = l->last;
	if (l->last)
		l->last->next = c;
	else
		l->first = c;
	l->last = c;
}

static struct eh_conn_list *list_of(struct eh_conns *p, struct eh_conn *c)
{
	switch (c->phase) {
	case EH_CONN_HEAD:
		return &p->head;
	case EH_CONN_ANSWER:
		return &p->answer;
	case EH_CONN_FREE:
		return &p->free;
	default:
		return NULL;	/* closing: in no list */
	}
}

static void move_to(struct eh_conns *p, struct eh_conn *c, enum eh_conn_phase phase)
{
	struct eh_conn_list *from = list_of(p, c), *to;

	if (from)
		unlink_conn(from, c);
	if (c->phase == EH_CONN_HEAD || c->phase == EH_CONN_ANSWER)
		p->held--;
	if (c->phase == EH_CONN_CLOSING)
		p->closing--;
	c->phase = phase;
	c->since_ns = mono_ns();
	to = list_of(p, c);
	if (to)
		append(to, c);
	if (phase == EH_CONN_HEAD || phase == EH_CONN_ANSWER)
		p->held++;
	if (phase == EH_CONN_CLOSING)
		p->closing++;
}

/* a free record: one given back, or one never used yet */
static struct eh_conn *new_record(struct eh_conns *p)
{
	struct eh_conn *c = p->free.first;

	if (c)
		return c;
	if (p->unused >= p->cap)
		return NULL;
	c = &p->slot[p->unused++];
	c->phase = EH_CONN_FREE;
	append(&p->free, c);
	return c;
}

/* closed by us: libmicrohttpd reads the end at its next run and closes
 * it; one still waiting for its first byte is ours to close, and spends
 * its peer's budget (else idle connections past the pool, reconnecting as
 * soon as evicted, would be a connect-and-close flood of their own) */
static void shut(struct eh_conns *p, struct eh_conn *c)
{
	if (c->waiting) {
		close(c->fd);
		if (c->keyed)
			eh_budget_spend(&p->budget, c->peer, mono_ns());
		eh_conns_release(p, c);
		return;
	}
	shutdown(c->fd, SHUT_RDWR);
	move_to(p, c, EH_CONN_CLOSING);
}

/* ---- sizing ------------------------------------------------------------------------- */

int eh_conns_init(struct eh_conns *p)
{
	p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (p->spare_fd < 0)
		return -errno;
	p->ep = epoll_create1(EPOLL_CLOEXEC);
	if (p->ep < 0)
		return -errno;
	return eh_budget_init(&p->budget) ? -ENOMEM : 0;
}

/* descriptors open now (/proc/self/fd, less the one reading it) */
static size_t fds_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 256;	/* no /proc: a guess on the safe side */
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n ? n - 1 : 0;
}

void eh_conns_fit(struct eh_conns *p)
{
	size_t used = fds_open(), extra = EH_HTTPD_ACCEPT_BATCH + EH_HTTPD_FD_SPARE;
	size_t want = used + EH_HTTPD_MAX_CONNECTIONS + extra, limit;
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	/* the soft limit is often 1024 (a systemd service's default) and the
	 * hard one far above: raise it to what the pool needs, no further */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	limit = EH_HTTPD_MAX_CONNECTIONS;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		limit = rl.rlim_cur > used + extra + 4 ? rl.rlim_cur - used - extra : 4;
	p->cap = limit + EH_HTTPD_ACCEPT_BATCH;
	/* calloc'd pages stay untouched until a record is first used
	 * (new_record()): memory follows the most connections ever held */
	p->slot = calloc(p->cap, sizeof(*p->slot));
	if (!p->slot)
		p->cap = 0;
	p->st.limit = p->cap ? limit : 0;
}

/* room for one more: close the connection that has waited longest for a
 * request head or, if every one is being answered, the one answered longest */
void eh_conns_make_room(struct eh_conns *p)
{
	struct eh_conn *victim;

	while (p->held >= p->st.limit) {
		victim = p->head.first ? p->head.first : p->answer.first;
		if (!victim)
			return;
		shut(p, victim);
		p->st.evicted++;
	}
}

struct eh_conn *eh_conns_hold(struct eh_conns *p, int fd, const uint8_t *peer)
{
	struct eh_conn *c;

	eh_conns_make_room(p);
	c = new_record(p);
	if (!c)
		return NULL;
	c->fd = fd;
	c->waiting = true;
	c->keyed = peer != NULL;
	if (peer)
		memcpy(c->peer, peer, sizeof(c->peer));
	move_to(p, c, EH_CONN_HEAD);
	p->st.open++;
	return c;
}

void eh_conns_release(struct eh_conns *p, struct eh_conn *c)
{
	c->waiting = false;
	if (p->st.open)
		p->st.open--;
	move_to(p, c, EH_CONN_FREE);
}

/* ---- a connection's life ---------------------------------------------------------------- */

struct eh_conn *eh_conns_started(struct eh_conns *p, int fd)
{
	struct eh_conn *c = p->handing;

	/* one that waited for its first byte: its record, its deadline go on */
	if (c && c->fd == fd) {
		p->handing = NULL;
		c->waiting = false;
		return c;
	}
	c = new_record(p);
	p->st.open++;
	if (!c) {
		shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	c->fd = fd;
	c->keyed = false;
	move_to(p, c, EH_CONN_HEAD);
	return c;
}

void eh_conns_closed(struct eh_conns *p, struct eh_conn *c)
{
	if (p->st.open)
		p->st.open--;
	if (c)
		move_to(p, c, EH_CONN_FREE);
}

void eh_conns_head_done(struct eh_conns *p, struct eh_conn *c)
{
	if (c && c->phase == EH_CONN_HEAD)
		move_to(p, c, EH_CONN_ANSWER);
}

void eh_conns_answered(struct eh_conns *p, struct eh_conn *c)
{
	if (c && c->phase == EH_CONN_ANSWER)
		move_to(p, c, EH_CONN_HEAD);
}

/* ---- deadlines ------------------------------------------------------------------------ */

void eh_conns_expire(struct eh_conns *p)
{
	int64_t now = mono_ns();

	while (p->head.first && now - p->head.first->since_ns >= EH_HTTPD_HEAD_SECS * NS) {
		shut(p, p->head.first);
		p->st.timed_out++;
	}
	while (p->answer.first && now - p->answer.first->since_ns >= EH_HTTPD_ANSWER_SECS * NS) {
		shut(p, p->answer.first);
		p->st.timed_out++;
	}
}

int64_t eh_conns_timeout_ms(const struct eh_conns *p)
{
	int64_t now = mono_ns(), next = -1, t;

	if (p->head.first)
		next = p->head.first->since_ns + EH_HTTPD_HEAD_SECS * NS;
	if (p->answer.first) {
		t = p->answer.first->since_ns + EH_HTTPD_ANSWER_SECS * NS;
		if (next < 0 || t < next)
			next = t;
	}
	if (next < 0)
		return -1;
	/* rounded up: waking a moment early would find nothing due yet */
	return next <= now ? 0 : (next - now + 999999) / 1000000;
}

void eh_conns_free(struct eh_conns *p)
{
	struct eh_conn *c;

	/* libmicrohttpd closed its own; those waiting for a byte are ours */
	for (c = p->head.first; c; c = c->next)
		if (c->waiting)
			close(c->fd);
	if (p->ep >= 0)
		close(p->ep);
	p->ep = -1;
	free(p->slot);
	p->slot = NULL;
	p->cap = 0;
	if (p->spare_fd >= 0)
		close(p->spare_fd);
	p->spare_fd = -1;
	eh_budget_free(&p->budget);
}
