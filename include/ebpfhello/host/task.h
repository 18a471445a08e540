/* SPDX-License-Identifier: MIT */
/*
 * A task as /proc/<tid>/status tells it (cmd/core/host/task.c): the
 * process (thread group) it belongs to and its name.  --pid refuses a
 * thread's id by it; trace names a task its program did not see.
 */
#ifndef EBPFHELLO_TASK_H
#define EBPFHELLO_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>

/*
 * false when the task is gone or its status cannot be read.  What was not
 * read is *tgid -1 and name "" (never a guess), also on false.
 */
bool eh_task_status(uint32_t tid, int64_t *tgid, char name[EH_COMM_LEN]);

#endif
