// SPDX-License-Identifier: GPL-2.0
/*
 * The evblade generic netlink family.  The attribute policies and the ops
 * table are generated from Documentation/netlink/specs/evblade.yaml into
 * netlink-gen.c; this file holds the family and the handlers.  Validation
 * is the policy's job: a handler only checks what a policy cannot express,
 * and explains every rejection through extack.
 *
 * All handlers run under genl_mutex (no parallel ops) and take the
 * namespace's config lock for blades.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "blade.h"
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
	       EVB_NR_STATS * nla_total_size_64bit(sizeof(u64));
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
	    nla_put_u32(msg, EVBLADE_A_BLADE_BACKEND, blade->be.ops->kind) ||
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
	     nla_put_string(msg, EVBLADE_A_BLADE_STATE_DIR, blade->state_dir_name)))
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

/* Tell the monitor group; caller holds en->lock. */
static void blade_notify(struct evb_blade *blade, u8 cmd)
{
	struct net *net = blade->en->net;
	struct sk_buff *msg;

	if (!genl_has_listeners(&evb_nl_family, net, EVBLADE_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(blade_msg_size(blade), GFP_KERNEL);
	if (!msg)
		return;
	if (blade_fill(msg, blade, 0, 0, 0, cmd, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&evb_nl_family, net, msg, 0,
				EVBLADE_NLGRP_MONITOR, GFP_KERNEL);
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
		if (nla_len(a) != ETH_ALEN || !is_valid_ether_addr(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "a mask list entry must be a unicast MAC address (6 bytes)");
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

int evblade_nl_blade_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	struct evb_blade_conf conf = {};
	int ifindex[EVB_MAX_IFS];
	struct evb_maclist *mask;
	struct evb_blade *blade;
	struct nlattr **a = info->attrs;
	bool given;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SHELF) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_SLOT) ||
	    GENL_REQ_ATTR_CHECK(info, EVBLADE_A_BLADE_PATH))
		return -EINVAL;
	conf.shelf = nla_get_u16(a[EVBLADE_A_BLADE_SHELF]);
	conf.slot = nla_get_u8(a[EVBLADE_A_BLADE_SLOT]);
	if (!evb_aoe_addr_usable(conf.shelf, conf.slot)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_SHELF],
				    "shelf 65535 and slot 255 are broadcast addresses, and the Linux initiator refuses shelf 4095");
		return -EINVAL;
	}
	conf.path = nla_data(a[EVBLADE_A_BLADE_PATH]);
	if (conf.path[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_PATH],
				    "the backing path must be absolute");
		return -EINVAL;
	}
	ret = cfg_string_check(info);
	if (ret)
		return ret;
	if (a[EVBLADE_A_BLADE_CONFIG_STRING]) {
		conf.cfg = nla_data(a[EVBLADE_A_BLADE_CONFIG_STRING]);
		conf.cfg_len = nla_len(a[EVBLADE_A_BLADE_CONFIG_STRING]);
	}
	ret = collect_ifs(net, info, ifindex);
	if (ret < 0)
		return ret;
	conf.ifindex = ifindex;
	conf.nr_ifs = ret;
	conf.read_only = a[EVBLADE_A_BLADE_READ_ONLY] &&
			 nla_get_u8(a[EVBLADE_A_BLADE_READ_ONLY]);
	conf.write_back = a[EVBLADE_A_BLADE_WRITE_BACK] &&
			  nla_get_u8(a[EVBLADE_A_BLADE_WRITE_BACK]);
	if (a[EVBLADE_A_BLADE_BUFCNT])
		conf.bufcnt = nla_get_u16(a[EVBLADE_A_BLADE_BUFCNT]);
	conf.locking = a[EVBLADE_A_BLADE_LOCKING] &&
		       nla_get_u8(a[EVBLADE_A_BLADE_LOCKING]);
	if (a[EVBLADE_A_BLADE_STATE_DIR]) {
		conf.state_dir = nla_data(a[EVBLADE_A_BLADE_STATE_DIR]);
		if (conf.state_dir[0] != '/') {
			NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_STATE_DIR],
					    "the state directory must be absolute");
			return -EINVAL;
		}
	}
	mask = collect_mask(info, &given);
	if (IS_ERR(mask))
		return PTR_ERR(mask);
	conf.have_mask = given;

	mutex_lock(&en->lock);
	blade = evb_blade_create(en, &conf, info->extack);
	if (IS_ERR(blade)) {
		mutex_unlock(&en->lock);
		kfree(mask);
		return PTR_ERR(blade);
	}
	if (mask) {
		spin_lock_bh(&blade->cfg_lock);
		evb_blade_publish_list(blade, &blade->mask, mask);
		spin_unlock_bh(&blade->cfg_lock);
		evb_blade_state_changed(blade);
	}
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
	evb_blade_destroy(blade);
	mutex_unlock(&en->lock);
	return 0;
}

