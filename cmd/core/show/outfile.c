// SPDX-License-Identifier: MIT
/* --output FILE: batches, sequence numbers, gaps, reopen and rotation; see
 * include/ebpfhello/show/outfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/outfile.h>
#include <ebpfhello/show/stdout.h>

/* a batch this large is written at the end of a record, not at the flush */
#define BATCH_WRITE	(256 * 1024)
#define MAX_GAPS	64
#define NO_SEQ		UINT64_MAX

struct gap {
	enum eh_gap_kind kind;
	uint64_t first, count;
	uint64_t declared_at;	/* seq of the record declaring it; NO_SEQ: not yet */
};

static struct {
	const char *path;
	int fd;
	FILE *stream;
	uint64_t rotate_size;
	unsigned int keep;
	uint64_t size;		/* of the file open now, for --rotate-size */
	char *buf;		/* the batch */
	size_t len, cap;
	size_t rec_start;	/* where the record being written began */
	/* the batch holds seqs [res_first, +res_n) reserved for lost records,
	 * then the records [rec_first, +rec_n) */
	uint64_t res_first, res_n, rec_first, rec_n;
	uint64_t next_seq;
	struct gap gaps[MAX_GAPS];	/* not yet declared in a written record */
	int nr_gaps;
	uint64_t unwritten;
	int error;		/* the first write error */
	bool cut;		/* bytes of the batch were dropped (no memory) */
	bool reopen_said;	/* a failed reopen or rotation was reported */
	bool closed;		/* the stream stays: stdout.c may still flush it */
} F = { .fd = -1 };

/* ---- the batch: what the output API writes -------------------------------------- */

static ssize_t batch_write(void *cookie, const char *data, size_t n)
{
	size_t need = F.len + n;

	if (need > F.cap) {
		size_t cap = F.cap ? F.cap : 64 * 1024;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(F.buf, cap);
		if (!p) {
			F.cut = true;	/* the batch is dropped whole when written */
			return (ssize_t)n;
		}
		F.buf = p;
		F.cap = cap;
	}
	memcpy(F.buf + F.len, data, n);
	F.len = need;
	return (ssize_t)n;
}

/* ---- gaps ------------------------------------------------------------------------- */

static void add_gap(enum eh_gap_kind kind, uint64_t first, uint64_t count)
{
	struct gap *g = F.nr_gaps ? &F.gaps[F.nr_gaps - 1] : NULL;

	if (!count)
		return;
	/* records unwritten twice in a row are one gap, declared once */
	if (g && g->kind == kind && kind == EH_GAP_UNWRITTEN && g->declared_at == NO_SEQ &&
	    g->first + g->count == first) {
		g->count += count;
		return;
	}
	if (F.nr_gaps == MAX_GAPS)
		return;		/* see out_file_skip(): never reached by a lost gap */
	F.gaps[F.nr_gaps++] = (struct gap){ kind, first, count, NO_SEQ };
}

bool out_file_gap(enum eh_gap_kind *kind, uint64_t *first, uint64_t *count)
{
	int i;

	for (i = 0; i < F.nr_gaps; i++) {
		if (F.gaps[i].declared_at != NO_SEQ)
			continue;
		F.gaps[i].declared_at = F.next_seq;	/* the record that begins next */
		*kind = F.gaps[i].kind;
		*first = F.gaps[i].first;
		*count = F.gaps[i].count;
		return true;
	}
	return false;
}

/* the records [from, to) of the batch were written: gaps they declared are done */
static void declared(uint64_t from, uint64_t to)
{
	int i, n = 0;

	for (i = 0; i < F.nr_gaps; i++)
		if (F.gaps[i].declared_at < from || F.gaps[i].declared_at >= to)
			F.gaps[n++] = F.gaps[i];
	F.nr_gaps = n;
}

/* the records [from, to) could not be written: they are a gap, and the gaps
 * they declared must be declared again */
static void unwritten(uint64_t from, uint64_t to)
{
	int i;

	for (i = 0; i < F.nr_gaps; i++)
		if (F.gaps[i].declared_at >= from && F.gaps[i].declared_at < to)
			F.gaps[i].declared_at = NO_SEQ;
	if (F.res_n)
		add_gap(EH_GAP_LOST, F.res_first, F.res_n);
	add_gap(EH_GAP_UNWRITTEN, from, to - from);
	F.unwritten += to - from;
}

/* ---- writing ------------------------------------------------------------------------ */

