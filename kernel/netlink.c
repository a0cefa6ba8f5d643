// SPDX-License-Identifier: GPL-2.0
/*
 * The evblade generic netlink family.  The attribute policies and the ops
 * table are generated from Documentation/netlink/specs/evblade.yaml into
 * netlink-gen.c; this file holds the family and the handlers.  Validation
 * is the policy's job: a handler only checks what a policy cannot express,
 * and explains every rejection through extack.
 *
 * Handlers run in parallel (parallel_ops), never under genl_mutex: each
 * takes its namespace's config lock, en->lock, which serialises
 * configuration, dumps and interface events of that namespace.  Nothing
 * waits for I/O under it: a blade deletion unpublishes the blade under the
 * lock and waits for its I/O after dropping it.  Dumps keep their position
 * in cb->args and flag a part NLM_F_DUMP_INTR when what they walk changed
 * since the previous part.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "blade.h"
#include "blade-state.h"
#include "conn.h"
#include "netlink.h"
#include "proto.h"
#include "tx.h"

/*
 * The generator keeps the multicast group table static in netlink-gen.c,
 * expecting to define the family itself; with per-op policies
 * (genetlink-legacy) it leaves the family to us.  So the generated file
 * is compiled here, as part of this one.
 */
#include "netlink-gen.c"

static struct genl_family evb_nl_family;

static const int drop_attr[EVB_NR_DROPS] = {
	[EVB_DROP_SHORT] = EVBLADE_A_DROP_STATS_SHORT,
	[EVB_DROP_RESPONSE] = EVBLADE_A_DROP_STATS_RESPONSE,
	[EVB_DROP_NO_BLADE] = EVBLADE_A_DROP_STATS_NO_BLADE,
	[EVB_DROP_BROADCAST_IO] = EVBLADE_A_DROP_STATS_BROADCAST_IO,
	[EVB_DROP_BUSY] = EVBLADE_A_DROP_STATS_BUSY,
	[EVB_DROP_NOMEM] = EVBLADE_A_DROP_STATS_NOMEM,
	[EVB_DROP_MASKED] = EVBLADE_A_DROP_STATS_MASKED,
	[EVB_DROP_DENIED] = EVBLADE_A_DROP_STATS_DENIED,
	[EVB_DROP_PENDING] = EVBLADE_A_DROP_STATS_PENDING,
	[EVB_DROP_NO_BACKING] = EVBLADE_A_DROP_STATS_NO_BACKING,
	[EVB_DROP_CONN_LIMIT] = EVBLADE_A_DROP_STATS_CONN_LIMIT,
	[EVB_DROP_NOT_ETHERNET] = EVBLADE_A_DROP_STATS_NOT_ETHERNET,
	[EVB_DROP_BAD_SOURCE] = EVBLADE_A_DROP_STATS_BAD_SOURCE,
	[EVB_DROP_BROADCAST_EDIT] = EVBLADE_A_DROP_STATS_BROADCAST_EDIT,
};

static const int stat_attr[EVB_NR_STATS] = {
	[EVB_STAT_RX] = EVBLADE_A_BLADE_STATS_RX_FRAMES,
	[EVB_STAT_TX] = EVBLADE_A_BLADE_STATS_TX_FRAMES,
	[EVB_STAT_READ_OPS] = EVBLADE_A_BLADE_STATS_READ_OPS,
	[EVB_STAT_READ_BYTES] = EVBLADE_A_BLADE_STATS_READ_BYTES,
	[EVB_STAT_WRITE_OPS] = EVBLADE_A_BLADE_STATS_WRITE_OPS,
	[EVB_STAT_WRITE_BYTES] = EVBLADE_A_BLADE_STATS_WRITE_BYTES,
	[EVB_STAT_FLUSH_OPS] = EVBLADE_A_BLADE_STATS_FLUSH_OPS,
	[EVB_STAT_ATA_ERRORS] = EVBLADE_A_BLADE_STATS_ATA_ERRORS,
	[EVB_STAT_AOE_ERRORS] = EVBLADE_A_BLADE_STATS_AOE_ERRORS,
};

int evblade_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *want = info->attrs[EVBLADE_A_STATUS_FAMILY_VERSION];
	struct evb_net *en = evb_net(genl_info_net(info));
	u64 drops[EVB_NR_DROPS];
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int i;

	if (want && nla_get_u32(want) > EVBLADE_FAMILY_VERSION) {
		NL_SET_ERR_MSG_ATTR(info->extack, want,
				    "the loaded evblade module is older than this tool; install a matching module");
		return -EOPNOTSUPP;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &evb_nl_family, 0,
				EVBLADE_CMD_STATUS_GET);
	if (!hdr)
		goto err_free;
	if (nla_put_string(msg, EVBLADE_A_STATUS_VERSION, EVB_VERSION) ||
	    nla_put_u32(msg, EVBLADE_A_STATUS_FAMILY_VERSION,
			EVBLADE_FAMILY_VERSION) ||
	    nla_put_u32(msg, EVBLADE_A_STATUS_BLADES, READ_ONCE(en->nr_blades)))
		goto err_free;
	evb_net_drops_read(en, drops);
	nest = nla_nest_start(msg, EVBLADE_A_STATUS_DROPS);
	if (!nest)
		goto err_free;
	for (i = 0; i < EVB_NR_DROPS; i++)
		if (nla_put_u64_64bit(msg, drop_attr[i], drops[i],
				      EVBLADE_A_DROP_STATS_PAD))
			goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* An upper bound of what blade_fill() writes. */
static size_t blade_msg_size(const struct evb_blade *blade)
{
	return NLMSG_ALIGN(GENL_HDRLEN) +
	       nla_total_size(sizeof(u16)) +			/* shelf */
	       nla_total_size(sizeof(u8)) +			/* slot */
	       nla_total_size(strlen(blade->path) + 1) +
	       (blade->state_dir_name ?
		nla_total_size(strlen(blade->state_dir_name) + 1) : 0) +
	       EVB_MAX_IFS * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u32)) +			/* backend */
	       nla_total_size_64bit(sizeof(u64)) +		/* size */
	       2 * nla_total_size(sizeof(u8)) +
	       nla_total_size(AOE_CFG_STR_MAX) +
	       nla_total_size(sizeof(u16)) +			/* bufcnt */
	       nla_total_size(0) +				/* all-ifs */
	       nla_total_size(sizeof(u8)) +			/* locking */
	       2 * EVB_MACLIST_MAX * nla_total_size(ETH_ALEN) +	/* lists */
	       nla_total_size(0) +				/* stats */
	       EVB_NR_STATS * nla_total_size_64bit(sizeof(u64)) +
	       2 * nla_total_size(0) +				/* private, autocreate */
	       2 * nla_total_size(sizeof(u32)) +		/* idle, conns */
	       nla_total_size(sizeof(u8)) +			/* acl-policy */
	       nla_total_size(0) +				/* cow */
	       (blade->base_path ? nla_total_size(strlen(blade->base_path) + 1) : 0) +
	       2 * nla_total_size_64bit(sizeof(u64)) +		/* base size, id */
	       nla_total_size(sizeof(u32)) +			/* chunk size */
	       EVB_ACL_MAX_RULES * nla_total_size(EVB_CLIENT_NAME_MAX);
}

