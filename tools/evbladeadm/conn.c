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
#include "json.h"
#include "nl.h"
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

/* "250ms" under a second, else "12.3s". */
static const char *fmt_idle(uint64_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%llums", (unsigned long long)ms);
	else
		snprintf(buf, len, "%llu.%llus",
			 (unsigned long long)(ms / 1000),
			 (unsigned long long)(ms % 1000 / 100));
	return buf;
}

/* "e2.0 client tc1" */
static void print_who(FILE *f, const struct adm_conn *c)
{
	if (c->has_addr)
		fprintf(f, "e%u.%u", c->shelf, c->slot);
	else
		fputs("e?.?", f);
	fputs(" client ", f);
	if (c->client)
		adm_put_escaped(f, c->client, strlen(c->client), false);
	else
		fputc('-', f);
}

/* "state ready dev eth1 mac A,B", each only if known. */
static void print_state(FILE *f, const struct adm_conn *c)
{
	char buf[IF_NAMESIZE + 16];
	const char *sep = "";
	unsigned int i;

	if (c->has_state) {
		fprintf(f, "state %s", state_name(c->state, buf, sizeof(buf)));
		sep = " ";
	}
	if (c->has_ifindex) {
		fprintf(f, "%sdev %s", sep, adm_ifname(c->ifindex, buf));
		sep = " ";
	}
	for (i = 0; i < c->n_mac; i++)
		fprintf(f, "%s%s", i ? "," : *sep ? " mac " : "mac ",
			adm_fmt_mac(c->mac[i], buf));
}

/* "error \"...\"" */
static void print_error(FILE *f, const struct adm_conn *c)
{
	fputs("error \"", f);
	adm_put_escaped(f, c->error, strlen(c->error), true);
	fputc('"', f);
}

/* "backing P size N (H)", each only if known. */
static void print_backing(FILE *f, const struct adm_conn *c)
{
	char buf[32];

	if (c->backing) {
		fputs("backing ", f);
		adm_put_escaped(f, c->backing, strlen(c->backing), false);
	}
	if (c->has_size)
		fprintf(f, "%ssize %llu (%s)", c->backing ? " " : "",
			(unsigned long long)c->size,
			adm_fmt_size(c->size, buf, sizeof(buf)));
}

/* "first-seen T idle I frames N bytes N errors N", each only if known. */
static void print_activity(FILE *f, const struct adm_conn *c)
{
	const char *sep = "";
	char buf[64];

	if (c->has_first_seen) {
		fprintf(f, "first-seen %s",
			fmt_time(c->first_seen, buf, sizeof(buf)));
		sep = " ";
	}
	if (c->has_idle) {
		fprintf(f, "%sidle %s", sep, fmt_idle(c->idle_ms, buf, sizeof(buf)));
		sep = " ";
	}
	if (c->has_frames) {
		fprintf(f, "%sframes %llu", sep, (unsigned long long)c->frames);
		sep = " ";
	}
	if (c->has_bytes) {
		fprintf(f, "%sbytes %llu", sep, (unsigned long long)c->bytes);
		sep = " ";
	}
	if (c->has_errors)
		fprintf(f, "%serrors %llu", sep, (unsigned long long)c->errors);
}

static bool has_activity(const struct adm_conn *c)
{
	return c->has_first_seen || c->has_idle || c->has_frames ||
	       c->has_bytes || c->has_errors;
}

void adm_conn_print(FILE *f, const struct adm_conn *c)
{
	print_who(f, c);
	fputs(": ", f);
	print_state(f, c);
	fputc('\n', f);
	if (c->error) {
		fputs("    ", f);
		print_error(f, c);
		fputc('\n', f);
	}
	if (c->backing || c->has_size) {
		fputs("    ", f);
		print_backing(f, c);
		fputc('\n', f);
	}
	if (has_activity(c)) {
		fputs("    ", f);
		print_activity(f, c);
		fputc('\n', f);
	}
}

void adm_conn_print_line(FILE *f, const struct adm_conn *c)
{
	print_who(f, c);
	if (c->has_state || c->has_ifindex || c->n_mac) {
		fputc(' ', f);
		print_state(f, c);
	}
	if (c->error) {
		fputc(' ', f);
		print_error(f, c);
	}
	if (c->backing || c->has_size) {
		fputc(' ', f);
		print_backing(f, c);
	}
	if (has_activity(c)) {
		fputc(' ', f);
		print_activity(f, c);
	}
	fputc('\n', f);
}

void adm_conn_json(struct json *j, const char *key, const struct adm_conn *c)
{
	char buf[IF_NAMESIZE + 16];

	json_obj_open(j, key);
	if (c->has_addr) {
		json_u64(j, "shelf", c->shelf);
		json_u64(j, "slot", c->slot);
		snprintf(buf, sizeof(buf), "e%u.%u", c->shelf, c->slot);
		json_str(j, "blade", buf);
	}
	if (c->client)
		json_str(j, "client", c->client);
	adm_json_macs(j, "macs", c->mac[0], c->n_mac);
	if (c->has_ifindex) {
		json_u64(j, "ifindex", c->ifindex);
		json_str(j, "device", adm_ifname(c->ifindex, buf));
	}
	if (c->has_state)
		json_str(j, "state", state_name(c->state, buf, sizeof(buf)));
	if (c->error)
		json_str(j, "error", c->error);
	if (c->backing)
		json_str(j, "backing", c->backing);
	if (c->has_size)
		json_u64(j, "size", c->size);
	if (c->has_first_seen)
		json_u64(j, "first_seen", c->first_seen);
	if (c->has_idle)
		json_u64(j, "idle_ms", c->idle_ms);
	if (c->has_frames)
		json_u64(j, "frames", c->frames);
	if (c->has_bytes)
		json_u64(j, "bytes", c->bytes);
	if (c->has_errors)
		json_u64(j, "errors", c->errors);
	json_obj_close(j);
}

/* ---- the command ---- */

struct show {
	struct json_list l;
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
	if (opts.json) {
		adm_conn_json(json_list_item(&s->l), NULL, &c);
	} else {
		adm_conn_print(stdout, &c);
	}
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
		if (adm_parse_mac(argv[2], mac) < 0 || !adm_mac_unicast(mac))
			return usage_err(HELP, "conn show: mac '%.64s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)",
					 argv[2]);
		if (argc > 3)
			return usage_err(HELP, "conn show: unexpected argument '%.64s'",
					 argv[3]);
		one = true;
	}

	if (adm_nl_open(&nl) < 0)
		return 1;
	json_list_init(&s.l, stdout, opts.pretty);
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CONN_GET, one ? 0 : NLM_F_DUMP);
	if (one) {
		mnl_attr_put_u16(nlh, EVBLADE_A_CONN_SHELF, s.shelf);
		mnl_attr_put_u8(nlh, EVBLADE_A_CONN_SLOT, s.slot);
		mnl_attr_put(nlh, EVBLADE_A_CONN_MAC, 6, mac);
	}
	ret = adm_nl_talk(&nl, nlh, show_cb, &s, "conn show") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	/* Always a whole array, even of one connection or none. */
	if (opts.json && (!ret || s.l.open))
		json_list_finish(&s.l);
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
