// SPDX-License-Identifier: MIT
/* The /metrics server's connections; see include/ebpfhello/run/httpd_conns.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
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

/* closed by us: libmicrohttpd reads the end at its next run and closes it */
static void shut(struct eh_conns *p, struct eh_conn *c)
{
	shutdown(c->fd, SHUT_RDWR);
	move_to(p, c, EH_CONN_CLOSING);
}

/* ---- sizing ------------------------------------------------------------------------- */

int eh_conns_init(struct eh_conns *p)
{
	p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (p->spare_fd < 0)
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

/* ---- accepting ---------------------------------------------------------------------- */

/*
 * No descriptor left (EMFILE: the limit lowered by prlimit, or descriptors
 * taken elsewhere; ENFILE: the system's table full).  The connection
 * waiting is taken with the descriptor kept spare for this, or it would
 * stay queued and wake the loop for ever.  If no connection is closing
 * (whose descriptor is about to come back), the descriptors are all ours:
 * the pool shrinks to one less than it holds, so taking it evicts the
 * oldest two, whose descriptors come back once libmicrohttpd has closed
 * them (this very run): one for the next connection, one for the next
 * spare.  With nothing to evict, it is closed (refused).  Without a spare
 * (given up, not back yet), it waits queued until that run is over.
 */
static int accept_spare(struct eh_conns *p, int lfd, struct sockaddr_storage *sa, socklen_t *len)
{
	int fd;

	if (p->spare_fd < 0)
		return -1;
	close(p->spare_fd);
	p->spare_fd = -1;
	fd = accept4(lfd, (struct sockaddr *)sa, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd >= 0 && !p->held) {
		close(fd);
		p->st.refused_fds++;
		p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		errno = EINTR;	/* the next one, if any */
		return -1;
	}
	if (fd >= 0 && !p->closing && p->held - 1 < p->st.limit)
		p->st.limit = p->held > 1 ? p->held - 1 : 1;
	return fd;
}

/*
 * A client that closed before it was accepted, having sent nothing (a
 * connect-and-close flood does little else): nothing to answer, and not
 * worth libmicrohttpd's setting up and tearing down of a connection.
 */
static bool gone(int fd)
{
	char byte;
	ssize_t n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* room for one more: close the connection that has waited longest for a
 * request head or, if every one is being answered, the one answered longest */
static void make_room(struct eh_conns *p)
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

void eh_conns_accept(struct eh_conns *p, int lfd, const struct eh_cidr_list *allow,
		     eh_conns_take_fn take, void *ctx)
{
	/* at most half the pool at a time: a connection accepted now is not
	 * evicted before libmicrohttpd has read its request (right after) */
	size_t i, batch = p->st.limit / 2 ? p->st.limit / 2 : 1;
	struct sockaddr_storage sa;
	int64_t now = mono_ns();	/* one reading for the batch: it takes microseconds */
	uint8_t key[16];
	socklen_t len;
	bool keyed;
	int fd;

	if (batch > EH_HTTPD_ACCEPT_BATCH)
		batch = EH_HTTPD_ACCEPT_BATCH;
	if (p->spare_fd < 0)	/* given up last time: back once a descriptor is */
		p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < batch; i++) {
		len = sizeof(sa);
		fd = accept4(lfd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && (errno == EMFILE || errno == ENFILE))
			fd = accept_spare(p, lfd, &sa, &len);
		if (fd < 0 && (errno == EINTR || errno == ECONNABORTED))
			continue;
		if (fd < 0)
			return;		/* EAGAIN: nothing more waits; or no descriptor */
		if (allow && !eh_cidr_match(allow, (struct sockaddr *)&sa, len)) {
			close(fd);
			p->st.refused_allow++;
			continue;
		}
		/* closed (reset: SO_LINGER 0, the listener's) before a syscall more */
		keyed = eh_budget_key((struct sockaddr *)&sa, len, key);
		if (keyed && eh_budget_spent(&p->budget, key, now)) {
			close(fd);
			p->st.refused_rate++;
			continue;
		}
		if (gone(fd)) {
			close(fd);	/* reset: no FIN to exchange, no TIME_WAIT */
			if (keyed)
				eh_budget_spend(&p->budget, key, now);
			p->st.accepted++;
			continue;
		}
		make_room(p);
		if (!new_record(p)) {	/* no record left (cannot happen with a batch) */
			close(fd);
			p->st.refused_error++;
			continue;
		}
		if (take(ctx, fd, (struct sockaddr *)&sa, len))
			p->st.accepted++;
		else
			p->st.refused_error++;
	}
}

/* ---- a connection's life ---------------------------------------------------------------- */

struct eh_conn *eh_conns_started(struct eh_conns *p, int fd, const struct sockaddr *sa)
{
	struct eh_conn *c = new_record(p);

	p->st.open++;
	if (!c) {
		shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	c->fd = fd;
	c->keyed = sa && eh_budget_key(sa, sa->sa_family == AF_INET6 ?
				       sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
				       c->peer);
	move_to(p, c, EH_CONN_HEAD);
	return c;
}

/* the peer closed it having sent nothing (the kernel's count: a failed
 * reading is not taken for nothing) */
static bool never_sent(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received))
		return false;
	return !ti.tcpi_bytes_received;
}

void eh_conns_closed(struct eh_conns *p, struct eh_conn *c)
{
	if (p->st.open)
		p->st.open--;
	if (!c)
		return;
	/* closed by us (CLOSING) is not the peer's doing */
	if (c->keyed && c->phase == EH_CONN_HEAD && never_sent(c->fd))
		eh_budget_spend(&p->budget, c->peer, mono_ns());
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
	free(p->slot);
	p->slot = NULL;
	p->cap = 0;
	if (p->spare_fd >= 0)
		close(p->spare_fd);
	p->spare_fd = -1;
	eh_budget_free(&p->budget);
}