int evblade_nl_blade_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct evb_net *en = evb_net(net);
	struct nlattr **a = info->attrs;
	struct evb_maclist *mask = NULL;
	int ifindex[EVB_MAX_IFS];
	struct evb_blade *blade;
	bool mask_given;
	int ret, nr_ifs;

	nr_ifs = collect_ifs(net, info, ifindex);
	if (nr_ifs < 0)
		return nr_ifs;
	if (nr_ifs && a[EVBLADE_A_BLADE_ALL_IFS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_ALL_IFS],
				    "either a list of interfaces or every interface, not both");
		return -EINVAL;
	}
	ret = cfg_string_check(info);
	if (ret)
		return ret;
	mask = collect_mask(info, &mask_given);
	if (IS_ERR(mask))
		return PTR_ERR(mask);
	if (mask_given && a[EVBLADE_A_BLADE_MASK_CLEAR]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_MASK_CLEAR],
				    "either a new mask list or an empty one, not both");
		ret = -EINVAL;
		goto out_free;
	}
	if (!a[EVBLADE_A_BLADE_READ_ONLY] && !a[EVBLADE_A_BLADE_WRITE_BACK] &&
	    !a[EVBLADE_A_BLADE_CONFIG_STRING] && !a[EVBLADE_A_BLADE_BUFCNT] &&
	    !nr_ifs && !a[EVBLADE_A_BLADE_ALL_IFS] &&
	    !a[EVBLADE_A_BLADE_LOCKING] && !mask_given &&
	    !a[EVBLADE_A_BLADE_MASK_CLEAR] && !a[EVBLADE_A_BLADE_RESERVE_CLEAR]) {
		NL_SET_ERR_MSG(info->extack, "nothing to change");
		ret = -EINVAL;
		goto out_free;
	}

	mutex_lock(&en->lock);
	blade = blade_from_info(en, info);
	if (IS_ERR(blade)) {
		ret = PTR_ERR(blade);
		goto out;
	}
	if (a[EVBLADE_A_BLADE_READ_ONLY] && !nla_get_u8(a[EVBLADE_A_BLADE_READ_ONLY]) &&
	    blade->be.read_only) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[EVBLADE_A_BLADE_READ_ONLY],
				    "the backing store was opened read-only; delete the blade and add it again without readonly");
		ret = -EROFS;
		goto out;
	}
	if (nr_ifs || a[EVBLADE_A_BLADE_ALL_IFS]) {
		ret = evb_blade_set_ifs(blade, ifindex, nr_ifs);
		if (ret)
			goto out;
	}

	if (a[EVBLADE_A_BLADE_READ_ONLY])
		WRITE_ONCE(blade->read_only, nla_get_u8(a[EVBLADE_A_BLADE_READ_ONLY]));
	if (a[EVBLADE_A_BLADE_WRITE_BACK])
		WRITE_ONCE(blade->write_back, nla_get_u8(a[EVBLADE_A_BLADE_WRITE_BACK]));
	if (a[EVBLADE_A_BLADE_BUFCNT])
		WRITE_ONCE(blade->bufcnt, nla_get_u16(a[EVBLADE_A_BLADE_BUFCNT]));
	if (a[EVBLADE_A_BLADE_LOCKING])
		WRITE_ONCE(blade->locking, nla_get_u8(a[EVBLADE_A_BLADE_LOCKING]));
	spin_lock_bh(&blade->cfg_lock);
	if (a[EVBLADE_A_BLADE_CONFIG_STRING]) {
		blade->cfg.len = nla_len(a[EVBLADE_A_BLADE_CONFIG_STRING]);
		memcpy(blade->cfg.str, nla_data(a[EVBLADE_A_BLADE_CONFIG_STRING]),
		       blade->cfg.len);
	}
	if (mask_given || a[EVBLADE_A_BLADE_MASK_CLEAR]) {
		evb_blade_publish_list(blade, &blade->mask, mask);
		mask = NULL;
	}
	if (a[EVBLADE_A_BLADE_RESERVE_CLEAR]) {
		if (rcu_access_pointer(blade->rsv))
			pr_info("%s: reservation broken by the administrator\n",
				blade->name);
		evb_blade_publish_list(blade, &blade->rsv, NULL);
	}
	spin_unlock_bh(&blade->cfg_lock);
	if (a[EVBLADE_A_BLADE_CONFIG_STRING] || mask_given ||
	    a[EVBLADE_A_BLADE_MASK_CLEAR] || a[EVBLADE_A_BLADE_RESERVE_CLEAR])
		evb_blade_state_changed(blade);
	en->gen++;
	/* Initiators learn a new buffer count or string from an announcement. */
	evb_tx_announce_all(blade, net);
	blade_notify(blade, EVBLADE_CMD_BLADE_CHANGE_NTF);
out:
	mutex_unlock(&en->lock);
out_free:
	kfree(mask);
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

/*
 * Configuration runs under genl_mutex, one operation at a time; a
 * namespace's config lock orders it against the netdevice notifier and
 * namespace teardown.
 */
static struct genl_family evb_nl_family __ro_after_init = {
	.name		= EVBLADE_FAMILY_NAME,
	.version	= EVBLADE_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= false,
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
 * evb_nl_uninit() - unregister the family; no handler runs after this
 */
void evb_nl_uninit(void)
{
	genl_unregister_family(&evb_nl_family);
}
