// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm status: the loaded module's version and netlink family, and
 * the blades and dropped frames of the caller's network namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/evblade.h>

#include "evbladeadm.h"
#include "nl.h"
#include "print.h"
#include "util.h"

/* The drop counters: nested attribute, and the spec's name for both. */
static const struct {
	unsigned int attr;
	const char *key;
} drop_keys[] = {
	{ EVBLADE_A_DROP_STATS_SHORT, "short" },
	{ EVBLADE_A_DROP_STATS_RESPONSE, "response" },
	{ EVBLADE_A_DROP_STATS_NO_BLADE, "no-blade" },
	{ EVBLADE_A_DROP_STATS_BROADCAST_IO, "broadcast-io" },
	{ EVBLADE_A_DROP_STATS_BUSY, "busy" },
	{ EVBLADE_A_DROP_STATS_NOMEM, "nomem" },
	{ EVBLADE_A_DROP_STATS_MASKED, "masked" },
	{ EVBLADE_A_DROP_STATS_DENIED, "denied" },
	{ EVBLADE_A_DROP_STATS_PENDING, "pending" },
	{ EVBLADE_A_DROP_STATS_NO_BACKING, "no-backing" },
	{ EVBLADE_A_DROP_STATS_CONN_LIMIT, "conn-limit" },
	{ EVBLADE_A_DROP_STATS_NOT_ETHERNET, "not-ethernet" },
	{ EVBLADE_A_DROP_STATS_BAD_SOURCE, "bad-source" },
	{ EVBLADE_A_DROP_STATS_BROADCAST_EDIT, "broadcast-edit" },
};

struct status {
	char version[128];
	uint32_t family_version;
	bool has_blades;
	uint32_t blades;
	bool has_drops;
	uint64_t drops[EVBLADE_A_DROP_STATS_MAX + 1];
};

static int parse_drops(const struct nlattr *nest, struct status *st)
{
	const struct nlattr *attr;
	unsigned int type;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return -1;
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		/* Counters newer than this tool are skipped. */
		if (type > EVBLADE_A_DROP_STATS_MAX ||
		    type == EVBLADE_A_DROP_STATS_PAD)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return -1;
		st->drops[type] = mnl_attr_get_u64(attr);
	}
	st->has_drops = true;
	return 0;
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[EVBLADE_A_STATUS_MAX + 1];
	struct status *st = data;

	if (adm_nl_parse(nlh, tb, EVBLADE_A_STATUS_MAX) < 0)
		return MNL_CB_ERROR;
	if (tb[EVBLADE_A_STATUS_VERSION] &&
	    mnl_attr_validate(tb[EVBLADE_A_STATUS_VERSION],
			      MNL_TYPE_NUL_STRING) == 0)
		snprintf(st->version, sizeof(st->version), "%s",
			 mnl_attr_get_str(tb[EVBLADE_A_STATUS_VERSION]));
	if (tb[EVBLADE_A_STATUS_FAMILY_VERSION] &&
	    mnl_attr_validate(tb[EVBLADE_A_STATUS_FAMILY_VERSION],
			      MNL_TYPE_U32) == 0)
		st->family_version =
			mnl_attr_get_u32(tb[EVBLADE_A_STATUS_FAMILY_VERSION]);
	if (tb[EVBLADE_A_STATUS_BLADES] &&
	    mnl_attr_validate(tb[EVBLADE_A_STATUS_BLADES], MNL_TYPE_U32) == 0) {
		st->has_blades = true;
		st->blades = mnl_attr_get_u32(tb[EVBLADE_A_STATUS_BLADES]);
	}
	if (tb[EVBLADE_A_STATUS_DROPS] &&
	    parse_drops(tb[EVBLADE_A_STATUS_DROPS], st) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * Text "module: evblade V (netlink family version N)", the same for the
 * tool, "blades: N" and "drops: short N ...", a line each; JSON an object
 * with the spec's names.
 */
static void status_print(const struct status *st)
{
	size_t i;

	open_json_object(NULL);
	open_json_object("module");
	print_string(PRINT_ANY, "version", "module: evblade %s", st->version);
	print_uint(PRINT_ANY, "family-version",
		   "(netlink family version %u)", st->family_version);
	close_json_object();
	print_nl();
	open_json_object("tool");
	print_string(PRINT_ANY, "version", "tool: evbladeadm %s",
		     EVBLADEADM_VERSION);
	print_uint(PRINT_ANY, "family-version",
		   "(netlink family version %u)", EVBLADE_FAMILY_VERSION);
	close_json_object();
	print_nl();
	/* A module older than the tool may not say these. */
	if (st->has_blades)
		print_uint(PRINT_ANY, "blades", "blades: %u", st->blades);
	print_nl();
	if (st->has_drops) {
		open_json_object("drops");
		print_string(PRINT_FP, NULL, "drops:", "");
		for (i = 0; i < sizeof(drop_keys) / sizeof(drop_keys[0]); i++) {
			print_string(PRINT_FP, NULL, "%s", drop_keys[i].key);
			print_u64(PRINT_ANY, drop_keys[i].key, "%llu",
				  st->drops[drop_keys[i].attr]);
		}
		close_json_object();
	}
	close_json_object();
}

int status_main(int argc, char **argv)
{
	struct status st = { .version = "" };
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	int ret;

	if (argc > 1) {
		if (matches(argv[1], "help")) {
			printf("Usage: %s [ -j [ -p ] ] status\n", prog);
			return 0;
		}
		return usage_err("help", "status: unexpected argument '%.64s'",
				 argv[1]);
	}
	if (adm_nl_open(&nl) < 0)
		return 1;
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_STATUS_GET, 0);
	mnl_attr_put_u32(nlh, EVBLADE_A_STATUS_FAMILY_VERSION,
			 EVBLADE_FAMILY_VERSION);
	ret = adm_nl_talk(&nl, nlh, status_cb, &st, "status");
	adm_nl_close(&nl);
	if (ret < 0)
		return 1;

	pr_init(opts.json, opts.pretty, PR_LINES);
	status_print(&st);
	pr_item_end();
	return 0;
}
