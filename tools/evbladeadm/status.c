// SPDX-License-Identifier: GPL-2.0
/* evbladeadm status: the loaded module's version and netlink family. */
#include <stdio.h>
#include <string.h>

#include <linux/evblade.h>

#include "evbladeadm.h"
#include "json.h"
#include "nl.h"

struct status {
	char version[128];
	uint32_t family_version;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[EVBLADE_A_STATUS_MAX + 1];
	struct status *st = data;

	if (evb_nl_parse(nlh, tb, EVBLADE_A_STATUS_MAX) < 0)
		return MNL_CB_ERROR;
	if (tb[EVBLADE_A_STATUS_VERSION])
		snprintf(st->version, sizeof(st->version), "%s",
			 mnl_attr_get_str(tb[EVBLADE_A_STATUS_VERSION]));
	if (tb[EVBLADE_A_STATUS_FAMILY_VERSION])
		st->family_version =
			mnl_attr_get_u32(tb[EVBLADE_A_STATUS_FAMILY_VERSION]);
	return MNL_CB_OK;
}

int status_main(int argc, char **argv)
{
	struct status st = { .version = "" };
	struct nlmsghdr *nlh;
	struct evb_nl nl;
	struct json j;
	int ret;

	if (argc > 1)
		return err("status: unexpected argument '%s'", argv[1]);
	if (evb_nl_open(&nl) < 0)
		return 1;
	nlh = evb_nl_msg(&nl, EVBLADE_CMD_STATUS_GET, 0);
	mnl_attr_put_u32(nlh, EVBLADE_A_STATUS_FAMILY_VERSION,
			 EVBLADE_FAMILY_VERSION);
	ret = evb_nl_talk(&nl, nlh, status_cb, &st, "status");
	evb_nl_close(&nl);
	if (ret < 0)
		return 1;

	if (opts.json) {
		json_init(&j, stdout, opts.pretty);
		json_obj_open(&j, NULL);
		json_obj_open(&j, "module");
		json_str(&j, "version", st.version);
		json_u64(&j, "family_version", st.family_version);
		json_obj_close(&j);
		json_obj_open(&j, "tool");
		json_str(&j, "version", EVBLADEADM_VERSION);
		json_u64(&j, "family_version", EVBLADE_FAMILY_VERSION);
		json_obj_close(&j);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		printf("module: evblade %s (netlink family version %u)\n",
		       st.version, st.family_version);
		printf("tool: evbladeadm %s (netlink family version %u)\n",
		       EVBLADEADM_VERSION, EVBLADE_FAMILY_VERSION);
	}
	return 0;
}
