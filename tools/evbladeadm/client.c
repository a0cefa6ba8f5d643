// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm client: declare, forget and show clients, the MAC addresses
 * that are one client to every blade (one private backing, one ACL
 * subject, one reservation).
 *
 * As in blade.c, every argument is checked before the netlink socket is
 * opened.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "client.h"
#include "evbladeadm.h"
#include "nl.h"
#include "print.h"
#include "util.h"

#define HELP "client help"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %1$s client add NAME mac MAC [ mac MAC ]...\n"
		"       %1$s client { delete | del } NAME\n"
		"       %1$s client [ { show | list } [ NAME ] ]\n"
		"       %1$s client help\n"
		"NAME := 1 to %2$d characters of A-Z a-z 0-9 _ . -, not starting with . or -\n"
		"MAC := xx:xx:xx:xx:xx:xx, a unicast address the client sends from (at most\n"
		"       %3$d; the first is its %%m in a private blade's path template)\n",
		prog, EVBLADE_CLIENT_NAME_MAX, EVB_CLIENT_MACS_MAX);
}

/* ---- the client model, shared with monitor.c ---- */

int adm_client_parse(const struct nlmsghdr *nlh, struct adm_client *c)
{
	const struct nlattr *attr;

	memset(c, 0, sizeof(*c));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case EVBLADE_A_CLIENT_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				goto bad;
			c->name = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_CLIENT_MAC:
			if (mnl_attr_get_payload_len(attr) != 6 ||
			    c->n_mac == EVB_CLIENT_MACS_MAX)
				goto bad;
			memcpy(c->mac[c->n_mac++], mnl_attr_get_payload(attr), 6);
			break;
		default:
			/* Attributes newer than this tool are skipped. */
			break;
		}
	}
	return 0;

bad:
	errno = EBADMSG;
	return -1;
}

/* A client, in the syntax of client add: "tc1 mac A mac B". */
void adm_client_print(const struct adm_client *c, const char *key)
{
	unsigned int i;
	char buf[18];

	open_json_object(key);
	print_string(PRINT_ANY, "name", "%s", c->name ? c->name : "?");
	open_json_array("mac");
	for (i = 0; i < c->n_mac; i++)
		print_string(PRINT_ANY, NULL, "mac %s",
			     adm_fmt_mac(c->mac[i], buf));
	close_json_array();
	close_json_object();
}

/* ---- the commands ---- */

/*
 * The client name that starts the arguments of add, delete and show.
 * Returns 0, or 2 after a usage error.
 */
static int parse_name(int argc, char **argv, const char *cmd)
{
	if (!argc)
		return usage_err(HELP, "client %s: missing client name", cmd);
	if (!strcmp(argv[0], "mac"))
		return usage_err(HELP, "client %s: missing client name before 'mac'",
				 cmd);
	/* What makes a good name is the kernel's rule: it explains it. */
	return 0;
}

int adm_client_from_args(int argc, char **argv, struct adm_client *c)
{
	int i, ret;

	memset(c, 0, sizeof(*c));
	ret = parse_name(argc, argv, "add");
	if (ret)
		return ret;
	c->name = argv[0];
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "mac"))
			return usage_err(HELP, "client add: unknown argument '%.64s'",
					 argv[i]);
		if (i + 1 == argc)
			return usage_err(HELP, "client add: 'mac' needs a MAC address");
		if (c->n_mac == EVB_CLIENT_MACS_MAX)
			return usage_err(HELP, "client add: more than %d MAC addresses",
					 EVB_CLIENT_MACS_MAX);
		if (adm_parse_mac(argv[i + 1], c->mac[c->n_mac++]) < 0)
			return usage_err(HELP, "client add: mac '%.64s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
					 argv[i + 1]);
	}
	if (!c->n_mac)
		return usage_err(HELP, "client add: missing 'mac MAC' (the client's MAC addresses)");
	return 0;
}

