/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-network-namespace state: the registry of blades, the declared
 * clients, the drop counters, and the config lock that orders every change
 * in the namespace.
 *
 * Locking hierarchy (outermost first):
 *   0. No global lock: the netlink family has parallel_ops, so requests
 *      never run under genl_mutex, and nothing below waits for I/O while
 *      holding a lock that another namespace or genetlink family needs.
 *   1. RTNL (netdevice notifier only; never taken under the others)
 *   2. evb_net.lock: mutex, serialises configuration of a namespace:
 *      creating, changing and unpublishing blades, editing their
 *      interface sets, the client table, and dumps.  Held only for short
 *      work: never while waiting for a blade's I/O or connections.
 *   3. evb_blade.cfg_lock (blade.h), then the connection locks (conn.h).
 *   RCU: the data path finds blades (xarray), their interface sets and the
 *   client table under rcu_read_lock() and takes nothing else.
 *
 * Lifetime: the state lives as long as its network namespace (pernet
 * subsys).  When the namespace goes, evb_net_exit() destroys its blades,
 * which waits for their I/O and connections, then frees the client table.
 */
#ifndef _EVB_NET_H
#define _EVB_NET_H

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>
#include <net/netns/generic.h>

#include "client.h"

struct kobject;

enum evb_drop {
	EVB_DROP_SHORT,
	EVB_DROP_RESPONSE,
	EVB_DROP_NO_BLADE,
	EVB_DROP_BROADCAST_IO,
	EVB_DROP_BUSY,
	EVB_DROP_NOMEM,
	EVB_DROP_MASKED,
	EVB_DROP_DENIED,
	EVB_DROP_PENDING,
	EVB_DROP_NO_BACKING,
	EVB_DROP_CONN_LIMIT,
	EVB_DROP_NOT_ETHERNET,
	EVB_DROP_BAD_SOURCE,
	EVB_DROP_BROADCAST_EDIT,
	EVB_NR_DROPS,
};

struct evb_drop_stats {
	u64_stats_t count[EVB_NR_DROPS];
	struct u64_stats_sync syncp;
};

/* Per network namespace state. */
struct evb_net {
	struct net *net;
	struct mutex lock;		/* configuration of the namespace */
	struct xarray blades;		/* key: shelf << 8 | slot */
	unsigned int nr_blades;		/* under lock */
	struct list_head dying;		/* unpublished, being destroyed; lock */
	unsigned int gen;		/* bumped on every change, for dumps */
	/*
	 * Bumped whenever a connection of any blade of the namespace joins or
	 * leaves its table, under that blade's conn_lock: a connection dump
	 * that spans several messages is flagged NLM_F_DUMP_INTR if its lists
	 * changed in between.
	 */
	atomic_t conn_gen;
	struct evb_drop_stats __percpu *drops;
	struct evb_client_tab __rcu *clients;	/* NULL: none declared */
	/*
	 * Bumped (release) after any ACL or client table change: connections
	 * recompute their cached ACL decision on their next frame.
	 */
	unsigned int acl_gen;
	struct kobject *kobj;		/* /sys/kernel/evblade/net-<inum> */
};

extern unsigned int evb_net_id;

static inline struct evb_net *evb_net(const struct net *net)
{
	return net_generic(net, evb_net_id);
}

int evb_net_init(void);
void evb_net_uninit(void);

void evb_net_drop(struct evb_net *en, enum evb_drop why);
void evb_net_drops_read(const struct evb_net *en, u64 *out);

struct evb_client_tab *evb_net_clients(struct evb_net *en);
int evb_net_client_add(struct evb_net *en, const struct evb_client *c,
		       struct netlink_ext_ack *extack);
int evb_net_client_del(struct evb_net *en, const char *name,
		       struct evb_client *gone,
		       struct netlink_ext_ack *extack);

/**
 * evb_net_acl_changed() - make connections decide their ACL again
 * @en: the namespace; caller holds en->lock
 *
 * Every connection compares its cached decision's generation with this
 * one on its next frame (conn.c).
 */
static inline void evb_net_acl_changed(struct evb_net *en)
{
	lockdep_assert_held(&en->lock);
	/* Pairs with the acquire loads in conn.c: the new ACL or table first. */
	smp_store_release(&en->acl_gen, en->acl_gen + 1);
}

/*
 * Explain a refusal with a reason from a pure check: a static string, but
 * not a literal, which NL_SET_ERR_MSG() wants.
 */
static inline void evb_set_err_msg(struct netlink_ext_ack *extack,
				   const char *why)
{
	if (extack)
		extack->_msg = why;
}

#endif /* _EVB_NET_H */
