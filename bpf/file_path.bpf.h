/* SPDX-License-Identifier: MIT */
/*
 * A file's path, walked up its dentries and mounts in BPF: what d_path()
 * would say, for programs that may not call bpf_d_path() (a raw tracepoint
 * may not).  Bounded: at most EH_PATH_HOPS steps (names and mount
 * crossings together).  The path is the one the mount
 * namespace's root sees, so in a container it is the container's.
 */
#ifndef EBPFHELLO_FILE_PATH_BPF_H
#define EBPFHELLO_FILE_PATH_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>

#define EH_PATH_HOPS	32	/* a power of two: indexes are masked by it */

/*
 * The names from the file up, for eh_path_write(); too big for the stack.
 * Slot i holds the name of the i-th step up, NULL where the step crossed
 * into the mount below (no name); hops is how many slots are used.
 */
struct eh_path_names {
	const unsigned char *name[EH_PATH_HOPS];
	__u32 hops;
};

/*
 * Fills names with the path's steps, last first.  Returns false when the
 * walk did not reach the root within EH_PATH_HOPS steps.  One slot per
 * step, so that no count of names stays exact across the loop: the
 * verifier then sees one state per step, not one per step and count.
 */
static __always_inline bool eh_path_names(struct file *f, struct eh_path_names *names)
{
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry), *parent;
	struct vfsmount *vm = BPF_CORE_READ(f, f_path.mnt);
	__u32 off = bpf_core_field_offset(struct mount, mnt);
	struct mount *m = (struct mount *)((void *)vm - off), *up;
	int i;

	for (i = 0; i < EH_PATH_HOPS; i++) {
		names->hops = i + 1;
		if (d == BPF_CORE_READ(vm, mnt_root)) {
			names->name[i] = NULL;
			up = BPF_CORE_READ(m, mnt_parent);
			if (up == m)
				return true;	/* the namespace's root */
			/* where this mount sits on the one above it */
			d = BPF_CORE_READ(m, mnt_mountpoint);
			m = up;
			vm = (struct vfsmount *)((void *)up + off);
			continue;
		}
		names->name[i] = BPF_CORE_READ(d, d_name.name);
		parent = BPF_CORE_READ(d, d_parent);
		/* a dentry of no directory (memfd's): its name is all there is */
		if (parent == d)
			return true;
		d = parent;
	}
	return false;
}

/*
 * Writes "/a/b/c" and its NUL at dst[0..], at most len bytes (a power of
 * two; dst needs len bytes of slack after them for the verifier's bounds).
 * Returns the bytes written with the NUL, 0 when a name could not be read;
 * *cut is set when the path did not fit.
 */
static __always_inline __u32 eh_path_write(char *dst, __u32 len, struct eh_path_names *names,
					   bool *cut)
{
	const unsigned char *name;
	__u32 at = 0, room, hops = names->hops;
	char next;
	long got;
	int i, k;

	*cut = false;
	if (hops > EH_PATH_HOPS)
		return 0;
	for (i = 0; i < EH_PATH_HOPS; i++) {
		k = (int)hops - 1 - i;
		if (k < 0)
			break;
		name = names->name[k & (EH_PATH_HOPS - 1)];
		if (!name)
			continue;	/* a mount crossing */
		if (at >= len - 1) {
			*cut = true;	/* no room for "/" and a byte */
			break;
		}
		barrier_var(at);
		at &= len - 1;
		dst[at++] = '/';
		barrier_var(at);
		at &= len - 1;
		room = len - at;
		got = bpf_probe_read_kernel_str(dst + at, room, name);
		if (got <= 0)
			return 0;
		at += (__u32)got - 1;	/* at its NUL: the next '/' goes there */
		if (got == room) {
			next = 0;
			bpf_probe_read_kernel(&next, 1, name + room - 1);
			if (next) {
				*cut = true;
				break;
			}
		}
	}
	if (at == 0)
		dst[at++] = '/';	/* the root itself */
	at &= len - 1;
	dst[at] = '\0';
	return at + 1;
}

#endif
