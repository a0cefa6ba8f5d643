/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_H
#define EVBLADEADM_H

#include <stdbool.h>

/* Global options, set by the top-level parser. */
struct adm_opts {
	bool json;		/* -j: JSON on stdout */
	bool pretty;		/* -p: indent the JSON */
	bool force;		/* -force: -batch and apply go on after errors */
};

extern struct adm_opts opts;
extern const char *prog;
/*
 * "FILE:LINE: " while -batch or apply runs a line of a file, else "": the
 * start of every error message.
 */
extern const char *adm_where;

/* A subcommand: argv[0] is its own name. */
struct adm_cmd {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *usage;
	bool exact;		/* no prefix of the name is accepted */
};

int blade_main(int argc, char **argv);
int client_main(int argc, char **argv);
int conn_main(int argc, char **argv);
int monitor_main(int argc, char **argv);
int status_main(int argc, char **argv);
int save_main(int argc, char **argv);
int apply_main(int argc, char **argv);
int flush_main(int argc, char **argv);
int batch_main(const char *file);

/* Run one command: argv[0] is the object (blade, client, save, ...). */
int adm_run(int argc, char **argv);

/* Print "evbladeadm: <message>" on stderr; returns 1 for "return adm_err(...)". */
int adm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
