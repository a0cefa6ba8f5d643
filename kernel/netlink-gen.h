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

/* Ops table for evblade */
extern const struct genl_ops evblade_nl_ops[1];

int evblade_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _LINUX_EVBLADE_GEN_H */