static int put_acl(struct sk_buff *msg, const struct evb_acl *acl)
{
	static const int attr[2][3] = {
		[0][EVB_ACL_MAC] = EVBLADE_A_BLADE_DENY_MAC,
		[0][EVB_ACL_CLIENT] = EVBLADE_A_BLADE_DENY_CLIENT,
		[1][EVB_ACL_MAC] = EVBLADE_A_BLADE_ALLOW_MAC,
		[1][EVB_ACL_CLIENT] = EVBLADE_A_BLADE_ALLOW_CLIENT,
	};
	const struct evb_acl_rule *rule;
	unsigned int i;
	int ret;

	if (nla_put_u8(msg, EVBLADE_A_BLADE_ACL_POLICY, acl ? acl->default_allow : 1))
		return -EMSGSIZE;
	for (i = 0; acl && i < acl->n; i++) {
		rule = &acl->rule[i];
		if (rule->kind == EVB_ACL_MAC)
			ret = nla_put(msg, attr[rule->allow][EVB_ACL_MAC],
				      ETH_ALEN, rule->mac);
		else
			ret = nla_put_string(msg, attr[rule->allow][EVB_ACL_CLIENT],
					     rule->client);
		if (ret)
			return ret;
	}
	return 0;
}

static int put_list(struct sk_buff *msg, int attr, const struct evb_maclist *l)
{
	unsigned int i;

	for (i = 0; l && i < l->n; i++)
		if (nla_put(msg, attr, ETH_ALEN, l->mac[i]))
			return -EMSGSIZE;
	return 0;
}

/* Caller holds en->lock. */
static int blade_fill(struct sk_buff *msg, struct evb_blade *blade, u32 portid,
		      u32 seq, int flags, u8 cmd, struct netlink_callback *cb)
{
	const struct evb_ifset *ifs;
	u64 stats[EVB_NR_STATS];
	struct nlattr *nest;
	unsigned int i;
	void *hdr;
	int ret;

	lockdep_assert_held(&blade->en->lock);
	hdr = genlmsg_put(msg, portid, seq, &evb_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u16(msg, EVBLADE_A_BLADE_SHELF, blade->shelf) ||
	    nla_put_u8(msg, EVBLADE_A_BLADE_SLOT, blade->slot) ||
	    nla_put_string(msg, EVBLADE_A_BLADE_PATH, blade->path) ||
	    nla_put_u32(msg, EVBLADE_A_BLADE_BACKEND,
			blade->private ? EVBLADE_BACKEND_FILE : blade->be.ops->kind) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_BLADE_SIZE,
			      blade->nsect << AOE_SECTOR_SHIFT,
			      EVBLADE_A_BLADE_PAD) ||
	    nla_put_u8(msg, EVBLADE_A_BLADE_READ_ONLY, READ_ONCE(blade->read_only)) ||
	    nla_put_u8(msg, EVBLADE_A_BLADE_WRITE_BACK, READ_ONCE(blade->write_back)) ||
	    nla_put_u16(msg, EVBLADE_A_BLADE_BUFCNT, READ_ONCE(blade->bufcnt)))
		goto err_cancel;

	ifs = rcu_dereference_protected(blade->ifs,
					lockdep_is_held(&blade->en->lock));
	if (!ifs && nla_put_flag(msg, EVBLADE_A_BLADE_ALL_IFS))
		goto err_cancel;
	for (i = 0; ifs && i < ifs->n; i++)
		if (nla_put_u32(msg, EVBLADE_A_BLADE_IFINDEX, ifs->ifindex[i]))
			goto err_cancel;

	if (nla_put_u8(msg, EVBLADE_A_BLADE_LOCKING, READ_ONCE(blade->locking)) ||
	    (blade->state_dir_name &&
	     nla_put_string(msg, EVBLADE_A_BLADE_STATE_DIR, blade->state_dir_name)) ||
	    (blade->private && nla_put_flag(msg, EVBLADE_A_BLADE_PRIVATE)) ||
	    (blade->autocreate && nla_put_flag(msg, EVBLADE_A_BLADE_AUTOCREATE)) ||
	    nla_put_u32(msg, EVBLADE_A_BLADE_IDLE_TIMEOUT,
			READ_ONCE(blade->idle_timeout)) ||
	    nla_put_u32(msg, EVBLADE_A_BLADE_CONNS, READ_ONCE(blade->nr_linked)) ||
	    (blade->cow &&
	     (nla_put_flag(msg, EVBLADE_A_BLADE_COW) ||
	      nla_put_string(msg, EVBLADE_A_BLADE_BASE, blade->base_path) ||
	      nla_put_u64_64bit(msg, EVBLADE_A_BLADE_BASE_SIZE, blade->be.size,
				EVBLADE_A_BLADE_PAD) ||
	      nla_put_u64_64bit(msg, EVBLADE_A_BLADE_BASE_ID, blade->base.id,
				EVBLADE_A_BLADE_PAD) ||
	      nla_put_u32(msg, EVBLADE_A_BLADE_CHUNK_SIZE, 1U << EVB_OVL_CHUNK_SHIFT))) ||
	    put_acl(msg, rcu_dereference_protected(blade->acl,
						   lockdep_is_held(&blade->en->lock))))
		goto err_cancel;
	spin_lock_bh(&blade->cfg_lock);
	ret = nla_put(msg, EVBLADE_A_BLADE_CONFIG_STRING, blade->cfg.len,
		      blade->cfg.str) ?:
	      put_list(msg, EVBLADE_A_BLADE_MASK_MAC,
		       rcu_dereference_protected(blade->mask,
						 lockdep_is_held(&blade->cfg_lock))) ?:
	      put_list(msg, EVBLADE_A_BLADE_RESERVE_MAC,
		       rcu_dereference_protected(blade->rsv,
						 lockdep_is_held(&blade->cfg_lock)));
	spin_unlock_bh(&blade->cfg_lock);
	if (ret)
		goto err_cancel;

	evb_blade_stats_read(blade, stats);
	nest = nla_nest_start(msg, EVBLADE_A_BLADE_STATS);
	if (!nest)
		goto err_cancel;
	for (i = 0; i < EVB_NR_STATS; i++)
		if (nla_put_u64_64bit(msg, stat_attr[i], stats[i],
				      EVBLADE_A_BLADE_STATS_PAD))
			goto err_cancel;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* A message for the monitor group, or NULL if nobody listens.  Sleeps. */
