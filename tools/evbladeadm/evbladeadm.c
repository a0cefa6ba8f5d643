// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm: configure evblade, the in-kernel ATA over Ethernet target.
 *
 * Grammar and manners follow iproute2: evbladeadm [OPTIONS] OBJECT COMMAND,
 * where any unambiguous prefix of an object name is accepted.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evbladeadm.h"
#include "util.h"

struct adm_opts opts;
const char *prog = "evbladeadm";

/* Looked up in order: a prefix means the first object it matches. */
static const struct adm_cmd cmds[] = {
	{ "blade", blade_main, "blade { add | delete | set | reset | show | help }" },
	{ "client", client_main, "client { add | delete | show | help }" },
	{ "conn", conn_main, "conn { show | help }" },
	{ "monitor", monitor_main, "monitor" },
	{ "status", status_main, "status" },
};

int adm_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [ OPTIONS ] OBJECT [ COMMAND [ ARGUMENTS ] ]\n"
		   "       %s { -V | --version | help }\n"
		   "OPTIONS := { -j[son] | -p[retty] }\n"
		   "OBJECT := {", prog, prog);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "%s %s", i ? " |" : "", cmds[i].name);
	fprintf(f, " }\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "%s %s\n", i ? "                |" : "OBJECT COMMAND :=",
			cmds[i].usage);
	fprintf(f, "\nSee '%s OBJECT help' and evbladeadm(8).\n", prog);
}

int main(int argc, char **argv)
{
	size_t i;

	argc--, argv++;
	while (argc && argv[0][0] == '-' && argv[0][1]) {
		const char *o = argv[0] + 1;

		if (*o == '-')
			o++;
		if (matches(o, "json")) {
			opts.json = true;
		} else if (matches(o, "pretty")) {
			opts.pretty = true;
		} else if (!strcmp(o, "V") || !strcmp(o, "version")) {
			printf("evbladeadm %s\n", EVBLADEADM_VERSION);
			return 0;
		} else if (!strcmp(o, "h") || !strcmp(o, "help")) {
			usage(stdout);
			return 0;
		} else {
			return usage_err("help", "unknown option '%s'",
					 argv[0]);
		}
		argc--, argv++;
	}
	if (!argc) {
		usage(stderr);
		return 2;
	}
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (matches(argv[0], cmds[i].name))
			return cmds[i].main(argc, argv);
	return usage_err("help", "unknown object '%s'", argv[0]);
}
