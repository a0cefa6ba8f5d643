/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declared clients: several MAC addresses that are one client, so that an
 * initiator with several interfaces gets one private backing, one ACL
 * subject and one reservation.  A MAC address nobody declared is a client
 * of its own.
 *
 * A namespace's clients are one immutable table, replaced as a whole under
 * the namespace's config lock and read by the receive path under RCU: a
 * MAC index sorted for binary search, so resolving a frame's sender costs
 * O(log n) whatever the number of clients.  Building and searching the
 * table is pure and covered by KUnit (client_test.c).
 */
#ifndef _EVB_CLIENT_H
#define _EVB_CLIENT_H

#include <linux/if_ether.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "tmpl.h"

/* MAC addresses of one client, and clients of one namespace. */
#define EVB_CLIENT_MACS		8
#define EVB_CLIENTS_MAX		4096

struct evb_client {
	char name[EVB_CLIENT_NAME_MAX];
	unsigned int nmacs;
	u8 mac[EVB_CLIENT_MACS][ETH_ALEN];	/* mac[0]: the client's %m */
};

struct evb_client_idx {
	u8 mac[ETH_ALEN];
	u16 client;				/* index into ->cl */
};

struct evb_client_tab {
	struct rcu_head rcu;
	unsigned int n;				/* clients, sorted by name */
	unsigned int nidx;			/* MACs, sorted */
	struct evb_client_idx *idx;		/* points into the allocation */
	struct evb_client cl[];
};

struct evb_client_tab *evb_client_tab_build(const struct evb_client *cl,
					    unsigned int n, gfp_t gfp,
					    unsigned int *bad,
					    const char **why);
const char *evb_client_name_fault(const char *name);
const struct evb_client *evb_client_find_mac(const struct evb_client_tab *t,
					     const u8 *mac);
const struct evb_client *evb_client_find(const struct evb_client_tab *t,
					 const char *name);
void evb_client_tab_free(struct evb_client_tab *t);

#endif /* _EVB_CLIENT_H */
