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
#include "json.h"
#include "nl.h"
#include "util.h"

/* "[client add] tc1 mac 02:00:00:00:00:0a" or {"event":"add","client":{}} */
static void client_event(const struct nlmsghdr *nlh, const char *event)
{
	struct adm_client c;
	struct json j;

	if (adm_client_parse(nlh, &c) < 0) {
		adm_err("monitor: ignoring a malformed 'client %s' notification",
		    event);
		return;
	}
	if (opts.json) {
		json_init(&j, stdout, opts.pretty);
		json_obj_open(&j, NULL);
		json_str(&j, "event", event);
		adm_client_json(&j, "client", &c);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		printf("[client %s] ", event);
		adm_client_print_line(stdout, &c);
	}
}

/* "[conn add] e2.0 client tc1 state ready ..." or {"event":"add","conn":{}} */
static void conn_event(const struct nlmsghdr *nlh, const char *event)
{
	struct adm_conn c;
	struct json j;

	if (adm_conn_parse(nlh, &c) < 0) {
		adm_err("monitor: ignoring a malformed 'conn %s' notification",
		    event);
		return;
	}
	if (opts.json) {
		json_init(&j, stdout, opts.pretty);
		json_obj_open(&j, NULL);
		json_str(&j, "event", event);
		adm_conn_json(&j, "conn", &c);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		printf("[conn %s] ", event);
		adm_conn_print_line(stdout, &c);
	}
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct adm_nl *nl = data;
	struct adm_blade b;
	const char *event;
	struct json j;

	if (nlh->nlmsg_type != nl->family ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*g)))
		return MNL_CB_OK;
	switch (g->cmd) {
	case EVBLADE_CMD_BLADE_ADD_NTF:
		event = "add";
		break;
	case EVBLADE_CMD_BLADE_DEL_NTF:
		event = "del";
		break;
	case EVBLADE_CMD_BLADE_CHANGE_NTF:
		event = "change";
		break;
	case EVBLADE_CMD_CLIENT_ADD_NTF:
	case EVBLADE_CMD_CLIENT_DEL_NTF:
		client_event(nlh, g->cmd == EVBLADE_CMD_CLIENT_ADD_NTF ?
				  "add" : "del");
		fflush(stdout);
		return MNL_CB_OK;
	case EVBLADE_CMD_CONN_ADD_NTF:
	case EVBLADE_CMD_CONN_DEL_NTF:
		conn_event(nlh, g->cmd == EVBLADE_CMD_CONN_ADD_NTF ?
				"add" : "del");
		fflush(stdout);
		return MNL_CB_OK;
	default:
		/* Notifications newer than this tool. */
		return MNL_CB_OK;
	}
	if (adm_blade_parse(nlh, &b) < 0) {
		adm_err("monitor: ignoring a malformed 'blade %s' notification",
		    event);
		return MNL_CB_OK;
	}

	if (opts.json) {
		json_init(&j, stdout, opts.pretty);
		json_obj_open(&j, NULL);
		json_str(&j, "event", event);
		adm_blade_json(&j, "blade", &b);
		json_obj_close(&j);
		json_finish(&j);
	} else if (g->cmd == EVBLADE_CMD_BLADE_DEL_NTF) {
		char name[32];

		printf("[blade del] %s\n", adm_blade_name(&b, name, sizeof(name)));
	} else {
		printf("[blade %s] ", event);
		adm_blade_print_line(stdout, &b);
	}
	/* Readers are often scripts on the other end of a pipe. */
	fflush(stdout);
	adm_blade_free(&b);
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
	if (adm_nl_join(&nl, EVBLADE_MCGRP_MONITOR) < 0) {
		adm_nl_close(&nl);
		return 1;
	}
	ret = adm_nl_listen(&nl, event_cb, &nl);
	adm_nl_close(&nl);
	return ret < 0 ? 1 : 0;
}