static struct sk_buff *ntf_new(struct net *net, size_t size)
{
	if (!genl_has_listeners(&evb_nl_family, net, EVBLADE_NLGRP_MONITOR))
		return NULL;
	return genlmsg_new(size, GFP_KERNEL);
}

/* Send a message from ntf_new(), or free it if filling it failed. */
static void ntf_send(struct net *net, struct sk_buff *msg, int fill_err)
{
	if (fill_err) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&evb_nl_family, net, msg, 0,
				EVBLADE_NLGRP_MONITOR, GFP_KERNEL);
}

/* Tell the monitor group; caller holds en->lock. */
static void blade_notify(struct evb_blade *blade, u8 cmd)
{
	struct net *net = blade->en->net;
	struct sk_buff *msg = ntf_new(net, blade_msg_size(blade));

	if (msg)
		ntf_send(net, msg, blade_fill(msg, blade, 0, 0, 0, cmd, NULL));
}

/* The blade named by the request's shelf and slot; caller holds en->lock. */
static struct evb_blade *blade_from_info(struct evb_net *en,
					 struct genl_info *info)
{
	struct evb_blade *blade;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SHELF) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SLOT))
		return ERR_PTR(-EINVAL);
	blade = evb_blade_find(en, nla_get_u16(info->attrs[EVBLADE_A_BLADE_SHELF]),
			       nla_get_u8(info->attrs[EVBLADE_A_BLADE_SLOT]));
	if (!blade) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EVBLADE_A_BLADE_SLOT],
				    "no blade with this shelf.slot in this network namespace");
		return ERR_PTR(-ENOENT);
	}
	return blade;
}

static int cfg_string_check(struct genl_info *info)
{
	struct nlattr *a = info->attrs[EVBLADE_A_BLADE_CONFIG_STRING];

	if (a && nla_len(a) > AOE_CFG_STR_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "the config string is longer than 1024 bytes");
		return -EINVAL;
	}
	return 0;
}

/* The interfaces of a request, checked and without duplicates. */
static int collect_ifs(struct net *net, struct genl_info *info, int *ifindex)
{
	const struct nlattr *a;
	unsigned int n = 0, i;
	int rem, idx;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		struct net_device *dev;
		bool ok;

		if (nla_type(a) != EVBLADE_A_BLADE_IFINDEX)
			continue;
		idx = nla_get_u32(a);
		rcu_read_lock();
		dev = dev_get_by_index_rcu(net, idx);
		ok = dev && dev->type == ARPHRD_ETHER &&
		     !(dev->flags & IFF_LOOPBACK);
		rcu_read_unlock();
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "no interface with this index in this network namespace");
			return -ENODEV;
		}
		if (!ok) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "AoE needs an Ethernet interface");
			return -EINVAL;
		}
		for (i = 0; i < n && ifindex[i] != idx; i++)
			;
		if (i < n)
			continue;
		if (n == EVB_MAX_IFS) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a blade is served on at most 16 interfaces");
			return -E2BIG;
		}
		ifindex[n++] = idx;
	}
	return n;
}

/*
 * The mask-mac attributes of a request as a new list (NULL: none given, or
 * an empty list), or an ERR_PTR.  *given tells whether there were any.
 */
static struct evb_maclist *collect_mask(struct genl_info *info, bool *given)
{
	struct evb_maclist *l;
	const struct nlattr *a;
	int rem;

	*given = false;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != EVBLADE_A_BLADE_MASK_MAC)
			continue;
		*given = true;
		/* 6 bytes: the policy's exact-len */
		if (!is_valid_ether_addr(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a mask list entry must be a unicast MAC address");
			kfree(l);
			return ERR_PTR(-EINVAL);
		}
		if (evb_maclist_add(l, nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a mask list holds at most 64 MAC addresses");
			kfree(l);
			return ERR_PTR(-E2BIG);
		}
	}
	if (!l->n) {
		kfree(l);
		return NULL;
	}
	return l;
}

/*
 * A reason from the pure checks: a static string, but not a literal, which
 * NL_SET_ERR_MSG() wants.
 */
static void set_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
		    const char *why)
{
	evb_set_err_msg(extack, why);
	NL_SET_BAD_ATTR(extack, attr);
}

static bool acl_rule_attr(int type)
{
	return type == EVBLADE_A_BLADE_ALLOW_MAC || type == EVBLADE_A_BLADE_DENY_MAC ||
	       type == EVBLADE_A_BLADE_ALLOW_CLIENT || type == EVBLADE_A_BLADE_DENY_CLIENT;
}

/* The attribute of a request's @n-th ACL rule, or NULL. */
static const struct nlattr *nth_rule_attr(struct genl_info *info,
					  unsigned int n)
{
	const struct nlattr *a;
	int rem;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (acl_rule_attr(nla_type(a)) && !n--)
			return a;
	return NULL;
}

/*
 * The ACL a request asks for.  Rules come from its allow-/deny- attributes
 * if it has any (or @clear, its acl-clear), else from @old; the policy from
 * acl-policy, else from @old (allow without one).  An ACL that allows
 * everyone is NULL.  *given tells whether the request touched the ACL.
 */
