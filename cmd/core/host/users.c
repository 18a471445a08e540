// SPDX-License-Identifier: MIT
/* /etc/passwd lookups; see include/ebpfhello/host/users.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/host/users.h>

struct user {
	uint32_t uid;
	char *name;
};

static struct user *users;
static size_t nr_users;
static bool loaded;
static const char *passwd_path = "/etc/passwd";

static void users_free(void)
{
	size_t i;

	for (i = 0; i < nr_users; i++)
		free(users[i].name);
	free(users);
	users = NULL;
	nr_users = 0;
	loaded = false;
}

void eh_users_set_file(const char *path)
{
	users_free();
	passwd_path = path ? path : "/etc/passwd";
}

/* name:password:uid:... ; malformed lines are skipped */
static void users_load(void)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	loaded = true;
	f = fopen(passwd_path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		char *name = line, *pw, *uid_s, *end;
		uint64_t uid;
		struct user *grown;

		pw = strchr(name, ':');
		if (!pw)
			continue;
		*pw++ = '\0';
		uid_s = strchr(pw, ':');
		if (!uid_s)
			continue;
		uid_s++;
		end = strchr(uid_s, ':');
		if (!end)
			continue;
		*end = '\0';
		if (!*name || !eh_parse_u64(uid_s, 0, UINT32_MAX, &uid))
			continue;
		grown = realloc(users, (nr_users + 1) * sizeof(*users));
		if (!grown)
			break;
		users = grown;
		users[nr_users].uid = (uint32_t)uid;
		users[nr_users].name = strdup(name);
		if (users[nr_users].name)
			nr_users++;
	}
	free(line);
	fclose(f);
}

const char *eh_user_name(uint32_t uid)
{
	size_t i;

	if (!loaded)
		users_load();
	for (i = 0; i < nr_users; i++)
		if (users[i].uid == uid)
			return users[i].name;
	return NULL;
}

bool eh_user_uid(const char *name, uint32_t *uid)
{
	size_t i;

	if (!loaded)
		users_load();
	for (i = 0; i < nr_users; i++) {
		if (strcmp(users[i].name, name) == 0) {
			*uid = users[i].uid;
			return true;
		}
	}
	return false;
}
