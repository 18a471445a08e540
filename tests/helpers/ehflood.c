// SPDX-License-Identifier: MIT
/*
 * ehflood: hostile HTTP clients for tests/prometheus/flood.sh, and the
 * client that measures what a scraper sees meanwhile.  One process, one
 * epoll loop, non-blocking sockets; everything bounded by --seconds.
 *
 *   ehflood MODE PORT [--seconds S] [--from ADDR] [--addrs K] [--watch PID]
 *     idle N     hold N connections open, saying nothing; reopen any the server closes
 *     slow N     N connections, each sending a request head one byte a second, never
 *                finishing; reopen any the server closes
 *     churn N    N connects in flight, each closed as soon as it is open, at once again
 *     noread N   N connections, each sending one complete request and never reading;
 *                reopen any the server closes
 *     abuse N    N clients in turn sending: a request with a 1 MiB header, garbage,
 *                HTTP/0.9, two pipelined requests; the answers' status lines counted
 *     fetch      GET /metrics every 100 ms on a new connection from 127.0.0.1
 *
 *   Attackers bind source addresses ADDR, ADDR+1, ... ADDR+K-1 (default
 *   127.0.0.2, K 50), so that they can be told from the scraper.  All go
 *   to 127.0.0.1:PORT.  At the end, one JSON line: what was done and seen.
 *   fetch --watch PID also samples PID's RSS and CPU time at every fetch.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define MAX_CONNS	20000
#define FETCH_TIMEOUT	1.0	/* a fetch slower than this failed (Prometheus' timeout here) */
#define BIG_HEADER	(1 << 20)

enum mode { IDLE, SLOW, CHURN, NOREAD, ABUSE };
enum kind { BIG, GARBAGE, HTTP09, PIPELINE, NR_KINDS };
static const char *const kind_name[NR_KINDS] = { "big_header", "garbage", "http09", "pipeline" };

struct conn {
	int fd;
	bool connected;
	enum kind kind;
	size_t sent;		/* bytes of the request sent */
	double next;		/* slow: when the next byte goes; closed: when to open again */
	double started;		/* when it was connected */
	char got[64];		/* abuse: the start of the answer */
	size_t got_len;
	int answers;		/* abuse: status lines seen */
};

static struct {
	enum mode mode;
	int port, n, addrs, ep;
	double seconds, t_end;
	struct in_addr from;
	struct conn *c;
	/* what happened */
	uint64_t opened, closed_by_server, connect_failed, bytes;
	uint64_t status[NR_KINDS][6];	/* abuse: answers by status class 1xx..5xx; [0] none */
	uint64_t pipelined_both;	/* abuse: pipelines answered twice */
	char big[BIG_HEADER + 128];
	size_t big_len;
} F;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "ehflood: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long num(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s ? s : "", &end, 10);
	if (!s || !*s || *end || errno || v > max) {
		fprintf(stderr, "ehflood: bad number '%s'\n", s ? s : "");
		exit(2);
	}
	return v;
}

/* the soft limit up to the hard one: 2000 connections need more than 1024 */
static void raise_nofile(int need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");
	if (rl.rlim_cur < (rlim_t)need + 16) {
		fprintf(stderr, "ehflood: %d connections need %d descriptors; the hard limit "
			"(ulimit -Hn) is %llu\n", need, need + 16, (unsigned long long)rl.rlim_max);
		exit(1);
	}
}

/* ---- the attackers ----------------------------------------------------------------- */

static const char *request(enum kind k, size_t *len)
{
	static const char get[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	static const char garbage[] = "GARBAGE \001\002 \r\n\r\n";
	static const char http09[] = "GET /metrics\r\n";
	static const char pipeline[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
		"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

	if (F.mode == NOREAD) {
		*len = sizeof(get) - 1;
		return get;
	}
	switch (k) {
	case BIG:
		*len = F.big_len;
		return F.big;
	case GARBAGE:
		*len = sizeof(garbage) - 1;
		return garbage;
	case HTTP09:
		*len = sizeof(http09) - 1;
		return http09;
	default:
		*len = sizeof(pipeline) - 1;
		return pipeline;
	}
}

/* a slow client's head: a request line, then header lines for ever */
static char slow_byte(size_t i)
{
	static const char head[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";
	static const char more[] = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";

	if (i < sizeof(head) - 1)
		return head[i];
	return more[(i - (sizeof(head) - 1)) % (sizeof(more) - 1)];
}

static void conn_open(int i)
{
	struct conn *c = &F.c[i];
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = (uint32_t)i };
	int one = 1, small = 4096;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket");
	/* the port is chosen at connect(), by the whole 4-tuple: many more
	 * connections per source address than bind() alone would allow */
	setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	if (F.mode == NOREAD)	/* the answer cannot all be taken in */
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	src.sin_addr.s_addr = htonl(ntohl(F.from.s_addr) + (uint32_t)(i % F.addrs));
	if (bind(c->fd, (struct sockaddr *)&src, sizeof(src)))
		die("bind (the source address)");
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)F.port);
	if (connect(c->fd, (struct sockaddr *)&dst, sizeof(dst)) && errno != EINPROGRESS) {
		F.connect_failed++;
		close(c->fd);
		c->fd = -1;
		c->next = now() + 0.01;
		return;
	}
	c->connected = false;
	c->sent = 0;
	c->got_len = 0;
	c->answers = 0;
	c->next = now() + (F.mode == SLOW ? (double)i / F.n : 0);
	if (epoll_ctl(F.ep, EPOLL_CTL_ADD, c->fd, &ev))
		die("epoll_ctl");
	F.opened++;
}

