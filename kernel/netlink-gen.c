// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/evblade.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/evblade.h>

/* EVBLADE_CMD_STATUS_GET - do */
const struct nla_policy evblade_status_get_nl_policy[EVBLADE_A_STATUS_FAMILY_VERSION + 1] = {
	[EVBLADE_A_STATUS_FAMILY_VERSION] = { .type = NLA_U32, },
};

/* Ops table for evblade */
const struct genl_ops evblade_nl_ops[1] = {
	{
		.cmd		= EVBLADE_CMD_STATUS_GET,
		.doit		= evblade_nl_status_get_doit,
		.policy		= evblade_status_get_nl_policy,
		.maxattr	= EVBLADE_A_STATUS_FAMILY_VERSION,
	},
};
