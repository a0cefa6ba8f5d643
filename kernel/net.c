// SPDX-License-Identifier: GPL-2.0
/*
 * The per-network-namespace state: its blade registry, client table and
 * drop counters.  See net.h for the locking hierarchy.
 */
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "blade.h"
#include "conn.h"
#include "net.h"
#include "sysfs.h"

unsigned int evb_net_id __read_mostly;

/**
 * evb_net_drop() - count a dropped frame
 * @en: the namespace it arrived in
 * @why: the reason
 */
void evb_net_drop(struct evb_net *en, enum evb_drop why)
{
	struct evb_drop_stats *st = get_cpu_ptr(en->drops);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&st->syncp);
	u64_stats_inc(&st->count[why]);
	u64_stats_update_end_irqrestore(&st->syncp, flags);
	put_cpu_ptr(en->drops);
}

/**
 * evb_net_drops_read() - sum a namespace's drop counters
 * @en: the namespace
 * @out: EVB_NR_DROPS values
 */
void evb_net_drops_read(const struct evb_net *en, u64 *out)
{
	unsigned int start;
	int cpu, i;

	memset(out, 0, EVB_NR_DROPS * sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct evb_drop_stats *st = per_cpu_ptr(en->drops, cpu);
		u64 v[EVB_NR_DROPS];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i < EVB_NR_DROPS; i++)
				v[i] = u64_stats_read(&st->count[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < EVB_NR_DROPS; i++)
			out[i] += v[i];
	}
}

/**
 * evb_net_clients() - the namespace's client table
 * @en: the namespace; caller holds en->lock
 *
 * Return: the table, or NULL if no client is declared.
 */
struct evb_client_tab *evb_net_clients(struct evb_net *en)
{
	return rcu_dereference_protected(en->clients, lockdep_is_held(&en->lock));
}

/*
 * Replace the namespace's client table by @n clients (@cl, then @extra if
 * not NULL), and start again the connections of @changed.  Caller holds
 * en->lock.
 */
static int clients_replace(struct evb_net *en, const struct evb_client *cl,
			   unsigned int n, const struct evb_client *extra,
			   const struct evb_client *changed,
			   struct netlink_ext_ack *extack)
{
	struct evb_client_tab *t, *old;
	struct evb_client *all;
	struct evb_blade *blade;
	unsigned long key;
	unsigned int bad;
	const char *why;

	lockdep_assert_held(&en->lock);
	all = kvmalloc_array(n + 1, sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	memcpy(all, cl, n * sizeof(*cl));
	if (extra)
		all[n++] = *extra;
	t = evb_client_tab_build(all, n, GFP_KERNEL, &bad, &why);
	kvfree(all);
	if (IS_ERR(t)) {
		evb_set_err_msg(extack, why);
		return PTR_ERR(t);
	}
	if (!t->n) {
		evb_client_tab_free(t);
		t = NULL;
	}
	old = rcu_replace_pointer(en->clients, t, lockdep_is_held(&en->lock));
	evb_net_acl_changed(en);
	xa_for_each(&en->blades, key, blade)
		evb_conn_flush(blade, changed);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

/**
 * evb_net_client_add() - declare a client
 * @en: the namespace; caller holds en->lock
 * @c: the client, its name and MACs checked by the caller
 * @extack: why it was refused
 *
 * The connections of the client's MACs start again, as the client.
 *
 * Return: 0, -EEXIST for a name in use, or what evb_client_tab_build()
 * refuses (a MAC of another client, too many clients) or -ENOMEM.
 */
int evb_net_client_add(struct evb_net *en, const struct evb_client *c,
		       struct netlink_ext_ack *extack)
{
	struct evb_client_tab *t = evb_net_clients(en);

	if (evb_client_find(t, c->name)) {
		NL_SET_ERR_MSG(extack, "a client with this name exists; delete it first");
		return -EEXIST;
	}
	return clients_replace(en, t ? t->cl : NULL, t ? t->n : 0, c, c, extack);
}

/**
 * evb_net_client_del() - forget a declared client
 * @en: the namespace; caller holds en->lock
 * @name: the client's name
 * @gone: the client as it was, for the notification
 * @extack: why it was refused
 *
 * Its connections start again, each MAC a client of its own.
 *
 * Return: 0, -ENOENT or -ENOMEM.
 */
int evb_net_client_del(struct evb_net *en, const char *name,
		       struct evb_client *gone,
		       struct netlink_ext_ack *extack)
{
	struct evb_client_tab *t = evb_net_clients(en);
	const struct evb_client *c = evb_client_find(t, name);
	struct evb_client *rest;
	unsigned int i, n = 0;
	int ret;

	if (!c) {
		NL_SET_ERR_MSG(extack, "no client with this name in this network namespace");
		return -ENOENT;
	}
	*gone = *c;
	rest = kvmalloc_array(t->n, sizeof(*rest), GFP_KERNEL);
	if (!rest)
		return -ENOMEM;
	for (i = 0; i < t->n; i++)
		if (&t->cl[i] != c)
			rest[n++] = t->cl[i];
	ret = clients_replace(en, rest, n, NULL, gone, extack);
	kvfree(rest);
	return ret;
}

static int __net_init evb_net_setup(struct net *net)
{
	struct evb_net *en = evb_net(net);

	en->net = net;
	mutex_init(&en->lock);
	xa_init(&en->blades);
	INIT_LIST_HEAD(&en->dying);
	en->drops = alloc_percpu(struct evb_drop_stats);
	if (!en->drops)
		return -ENOMEM;
	if (evb_sysfs_net_add(en))
		pr_warn("no sysfs directory for network namespace %u\n", net->ns.inum);
	return 0;
}

/* The namespace is going: its devices are gone already (pernet subsys). */
static void __net_exit evb_net_teardown(struct net *net)
{
	struct evb_net *en = evb_net(net);
	struct evb_blade *blade, *tmp;
	unsigned long key;
	LIST_HEAD(gone);

	/*
	 * No netlink request can run in a namespace that is going (its
	 * sockets hold it), nor during module unload (evb_nl_close()): no
	 * other task destroys these blades.
	 */
	mutex_lock(&en->lock);
	xa_for_each(&en->blades, key, blade)
		evb_blade_unpublish(blade);
	list_splice_init(&en->dying, &gone);
	mutex_unlock(&en->lock);
	list_for_each_entry_safe(blade, tmp, &gone, dying_node)
		evb_blade_destroy(blade);
	xa_destroy(&en->blades);
	evb_sysfs_net_del(en);
	evb_client_tab_free(rcu_access_pointer(en->clients));
	free_percpu(en->drops);
}

static struct pernet_operations evb_net_ops = {
	.init = evb_net_setup,
	.exit = evb_net_teardown,
	.id = &evb_net_id,
	.size = sizeof(struct evb_net),
};

/**
 * evb_net_init() - set up the per-namespace state
 *
 * Return: 0 or -errno.
 */
int __init evb_net_init(void)
{
	return register_pernet_subsys(&evb_net_ops);
}

/**
 * evb_net_uninit() - destroy every blade in every namespace
 */
void evb_net_uninit(void)
{
	unregister_pernet_subsys(&evb_net_ops);
}
