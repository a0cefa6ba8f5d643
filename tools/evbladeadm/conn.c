// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm conn: show the connections, one for every client talking to
 * a blade, from its first frame until it has been idle for the blade's
 * idle timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>

#include "conn.h"
#include "evbladeadm.h"
#include "nl.h"
#include "print.h"
#include "util.h"

#define HELP "conn help"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %1$s conn [ { show | list } [ ADDR [ mac MAC ] ] ]\n"
		"       %1$s conn help\n"
		"ADDR := [e]SHELF.SLOT, only the connections of this blade (default: all)\n"
		"MAC := xx:xx:xx:xx:xx:xx, only the connection of the client it belongs to\n",
		prog);
}

/* ---- the connection model, shared with monitor.c ---- */

static const enum mnl_attr_data_type conn_types[EVBLADE_A_CONN_MAX + 1] = {
	[EVBLADE_A_CONN_SHELF] = MNL_TYPE_U16,
	[EVBLADE_A_CONN_SLOT] = MNL_TYPE_U8,
	[EVBLADE_A_CONN_CLIENT] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_CONN_MAC] = MNL_TYPE_BINARY,
	[EVBLADE_A_CONN_IFINDEX] = MNL_TYPE_U32,
	[EVBLADE_A_CONN_STATE] = MNL_TYPE_U32,
	[EVBLADE_A_CONN_ERROR] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_CONN_BACKING] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_CONN_SIZE] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_FIRST_SEEN] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_IDLE_MS] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_FRAMES] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_BYTES] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_ERRORS] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_COW_CHUNKS] = MNL_TYPE_U64,
	[EVBLADE_A_CONN_COW_BYTES] = MNL_TYPE_U64,
	/* all and force are only in overlay-reset requests. */
	[EVBLADE_A_CONN_ALL] = MNL_TYPE_FLAG,
	[EVBLADE_A_CONN_FORCE] = MNL_TYPE_FLAG,
};

int adm_conn_parse(const struct nlmsghdr *nlh, struct adm_conn *c)
{
	bool has_shelf = false, has_slot = false;
	const struct nlattr *attr;
	unsigned int type;

	memset(c, 0, sizeof(*c));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		/* Attributes newer than this tool are skipped. */
		if (type > EVBLADE_A_CONN_MAX || type == EVBLADE_A_CONN_PAD)
			continue;
		if (mnl_attr_validate(attr, conn_types[type]) < 0)
			goto bad;
		switch (type) {
		case EVBLADE_A_CONN_SHELF:
			has_shelf = true;
			c->shelf = mnl_attr_get_u16(attr);
			break;
		case EVBLADE_A_CONN_SLOT:
			has_slot = true;
			c->slot = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_CONN_CLIENT:
			c->client = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_CONN_MAC:
			if (mnl_attr_get_payload_len(attr) != 6)
				goto bad;
			if (c->n_mac < EVB_CLIENT_MACS_MAX)
				memcpy(c->mac[c->n_mac++],
				       mnl_attr_get_payload(attr), 6);
			break;
		case EVBLADE_A_CONN_IFINDEX:
			c->has_ifindex = true;
			c->ifindex = mnl_attr_get_u32(attr);
			break;
		case EVBLADE_A_CONN_STATE:
			c->has_state = true;
			c->state = mnl_attr_get_u32(attr);
			break;
		case EVBLADE_A_CONN_ERROR:
			c->error = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_CONN_BACKING:
			c->backing = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_CONN_SIZE:
			c->has_size = true;
			c->size = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_FIRST_SEEN:
			c->has_first_seen = true;
			c->first_seen = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_IDLE_MS:
			c->has_idle = true;
			c->idle_ms = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_FRAMES:
			c->has_frames = true;
			c->frames = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_BYTES:
			c->has_bytes = true;
			c->bytes = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_ERRORS:
			c->has_errors = true;
			c->errors = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_COW_CHUNKS:
			c->has_cow_chunks = true;
			c->cow_chunks = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_CONN_COW_BYTES:
			c->has_cow_bytes = true;
			c->cow_bytes = mnl_attr_get_u64(attr);
			break;
		}
	}
	c->has_addr = has_shelf && has_slot;
	return 0;

bad:
	errno = EBADMSG;
	return -1;
}

static const char *state_name(uint32_t state, char *buf, size_t len)
{
	switch (state) {
	case EVBLADE_CONN_STATE_PENDING:
		return "pending";
	case EVBLADE_CONN_STATE_READY:
		return "ready";
	case EVBLADE_CONN_STATE_FAILED:
		return "failed";
	case EVBLADE_CONN_STATE_DENIED:
		return "denied";
	}
	snprintf(buf, len, "%u", state);
	return buf;
}

/* "2026-11-24 10:00:00" in local time. */
static const char *fmt_time(uint64_t epoch, char *buf, size_t len)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if ((uint64_t)t != epoch || !localtime_r(&t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "@%llu", (unsigned long long)epoch);
	return buf;
}

/*
 * A connection: text "e2.0 client tc1 state ready dev vc1 mac A", then
 * its error, its backing (with a COW blade's overlay usage), and its
 * activity, each on a line of its own (all on one line in monitor); each
 * value only if the kernel sent it.
 */
