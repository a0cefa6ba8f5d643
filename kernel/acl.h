/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-blade access decision: which clients may use a blade.  Pure:
 * the caller owns the ACL and keeps it stable while asking.
 */
#ifndef _EVB_ACL_H
#define _EVB_ACL_H

#include <linux/if_ether.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "tmpl.h"

#define EVB_ACL_MAX_RULES	256

enum evb_acl_kind {
	EVB_ACL_MAC = 1,	/* matches one client MAC address */
	EVB_ACL_CLIENT,		/* matches every MAC of a declared client */
};

struct evb_acl_rule {
	u8 allow;		/* 1: allow, 0: deny */
	u8 kind;		/* enum evb_acl_kind */
	union {
		u8 mac[ETH_ALEN];
		char client[EVB_CLIENT_NAME_MAX];
	};
};

struct evb_acl {
	struct rcu_head rcu;
	u8 default_allow;	/* 1: allow whom no rule matches, 0: deny */
	unsigned int n;
	struct evb_acl_rule rule[];
};

struct evb_acl *evb_acl_alloc(unsigned int n, gfp_t gfp);
int evb_acl_rule_check(const struct evb_acl_rule *rule, const char **why);
int evb_acl_check(const struct evb_acl *acl, unsigned int *bad,
		  const char **why);
bool evb_acl_allows(const struct evb_acl *acl, const u8 mac[ETH_ALEN],
		    const char *client);
bool evb_acl_allows_client(const struct evb_acl *acl,
			   const u8 macs[][ETH_ALEN], unsigned int nmacs,
			   const char *client);

/*
 * A cached ACL decision: the ACL generation it was made for and the
 * decision, one word, so that no reader sees the decision of one
 * generation under another.  The word keeps the generation's low
 * BITS_PER_LONG - 1 bits; which of two is newer is decided modulo 2^31.
 */
static inline unsigned long evb_acl_cache(unsigned int gen, bool allowed)
{
	return (unsigned long)gen << 1 | allowed;
}

static inline bool evb_acl_cache_allowed(unsigned long v)
{
	return v & 1;
}

static inline bool evb_acl_cache_valid(unsigned long v, unsigned int gen)
{
	return !((v ^ evb_acl_cache(gen, false)) & ~1UL);
}

bool evb_acl_cache_store(unsigned long *cache, unsigned int gen, bool allowed);

#endif /* _EVB_ACL_H */
