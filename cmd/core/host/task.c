// SPDX-License-Identifier: MIT
/* A task's process and name from /proc; see include/ebpfhello/host/task.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/host/task.h>

bool eh_task_status(uint32_t tid, int64_t *tgid, char name[EH_COMM_LEN])
{
	char path[40], line[128];
	FILE *f;

	*tgid = -1;
	name[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%u/status", tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Name:\t", 6))
			snprintf(name, EH_COMM_LEN, "%.*s", (int)strcspn(line + 6, "\n"), line + 6);
		else if (!strncmp(line, "Tgid:\t", 6))
			*tgid = strtoll(line + 6, NULL, 10);
	}
	fclose(f);
	return true;
}