static struct evb_acl *collect_acl(struct genl_info *info, struct nlattr *clear,
				   const struct evb_acl *old, bool *given)
{
	struct nlattr *policy = info->attrs[EVBLADE_A_BLADE_ACL_POLICY];
	const struct nlattr *a;
	bool rules_given = !!clear;
	struct evb_acl_rule *rule;
	unsigned int n = 0, bad;
	struct evb_acl *acl;
	const char *why;
	int rem, type;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (acl_rule_attr(nla_type(a)))
			n++;
	if (n && rules_given) {
		NL_SET_ERR_MSG_ATTR(info->extack, clear,
				    "either new ACL rules or none, not both");
		return ERR_PTR(-EINVAL);
	}
	if (n > EVB_ACL_MAX_RULES) {
		NL_SET_ERR_MSG(info->extack, "an ACL has at most 256 rules");
		return ERR_PTR(-E2BIG);
	}
	rules_given |= n > 0;
	*given = rules_given || policy;
	if (!rules_given)
		n = old ? old->n : 0;

	acl = evb_acl_alloc(n, GFP_KERNEL);
	if (!acl)
		return ERR_PTR(-ENOMEM);
	acl->default_allow = policy ? nla_get_u8(policy) : old ? old->default_allow : 1;
	if (!rules_given) {
		if (n)
			memcpy(acl->rule, old->rule, n * sizeof(*acl->rule));
		goto out;
	}
	n = 0;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		type = nla_type(a);
		if (!acl_rule_attr(type))
			continue;
		rule = &acl->rule[n++];
		rule->allow = type == EVBLADE_A_BLADE_ALLOW_MAC ||
			      type == EVBLADE_A_BLADE_ALLOW_CLIENT;
		if (type == EVBLADE_A_BLADE_ALLOW_MAC || type == EVBLADE_A_BLADE_DENY_MAC) {
			rule->kind = EVB_ACL_MAC;
			/* 6 bytes: the policy's exact-len */
			memcpy(rule->mac, nla_data(a), ETH_ALEN);
		} else {
			rule->kind = EVB_ACL_CLIENT;
			/* at most 31 bytes (policy), NUL-terminated or not */
			nla_strscpy(rule->client, a, sizeof(rule->client));
		}
	}
	if (evb_acl_check(acl, &bad, &why)) {
		set_err(info->extack, nth_rule_attr(info, bad), why);
		kfree(acl);
		return ERR_PTR(-EINVAL);
	}
out:
	if (!acl->n && acl->default_allow) {
		kfree(acl);
		return NULL;
	}
	return acl;
}

/* The policy checks the minimum (a full range would need 6.2's policy). */
static int idle_check(struct genl_info *info)
{
	struct nlattr *a = info->attrs[EVBLADE_A_BLADE_IDLE_TIMEOUT];

	if (a && nla_get_u32(a) > EVB_IDLE_TIMEOUT_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "the idle timeout is at most 86400 seconds (a day)");
		return -ERANGE;
	}
	return 0;
}

/*
 * Copy-on-write: a private blade over a base, whose size the overlays
 * take, with writes in order and durable.
 */
static int cow_check(struct genl_info *info, struct evb_blade_conf *conf)
{
	struct nlattr **a = info->attrs;
	struct nlattr *cow = a[EVBLADE_A_BLADE_COW];
	struct nlattr *base = a[EVBLADE_A_BLADE_BASE];

	if (!cow && !base)
		return 0;
	if (!base) {
		NL_SET_ERR_MSG_ATTR(info->extack, cow,
				    "a copy-on-write blade needs a base (the image every client reads)");
		return -EINVAL;
	}
	if (!cow) {
		NL_SET_ERR_MSG_ATTR(info->extack, base,
				    "a base is for a copy-on-write blade (cow)");
		return -EINVAL;
	}
	if (!conf->private) {
		NL_SET_ERR_MSG_ATTR(info->extack, cow,
				    "a copy-on-write blade is private: give path a template naming each client's overlay");
		return -EINVAL;
	}
	if (a[EVBLADE_A_BLADE_SIZE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_SIZE],
				    "a copy-on-write overlay has its base's size: no size");
		return -EINVAL;
	}
	if (conf->write_back) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_WRITE_BACK],
				    "a copy-on-write blade cannot be write-back: its overlays' crash safety needs ordered durable writes");
		return -EINVAL;
	}
	conf->base = nla_data(base);
	if (conf->base[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, base, "the base path must be absolute");
		return -EINVAL;
	}
	return 0;
}

static int private_check(struct genl_info *info, struct evb_blade_conf *conf)
{
	struct nlattr **a = info->attrs;
	const char *why;
	int ret;

	conf->private = !!a[EVBLADE_A_BLADE_PRIVATE];
	conf->autocreate = !!a[EVBLADE_A_BLADE_AUTOCREATE];
	if (a[EVBLADE_A_BLADE_SIZE])
		conf->psize = nla_get_u64(a[EVBLADE_A_BLADE_SIZE]);
	ret = cow_check(info, conf);
	if (ret)
		return ret;
	if (!conf->private) {
		if (conf->autocreate || a[EVBLADE_A_BLADE_SIZE]) {
			struct nlattr *bad = a[EVBLADE_A_BLADE_AUTOCREATE] ?:
					     a[EVBLADE_A_BLADE_SIZE];

			NL_SET_ERR_MSG_ATTR(info->extack, bad,
					    "autocreate and size are for private blades");
			return -EINVAL;
		}
		return 0;
	}
	if (evb_tmpl_check(conf->path, &why)) {
		set_err(info->extack, a[EVBLADE_A_BLADE_PATH], why);
		return -EINVAL;
	}
	if (conf->autocreate && conf->read_only) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_AUTOCREATE],
				    "autocreate and read-only exclude each other: a read-only blade creates no files");
		return -EINVAL;
	}
	if (conf->autocreate && !a[EVBLADE_A_BLADE_SIZE] && !conf->base) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_AUTOCREATE],
				    "autocreate needs the size of the files to create");
		return -EINVAL;
	}
	if (a[EVBLADE_A_BLADE_SIZE] &&
	    (conf->psize < AOE_SECTOR_SIZE || conf->psize % AOE_SECTOR_SIZE ||
	     conf->psize > MAX_LFS_FILESIZE)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_SIZE],
				    "the size must be a non-zero multiple of 512 bytes");
		return -EINVAL;
	}
	return 0;
}

/*
 * A blade-add request as a struct evb_blade_conf; @ifindex holds its
 * interfaces.  On success the caller owns conf->acl and conf->mask.
 */
