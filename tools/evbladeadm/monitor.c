// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm monitor: print the family's notifications (blades added,
 * deleted and changed, clients declared and forgotten, connections set up,
 * changed and ended in this network namespace) as they happen, one line
 * each, until killed.
 */
#include <stdio.h>
#include <string.h>

#include <linux/evblade.h>
#include <linux/genetlink.h>

#include "blade.h"
#include "client.h"
#include "conn.h"
#include "evbladeadm.h"
#include "nl.h"
#include "print.h"
#include "util.h"

/*
 * One event: text "[blade add] " and the object on one line, or JSON
 * {"event":"add","blade":{...}}, one document a line.
 */
static void event(const struct nlmsghdr *nlh, const char *obj,
		  const char *ev)
{
	struct adm_client client;
	struct adm_blade blade;
	struct adm_conn conn;
	int ret;

	if (!strcmp(obj, "blade"))
		ret = adm_blade_parse(nlh, &blade);
	else if (!strcmp(obj, "client"))
		ret = adm_client_parse(nlh, &client);
	else
		ret = adm_conn_parse(nlh, &conn);
	if (ret < 0) {
		adm_err("monitor: ignoring a malformed '%s %s' notification",
			obj, ev);
		return;
	}
	open_json_object(NULL);
	print_string(PRINT_JSON, "event", NULL, ev);
	print_string(PRINT_FP, NULL, "[%s", obj);
	print_string(PRINT_FP, NULL, "%s]", ev);
	if (!strcmp(obj, "blade")) {
		adm_blade_print(&blade, obj);
		adm_blade_free(&blade);
	} else if (!strcmp(obj, "client")) {
		adm_client_print(&client, obj);
	} else {
		adm_conn_print(&conn, obj);
	}
	close_json_object();
	pr_item_end();
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct adm_nl *nl = data;

	if (nlh->nlmsg_type != nl->family ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*g)))
		return MNL_CB_OK;
	switch (g->cmd) {
	case EVBLADE_CMD_BLADE_ADD_NTF:
		event(nlh, "blade", "add");
		break;
	case EVBLADE_CMD_BLADE_DEL_NTF:
		event(nlh, "blade", "del");
		break;
	case EVBLADE_CMD_BLADE_CHANGE_NTF:
		event(nlh, "blade", "change");
		break;
	case EVBLADE_CMD_CLIENT_ADD_NTF:
		event(nlh, "client", "add");
		break;
	case EVBLADE_CMD_CLIENT_DEL_NTF:
		event(nlh, "client", "del");
		break;
	case EVBLADE_CMD_CONN_ADD_NTF:
		event(nlh, "conn", "add");
		break;
	case EVBLADE_CMD_CONN_DEL_NTF:
		event(nlh, "conn", "del");
		break;
	default:
		/* Notifications newer than this tool. */
		break;
	}
	return MNL_CB_OK;
}

int monitor_main(int argc, char **argv)
{
	struct adm_nl nl;
	int ret;

	if (argc > 1) {
		if (matches(argv[1], "help")) {
			printf("Usage: %s [ -j [ -p ] ] monitor\n", prog);
			return 0;
		}
		return usage_err("help", "monitor: unexpected argument '%.64s'",
				 argv[1]);
	}
	if (adm_nl_open(&nl) < 0)
		return 1;
	pr_init(opts.json, opts.pretty, PR_ONELINE);
	if (adm_nl_join(&nl, EVBLADE_MCGRP_MONITOR) < 0) {
		adm_nl_close(&nl);
		return 1;
	}
	ret = adm_nl_listen(&nl, event_cb, &nl);
	adm_nl_close(&nl);
	return ret < 0 ? 1 : 0;
}
