/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_CONF_H
#define EVBLADEADM_CONF_H

/*
 * The configuration as text: the words of a line (shell-like quoting, #
 * comments), and the canonical form of a blade and a client, the one
 * printer behind save and the comparisons of apply.  A blade parsed from a
 * `blade add` line and one read back from the kernel print the same words
 * when they are the same blade: properties at their default are left out.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "blade.h"
#include "client.h"

/*
 * The words of a line: argv[argc] is NULL; a word may hold NUL bytes
 * (\x00), hence their lengths.
 */
struct conf_line {
	char **argv;
	size_t *len;
	int argc;
};

/*
 * Split a line into words: blanks separate them; "..." (with \", \\ and
 * \xNN), '...' and a backslash outside quotes quote; a # that starts a
 * word starts a comment.  Returns 0 (argc 0 for a blank or comment line), or -1
 * with the reason in why.
 */
int conf_split(const char *line, struct conf_line *l, char *why, size_t whylen);
void conf_line_free(struct conf_line *l);

/* A word as conf_split() reads it back: quoted only if it must be. */
void conf_put_word(FILE *f, const char *word, size_t len);

/* The properties of a blade, in the order of a saved line. */
enum conf_prop {
	CP_DEV, CP_PATH, CP_PRIVATE, CP_SIZE, CP_AUTOCREATE, CP_COW, CP_BASE,
	CP_READ_ONLY, CP_WRITE_BACK, CP_CONFIG, CP_BUFCNT, CP_LOCKING,
	CP_MASK, CP_STATE_DIR, CP_IDLE, CP_ACL, CP_MAX,
};

/* Words, each malloc()ed. */
struct conf_words {
	char **w;
	size_t *len;		/* a config string may hold a NUL */
	unsigned int n;
};

/* A blade in canonical form: each property's words, none at its default. */
struct conf_blade {
	uint16_t shelf;
	uint8_t slot;
	bool no_ifs;		/* its interfaces are all gone */
	struct conf_words p[CP_MAX];
};

/* The name of a property, as apply reports a difference. */
const char *conf_prop_name(enum conf_prop p);
/* Whether blade set can change it. */
bool conf_prop_settable(enum conf_prop p);

int conf_blade_init(struct conf_blade *cb, const struct adm_blade *b);
void conf_blade_free(struct conf_blade *cb);
bool conf_words_equal(const struct conf_words *a, const struct conf_words *b);

/*
 * The words that `blade set` takes to give property p the value of cb
 * (its default if cb has none), appended to w.
 */
int conf_set_words(const struct conf_blade *cb, enum conf_prop p,
		   struct conf_words *w);
int conf_words_add(struct conf_words *w, const char *word, size_t len);
void conf_words_free(struct conf_words *w);

/* "blade add e1.0 dev eth0 path /srv/disk.img read-only on" */
void conf_blade_print(FILE *f, const struct conf_blade *cb);
/* "client add tc1 mac 02:00:00:00:00:0a" */
void conf_client_print(FILE *f, const struct adm_client *c);

/* "FILE:LINE: ", for adm_where. */
const char *conf_where(const char *file, unsigned long line, char *buf,
		       size_t len);

#endif
