// SPDX-License-Identifier: GPL-2.0
/*
 * Interfaces coming and going.  Blades name their interfaces by ifindex,
 * so a rename changes nothing.  When an interface comes up or changes its
 * MTU (and with it the sectors per frame), the blades served on it are
 * announced; when it is unregistered (deleted, or moved to another
 * namespace), blades stop being served on it.
 */
#include <linux/netdevice.h>

#include "blade.h"
#include "netdev.h"
#include "tx.h"

static void announce_dev(struct evb_net *en, struct net_device *dev)
{
	struct evb_blade *blade;
	unsigned long key;

	rcu_read_lock();
	xa_for_each(&en->blades, key, blade)
		if (evb_blade_serves(blade, dev->ifindex))
			evb_tx_announce(blade, dev);
	rcu_read_unlock();
}

static int evb_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct evb_net *en = evb_net(dev_net(dev));

	switch (event) {
	case NETDEV_UP:
	case NETDEV_CHANGEMTU:
		announce_dev(en, dev);
		break;
	case NETDEV_UNREGISTER:
		evb_blade_forget_ifindex(en, dev->ifindex);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block evb_netdev_nb = {
	.notifier_call = evb_netdev_event,
};

/**
 * evb_netdev_init() - follow interface events in every namespace
 *
 * Return: 0 or -errno.
 */
int __init evb_netdev_init(void)
{
	return register_netdevice_notifier(&evb_netdev_nb);
}

/**
 * evb_netdev_uninit() - stop following interface events
 */
void evb_netdev_uninit(void)
{
	unregister_netdevice_notifier(&evb_netdev_nb);
}
