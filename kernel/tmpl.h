/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backing-path templates of private blades, and the client names they
 * expand.  Pure: plain strings in, a string out.
 */
#ifndef _EVB_TMPL_H
#define _EVB_TMPL_H

#include <linux/if_ether.h>
#include <linux/types.h>

/* A client name's buffer: at most 31 bytes, plus the NUL. */
#define EVB_CLIENT_NAME_MAX	32

/* A template's length limit: PATH_MAX less the NUL. */
#define EVB_TMPL_MAX		4095

bool evb_client_name_valid(const char *name);
int evb_tmpl_check(const char *tmpl, const char **why);
int evb_tmpl_expand(const char *tmpl, const u8 mac[ETH_ALEN],
		    const char *client, char *out, size_t size);
bool evb_tmpl_match(const char *tmpl, const char *name);

#endif /* _EVB_TMPL_H */