static int blade_conf_parse(struct genl_info *info, struct evb_blade_conf *conf,
			    int *ifindex)
{
	struct nlattr **a = info->attrs;
	bool given;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SHELF) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SLOT) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_PATH))
		return -EINVAL;
	conf->shelf = nla_get_u16(a[EVBLADE_A_BLADE_SHELF]);
	conf->slot = nla_get_u8(a[EVBLADE_A_BLADE_SLOT]);
	if (!evb_aoe_addr_usable(conf->shelf, conf->slot)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_SHELF],
				    "shelf 65535 and slot 255 are broadcast addresses, and the Linux initiator refuses shelf 4095");
		return -EINVAL;
	}
	conf->path = nla_data(a[EVBLADE_A_BLADE_PATH]);
	if (conf->path[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_PATH],
				    "the backing path must be absolute");
		return -EINVAL;
	}
	ret = cfg_string_check(info);
	if (ret)
		return ret;
	if (a[EVBLADE_A_BLADE_CONFIG_STRING]) {
		conf->cfg = nla_data(a[EVBLADE_A_BLADE_CONFIG_STRING]);
		conf->cfg_len = nla_len(a[EVBLADE_A_BLADE_CONFIG_STRING]);
	}
	ret = collect_ifs(genl_info_net(info), info, ifindex);
	if (ret < 0)
		return ret;
	conf->ifindex = ifindex;
	conf->nr_ifs = ret;
	conf->read_only = a[EVBLADE_A_BLADE_READ_ONLY] &&
			  nla_get_u8(a[EVBLADE_A_BLADE_READ_ONLY]);
	conf->write_back = a[EVBLADE_A_BLADE_WRITE_BACK] &&
			   nla_get_u8(a[EVBLADE_A_BLADE_WRITE_BACK]);
	if (a[EVBLADE_A_BLADE_BUFCNT])
		conf->bufcnt = nla_get_u16(a[EVBLADE_A_BLADE_BUFCNT]);
	conf->locking = a[EVBLADE_A_BLADE_LOCKING] &&
			nla_get_u8(a[EVBLADE_A_BLADE_LOCKING]);
	if (a[EVBLADE_A_BLADE_STATE_DIR]) {
		conf->state_dir = nla_data(a[EVBLADE_A_BLADE_STATE_DIR]);
		if (conf->state_dir[0] != '/') {
			NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_STATE_DIR],
					    "the state directory must be absolute");
			return -EINVAL;
		}
	}
	ret = private_check(info, conf) ?: idle_check(info);
	if (ret)
		return ret;
	if (a[EVBLADE_A_BLADE_IDLE_TIMEOUT])
		conf->idle_timeout = nla_get_u32(a[EVBLADE_A_BLADE_IDLE_TIMEOUT]);
	/* blade-add has no acl-clear: its policy refuses one */
	conf->acl = collect_acl(info, NULL, NULL, &given);
	if (IS_ERR(conf->acl))
		return PTR_ERR(conf->acl);
	conf->mask = collect_mask(info, &conf->have_mask);
	if (IS_ERR(conf->mask)) {
		kfree(conf->acl);
		return PTR_ERR(conf->mask);
	}
	return 0;
}

int evblade_nl_blade_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	struct evb_blade_conf conf = {};
	int ifindex[EVB_MAX_IFS];
	struct evb_blade *blade;
	int ret;

	ret = blade_conf_parse(info, &conf, ifindex);
	if (ret)
		return ret;
	mutex_lock(&en->lock);
	blade = evb_blade_create(en, &conf, info->extack);
	if (IS_ERR(blade)) {
		mutex_unlock(&en->lock);
		kfree(conf.mask);
		kfree(conf.acl);
		return PTR_ERR(blade);
	}
	/*
	 * A config string or mask list given here won over the state files
	 * (evb_blade_state_load()): write them there at once, or adding the
	 * blade again without them would bring the older values back.
	 */
	if (conf.cfg || conf.have_mask)
		evb_blade_state_changed(blade);
	evb_tx_announce_all(blade, net);
	blade_notify(blade, EVBLADE_CMD_BLADE_ADD_NTF);
	mutex_unlock(&en->lock);
	return 0;
}

int evblade_nl_blade_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct evb_net *en = evb_net(genl_info_net(info));
	struct evb_blade *blade;

	mutex_lock(&en->lock);
	blade = blade_from_info(en, info);
	if (IS_ERR(blade)) {
		mutex_unlock(&en->lock);
		return PTR_ERR(blade);
	}
	blade_notify(blade, EVBLADE_CMD_BLADE_DEL_NTF);
	evb_blade_unpublish(blade);
	mutex_unlock(&en->lock);
	/* Waits for the blade's I/O: no lock held, the namespace goes on. */
	evb_blade_destroy(blade);
	return 0;
}

/*
 * What a blade-set request changes, but its ACL (which needs the blade);
 * @ifindex holds its interfaces.  The caller owns chg->mask.
 */
static int blade_change_parse(struct genl_info *info,
			      struct evb_blade_change *chg, int *ifindex)
{
	struct nlattr **a = info->attrs;
	bool mask_given;
	int ret, nr_ifs;

	nr_ifs = collect_ifs(genl_info_net(info), info, ifindex);
	if (nr_ifs < 0)
		return nr_ifs;
	if (nr_ifs && a[EVBLADE_A_BLADE_ALL_IFS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_ALL_IFS],
				    "either a list of interfaces or every interface, not both");
		return -EINVAL;
	}
	chg->set_ifs = nr_ifs || a[EVBLADE_A_BLADE_ALL_IFS];
	chg->ifindex = ifindex;
	chg->nr_ifs = nr_ifs;
	ret = cfg_string_check(info) ?: idle_check(info);
	if (ret)
		return ret;
	if (a[EVBLADE_A_BLADE_CONFIG_STRING]) {
		chg->cfg = nla_data(a[EVBLADE_A_BLADE_CONFIG_STRING]);
		chg->cfg_len = nla_len(a[EVBLADE_A_BLADE_CONFIG_STRING]);
	}
	chg->set_read_only = !!a[EVBLADE_A_BLADE_READ_ONLY];
	chg->read_only = chg->set_read_only && nla_get_u8(a[EVBLADE_A_BLADE_READ_ONLY]);
	chg->set_write_back = !!a[EVBLADE_A_BLADE_WRITE_BACK];
	chg->write_back = chg->set_write_back && nla_get_u8(a[EVBLADE_A_BLADE_WRITE_BACK]);
	chg->set_bufcnt = !!a[EVBLADE_A_BLADE_BUFCNT];
	if (chg->set_bufcnt)
		chg->bufcnt = nla_get_u16(a[EVBLADE_A_BLADE_BUFCNT]);
	chg->set_locking = !!a[EVBLADE_A_BLADE_LOCKING];
	chg->locking = chg->set_locking && nla_get_u8(a[EVBLADE_A_BLADE_LOCKING]);
	chg->set_idle_timeout = !!a[EVBLADE_A_BLADE_IDLE_TIMEOUT];
	if (chg->set_idle_timeout)
		chg->idle_timeout = nla_get_u32(a[EVBLADE_A_BLADE_IDLE_TIMEOUT]);
	chg->clear_rsv = !!a[EVBLADE_A_BLADE_RESERVE_CLEAR];

	chg->mask = collect_mask(info, &mask_given);
	if (IS_ERR(chg->mask)) {
		ret = PTR_ERR(chg->mask);
		chg->mask = NULL;
		return ret;
	}
	if (mask_given && a[EVBLADE_A_BLADE_MASK_CLEAR]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_MASK_CLEAR],
				    "either a new mask list or an empty one, not both");
		return -EINVAL;
	}
	chg->set_mask = mask_given || a[EVBLADE_A_BLADE_MASK_CLEAR];
	return 0;
}

