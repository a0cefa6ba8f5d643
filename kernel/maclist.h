/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two MAC lists of a blade that AoE initiators edit themselves: the
 * MAC Mask List (command 2: who may see the blade at all) and the reserve
 * list (command 3: who may use it).  Pure rules over plain buffers; the
 * caller publishes the lists (RCU) and holds the blade's state lock while
 * it edits a private copy.
 */
#ifndef _EVB_MACLIST_H
#define _EVB_MACLIST_H

#include <linux/if_ether.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "ata.h"
#include "proto.h"

/* Entries per list; vblade keeps 32 for its mask list. */
#define EVB_MACLIST_MAX		64

struct evb_maclist {
	struct rcu_head rcu;
	unsigned int n;
	u8 mac[EVB_MACLIST_MAX][ETH_ALEN];
};

/* An empty or absent list. */
static inline bool evb_maclist_empty(const struct evb_maclist *l)
{
	return !l || !l->n;
}

bool evb_maclist_has(const struct evb_maclist *l, const u8 *mac);
bool evb_maclist_has_any(const struct evb_maclist *l,
			 const u8 macs[][ETH_ALEN], unsigned int n);
int evb_maclist_add(struct evb_maclist *l, const u8 *mac);
void evb_maclist_del(struct evb_maclist *l, const u8 *mac);

/*
 * Does the mask list hide the blade from a sender?  @macs are the
 * sender's addresses: its one MAC, or every MAC of its declared client,
 * which is on the list if any of them is.
 */
static inline bool evb_mask_hides(const struct evb_maclist *mask,
				  const u8 macs[][ETH_ALEN], unsigned int n)
{
	return !evb_maclist_empty(mask) && !evb_maclist_has_any(mask, macs, n);
}

enum evb_list_verdict {
	EVB_LIST_REPLY,		/* reply with the list (and MError/count) */
	EVB_LIST_ERROR,		/* reply with the AoE error in *aoe_err */
};

/* The outcome of a mask list request, for the reply. */
struct evb_mask_result {
	u8 merror;		/* AOE_MERR_*, or 0 */
	u8 dircnt;		/* directives applied before a failure */
	bool changed;		/* the list was edited */
};

enum evb_list_verdict evb_mask_process(struct evb_maclist *l,
				       const struct aoe_mask_hdr *mh,
				       const struct aoe_mask_dir *dirs,
				       unsigned int avail,
				       struct evb_mask_result *res,
				       u8 *aoe_err);

enum evb_list_verdict evb_rsv_process(struct evb_maclist *l, u8 rcmd,
				      const u8 *macs, unsigned int nmacs,
				      unsigned int avail,
				      const u8 sender[][ETH_ALEN],
				      unsigned int nsender,
				      bool *changed, u8 *aoe_err);

bool evb_rsv_blocks(const struct evb_maclist *rsv,
		    const u8 macs[][ETH_ALEN], unsigned int n,
		    enum evb_ata_op op);

#endif /* _EVB_MACLIST_H */