void adm_conn_print(const struct adm_conn *c, const char *key)
{
	char buf[64], hum[32];

	open_json_object(key);
	if (c->has_addr) {
		print_uint(PRINT_JSON, "shelf", NULL, c->shelf);
		print_uint(PRINT_JSON, "slot", NULL, c->slot);
		snprintf(buf, sizeof(buf), "e%u.%u", c->shelf, c->slot);
	} else {
		snprintf(buf, sizeof(buf), "e?.?");
	}
	print_string(PRINT_ANY, "blade", "%s", buf);
	if (c->client)
		print_string(PRINT_ANY, "client", "client %s", c->client);
	else
		print_string(PRINT_FP, NULL, "client -", "");
	if (c->has_state)
		print_string(PRINT_ANY, "state", "state %s",
			     state_name(c->state, buf, sizeof(buf)));
	if (c->has_ifindex) {
		print_uint(PRINT_JSON, "ifindex", NULL, c->ifindex);
		print_string(PRINT_ANY, "dev", "dev %s",
			     adm_ifname(c->ifindex, buf));
	}
	if (c->n_mac || pr_json())
		print_macs("mac", "mac", c->mac[0], c->n_mac);
	print_nl();
	if (c->error)
		print_bytes(PRINT_ANY, "error", "error \"%s\"", c->error,
			    strlen(c->error));
	print_nl();
	if (c->backing)
		print_string(PRINT_ANY, "backing", "backing %s", c->backing);
	if (c->has_size) {
		print_u64(PRINT_JSON, "size", NULL, c->size);
		snprintf(buf, sizeof(buf), "%llu (%s)",
			 (unsigned long long)c->size,
			 adm_fmt_size(c->size, hum, sizeof(hum)));
		print_string(PRINT_FP, NULL, "size %s", buf);
	}
	if (c->has_cow_chunks)
		print_u64(PRINT_ANY, "cow-chunks", "cow-chunks %llu",
			  c->cow_chunks);
	if (c->has_cow_bytes) {
		print_u64(PRINT_JSON, "cow-bytes", NULL, c->cow_bytes);
		snprintf(buf, sizeof(buf), "%llu (%s)",
			 (unsigned long long)c->cow_bytes,
			 adm_fmt_size(c->cow_bytes, hum, sizeof(hum)));
		print_string(PRINT_FP, NULL, "cow-bytes %s", buf);
	}
	print_nl();
	if (c->has_first_seen) {
		print_u64(PRINT_JSON, "first-seen", NULL, c->first_seen);
		print_string(PRINT_FP, NULL, "first-seen %s",
			     fmt_time(c->first_seen, buf, sizeof(buf)));
	}
	if (c->has_idle)
		print_u64(PRINT_ANY, "idle-ms", "idle-ms %llu", c->idle_ms);
	if (c->has_frames)
		print_u64(PRINT_ANY, "frames", "frames %llu", c->frames);
	if (c->has_bytes)
		print_u64(PRINT_ANY, "bytes", "bytes %llu", c->bytes);
	if (c->has_errors)
		print_u64(PRINT_ANY, "errors", "errors %llu", c->errors);
	close_json_object();
}

/* ---- the command ---- */

struct show {
	bool filter;		/* only the blade shelf.slot */
	uint16_t shelf;
	uint8_t slot;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show *s = data;
	struct adm_conn c;

	if (adm_conn_parse(nlh, &c) < 0)
		return MNL_CB_ERROR;
	/* The dump has every blade's: the filter is ours. */
	if (s->filter && (!c.has_addr || c.shelf != s->shelf ||
			  c.slot != s->slot))
		return MNL_CB_OK;
	pr_list_item();
	adm_conn_print(&c, NULL);
	pr_item_end();
	return MNL_CB_OK;
}

static int conn_show(int argc, char **argv)
{
	struct show s = {};
	char why[EVB_WHY_MAX];
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	bool one = false;
	uint8_t mac[6];
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "help")) {
			usage(stdout);
			return 0;
		}
	}
	if (argc) {
		if (!strcmp(argv[0], "mac"))
			return usage_err(HELP, "conn show: missing blade address (e<shelf>.<slot>) before 'mac'");
		if (adm_parse_addr(argv[0], &s.shelf, &s.slot, why,
				   sizeof(why)) < 0)
			return usage_err(HELP, "conn show: %s", why);
		s.filter = true;
	}
	if (argc > 1) {
		if (strcmp(argv[1], "mac"))
			return usage_err(HELP, "conn show: unexpected argument '%.64s'",
					 argv[1]);
		if (argc == 2)
			return usage_err(HELP, "conn show: 'mac' needs a MAC address");
		if (adm_parse_mac(argv[2], mac) < 0)
			return usage_err(HELP, "conn show: mac '%.64s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
					 argv[2]);
		if (argc > 3)
			return usage_err(HELP, "conn show: unexpected argument '%.64s'",
					 argv[3]);
		one = true;
	}

	if (adm_nl_open(&nl) < 0)
		return 1;
	pr_init(opts.json, opts.pretty, PR_BLOCK);
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CONN_GET, one ? 0 : NLM_F_DUMP);
	if (one) {
		mnl_attr_put_u16(nlh, EVBLADE_A_CONN_SHELF, s.shelf);
		mnl_attr_put_u8(nlh, EVBLADE_A_CONN_SLOT, s.slot);
		mnl_attr_put(nlh, EVBLADE_A_CONN_MAC, 6, mac);
	}
	ret = adm_nl_talk(&nl, nlh, show_cb, &s, "conn show") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	/* Always a whole array, even of one connection or none. */
	pr_list_end(!ret);
	return ret;
}

int conn_main(int argc, char **argv)
{
	argc--, argv++;
	if (!argc)
		return conn_show(0, argv);
	if (matches(argv[0], "show") || matches(argv[0], "list") ||
	    !strcmp(argv[0], "lst"))
		return conn_show(argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	return usage_err(HELP, "conn: unknown command '%.64s'", argv[0]);
}