int evblade_nl_blade_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	struct evb_blade_change chg = {};
	int ifindex[EVB_MAX_IFS];
	struct evb_blade *blade;
	int ret;

	ret = blade_change_parse(info, &chg, ifindex);
	if (ret)
		goto out_free;

	mutex_lock(&en->lock);
	blade = blade_from_info(en, info);
	if (IS_ERR(blade)) {
		ret = PTR_ERR(blade);
		goto out;
	}
	chg.acl = collect_acl(info, info->attrs[EVBLADE_A_BLADE_ACL_CLEAR],
			      rcu_dereference_protected(blade->acl,
							lockdep_is_held(&en->lock)),
			      &chg.set_acl);
	if (IS_ERR(chg.acl)) {
		ret = PTR_ERR(chg.acl);
		chg.acl = NULL;
		goto out;
	}
	ret = evb_blade_change(blade, &chg, info->extack);
	if (ret) {
		if (ret == -EROFS)
			NL_SET_BAD_ATTR(info->extack, info->attrs[EVBLADE_A_BLADE_READ_ONLY]);
		goto out;
	}
	/* Initiators learn a new buffer count or string from an announcement. */
	evb_tx_announce_all(blade, net);
	blade_notify(blade, EVBLADE_CMD_BLADE_CHANGE_NTF);
out:
	mutex_unlock(&en->lock);
out_free:
	kfree(chg.acl);
	kfree(chg.mask);
	return ret;
}

int evblade_nl_blade_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct evb_net *en = evb_net(genl_info_net(info));
	struct evb_blade *blade;
	struct sk_buff *msg;
	int ret;

	mutex_lock(&en->lock);
	blade = blade_from_info(en, info);
	if (IS_ERR(blade)) {
		mutex_unlock(&en->lock);
		return PTR_ERR(blade);
	}
	msg = genlmsg_new(blade_msg_size(blade), GFP_KERNEL);
	if (!msg) {
		mutex_unlock(&en->lock);
		return -ENOMEM;
	}
	ret = blade_fill(msg, blade, info->snd_portid, info->snd_seq, 0,
			 EVBLADE_CMD_BLADE_GET, NULL);
	mutex_unlock(&en->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int evblade_nl_blade_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct evb_net *en = evb_net(sock_net(skb->sk));
	struct evb_blade *blade;
	unsigned long key;
	int ret = 0;

	mutex_lock(&en->lock);
	cb->seq = en->gen;
	xa_for_each_start(&en->blades, key, blade, cb->args[0]) {
		ret = blade_fill(skb, blade, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI,
				 EVBLADE_CMD_BLADE_GET, cb);
		if (ret)
			break;
		cb->args[0] = key + 1;
	}
	mutex_unlock(&en->lock);
	/* A blade that did not fit goes first into the next message. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/* Clients. */

static int client_fill(struct sk_buff *msg, const struct evb_client *c,
		       u32 portid, u32 seq, int flags, u8 cmd)
{
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &evb_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(msg, EVBLADE_A_CLIENT_NAME, c->name))
		goto err_cancel;
	for (i = 0; i < c->nmacs; i++)
		if (nla_put(msg, EVBLADE_A_CLIENT_MAC, ETH_ALEN, c->mac[i]))
			goto err_cancel;
	genlmsg_end(msg, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static void client_notify(struct net *net, const struct evb_client *c, u8 cmd)
{
	struct sk_buff *msg = ntf_new(net, NLMSG_GOODSIZE);

	if (msg)
		ntf_send(net, msg, client_fill(msg, c, 0, 0, 0, cmd));
}

int evblade_nl_client_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	const struct nlattr *a;
	struct evb_client c = {};
	const char *why;
	int rem, ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CLIENT_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CLIENT_MAC))
		return -EINVAL;
	nla_strscpy(c.name, info->attrs[EVBLADE_A_CLIENT_NAME], sizeof(c.name));
	why = evb_client_name_fault(c.name);
	if (why) {
		set_err(info->extack, info->attrs[EVBLADE_A_CLIENT_NAME], why);
		return -EINVAL;
	}
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != EVBLADE_A_CLIENT_MAC)
			continue;
		/* 6 bytes: the policy's exact-len */
		if (!is_valid_ether_addr(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a client's MAC address must be unicast and not zero");
			return -EINVAL;
		}
		if (c.nmacs == EVB_CLIENT_MACS) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a client has at most 8 MAC addresses");
			return -E2BIG;
		}
		ether_addr_copy(c.mac[c.nmacs++], nla_data(a));
	}

	mutex_lock(&en->lock);
	ret = evb_net_client_add(en, &c, info->extack);
	if (!ret)
		client_notify(net, &c, EVBLADE_CMD_CLIENT_ADD_NTF);
	mutex_unlock(&en->lock);
	if (ret)
		NL_SET_BAD_ATTR(info->extack, ret == -EEXIST ?
				info->attrs[EVBLADE_A_CLIENT_NAME] :
				info->attrs[EVBLADE_A_CLIENT_MAC]);
	return ret;
}

int evblade_nl_client_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	struct evb_client gone;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CLIENT_NAME))
		return -EINVAL;
	mutex_lock(&en->lock);
	ret = evb_net_client_del(en, nla_data(info->attrs[EVBLADE_A_CLIENT_NAME]),
				 &gone, info->extack);
	if (!ret)
		client_notify(net, &gone, EVBLADE_CMD_CLIENT_DEL_NTF);
	mutex_unlock(&en->lock);
	if (ret)
		NL_SET_BAD_ATTR(info->extack, info->attrs[EVBLADE_A_CLIENT_NAME]);
	return ret;
}

