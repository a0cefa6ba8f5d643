// SPDX-License-Identifier: GPL-2.0
/*
 * The per-blade access decision.  A blade's ACL is a default policy plus
 * up to EVB_ACL_MAX_RULES rules, each allowing or denying one MAC address
 * or one declared client (all of its MACs).  Deny wins: a client is let in
 * when no rule denies it and a rule allows it, or when no rule matches and
 * the default allows.  So rule order never matters, and denying a client
 * by name cannot be undone by allowing one of its MACs.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "acl.h"

/**
 * evb_acl_alloc() - allocate an ACL for @n rules
 * @n: the number of rules, at most EVB_ACL_MAX_RULES
 * @gfp: allocation flags
 *
 * The ACL comes zeroed (default deny, rules of no valid kind) with ->n set
 * to @n; the caller fills the rules in, checks them with evb_acl_check()
 * and frees the ACL with kfree().
 *
 * Return: the ACL, or NULL if @n is over the limit or memory is short.
 */
struct evb_acl *evb_acl_alloc(unsigned int n, gfp_t gfp)
{
	struct evb_acl *acl;

	if (n > EVB_ACL_MAX_RULES)
		return NULL;
	acl = kzalloc(struct_size(acl, rule, n), gfp);
	if (acl)
		acl->n = n;
	return acl;
}

/**
 * evb_acl_rule_check() - validate one ACL rule
 * @rule: the rule
 * @why: set to a static reason on failure, for an extack message; may be NULL
 *
 * ->allow is 0 or 1.  A MAC rule names a unicast, non-zero address (no
 * client sends from any other).  A client rule holds a valid client name,
 * see evb_client_name_valid(), NUL-terminated within its array.
 *
 * Return: 0, or -EINVAL with *@why set.
 */
int evb_acl_rule_check(const struct evb_acl_rule *rule, const char **why)
{
	const char *fault = NULL;

	if (rule->allow > 1)
		fault = "an ACL rule must either allow or deny";
	else if (rule->kind == EVB_ACL_MAC &&
		 ((rule->mac[0] & 0x01) || !memchr_inv(rule->mac, 0, ETH_ALEN)))
		fault = "an ACL rule's MAC address must be a unicast, non-zero address";
	else if (rule->kind == EVB_ACL_CLIENT && !evb_client_name_valid(rule->client))
		fault = "an ACL rule's client name is not a valid client name";
	else if (rule->kind != EVB_ACL_MAC && rule->kind != EVB_ACL_CLIENT)
		fault = "an ACL rule must match a MAC address or a client";
	if (!fault)
		return 0;
	if (why)
		*why = fault;
	return -EINVAL;
}

/*
 * Whether two valid rules are about the same MAC address or client.  Rules
 * and MACs come with no alignment guarantee, hence the _unaligned compare
 * here and the bytewise MAC test above (is_valid_ether_addr() wants u16
 * alignment on some architectures).
 */
static bool same_subject(const struct evb_acl_rule *a,
			 const struct evb_acl_rule *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == EVB_ACL_MAC)
		return ether_addr_equal_unaligned(a->mac, b->mac);
	return !strncmp(a->client, b->client, EVB_CLIENT_NAME_MAX);
}

/**
 * evb_acl_check() - validate a whole ACL before it is installed
 * @acl: the ACL; NULL (no ACL, everyone allowed) is valid
 * @bad: set to the index of the faulty rule, or to ->n when the fault is in
 *	 the ACL itself; may be NULL
 * @why: set to a static reason on failure, for an extack message; may be NULL
 *
 * Besides evb_acl_rule_check() on every rule: at most EVB_ACL_MAX_RULES
 * rules, ->default_allow 0 or 1, and no two rules about the same MAC
 * address or client, whether they agree (a duplicate) or not (a conflict
 * that would read as if order mattered).  @bad then names the later one.
 *
 * Return: 0, or -EINVAL with *@bad and *@why set.
 */