static void conn_close(int i, bool by_server)
{
	struct conn *c = &F.c[i];

	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (by_server)
		F.closed_by_server++;
}

/* abuse: what came back to one request, counted by kind and status class */
static void abuse_done(int i)
{
	struct conn *c = &F.c[i];
	int cls = 0;

	if (c->got_len >= 12 && !memcmp(c->got, "HTTP/1.", 7) && c->got[9] >= '1' && c->got[9] <= '5')
		cls = c->got[9] - '0';
	F.status[c->kind][cls]++;
	if (c->kind == PIPELINE && c->answers >= 2)
		F.pipelined_both++;
	conn_close(i, false);
	c->kind = (enum kind)((c->kind + 1) % NR_KINDS);
	c->next = now() + 0.05;		/* a pause between requests: abuse, not a request flood */
}

static void send_some(int i)
{
	struct conn *c = &F.c[i];
	size_t len;
	const char *req = request(c->kind, &len);
	ssize_t n;

	while (c->sent < len) {
		n = send(c->fd, req + c->sent, len - c->sent, MSG_NOSIGNAL);
		if (n <= 0)
			return;		/* EAGAIN, or the server closed: seen by the reader */
		c->sent += (size_t)n;
		F.bytes += (uint64_t)n;
	}
}

/* abuse: read the answer; count status lines (a pipeline has two) */
static void read_answer(int i)
{
	struct conn *c = &F.c[i];
	char buf[65536];
	ssize_t n;

	while ((n = recv(c->fd, buf, sizeof(buf), 0)) > 0) {
		size_t take = sizeof(c->got) - 1 - c->got_len;

		if (take > (size_t)n)
			take = (size_t)n;
		memcpy(c->got + c->got_len, buf, take);
		c->got_len += take;
		for (ssize_t j = 0; j + 9 <= n; j++)
			if (!memcmp(buf + j, "HTTP/1.1 ", 9))
				c->answers++;
	}
	if (n == 0 || (n < 0 && errno != EAGAIN))
		abuse_done(i);
}

