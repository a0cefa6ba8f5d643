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

/* EVBLADE_CMD_BLADE_ADD - do */
const struct nla_policy evblade_blade_add_nl_policy[EVBLADE_A_BLADE_BASE + 1] = {
	[EVBLADE_A_BLADE_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_BLADE_SLOT] = NLA_POLICY_MAX(NLA_U8, 254),
	[EVBLADE_A_BLADE_PATH] = { .type = NLA_NUL_STRING, .len = EVBLADE_PATH_MAX, },
	[EVBLADE_A_BLADE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[EVBLADE_A_BLADE_READ_ONLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_WRITE_BACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_CONFIG_STRING] = { .type = NLA_BINARY, },
	[EVBLADE_A_BLADE_BUFCNT] = NLA_POLICY_RANGE(NLA_U16, 2, EVBLADE_BUFCNT_MAX),
	[EVBLADE_A_BLADE_LOCKING] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_MASK_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_STATE_DIR] = { .type = NLA_NUL_STRING, .len = EVBLADE_PATH_MAX, },
	[EVBLADE_A_BLADE_PRIVATE] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_SIZE] = { .type = NLA_U64, },
	[EVBLADE_A_BLADE_AUTOCREATE] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_IDLE_TIMEOUT] = NLA_POLICY_MIN(NLA_U32, 1),
	[EVBLADE_A_BLADE_ACL_POLICY] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_ALLOW_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_DENY_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_ALLOW_CLIENT] = { .type = NLA_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
	[EVBLADE_A_BLADE_DENY_CLIENT] = { .type = NLA_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
	[EVBLADE_A_BLADE_COW] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_BASE] = { .type = NLA_NUL_STRING, .len = EVBLADE_PATH_MAX, },
};

/* EVBLADE_CMD_BLADE_DEL - do */
const struct nla_policy evblade_blade_del_nl_policy[EVBLADE_A_BLADE_SLOT + 1] = {
	[EVBLADE_A_BLADE_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_BLADE_SLOT] = NLA_POLICY_MAX(NLA_U8, 254),
};

