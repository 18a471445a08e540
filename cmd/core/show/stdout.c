// SPDX-License-Identifier: MIT
/*
 * The fate of stdout: every flush checked, the first error kept, a reader
 * that went away (EPIPE) told apart, and at exit one line and status 1 when
 * anything could not be written (coreutils' close_stdout idea).  See
 * include/ebpfhello/show/stdout.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>

#include <ebpfhello/show/stdout.h>

static struct {
	int error;		/* first write error other than EPIPE */
	bool gone;		/* EPIPE: the reader went away */
	uint64_t unwritten;	/* bytes that could not be written */
	const char *prog;	/* what the message at exit starts with */
	FILE *data;		/* stdout through fd_write(), once made */
	FILE *records;		/* where records go: data, a test's stream or /dev/null */
	int (*flusher)(void);	/* flushes records of a writer of its own (--output) */
} S = { .prog = "ebpfhello" };

volatile sig_atomic_t eh_out_cut;

void out_set_prog_name(const char *name)
{
	S.prog = name;
}

/*
 * Every byte of stdout's data goes through here rather than through stdio's
 * own write(), which retries a write a signal cut short and so blocks again
 * on a reader that stopped reading.  A stop signal interrupts the write (no
 * SA_RESTART) and it is tried again until the time for what is left is over
 * (eh_out_cut, set by loop.c's signal handler); from then on, and after any
 * error, bytes are counted and dropped, never kept to block once more.
 * stdio is always told that all went well: the error is kept here.
 */
static ssize_t fd_write(void *cookie, const char *buf, size_t size)
{
	size_t done = 0;
	ssize_t n;

	while (done < size && !S.error && !S.gone) {
		if (eh_out_cut) {
			S.error = EINTR;
			break;
		}
		n = write(STDOUT_FILENO, buf + done, size - done);
		if (n > 0)
			done += (size_t)n;
		else if (n < 0 && errno == EPIPE)
			S.gone = true;
		else if (n == 0 || errno != EINTR)
			S.error = n < 0 ? errno : EIO;
	}
	S.unwritten += size - done;
	return (ssize_t)size;
}

#define DATA_BUFFER (64 * 1024)

void out_set_flusher(int (*flush)(void))
{
	S.flusher = flush;
}

FILE *out_data_stream(FILE *f)
{
	/* given, not left to stdio: setvbuf() with no buffer keeps the
	 * size it would have chosen (glibc: BUFSIZ, 8 KiB, for a cookie
	 * stream), and a loop's batch of records took several write()s */
	static char buffer[DATA_BUFFER];
	cookie_io_functions_t io = { .write = fd_write };

	if (f != stdout)
		return S.records = f;
	if (!S.data) {
		fflush(stdout);
		S.data = fopencookie(NULL, "w", io);
		if (!S.data)
			return S.records = stdout;
		setvbuf(S.data, buffer, _IOFBF, sizeof(buffer));
	}
	return S.records = S.data;
}

FILE *out_null_stream(void)
{
	FILE *null = fopen("/dev/null", "we");

	if (!null)
		return NULL;
	S.error = 0;	/* nothing was written yet: only a closed stdout (EBADF) */
	return S.records = null;
}

FILE *out_stream(void)
{
	return S.records ? S.records : stdout;
}

int out_flush(void)
{
	FILE *f = out_stream();
	int err;

	errno = 0;
	if (S.flusher)
		return S.flusher();	/* --output: a failed write is a gap, no stop */
	if (fflush(f) == 0 && !ferror(f)) {
		if (S.gone)
			return -EPIPE;
		return S.error ? -S.error : 0;	/* also: stdout was closed at start */
	}
	/* a stream of stdio's own (not stdout): what it could not write is dropped */
	err = errno ? errno : EIO;
	S.unwritten += (uint64_t)__fpending(f);
	__fpurge(f);
	clearerr(f);
	if (err == EPIPE) {
		S.gone = true;
		return -EPIPE;
	}
	if (!S.error)
		S.error = err;
	return -err;
}

int out_error(void)
{
	return S.error;
}

void out_set_error(int err)
{
	if (!S.error)
		S.error = err;
}

void out_clear_error(void)
{
	S.error = 0;
}

bool out_reader_gone(void)
{
	return S.gone;
}

uint64_t out_unwritten(void)
{
	return S.unwritten;
}

void eh_out_exit_check(void)
{
	out_flush();
	if (S.data) {
		fflush(S.data);
		fclose(S.data);		/* ours: nothing is left in it */
		S.data = NULL;
	}
	/* close, so that an error only close() reports (NFS, full disk) counts */
	errno = 0;
	if (fclose(stdout) != 0 && errno != EPIPE && errno != EBADF)
		out_set_error(errno ? errno : EIO);
	if (!S.error)
		return;
	if (S.error == EINTR)
		fprintf(stderr, "%s: stdout is blocked (its reader stopped reading): "
			"%llu bytes of output were not written\n", S.prog,
			(unsigned long long)S.unwritten);
	else
		fprintf(stderr, "%s: cannot write the output (stdout): %s\n", S.prog,
			strerror(S.error));
	_exit(1);
}