int evblade_nl_client_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct evb_net *en = evb_net(genl_info_net(info));
	const struct evb_client *c;
	struct sk_buff *msg;
	int ret = -ENOENT;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CLIENT_NAME))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&en->lock);
	c = evb_client_find(evb_net_clients(en), nla_data(info->attrs[EVBLADE_A_CLIENT_NAME]));
	if (c)
		ret = client_fill(msg, c, info->snd_portid, info->snd_seq, 0,
				  EVBLADE_CMD_CLIENT_GET);
	else
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EVBLADE_A_CLIENT_NAME],
				    "no client with this name in this network namespace");
	mutex_unlock(&en->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int evblade_nl_client_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct evb_net *en = evb_net(sock_net(skb->sk));
	const struct evb_client_tab *t;
	unsigned long i;
	int ret = 0;

	mutex_lock(&en->lock);
	t = evb_net_clients(en);
	for (i = cb->args[0]; t && i < t->n; i++) {
		ret = client_fill(skb, &t->cl[i], NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  EVBLADE_CMD_CLIENT_GET);
		if (ret)
			break;
		cb->args[0] = i + 1;
	}
	mutex_unlock(&en->lock);
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/* Connections. */

static size_t conn_msg_size(void)
{
	return NLMSG_ALIGN(GENL_HDRLEN) +
	       nla_total_size(sizeof(u16)) + nla_total_size(sizeof(u8)) +
	       nla_total_size(EVB_CLIENT_NAME_MAX) +
	       EVB_CLIENT_MACS * nla_total_size(ETH_ALEN) +
	       2 * nla_total_size(sizeof(u32)) +
	       nla_total_size(EVB_CONN_ERROR_MAX) +
	       nla_total_size(PATH_MAX) +
	       8 * nla_total_size_64bit(sizeof(u64));
}

/* Any context but hard IRQ: takes conn->lock with BHs off. */
static int conn_fill(struct sk_buff *msg, struct evb_conn *conn, u32 portid,
		     u32 seq, int flags, u8 cmd)
{
	struct evb_blade *blade = conn->blade;
	u8 state = evb_conn_state(conn);
	u64 nsect = 0, chunks, bytes;
	unsigned int i;
	void *hdr;
	int ret;

	hdr = genlmsg_put(msg, portid, seq, &evb_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	/* Pairs with the setup work's release store: the size first. */
	if (smp_load_acquire(&conn->state) == EVBLADE_CONN_STATE_READY)
		nsect = conn->nsect;
	if (nla_put_u16(msg, EVBLADE_A_CONN_SHELF, blade->shelf) ||
	    nla_put_u8(msg, EVBLADE_A_CONN_SLOT, blade->slot) ||
	    (conn->key.name[0] &&
	     nla_put_string(msg, EVBLADE_A_CONN_CLIENT, conn->key.name)) ||
	    nla_put_u32(msg, EVBLADE_A_CONN_IFINDEX, READ_ONCE(conn->ifindex)) ||
	    nla_put_u32(msg, EVBLADE_A_CONN_STATE, state) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_SIZE, nsect << AOE_SECTOR_SHIFT,
			      EVBLADE_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_FIRST_SEEN, conn->first_seen,
			      EVBLADE_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_IDLE_MS,
			      jiffies_to_msecs(jiffies - READ_ONCE(conn->last_seen)),
			      EVBLADE_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_FRAMES,
			      atomic64_read(&conn->frames), EVBLADE_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_BYTES,
			      atomic64_read(&conn->bytes), EVBLADE_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, EVBLADE_A_CONN_ERRORS,
			      atomic64_read(&conn->errors), EVBLADE_A_CONN_PAD))
		goto err_cancel;

	spin_lock_bh(&conn->lock);
	ret = 0;
	for (i = 0; !ret && i < conn->nmacs; i++)
		ret = nla_put(msg, EVBLADE_A_CONN_MAC, ETH_ALEN, conn->mac[i]);
	if (!ret && conn->backing && conn->backing[0])
		ret = nla_put_string(msg, EVBLADE_A_CONN_BACKING, conn->backing);
	if (!ret && conn->state == EVBLADE_CONN_STATE_FAILED)
		ret = nla_put_string(msg, EVBLADE_A_CONN_ERROR, conn->error);
	/*
	 * An open overlay's usage.  The release work takes ->backing away
	 * under ->lock before it closes the overlay.
	 */
	if (!ret && conn->state == EVBLADE_CONN_STATE_READY && conn->backing &&
	    evb_cow_usage(&conn->pbe, &chunks, &bytes))
		ret = nla_put_u64_64bit(msg, EVBLADE_A_CONN_COW_CHUNKS, chunks,
					EVBLADE_A_CONN_PAD) ?:
		      nla_put_u64_64bit(msg, EVBLADE_A_CONN_COW_BYTES, bytes,
					EVBLADE_A_CONN_PAD);
	spin_unlock_bh(&conn->lock);
	if (ret)
		goto err_cancel;
	genlmsg_end(msg, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/**
 * evb_nl_conn_notify() - tell the monitor group about a connection
 * @conn: the connection
 * @cmd: EVBLADE_CMD_CONN_ADD_NTF or EVBLADE_CMD_CONN_DEL_NTF
 *
 * Process context.
 */
void evb_nl_conn_notify(struct evb_conn *conn, u8 cmd)
{
	struct net *net = conn->blade->en->net;
	struct sk_buff *msg = ntf_new(net, conn_msg_size());

	if (msg)
		ntf_send(net, msg, conn_fill(msg, conn, 0, 0, 0, cmd));
}

/*
 * Reset copy-on-write overlays: one client's (by name, or by a MAC, which
 * stands for the declared client it belongs to) or every one.  The blade
 * is referenced and en->lock dropped: a reset waits for I/O.
 */
int evblade_nl_overlay_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct evb_net *en = evb_net(genl_info_net(info));
	struct nlattr **a = info->attrs;
	char name[EVB_CLIENT_NAME_MAX] = "";
	const struct evb_client *c = NULL;
	bool all = !!a[EVBLADE_A_CONN_ALL];
	struct evb_blade *blade;
	u8 mac[ETH_ALEN];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CONN_SHELF) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CONN_SLOT))
		return -EINVAL;
	if (all + !!a[EVBLADE_A_CONN_CLIENT] + !!a[EVBLADE_A_CONN_MAC] != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "say whose overlay to reset: one client, one MAC, or all");
		return -EINVAL;
	}
	mutex_lock(&en->lock);
	blade = evb_blade_find(en, nla_get_u16(a[EVBLADE_A_CONN_SHELF]),
			       nla_get_u8(a[EVBLADE_A_CONN_SLOT]));
	ret = -ENOENT;
	if (!blade) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_SLOT],
				    "no blade with this shelf.slot in this network namespace");
		goto unlock;
	}
	ret = -EINVAL;
	if (!blade->cow) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_SLOT],
				    "not a copy-on-write blade: it has no overlays");
		goto unlock;
	}
	ret = -EROFS;
	if (READ_ONCE(blade->read_only)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_SLOT],
				    "the blade is read-only: its overlays are not written, nor reset");
		goto unlock;
	}
	ret = 0;
	if (a[EVBLADE_A_CONN_CLIENT]) {
		c = evb_client_find(evb_net_clients(en),
				    nla_data(a[EVBLADE_A_CONN_CLIENT]));
		if (!c) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_CLIENT],
					    "no declared client of this name");
			ret = -ENOENT;
			goto unlock;
		}
	} else if (a[EVBLADE_A_CONN_MAC]) {
		memcpy(mac, nla_data(a[EVBLADE_A_CONN_MAC]), ETH_ALEN);
		c = evb_client_find_mac(evb_net_clients(en), mac);
	}
	if (c) {
		strscpy(name, c->name, sizeof(name));
		memcpy(mac, c->mac[0], ETH_ALEN);
	}
	/* Put below: the blade outlives the reset, en->lock does not wait. */
	evb_blade_get(blade);
