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
const char *adm_where = "";

/*
 * Looked up in order: a prefix means the first object it matches.  The
 * commands on the whole configuration (save, apply, flush) must be
 * spelled out.
 */
static const struct adm_cmd cmds[] = {
	{ "blade", blade_main, "blade { add | delete | set | reset | show | help }", false },
	{ "client", client_main, "client { add | delete | show | help }", false },
	{ "conn", conn_main, "conn { show | help }", false },
	{ "monitor", monitor_main, "monitor", false },
	{ "status", status_main, "status", false },
	{ "save", save_main, "save [ FILE ]", true },
	{ "apply", apply_main, "apply [ -n ] { FILE | DIR }...", true },
	{ "flush", flush_main, "flush", true },
};

int adm_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s", prog, adm_where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %1$s [ OPTIONS ] OBJECT [ COMMAND [ ARGUMENTS ] ]\n"
		   "       %1$s [ -force ] -batch FILE\n"
		   "       %1$s { -V | --version | help }\n"
		   "OPTIONS := { -j[son] | -p[retty] | -force }\n"
		   "OBJECT := {", prog);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "%s %s", i ? " |" : "", cmds[i].name);
	fprintf(f, " }\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "%s %s\n", i ? "                |" : "OBJECT COMMAND :=",
			cmds[i].usage);
	fprintf(f, "\nSee '%s OBJECT help' and evbladeadm(8).\n", prog);
}

int adm_run(int argc, char **argv)
{
	size_t i;

	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i].exact ? !strcmp(argv[0], cmds[i].name) :
		    matches(argv[0], cmds[i].name))
			return cmds[i].main(argc, argv);
	return usage_err("help", "unknown object '%.64s'", argv[0]);
}

int main(int argc, char **argv)
{
	const char *batch = NULL;

	argc--, argv++;
	while (argc && argv[0][0] == '-' && argv[0][1]) {
		const char *o = argv[0] + 1;

		if (*o == '-')
			o++;
		if (matches(o, "json")) {
			opts.json = true;
		} else if (matches(o, "pretty")) {
			opts.pretty = true;
		} else if (matches(o, "force")) {
			opts.force = true;
		} else if (matches(o, "batch")) {
			if (argc < 2)
				return usage_err("help", "'%s' needs a file name, or - for stdin",
						 argv[0]);
			batch = argv[1];
			argc--, argv++;
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
	if (batch) {
		if (argc)
			return usage_err("help", "-batch: unexpected argument '%.64s'",
					 argv[0]);
		return batch_main(batch);
	}
	if (!argc) {
		usage(stderr);
		return 2;
	}
	return adm_run(argc, argv);
}
