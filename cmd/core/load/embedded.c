// SPDX-License-Identifier: MIT
/* Files inside the binary, compressed; see include/ebpfhello/load/embedded.h. */
#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include <ebpfhello/load/embedded.h>

/* gzip's header and trailer, not zlib's: 16 + the largest window */
#define GZIP_WINDOW	(16 + MAX_WBITS)

static void *inflate_all(const struct eh_embedded *e)
{
	z_stream z = { 0 };
	void *out;
	int rc;

	/* one byte more than promised: a longer stream is caught, not cut */
	out = malloc(e->size + 1);
	if (!out)
		return NULL;
	if (inflateInit2(&z, GZIP_WINDOW) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)e->gz;
	z.avail_in = (uInt)e->gz_size;
	z.next_out = out;
	z.avail_out = (uInt)e->size + 1;
	rc = inflate(&z, Z_FINISH);
	if (rc != Z_STREAM_END || z.total_out != e->size) {
		free(out);
		out = NULL;
		errno = EBADMSG;
	}
	inflateEnd(&z);
	return out;
}

const void *eh_embedded_bytes(struct eh_embedded *e, size_t *size)
{
	if (!e->bytes)
		e->bytes = inflate_all(e);
	*size = e->bytes ? e->size : 0;
	return e->bytes;
}
