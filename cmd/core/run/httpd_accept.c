// SPDX-License-Identifier: MIT
/* The /metrics server's accepting; see include/ebpfhello/run/httpd_accept.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <ebpfhello/run/httpd_accept.h>
#include <ebpfhello/run/httpd_budget.h>

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int eh_conns_listen(struct eh_conns *p, int lfd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct linger reset = { .l_onoff = 1, .l_linger = 0 };

	/* inherited by every connection accepted: one refused or found gone
	 * is reset by its close(2) alone, without a setsockopt each (under a
	 * connect-and-close flood, syscalls are the whole cost) */
	if (setsockopt(lfd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)))
		return -errno;
	return epoll_ctl(p->ep, EPOLL_CTL_ADD, lfd, &ev) ? -errno : 0;
}

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

enum first { BYTES, NOTHING_YET, GONE };

/* what the client has sent: a byte at least, nothing yet, or its end
 * (or an error) with nothing before it */
static enum first peek(int fd)
{
	char byte;
	ssize_t n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

	if (n > 0)
		return BYTES;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return NOTHING_YET;
	return GONE;
}

/* libmicrohttpd's from now on: it reads the request at its next run, right
 * after this wake-up (c: its record, held while it waited; or NULL) */
static bool hand(struct eh_conns *p, struct eh_conn *c, int fd, const struct sockaddr *sa,
		 socklen_t len, eh_conns_take_fn take, void *ctx)
{
	bool taken;

	p->handing = c;
	taken = take(ctx, fd, sa, len);
	if (c && p->handing == c)	/* libmicrohttpd never started it */
		eh_conns_release(p, c);
	p->handing = NULL;
	if (!taken)
		p->st.refused_error++;
	return taken;
}

/* a waiting connection's first event: bytes, or its end */
static void first_byte(struct eh_conns *p, struct eh_conn *c, eh_conns_take_fn take, void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.ptr = c };
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);

	switch (peek(c->fd)) {
	case GONE:
		close(c->fd);
		if (c->keyed)
			eh_budget_spend(&p->budget, c->peer, mono_ns());
		eh_conns_release(p, c);
		return;
	case NOTHING_YET:	/* woken for nothing: watched again */
		if (!epoll_ctl(p->ep, EPOLL_CTL_MOD, c->fd, &ev))
			return;
		break;
	case BYTES:
		break;
	}
	if (getpeername(c->fd, (struct sockaddr *)&sa, &len))
		len = 0;
	hand(p, c, c->fd, (struct sockaddr *)&sa, len, take, ctx);
}

/* nothing sent yet: it waits in the set for its first byte, in the pool
 * (evicted first, as the oldest waiting for a head) and under its deadline */
static void hold(struct eh_conns *p, int fd, const struct sockaddr *sa, socklen_t len,
		 const uint8_t *key, eh_conns_take_fn take, void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT };
	struct eh_conn *c = eh_conns_hold(p, fd, key);

	if (!c) {	/* no record left (cannot happen with a batch) */
		close(fd);
		p->st.refused_error++;
		return;
	}
	p->st.accepted++;
	ev.data.ptr = c;
	if (epoll_ctl(p->ep, EPOLL_CTL_ADD, fd, &ev))
		hand(p, c, fd, sa, len, take, ctx);	/* not watched: libmicrohttpd's */
}

/* one accepted connection: refused, closed at once, held, or handed on */
static void admit(struct eh_conns *p, int fd, struct sockaddr *sa, socklen_t len,
		  const struct eh_cidr_list *allow, int64_t now, eh_conns_take_fn take, void *ctx)
{
	uint8_t key[16];
	bool keyed;

	if (allow && !eh_cidr_match(allow, sa, len)) {
		close(fd);
		p->st.refused_allow++;
		return;
	}
	/* past its budget: closed (a reset) before a syscall more */
	keyed = eh_budget_key(sa, len, key);
	if (keyed && eh_budget_spent(&p->budget, key, now)) {
		close(fd);
		p->st.refused_rate++;
		return;
	}
	switch (peek(fd)) {
	case GONE:	/* closed before it was accepted, without a byte */
		close(fd);
		if (keyed)
			eh_budget_spend(&p->budget, key, now);
		p->st.accepted++;
		return;
	case NOTHING_YET:
		hold(p, fd, sa, len, keyed ? key : NULL, take, ctx);
		return;
	case BYTES:
		break;
	}
	eh_conns_make_room(p);
	if (hand(p, NULL, fd, sa, len, take, ctx))
		p->st.accepted++;
}

static void accept_batch(struct eh_conns *p, int lfd, const struct eh_cidr_list *allow,
			 eh_conns_take_fn take, void *ctx)
{
	/* at most half the pool at a time: a connection accepted now is not
	 * evicted before it has sent its request */
	size_t i, batch = p->st.limit / 2 ? p->st.limit / 2 : 1;
	int64_t now = mono_ns();	/* one reading for the batch: it takes microseconds */
	struct sockaddr_storage sa;
	socklen_t len;
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
		admit(p, fd, (struct sockaddr *)&sa, len, allow, now, take, ctx);
	}
}

void eh_conns_serve(struct eh_conns *p, int lfd, const struct eh_cidr_list *allow,
		    eh_conns_take_fn take, void *ctx)
{
	struct epoll_event ev[EH_HTTPD_ACCEPT_BATCH];
	bool listener = false;
	int i, n = epoll_wait(p->ep, ev, EH_HTTPD_ACCEPT_BATCH, 0);

	/* requests first (a scraper's among them), then newcomers: a flood
	 * of connections waits its turn behind those that sent something */
	for (i = 0; i < n; i++) {
		if (ev[i].data.ptr)
			first_byte(p, ev[i].data.ptr, take, ctx);
		else
			listener = true;
	}
	if (listener)
		accept_batch(p, lfd, allow, take, ctx);
}