unlock:
	mutex_unlock(&en->lock);
	if (ret)
		return ret;
	ret = evb_conn_cow_reset(blade, all ? NULL : mac, name,
				 !!a[EVBLADE_A_CONN_FORCE], info->extack);
	evb_blade_put(blade);
	return ret;
}

int evblade_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct evb_net *en = evb_net(genl_info_net(info));
	struct nlattr **a = info->attrs;
	struct evb_blade *blade;
	struct evb_conn *conn;
	struct sk_buff *msg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CONN_SHELF) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CONN_SLOT) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_CONN_MAC))
		return -EINVAL;
	msg = genlmsg_new(conn_msg_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&en->lock);
	ret = -ENOENT;
	blade = evb_blade_find(en, nla_get_u16(a[EVBLADE_A_CONN_SHELF]),
			       nla_get_u8(a[EVBLADE_A_CONN_SLOT]));
	if (!blade) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_SLOT],
				    "no blade with this shelf.slot in this network namespace");
		goto out;
	}
	rcu_read_lock();
	conn = evb_conn_find(blade, nla_data(a[EVBLADE_A_CONN_MAC]),
			     evb_client_find_mac(evb_net_clients(en),
						 nla_data(a[EVBLADE_A_CONN_MAC])));
	if (conn)
		ret = conn_fill(msg, conn, info->snd_portid, info->snd_seq, 0,
				EVBLADE_CMD_CONN_GET);
	rcu_read_unlock();
	if (!conn)
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_CONN_MAC],
				    "this client has no connection to the blade");
out:
	mutex_unlock(&en->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: the blade key to go on from, [1]: connections done there.
 * Aging and new clients change a blade's list between two parts of a
 * dump, so going on by index could skip a connection or show one twice:
 * every part takes the namespace's blade and connection generations as
 * cb->seq, and a part whose generation differs from the previous part's
 * is flagged NLM_F_DUMP_INTR (nl_dump_check_consistent()), for the
 * reader to dump again.  Each blade's list is walked under its conn_lock,
 * and the final part (NLMSG_DONE) takes the generation again, so any
 * change from the first part to the end is seen.
 */
int evblade_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct evb_net *en = evb_net(sock_net(skb->sk));
	struct evb_blade *blade;
	struct evb_conn *conn;
	struct nlmsghdr *nlh;
	unsigned long key, i;
	int ret = 0;

	mutex_lock(&en->lock);
	/* Never 0: nl_dump_check_consistent() takes 0 for "not set yet". */
	cb->seq = (en->gen + (unsigned int)atomic_read(&en->conn_gen)) << 1 | 1;
	xa_for_each_start(&en->blades, key, blade, cb->args[0]) {
		if (key != cb->args[0])
			cb->args[1] = 0;
		cb->args[0] = key;
		i = 0;
		spin_lock_bh(&blade->conn_lock);
		list_for_each_entry(conn, &blade->conn_list, list) {
			if (i++ < cb->args[1])
				continue;
			nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
			ret = conn_fill(skb, conn, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					EVBLADE_CMD_CONN_GET);
			if (ret)
				break;
			nl_dump_check_consistent(cb, nlh);
			cb->args[1] = i;
		}
		spin_unlock_bh(&blade->conn_lock);
		if (ret)
			break;
		cb->args[0] = key + 1;
		cb->args[1] = 0;
	}
	mutex_unlock(&en->lock);
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/*
 * Module unload closes the family to configuration before it tears blades
 * down, and unregisters it only at the very end, so that connections and
 * blades going away can still be announced: a request that comes meanwhile
 * is refused.  Running requests hold the gate for reading, so closing it
 * waits for them (dumps need nothing: they hold a module reference).
 */
static DECLARE_RWSEM(evb_nl_gate);
static bool evb_nl_closed;

static int evb_nl_pre_doit(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	down_read(&evb_nl_gate);
	if (unlikely(evb_nl_closed)) {
		up_read(&evb_nl_gate);
		NL_SET_ERR_MSG(info->extack, "evblade is being unloaded");
		return -ESHUTDOWN;
	}
	return 0;
}

static void evb_nl_post_doit(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	up_read(&evb_nl_gate);
}

/*
 * Parallel ops: a request holds no global lock, so one blade's hung
 * backing stalls neither the other blades nor any other genetlink family.
 * A namespace's config lock orders its requests against each other, the
 * netdevice notifier and namespace teardown.
 */
static struct genl_family evb_nl_family __ro_after_init = {
	.name		= EVBLADE_FAMILY_NAME,
	.version	= EVBLADE_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.pre_doit	= evb_nl_pre_doit,
	.post_doit	= evb_nl_post_doit,
	.module		= THIS_MODULE,
	.ops		= evblade_nl_ops,
	.n_ops		= ARRAY_SIZE(evblade_nl_ops),
	.mcgrps		= evblade_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(evblade_nl_mcgrps),
};

/**
 * evb_nl_init() - register the evblade generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int __init evb_nl_init(void)
{
	return genl_register_family(&evb_nl_family);
}

/**
 * evb_nl_close() - refuse configuration from now on
 *
 * Waits for the requests that are running.  The family stays registered:
 * notifications still go out until evb_nl_uninit().
 */
void evb_nl_close(void)
{
	down_write(&evb_nl_gate);
	evb_nl_closed = true;
	up_write(&evb_nl_gate);
}

/**
 * evb_nl_uninit() - unregister the family
 *
 * After evb_nl_close(), once nothing sends notifications any more: every
 * blade and connection is gone and the connection workqueue is drained.
 */
void evb_nl_uninit(void)
{
	genl_unregister_family(&evb_nl_family);
}