static int write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(F.fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the first upto bytes of the batch (its first nrec records), whole
 * or not at all; the rest stays. */
static void write_part(size_t upto, uint64_t nrec)
{
	/* where O_APPEND writes: the end now (logrotate's copytruncate may
	 * have moved it) */
	off_t end = lseek(F.fd, 0, SEEK_END);
	int err = F.cut ? ENOMEM : write_all(F.buf, upto);

	if (err) {
		/* a part that reached the file goes again: no half a line stays
		 * (not a regular file: nothing to cut, and no size) */
		if (end >= 0 && ftruncate(F.fd, end) == 0)
			F.size = (uint64_t)end;
		if (!F.error)
			F.error = err;
		unwritten(F.rec_first, F.rec_first + nrec);
	} else {
		F.size = end >= 0 ? (uint64_t)end + upto : 0;
		declared(F.rec_first, F.rec_first + nrec);
	}
	F.cut = false;
	F.res_n = 0;
	F.rec_first += nrec;
	F.rec_n -= nrec;
	F.len -= upto;
	F.rec_start -= upto;
	memmove(F.buf, F.buf + upto, F.len);
}

int out_file_flush(void)
{
	if (!out_file_active())
		return 0;
	fflush(F.stream);
	if (F.rec_n || F.res_n)
		write_part(F.len, F.rec_n);
	return 0;
}

/* ---- reopen and rotation ----------------------------------------------------------- */

static int open_path(void)
{
	struct stat st;
	int fd = open(F.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);

	if (fd < 0)
		return -errno;
	if (F.fd >= 0)
		close(F.fd);
	F.fd = fd;
	F.size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	return 0;
}

static void reopen_failed(const char *what, int err)
{
	if (F.reopen_said)
		return;
	F.reopen_said = true;
	eh_warn("cannot %s %s: %s; records go on to the file open until now", what,
		eh_quote(F.path, 0), strerror(err));
}

static void reopen_now(void)
{
	int err = open_path();

	if (err)
		reopen_failed("reopen", -err);
	else
		F.reopen_said = false;
}

void out_file_reopen(void)
{
	if (!out_file_active())
		return;
	out_file_flush();	/* to the file of the old name: it was rotated away */
	reopen_now();
}

/* FILE.<keep> goes, FILE.<n> becomes FILE.<n+1>, FILE becomes FILE.1 */
static void rotate(void)
{
	char from[PATH_MAX + 16], to[PATH_MAX + 16];
	unsigned int i;

	snprintf(to, sizeof(to), "%s.%u", F.path, F.keep);
	unlink(to);
	for (i = F.keep; i > 1; i--) {
		snprintf(from, sizeof(from), "%s.%u", F.path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", F.path, i);
		if (rename(from, to) && errno != ENOENT)
			eh_warn("cannot rename %s: %s", eh_quote(from, 0), strerror(errno));
	}
	snprintf(to, sizeof(to), "%s.1", F.path);
	if (rename(F.path, to)) {
		reopen_failed("rotate", errno);
		return;
	}
	reopen_now();	/* what is left in the batch goes to the new file */
}

/* ---- records ------------------------------------------------------------------------- */

uint64_t out_file_begin(void)
{
	fflush(F.stream);
	F.rec_start = F.len;
	if (!F.rec_n)
		F.rec_first = F.next_seq;
	return F.next_seq++;
}

void out_file_end(void)
{
	fflush(F.stream);
	F.rec_n++;
	if (F.rotate_size && F.size + F.len > F.rotate_size && F.size + F.rec_start > 0) {
		/* the records before this one fill the file: they go, then it rotates */
		if (F.rec_start)
			write_part(F.rec_start, F.rec_n - 1);
		if (F.size)
			rotate();
	}
	if (F.len >= BATCH_WRITE)
		out_file_flush();
}

uint64_t out_file_skip(uint64_t n)
{
	uint64_t first;

	/* a batch holds one reserved run, at its start: the gap list stays short */
	out_file_flush();
	if (F.nr_gaps >= MAX_GAPS / 2)
		return NO_SEQ;
	first = F.next_seq;
	F.res_first = first;
	F.res_n = n;
	F.next_seq += n;
	F.rec_first = F.next_seq;
	return first;
}

/* ---- the file ------------------------------------------------------------------------ */

int out_file_open(const char *path, uint64_t rotate_size, unsigned int rotate_keep)
{
	cookie_io_functions_t io = { .write = batch_write };
	int err;

	F.path = path;
	F.rotate_size = rotate_size;
	F.keep = rotate_keep;
	err = open_path();
	if (err) {
		eh_error("cannot open --output %s: %s", eh_quote(path, 0), strerror(-err));
		return err;
	}
	F.stream = fopencookie(NULL, "w", io);
	if (!F.stream) {
		err = -errno;
		eh_error("cannot set up --output: %s", strerror(errno));
		return err;
	}
	setvbuf(F.stream, NULL, _IOFBF, 16 * 1024);
	out_set_flusher(out_file_flush);	/* the loop's flushes write the batch */
	return 0;
}

bool out_file_active(void)
{
	return F.stream && !F.closed;
}

const char *out_file_path(void)
{
	return F.path;
}

FILE *out_file_stream(void)
{
	return F.stream;
}

uint64_t out_file_unwritten(void)
{
	return F.unwritten;
}

int out_file_close(void)
{
	int status = 0;

	if (!out_file_active())
		return 0;
	out_file_flush();
	F.closed = true;
	if (F.fd >= 0 && close(F.fd) && !F.error)
		F.error = errno;
	F.fd = -1;
	if (F.unwritten || F.error) {
		eh_error("%llu records could not be written to %s (%s); the file declares them "
			 "(\"unwritten\" records) where it could", (unsigned long long)F.unwritten,
			 eh_quote(F.path, 0), strerror(F.error ? F.error : EIO));
		status = 1;
	}
	return status;
}
