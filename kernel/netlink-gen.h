/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/evblade.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_EVBLADE_GEN_H
#define _LINUX_EVBLADE_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/evblade.h>

extern const struct nla_policy evblade_status_get_nl_policy[EVBLADE_A_STATUS_FAMILY_VERSION + 1];

extern const struct nla_policy evblade_blade_add_nl_policy[EVBLADE_A_BLADE_BASE + 1];

extern const struct nla_policy evblade_blade_del_nl_policy[EVBLADE_A_BLADE_SLOT + 1];

extern const struct nla_policy evblade_blade_set_nl_policy[EVBLADE_A_BLADE_ACL_CLEAR + 1];

extern const struct nla_policy evblade_blade_get_nl_policy[EVBLADE_A_BLADE_SLOT + 1];

extern const struct nla_policy evblade_client_add_nl_policy[EVBLADE_A_CLIENT_MAC + 1];

extern const struct nla_policy evblade_client_del_nl_policy[EVBLADE_A_CLIENT_NAME + 1];

extern const struct nla_policy evblade_client_get_nl_policy[EVBLADE_A_CLIENT_NAME + 1];

extern const struct nla_policy evblade_conn_get_nl_policy[EVBLADE_A_CONN_MAC + 1];

extern const struct nla_policy evblade_overlay_reset_nl_policy[EVBLADE_A_CONN_FORCE + 1];

/* Ops table for evblade */
extern const struct genl_ops evblade_nl_ops[10];

int evblade_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_blade_add_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_blade_del_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_blade_set_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_blade_get_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_blade_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int evblade_nl_client_add_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_client_del_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_client_get_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_client_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int evblade_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info);
int evblade_nl_conn_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int evblade_nl_overlay_reset_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	EVBLADE_NLGRP_MONITOR,
};

#endif /* _LINUX_EVBLADE_GEN_H */
