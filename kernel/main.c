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

#include "netlink.h"
#include "proto.h"

static int __init evb_mod_init(void)
{
	int ret;

	evb_proto_build_bug_on();

	/* Last: once the family is registered, userspace can reach us. */
	ret = evb_nl_init();
	if (ret)
		goto err_nl;

	pr_info("evblade " EVB_VERSION " loaded\n");
	return 0;

err_nl:
	return ret;
}

static void __exit evb_mod_exit(void)
{
	evb_nl_uninit();
	pr_info("evblade " EVB_VERSION " unloaded\n");
}

module_init(evb_mod_init);
module_exit(evb_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("evblade: ATA over Ethernet target");
MODULE_AUTHOR("The evblade developers");
MODULE_VERSION(EVB_VERSION);
MODULE_ALIAS_GENL_FAMILY(EVBLADE_FAMILY_NAME);