/* what a connection waits for next (epoll is level-triggered here) */
static void want_next(int i)
{
	struct conn *c = &F.c[i];
	struct epoll_event ev = { .data.u32 = (uint32_t)i };
	size_t len = 0;

	if (F.mode == NOREAD || F.mode == ABUSE)
		request(c->kind, &len);
	/* a client that never reads watches only for the server's end */
	ev.events = (F.mode == NOREAD ? 0 : EPOLLIN) | EPOLLRDHUP | (c->sent < len ? EPOLLOUT : 0);
	epoll_ctl(F.ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* what a connection waits for once open (epoll is level-triggered here) */
static void on_connected(int i)
{
	struct conn *c = &F.c[i];

	c->connected = true;
	c->started = now();
	switch (F.mode) {
	case CHURN:
		conn_close(i, false);
		conn_open(i);
		return;
	case NOREAD:
	case ABUSE:
		send_some(i);
		break;
	default:
		break;
	}
	want_next(i);
}

static void on_event(int i, uint32_t events)
{
	struct conn *c = &F.c[i];
	char buf[4096];

	if (c->fd < 0)
		return;
	if (!c->connected) {
		if (events & (EPOLLERR | EPOLLHUP)) {
			F.connect_failed++;
			conn_close(i, false);
			c->next = now() + 0.01;
		} else if (events & EPOLLOUT) {
			on_connected(i);
		}
		return;
	}
	if ((events & EPOLLOUT) && (F.mode == NOREAD || F.mode == ABUSE)) {
		send_some(i);
		want_next(i);
	}
	if (F.mode == ABUSE) {
		if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			read_answer(i);
		return;
	}
	/* idle and slow clients read nothing; whatever came is dropped */
	if (events & EPOLLIN)
		while (recv(c->fd, buf, sizeof(buf), 0) > 0)
			;
	if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		conn_close(i, true);
		conn_open(i);
	}
}

/* what is due by time: slow bytes, reopening, the next abuse */
static void on_tick(double t)
{
	for (int i = 0; i < F.n; i++) {
		struct conn *c = &F.c[i];
		char b;

		if (c->fd < 0) {
			if (t >= c->next)
				conn_open(i);
			continue;
		}
		/* an abusive request the server never answers: counted as such */
		if (F.mode == ABUSE && c->connected && t - c->started > 2) {
			abuse_done(i);
			continue;
		}
		if (F.mode != SLOW || !c->connected || t < c->next)
			continue;
		b = slow_byte(c->sent);
		if (send(c->fd, &b, 1, MSG_NOSIGNAL) == 1) {
			c->sent++;
			F.bytes++;
		}
		c->next += 1.0;
	}
}

static int attack(void)
{
	struct epoll_event evs[256];
	double t, last_tick = 0;
	int n, i;

	raise_nofile(F.n);
	F.c = calloc((size_t)F.n, sizeof(*F.c));
	F.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!F.c || F.ep < 0)
		die("setup");
	if (F.mode == ABUSE) {
		F.big_len = (size_t)snprintf(F.big, sizeof(F.big), "GET /metrics HTTP/1.1\r\n"
					     "Host: 127.0.0.1\r\nX-Big: ");
		memset(F.big + F.big_len, 'a', BIG_HEADER);
		F.big_len += BIG_HEADER;
		F.big_len += (size_t)snprintf(F.big + F.big_len, 8, "\r\n\r\n");
	}
	for (i = 0; i < F.n; i++) {
		F.c[i].fd = -1;
		F.c[i].kind = (enum kind)(i % NR_KINDS);
		conn_open(i);
	}
	while ((t = now()) < F.t_end) {
		n = epoll_wait(F.ep, evs, 256, 20);
		for (i = 0; i < n; i++)
			on_event((int)evs[i].data.u32, evs[i].events);
		if (t - last_tick >= 0.02) {
			on_tick(t);
			last_tick = t;
		}
	}
	printf("{\"mode\":\"%s\",\"clients\":%d,\"opened\":%llu,\"closed_by_server\":%llu,"
	       "\"connect_failed\":%llu,\"bytes_sent\":%llu", F.mode == IDLE ? "idle" :
	       F.mode == SLOW ? "slow" : F.mode == CHURN ? "churn" : F.mode == NOREAD ? "noread" :
	       "abuse", F.n, (unsigned long long)F.opened, (unsigned long long)F.closed_by_server,
	       (unsigned long long)F.connect_failed, (unsigned long long)F.bytes);
	if (F.mode == ABUSE) {
		printf(",\"pipelined_both\":%llu,\"answers\":{", (unsigned long long)F.pipelined_both);
		for (int k = 0; k < NR_KINDS; k++) {
			printf("%s\"%s\":{\"none\":%llu", k ? "," : "", kind_name[k],
			       (unsigned long long)F.status[k][0]);
			for (int s = 1; s <= 5; s++)
				printf(",\"%dxx\":%llu", s, (unsigned long long)F.status[k][s]);
			printf("}");
		}
		printf("}");
	}
	printf("}\n");
	return 0;
}

/* ---- the scraper's view ----------------------------------------------------------------- */

/* one GET /metrics on a new connection: its time in ms, or -1 if it failed */
static double fetch_once(void)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				  "User-Agent: ehflood\r\nConnection: close\r\n\r\n";
	struct sockaddr_in dst = { .sin_family = AF_INET };
	static char buf[1 << 20];
	double t0 = now(), left;
	size_t got = 0;
	struct pollfd p;
	bool sent = false;
	ssize_t n;
	char *body;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)F.port);
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) && errno != EINPROGRESS)
		goto fail;
	p.fd = fd;
	while ((left = FETCH_TIMEOUT - (now() - t0)) > 0) {
		p.events = sent ? POLLIN : POLLOUT;
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (!sent) {
			if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) != sizeof(req) - 1)
				goto fail;
			sent = true;
			continue;
		}
		n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	/* a whole 200 answer: status, and an exposition in the body */
	body = strstr(buf, "\r\n\r\n");
	if (left <= 0 || strncmp(buf, "HTTP/1.1 200 ", 13) || !body || !strstr(body, "# TYPE "))
		return -1;
	return (now() - t0) * 1000;