int evb_acl_check(const struct evb_acl *acl, unsigned int *bad,
		  const char **why)
{
	const char *fault = NULL;
	unsigned int i, j, at;

	if (!acl)
		return 0;
	at = acl->n;
	if (acl->n > EVB_ACL_MAX_RULES)
		fault = "an ACL holds at most 256 rules";
	else if (acl->default_allow > 1)
		fault = "an ACL's default must either allow or deny";
	for (i = 0; !fault && i < acl->n; i++) {
		at = i;
		if (evb_acl_rule_check(&acl->rule[i], &fault))
			break;
		for (j = 0; j < i; j++) {
			if (!same_subject(&acl->rule[i], &acl->rule[j]))
				continue;
			if (acl->rule[i].allow == acl->rule[j].allow)
				fault = "an ACL has the same rule twice";
			else
				fault = "an ACL both allows and denies one MAC address or client";
			break;
		}
	}
	if (!fault)
		return 0;
	if (bad)
		*bad = at;
	if (why)
		*why = fault;
	return -EINVAL;
}

static bool rule_matches(const struct evb_acl_rule *rule, const u8 *mac,
			 const char *client)
{
	if (rule->kind == EVB_ACL_MAC && mac)
		return ether_addr_equal_unaligned(rule->mac, mac);
	if (rule->kind == EVB_ACL_CLIENT && client)
		return !strncmp(rule->client, client, EVB_CLIENT_NAME_MAX);
	return false;
}

/**
 * evb_acl_allows_client() - whether a client with several MACs may use a blade
 * @acl: the blade's ACL, or NULL for none
 * @macs: the client's MAC addresses (a declared client's every MAC)
 * @nmacs: how many, at least 1
 * @client: the name of the declared client, or NULL for a lone MAC
 *
 * A declared client is one subject: a rule about its name or about any
 * of its MACs is about the client.  In order of precedence: no ACL allows
 * everyone; a deny rule matching the name or any MAC denies; an allow
 * rule matching either allows; else the ACL's default decides.  Rules of
 * an unknown kind never match.
 *
 * Return: true if the client is allowed.
 */
bool evb_acl_allows_client(const struct evb_acl *acl,
			   const u8 macs[][ETH_ALEN], unsigned int nmacs,
			   const char *client)
{
	bool allowed = false;
	unsigned int i, j;

	if (!acl)
		return true;
	for (i = 0; i < acl->n; i++) {
		bool match = rule_matches(&acl->rule[i], NULL, client);

		for (j = 0; !match && j < nmacs; j++)
			match = rule_matches(&acl->rule[i], macs[j], NULL);
		if (!match)
			continue;
		if (!acl->rule[i].allow)
			return false;
		allowed = true;
	}
	return allowed || acl->default_allow;
}

/**
 * evb_acl_allows() - whether a client may use a blade
 * @acl: the blade's ACL, or NULL for none
 * @mac: the client's MAC address
 * @client: the name of the declared client @mac belongs to, or NULL if it
 *	    belongs to none (then only MAC rules can match)
 *
 * evb_acl_allows_client() for a single MAC.
 *
 * Return: true if the client is allowed.
 */
bool evb_acl_allows(const struct evb_acl *acl, const u8 mac[ETH_ALEN],
		    const char *client)
{
	return evb_acl_allows_client(acl, (const u8 (*)[ETH_ALEN])mac, 1, client);
}

/**
 * evb_acl_cache_store() - cache a decision unless a newer one is there
 * @cache: the cached decision (see evb_acl_cache())
 * @gen: the ACL generation @allowed was computed for
 * @allowed: the decision
 *
 * Any context, lockless.  A decision computed for an older generation
 * than the cached one never replaces it (a CPU that computed it late
 * would put an old decision back under the new generation); for the same
 * generation, the first decision stays.
 *
 * Return: the decision now cached for @gen or a newer generation.
 */
bool evb_acl_cache_store(unsigned long *cache, unsigned int gen, bool allowed)
{
	unsigned long new = evb_acl_cache(gen, allowed);
	unsigned long old = READ_ONCE(*cache);
	unsigned int ahead;

	do {
		/*
		 * How far the cached generation is ahead of ours, both as
		 * stored, modulo 2^31 (what a 32-bit word keeps of them):
		 * as new as ours, or newer, is kept.
		 */
		ahead = ((unsigned int)(old >> 1) - (unsigned int)(new >> 1)) << 1;
		if ((int)ahead >= 0)
			return evb_acl_cache_allowed(old);
	} while (!try_cmpxchg(cache, &old, new));
	return allowed;
}
