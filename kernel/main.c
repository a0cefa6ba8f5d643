// SPDX-License-Identifier: GPL-2.0
/*
 * evblade: an ATA over Ethernet target in the kernel.
 *
 * Module init and exit only.  Subsystems come up in dependency order and go
 * down in exactly the reverse order; each error label undoes only what has
 * already succeeded.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/evblade.h>

#include "backend.h"
#include "blade.h"
#include "conn.h"
#include "net.h"
#include "netdev.h"
#include "netlink.h"
#include "proto.h"
#include "req.h"
#include "rx.h"
#include "sysfs.h"

static int __init evb_mod_init(void)
{
	int ret;

	evb_proto_build_bug_on();

	/* Request memory and workers: blades and frames need them. */
	ret = evb_req_module_init();
	if (ret)
		goto err_req;
	/* /sys/kernel/evblade, and the workers of connections. */
	ret = evb_sysfs_init();
	if (ret)
		goto err_sysfs;
	ret = evb_conn_init();
	if (ret)
		goto err_conn;
	/* The per-namespace blade registries. */
	ret = evb_net_init();
	if (ret)
		goto err_net;
	/* Interface events, which edit the registries. */
	ret = evb_netdev_init();
	if (ret)
		goto err_netdev;
	/* Frames: blades can only be found once registries exist. */
	evb_rx_init();
	/* Last: once the family is registered, userspace can add blades. */
	ret = evb_nl_init();
	if (ret)
		goto err_nl;

	pr_info("evblade " EVB_VERSION " loaded\n");
	return 0;

err_nl:
	evb_rx_uninit();
	evb_netdev_uninit();
err_netdev:
	evb_net_uninit();
err_net:
	evb_conn_uninit();
err_conn:
	evb_sysfs_uninit();
err_sysfs:
	evb_req_module_exit();
err_req:
	return ret;
}

/*
 * Reverse order: no new configuration (the family is closed, running
 * requests have returned), no new frames (dev_remove_pack waits for
 * running handlers), no interface events; then every blade of every
 * namespace is destroyed, which waits for its requests to be answered and
 * its connections to be released; the connection workqueue is drained.
 * Only then, with nothing left to announce, is the family unregistered:
 * the monitor group hears every connection end.
 */
static void __exit evb_mod_exit(void)
{
	evb_nl_close();
	evb_rx_uninit();
	evb_netdev_uninit();
	evb_net_uninit();
	evb_conn_uninit();
	evb_nl_uninit();
	evb_sysfs_uninit();
	evb_req_module_exit();
	pr_info("evblade " EVB_VERSION " unloaded\n");
}

module_init(evb_mod_init);
module_exit(evb_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("evblade: ATA over Ethernet target");
MODULE_AUTHOR("The evblade developers");
MODULE_VERSION(EVB_VERSION);
MODULE_ALIAS_GENL_FAMILY(EVBLADE_FAMILY_NAME);
