// SPDX-License-Identifier: MIT
/*
 * The fate of stdout: every flush checked, the first error kept, a reader
 * that went away (EPIPE) told apart, and at exit one line and status 1 when
 * anything could not be written (coreutils' close_stdout idea).  See
 * include/ebpfhello/output.h.
 */
#include <errno.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>

#include <ebpfhello/output.h>

static struct {
	int error;		/* first write error other than EPIPE */
	bool gone;		/* EPIPE: the reader went away */
	uint64_t unwritten;	/* bytes stdio dropped on an error */
	const char *prog;	/* what the message at exit starts with */
} S = { .prog = "ebpfhello" };

void out_set_prog_name(const char *name)
{
	S.prog = name;
}

int out_flush(void)
{
	FILE *f = out_stream();
	int err;

	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return S.error ? -S.error : 0;	/* stdout was closed at start */
	err = errno ? errno : EIO;
	/* what stdio could not hand to the kernel is dropped: count it */
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