static int client_add(int argc, char **argv)
{
	uint8_t (*macs)[6] = NULL;
	unsigned int n = 0, k;
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	bool ok;
	int i, ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	ret = parse_name(argc, argv, "add");
	if (ret)
		return ret;
	/* How many MACs a client may have is the kernel's rule. */
	macs = calloc((size_t)argc, sizeof(*macs));
	if (!macs)
		return adm_err("out of memory");
	for (i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "help")) {
			usage(stdout);
			goto out;
		}
		if (strcmp(argv[i], "mac")) {
			ret = usage_err(HELP, "client add: unknown argument '%.64s'",
					argv[i]);
			goto out;
		}
		if (i + 1 == argc) {
			ret = usage_err(HELP, "client add: 'mac' needs a MAC address");
			goto out;
		}
		if (adm_parse_mac(argv[i + 1], macs[n++]) < 0) {
			ret = usage_err(HELP, "client add: mac '%.64s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
					argv[i + 1]);
			goto out;
		}
	}
	if (!n) {
		ret = usage_err(HELP, "client add: missing 'mac MAC' (the client's MAC addresses)");
		goto out;
	}

	if (adm_nl_open(&nl) < 0) {
		ret = 1;
		goto out;
	}
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CLIENT_ADD, 0);
	ok = mnl_attr_put_strz_check(nlh, EVB_NL_BUFSIZE, EVBLADE_A_CLIENT_NAME,
				     argv[0]);
	for (k = 0; ok && k < n; k++)
		ok = mnl_attr_put_check(nlh, EVB_NL_BUFSIZE, EVBLADE_A_CLIENT_MAC,
					6, macs[k]);
	if (!ok)
		ret = adm_err("client add: the arguments do not fit in one request of %d bytes",
			      EVB_NL_BUFSIZE);
	else
		ret = adm_nl_talk(&nl, nlh, NULL, NULL, "client add") < 0 ? 1 : 0;
	adm_nl_close(&nl);
out:
	free(macs);
	return ret;
}

static int client_del(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	int ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	ret = parse_name(argc, argv, "delete");
	if (ret)
		return ret;
	if (argc > 1) {
		if (!strcmp(argv[1], "help")) {
			usage(stdout);
			return 0;
		}
		return usage_err(HELP, "client delete: unexpected argument '%.64s'",
				 argv[1]);
	}
	if (adm_nl_open(&nl) < 0)
		return 1;
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CLIENT_DEL, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_CLIENT_NAME, argv[0]);
	ret = adm_nl_talk(&nl, nlh, NULL, NULL, "client delete") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	return ret;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct adm_client c;

	(void)data;
	if (adm_client_parse(nlh, &c) < 0)
		return MNL_CB_ERROR;
	pr_list_item();
	adm_client_print(&c, NULL);
	pr_item_end();
	return MNL_CB_OK;
}

static int client_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	bool one = argc > 0;
	struct adm_nl nl;
	int ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	if (one) {
		ret = parse_name(argc, argv, "show");
		if (ret)
			return ret;
	}
	if (argc > 1) {
		if (!strcmp(argv[1], "help")) {
			usage(stdout);
			return 0;
		}
		return usage_err(HELP, "client show: unexpected argument '%.64s'",
				 argv[1]);
	}

	if (adm_nl_open(&nl) < 0)
		return 1;
	pr_init(opts.json, opts.pretty, PR_LINES);
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CLIENT_GET, one ? 0 : NLM_F_DUMP);
	if (one)
		mnl_attr_put_strz(nlh, EVBLADE_A_CLIENT_NAME, argv[0]);
	ret = adm_nl_talk(&nl, nlh, show_cb, NULL, "client show") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	/* Always a whole array, even of one client or none. */
	pr_list_end(!ret);
	return ret;
}

int client_main(int argc, char **argv)
{
	argc--, argv++;
	if (!argc)
		return client_show(0, argv);
	if (matches(argv[0], "add"))
		return client_add(argc - 1, argv + 1);
	if (matches(argv[0], "delete"))
		return client_del(argc - 1, argv + 1);
	if (matches(argv[0], "show") || matches(argv[0], "list") ||
	    !strcmp(argv[0], "lst"))
		return client_show(argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	return usage_err(HELP, "client: unknown command '%.64s'", argv[0]);
}
