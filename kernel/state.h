/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What initiators set on a blade and expect to outlive it: the config
 * string, the MAC mask list and the reserve list, as a small text file in
 * the blade's state directory.  Pure formatting and parsing here; state.c's
 * edge (files) lives in blade-state.c.
 *
 * Two slots, <dir>/eS.L.state.0 and .1, are written in turn, each with a
 * generation number and a CRC: a crash in the middle of a write leaves the
 * other slot intact, and loading takes the valid slot with the higher
 * generation.  No rename is needed.
 */
#ifndef _EVB_STATE_H
#define _EVB_STATE_H

#include <linux/types.h>

#include "cfg.h"
#include "maclist.h"

/* Largest state file: a 1024-byte string in hex plus two full lists. */
#define EVB_STATE_MAX		8192

struct evb_state {
	u64 gen;
	struct evb_cfg cfg;
	struct evb_maclist mask;
	struct evb_maclist rsv;
};

int evb_state_format(const struct evb_state *st, const char *name,
		     char *buf, size_t size);
int evb_state_parse(const char *buf, size_t len, struct evb_state *st,
		    const char **why);

#endif /* _EVB_STATE_H */