/* EVBLADE_CMD_BLADE_SET - do */
const struct nla_policy evblade_blade_set_nl_policy[EVBLADE_A_BLADE_ACL_CLEAR + 1] = {
	[EVBLADE_A_BLADE_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_BLADE_SLOT] = NLA_POLICY_MAX(NLA_U8, 254),
	[EVBLADE_A_BLADE_READ_ONLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_WRITE_BACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_CONFIG_STRING] = { .type = NLA_BINARY, },
	[EVBLADE_A_BLADE_BUFCNT] = NLA_POLICY_RANGE(NLA_U16, 2, EVBLADE_BUFCNT_MAX),
	[EVBLADE_A_BLADE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[EVBLADE_A_BLADE_ALL_IFS] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_LOCKING] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_MASK_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_MASK_CLEAR] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_RESERVE_CLEAR] = { .type = NLA_FLAG, },
	[EVBLADE_A_BLADE_IDLE_TIMEOUT] = NLA_POLICY_MIN(NLA_U32, 1),
	[EVBLADE_A_BLADE_ACL_POLICY] = NLA_POLICY_MAX(NLA_U8, 1),
	[EVBLADE_A_BLADE_ALLOW_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_DENY_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_BLADE_ALLOW_CLIENT] = { .type = NLA_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
	[EVBLADE_A_BLADE_DENY_CLIENT] = { .type = NLA_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
	[EVBLADE_A_BLADE_ACL_CLEAR] = { .type = NLA_FLAG, },
};

/* EVBLADE_CMD_BLADE_GET - do */
const struct nla_policy evblade_blade_get_nl_policy[EVBLADE_A_BLADE_SLOT + 1] = {
	[EVBLADE_A_BLADE_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_BLADE_SLOT] = NLA_POLICY_MAX(NLA_U8, 254),
};

/* EVBLADE_CMD_CLIENT_ADD - do */
const struct nla_policy evblade_client_add_nl_policy[EVBLADE_A_CLIENT_MAC + 1] = {
	[EVBLADE_A_CLIENT_NAME] = { .type = NLA_NUL_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
	[EVBLADE_A_CLIENT_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* EVBLADE_CMD_CLIENT_DEL - do */
const struct nla_policy evblade_client_del_nl_policy[EVBLADE_A_CLIENT_NAME + 1] = {
	[EVBLADE_A_CLIENT_NAME] = { .type = NLA_NUL_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
};

/* EVBLADE_CMD_CLIENT_GET - do */
const struct nla_policy evblade_client_get_nl_policy[EVBLADE_A_CLIENT_NAME + 1] = {
	[EVBLADE_A_CLIENT_NAME] = { .type = NLA_NUL_STRING, .len = EVBLADE_CLIENT_NAME_MAX, },
};

/* EVBLADE_CMD_CONN_GET - do */
const struct nla_policy evblade_conn_get_nl_policy[EVBLADE_A_CONN_MAC + 1] = {
	[EVBLADE_A_CONN_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_CONN_SLOT] = { .type = NLA_U8, },
	[EVBLADE_A_CONN_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* EVBLADE_CMD_OVERLAY_RESET - do */
const struct nla_policy evblade_overlay_reset_nl_policy[EVBLADE_A_CONN_FORCE + 1] = {
	[EVBLADE_A_CONN_SHELF] = { .type = NLA_U16, },
	[EVBLADE_A_CONN_SLOT] = { .type = NLA_U8, },
	[EVBLADE_A_CONN_CLIENT] = { .type = NLA_NUL_STRING, },
	[EVBLADE_A_CONN_MAC] = NLA_POLICY_EXACT_LEN(6),
	[EVBLADE_A_CONN_ALL] = { .type = NLA_FLAG, },
	[EVBLADE_A_CONN_FORCE] = { .type = NLA_FLAG, },
};

/* Ops table for evblade */
const struct genl_ops evblade_nl_ops[10] = {
	{
		.cmd		= EVBLADE_CMD_STATUS_GET,
		.doit		= evblade_nl_status_get_doit,
		.policy		= evblade_status_get_nl_policy,
		.maxattr	= EVBLADE_A_STATUS_FAMILY_VERSION,
	},
	{
		.cmd		= EVBLADE_CMD_BLADE_ADD,
		.doit		= evblade_nl_blade_add_doit,
		.policy		= evblade_blade_add_nl_policy,
		.maxattr	= EVBLADE_A_BLADE_BASE,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= EVBLADE_CMD_BLADE_DEL,
		.doit		= evblade_nl_blade_del_doit,
		.policy		= evblade_blade_del_nl_policy,
		.maxattr	= EVBLADE_A_BLADE_SLOT,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= EVBLADE_CMD_BLADE_SET,
		.doit		= evblade_nl_blade_set_doit,
		.policy		= evblade_blade_set_nl_policy,
		.maxattr	= EVBLADE_A_BLADE_ACL_CLEAR,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= EVBLADE_CMD_BLADE_GET,
		.doit		= evblade_nl_blade_get_doit,
		.dumpit		= evblade_nl_blade_get_dumpit,
		.policy		= evblade_blade_get_nl_policy,
		.maxattr	= EVBLADE_A_BLADE_SLOT,
	},
	{
		.cmd		= EVBLADE_CMD_CLIENT_ADD,
		.doit		= evblade_nl_client_add_doit,
		.policy		= evblade_client_add_nl_policy,
		.maxattr	= EVBLADE_A_CLIENT_MAC,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= EVBLADE_CMD_CLIENT_DEL,
		.doit		= evblade_nl_client_del_doit,
		.policy		= evblade_client_del_nl_policy,
		.maxattr	= EVBLADE_A_CLIENT_NAME,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= EVBLADE_CMD_CLIENT_GET,
		.doit		= evblade_nl_client_get_doit,
		.dumpit		= evblade_nl_client_get_dumpit,
		.policy		= evblade_client_get_nl_policy,
		.maxattr	= EVBLADE_A_CLIENT_NAME,
	},
	{
		.cmd		= EVBLADE_CMD_CONN_GET,
		.doit		= evblade_nl_conn_get_doit,
		.dumpit		= evblade_nl_conn_get_dumpit,
		.policy		= evblade_conn_get_nl_policy,
		.maxattr	= EVBLADE_A_CONN_MAC,
	},
	{
		.cmd		= EVBLADE_CMD_OVERLAY_RESET,
		.doit		= evblade_nl_overlay_reset_doit,
		.policy		= evblade_overlay_reset_nl_policy,
		.maxattr	= EVBLADE_A_CONN_FORCE,
		.flags		= GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group evblade_nl_mcgrps[] = {
	[EVBLADE_NLGRP_MONITOR] = { "monitor", },
};