fail:
	close(fd);
	return -1;
}

/* VmRSS in KiB and utime+stime in clock ticks of a process; false if gone */
static bool sample(int pid, long *rss_kb, unsigned long long *ticks)
{
	char path[64], line[512], *p;
	unsigned long long ut = 0, st = 0;
	bool ok = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!(f = fopen(path, "r")))
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", rss_kb) == 1)
			ok = true;
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!ok || !(f = fopen(path, "r")))
		return false;
	ok = fgets(line, sizeof(line), f) && (p = strrchr(line, ')')) &&
	     sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2;
	fclose(f);
	*ticks = ut + st;
	return ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int fetch(int watch)
{
	static double ms[100000];
	unsigned long long ticks0 = 0, ticks = 0;
	long rss0 = 0, rss = 0, rss_max = 0;
	double t0 = now(), next = t0, took, wall;
	int n = 0, failed = 0, ok = 0;
	bool watched = watch > 0 && sample(watch, &rss0, &ticks0);

	rss_max = rss0;
	while (now() < F.t_end && n < 100000) {
		while (now() < next)
			usleep(1000);
		next += 0.1;
		took = fetch_once();
		if (took < 0)
			failed++;
		else
			ms[ok++] = took;
		n++;
		if (watched && sample(watch, &rss, &ticks) && rss > rss_max)
			rss_max = rss;
	}
	wall = now() - t0;
	if (watched && !sample(watch, &rss, &ticks))
		watched = false;
	qsort(ms, (size_t)ok, sizeof(ms[0]), cmp_double);
	printf("{\"fetches\":%d,\"failed\":%d", n, failed);
	/* no fetch answered: no times to show (null), not a time of 0 */
	if (ok)
		printf(",\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f", ms[ok / 2],
		       ms[(ok * 99 + 99) / 100 - 1], ms[ok - 1]);
	else
		printf(",\"p50_ms\":null,\"p99_ms\":null,\"max_ms\":null");
	if (watched)
		printf(",\"rss_start_kb\":%ld,\"rss_max_kb\":%ld,\"rss_end_kb\":%ld,\"cpu_percent\":%.1f",
		       rss0, rss_max, rss, (double)(ticks - ticks0) / (double)sysconf(_SC_CLK_TCK) /
		       wall * 100);
	printf("}\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const modes[] = { "idle", "slow", "churn", "noread", "abuse" };
	int i, watch = 0, arg = 3;
	bool is_fetch;

	if (argc < 3) {
		fprintf(stderr, "usage: ehflood idle|slow|churn|noread|abuse N PORT [options]\n"
			"       ehflood fetch PORT [--seconds S] [--watch PID]\n");
		return 2;
	}
	is_fetch = !strcmp(argv[1], "fetch");
	F.mode = (enum mode)-1;
	for (i = 0; i < 5; i++)
		if (!strcmp(argv[1], modes[i]))
			F.mode = (enum mode)i;
	if (!is_fetch && (int)F.mode < 0) {
		fprintf(stderr, "ehflood: no mode '%s'\n", argv[1]);
		return 2;
	}
	if (!is_fetch) {
		F.n = (int)num(argv[2], MAX_CONNS);
		arg = 4;
		if (argc < 4 || !F.n)
			return fprintf(stderr, "ehflood: %s N PORT\n", argv[1]), 2;
	}
	F.port = (int)num(argv[arg - 1], 65535);
	F.seconds = 20;
	F.addrs = 50;
	inet_pton(AF_INET, "127.0.0.2", &F.from);
	for (i = arg; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seconds"))
			F.seconds = (double)num(argv[i + 1], 3600);
		else if (!strcmp(argv[i], "--addrs"))
			F.addrs = (int)num(argv[i + 1], 250);
		else if (!strcmp(argv[i], "--watch"))
			watch = (int)num(argv[i + 1], 1 << 22);
		else if (!strcmp(argv[i], "--from") && inet_pton(AF_INET, argv[i + 1], &F.from) == 1)
			continue;
		else
			return fprintf(stderr, "ehflood: bad option '%s'\n", argv[i]), 2;
	}
	if (i != argc || !F.addrs)
		return fprintf(stderr, "ehflood: options come in pairs\n"), 2;
	signal(SIGPIPE, SIG_IGN);
	F.t_end = now() + F.seconds;
	return is_fetch ? fetch(watch) : attack();
}
