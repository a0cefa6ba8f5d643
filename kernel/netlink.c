// SPDX-License-Identifier: GPL-2.0
/*
 * The evblade generic netlink family.  The attribute policies and the ops
 * table are generated from Documentation/netlink/specs/evblade.yaml into
 * netlink-gen.c; this file holds the family and the handlers.  Validation
 * is the policy's job: a handler only checks what a policy cannot express,
 * and explains every rejection through extack.
 */
#include <net/genetlink.h>

#include "netlink.h"
#include "netlink-gen.h"

static struct genl_family evb_nl_family;

int evblade_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *want = info->attrs[EVBLADE_A_STATUS_FAMILY_VERSION];
	struct sk_buff *msg;
	void *hdr;

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
			EVBLADE_FAMILY_VERSION))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * One configuration operation at a time per family for now: the handlers
 * take no locks of their own yet, and genl_mutex is enough for a control
 * plane.
 */
static struct genl_family evb_nl_family __ro_after_init = {
	.name		= EVBLADE_FAMILY_NAME,
	.version	= EVBLADE_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= false,
	.module		= THIS_MODULE,
	.ops		= evblade_nl_ops,
	.n_ops		= ARRAY_SIZE(evblade_nl_ops),
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
