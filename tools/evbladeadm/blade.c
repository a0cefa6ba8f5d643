// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm blade: add, delete, change and show blades.
 *
 * Every argument is checked before the netlink socket is opened, so that a
 * usage error is reported the same on a host without the module, and
 * nothing half-parsed ever reaches the kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "blade.h"
#include "evbladeadm.h"
#include "json.h"
#include "nl.h"
#include "print.h"
#include "util.h"

#define HELP "blade help"

/* parse_props() saw "help" and printed the usage. */
#define HELP_SHOWN (-1)

/*
 * Interfaces in one `blade add`: with the longest path, state directory and
 * config string, a full mask list and a full ACL of the longest client
 * names (about 19.5 KiB in all), their ifindex attributes still fit the
 * request buffer, which libmnl does not check.
 */
#define MAX_DEVS ((EVB_NL_BUFSIZE - 24576) / 8)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %1$s blade add ADDR [ dev IFNAME ]... path PATH [ readonly [ on | off ] ]\n"
		"                          [ writeback [ on | off ] ] [ config STRING ] [ bufcnt N ]\n"
		"                          [ locking [ on | off ] ] [ mask MAC ]... [ state DIR ]\n"
		"                          [ private ] [ size SIZE ] [ autocreate ] [ idle SECONDS ]\n"
		"                          [ policy { allow | deny } ] [ { allow | deny } WHO ]...\n"
		"       %1$s blade { delete | del } ADDR\n"
		"       %1$s blade set ADDR [ dev IFNAME ]... [ alldevs ] [ readonly { on | off } ]\n"
		"                          [ writeback { on | off } ] [ config STRING ] [ bufcnt N ]\n"
		"                          [ locking { on | off } ] [ mask MAC ]... [ nomask ] [ release ]\n"
		"                          [ idle SECONDS ] [ policy { allow | deny } ]\n"
		"                          [ { allow | deny } WHO ]... [ noacl ]\n"
		"       %1$s blade [ { show | list } [ ADDR ] ]\n"
		"       %1$s blade help\n"
		"ADDR := [e]SHELF.SLOT   SHELF := 0..65534   SLOT := 0..254   (e.g. e1.0)\n"
		"PATH := a block device or a regular file; with private, a template whose file\n"
		"        name holds %%m (a client's MAC as 12 hex digits) or %%c (its client\n"
		"        name, or else its %%m), and %%%% for a %%: one file per client\n"
		"IFNAME := an interface of this network namespace (default: all of them)\n"
		"STRING := the AoE config string, at most %2$d bytes\n"
		"N := 2..%3$d, the requests an initiator may queue\n"
		"MAC := xx:xx:xx:xx:xx:xx, a host on the AoE MAC mask list (at most 64)\n"
		"DIR := where the config string, mask and reserve lists persist\n"
		"SIZE := bytes, or with K, M, G or T (binary: 2G = 2 * 2^30), a multiple of 512:\n"
		"        the size of the files autocreate makes (size and autocreate need private)\n"
		"SECONDS := 1..86400, how long an idle client's connection lasts (default 300)\n"
		"WHO := a MAC address or a client name (see '%1$s client help'): deny beats\n"
		"       allow beats the policy (default allow); rules given replace the old\n"
		"       ones, noacl removes them all\n",
		prog, EVBLADE_CFG_STR_MAX, EVBLADE_BUFCNT_MAX);
}

/* ---- the blade model, shared with monitor.c ---- */

static const enum mnl_attr_data_type blade_types[EVBLADE_A_BLADE_MAX + 1] = {
	[EVBLADE_A_BLADE_SHELF] = MNL_TYPE_U16,
	[EVBLADE_A_BLADE_SLOT] = MNL_TYPE_U8,
	[EVBLADE_A_BLADE_PATH] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_BLADE_IFINDEX] = MNL_TYPE_U32,
	[EVBLADE_A_BLADE_BACKEND] = MNL_TYPE_U32,
	[EVBLADE_A_BLADE_SIZE] = MNL_TYPE_U64,
	[EVBLADE_A_BLADE_READ_ONLY] = MNL_TYPE_U8,
	[EVBLADE_A_BLADE_WRITE_BACK] = MNL_TYPE_U8,
	[EVBLADE_A_BLADE_CONFIG_STRING] = MNL_TYPE_BINARY,
	[EVBLADE_A_BLADE_BUFCNT] = MNL_TYPE_U16,
	[EVBLADE_A_BLADE_STATS] = MNL_TYPE_NESTED,
	[EVBLADE_A_BLADE_ALL_IFS] = MNL_TYPE_FLAG,
	[EVBLADE_A_BLADE_LOCKING] = MNL_TYPE_U8,
	[EVBLADE_A_BLADE_MASK_MAC] = MNL_TYPE_BINARY,
	[EVBLADE_A_BLADE_RESERVE_MAC] = MNL_TYPE_BINARY,
	[EVBLADE_A_BLADE_STATE_DIR] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_BLADE_PRIVATE] = MNL_TYPE_FLAG,
	[EVBLADE_A_BLADE_AUTOCREATE] = MNL_TYPE_FLAG,
	[EVBLADE_A_BLADE_IDLE_TIMEOUT] = MNL_TYPE_U32,
	[EVBLADE_A_BLADE_ACL_POLICY] = MNL_TYPE_U8,
	[EVBLADE_A_BLADE_ALLOW_MAC] = MNL_TYPE_BINARY,
	[EVBLADE_A_BLADE_DENY_MAC] = MNL_TYPE_BINARY,
	[EVBLADE_A_BLADE_ALLOW_CLIENT] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_BLADE_DENY_CLIENT] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_BLADE_ACL_CLEAR] = MNL_TYPE_FLAG,
	[EVBLADE_A_BLADE_CONNS] = MNL_TYPE_U32,
};

/* The counters: nested attribute, JSON key, and text label. */
static const struct {
	unsigned int attr;
	const char *key;
	const char *fmt;
} stat_keys[] = {
	{ EVBLADE_A_BLADE_STATS_RX_FRAMES, "rx-frames", "rx-frames %llu" },
	{ EVBLADE_A_BLADE_STATS_TX_FRAMES, "tx-frames", "tx-frames %llu" },
	{ EVBLADE_A_BLADE_STATS_READ_OPS, "read-ops", "read-ops %llu" },
	{ EVBLADE_A_BLADE_STATS_READ_BYTES, "read-bytes", "read-bytes %llu" },
	{ EVBLADE_A_BLADE_STATS_WRITE_OPS, "write-ops", "write-ops %llu" },
	{ EVBLADE_A_BLADE_STATS_WRITE_BYTES, "write-bytes", "write-bytes %llu" },
	{ EVBLADE_A_BLADE_STATS_FLUSH_OPS, "flush-ops", "flush-ops %llu" },
	{ EVBLADE_A_BLADE_STATS_ATA_ERRORS, "ata-errors", "ata-errors %llu" },
	{ EVBLADE_A_BLADE_STATS_AOE_ERRORS, "aoe-errors", "aoe-errors %llu" },
};

static int parse_stats(const struct nlattr *nest, struct adm_blade *b)
{
	const struct nlattr *attr;
	unsigned int type;

	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		/* Counters newer than this tool are skipped. */
		if (type > EVBLADE_A_BLADE_STATS_MAX ||
		    type == EVBLADE_A_BLADE_STATS_PAD)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return -1;
		b->stats[type] = mnl_attr_get_u64(attr);
	}
	b->has_stats = true;
	return 0;
}

/* An allow-mac, deny-mac, allow-client or deny-client attribute. */
static int parse_rule_attr(const struct nlattr *attr, struct adm_blade *b)
{
	unsigned int type = mnl_attr_get_type(attr);
	struct adm_rule *r;

	if (b->n_rules == EVB_RULES_MAX)
		return -1;
	r = &b->rules[b->n_rules];
	memset(r, 0, sizeof(*r));
	r->allow = type == EVBLADE_A_BLADE_ALLOW_MAC ||
		   type == EVBLADE_A_BLADE_ALLOW_CLIENT;
	if (type == EVBLADE_A_BLADE_ALLOW_MAC ||
	    type == EVBLADE_A_BLADE_DENY_MAC) {
		if (mnl_attr_get_payload_len(attr) != 6)
			return -1;
		memcpy(r->mac, mnl_attr_get_payload(attr), 6);
	} else {
		if (strlen(mnl_attr_get_str(attr)) > EVBLADE_CLIENT_NAME_MAX)
			return -1;
		r->is_client = true;
		strcpy(r->client, mnl_attr_get_str(attr));
	}
	b->n_rules++;
	return 0;
}

int adm_blade_parse(const struct nlmsghdr *nlh, struct adm_blade *b)
{
	bool has_shelf = false, has_slot = false;
	const struct nlattr *attr;
	unsigned int type;
	uint32_t *idx;

	memset(b, 0, sizeof(*b));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		/* Attributes newer than this tool are skipped. */
		if (type > EVBLADE_A_BLADE_MAX || type == EVBLADE_A_BLADE_PAD)
			continue;
		if (mnl_attr_validate(attr, blade_types[type]) < 0)
			goto bad;
		switch (type) {
		case EVBLADE_A_BLADE_SHELF:
			has_shelf = true;
			b->shelf = mnl_attr_get_u16(attr);
			break;
		case EVBLADE_A_BLADE_SLOT:
			has_slot = true;
			b->slot = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_BLADE_PATH:
			b->path = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_BLADE_ALL_IFS:
			b->all_ifs = true;
			break;
		case EVBLADE_A_BLADE_STATE_DIR:
			b->state_dir = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_BLADE_LOCKING:
			b->has_locking = true;
			b->locking = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_BLADE_MASK_MAC:
			if (mnl_attr_get_payload_len(attr) != 6 ||
			    b->n_mask == EVB_MACS_MAX)
				goto bad;
			memcpy(b->mask[b->n_mask++], mnl_attr_get_payload(attr), 6);
			break;
		case EVBLADE_A_BLADE_RESERVE_MAC:
			if (mnl_attr_get_payload_len(attr) != 6 ||
			    b->n_rsv == EVB_MACS_MAX)
				goto bad;
			memcpy(b->rsv[b->n_rsv++], mnl_attr_get_payload(attr), 6);
			break;
		case EVBLADE_A_BLADE_IFINDEX:
			idx = realloc(b->ifindex,
				      (b->n_ifindex + 1) * sizeof(*idx));
			if (!idx) {
				adm_blade_free(b);
				errno = ENOMEM;
				return -1;
			}
			b->ifindex = idx;
			b->ifindex[b->n_ifindex++] = mnl_attr_get_u32(attr);
			break;
		case EVBLADE_A_BLADE_BACKEND:
			b->has_backend = true;
			b->backend = mnl_attr_get_u32(attr);
			break;
		case EVBLADE_A_BLADE_SIZE:
			b->has_size = true;
			b->size = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_BLADE_READ_ONLY:
			b->has_read_only = true;
			b->read_only = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_BLADE_WRITE_BACK:
			b->has_write_back = true;
			b->write_back = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_BLADE_CONFIG_STRING:
			b->has_config = true;
			b->config = mnl_attr_get_payload(attr);
			b->config_len = mnl_attr_get_payload_len(attr);
			break;
		case EVBLADE_A_BLADE_BUFCNT:
			b->has_bufcnt = true;
			b->bufcnt = mnl_attr_get_u16(attr);
			break;
		case EVBLADE_A_BLADE_STATS:
			if (parse_stats(attr, b) < 0)
				goto bad;
			break;
		case EVBLADE_A_BLADE_PRIVATE:
			b->private = true;
			break;
		case EVBLADE_A_BLADE_AUTOCREATE:
			b->autocreate = true;
			break;
		case EVBLADE_A_BLADE_IDLE_TIMEOUT:
			b->has_idle = true;
			b->idle = mnl_attr_get_u32(attr);
			break;
		case EVBLADE_A_BLADE_ACL_POLICY:
			b->has_policy = true;
			b->policy_allow = mnl_attr_get_u8(attr);
			break;
		case EVBLADE_A_BLADE_ALLOW_MAC:
		case EVBLADE_A_BLADE_DENY_MAC:
		case EVBLADE_A_BLADE_ALLOW_CLIENT:
		case EVBLADE_A_BLADE_DENY_CLIENT:
			if (parse_rule_attr(attr, b) < 0)
				goto bad;
			break;
		case EVBLADE_A_BLADE_CONNS:
			b->has_conns = true;
			b->conns = mnl_attr_get_u32(attr);
			break;
		}
	}
	b->has_addr = has_shelf && has_slot;
	return 0;

bad:
	adm_blade_free(b);
	errno = EBADMSG;
	return -1;
}

void adm_blade_free(struct adm_blade *b)
{
	free(b->ifindex);
	b->ifindex = NULL;
	b->n_ifindex = 0;
}

const char *adm_blade_name(const struct adm_blade *b, char *buf, size_t len)
{
	if (b->has_addr)
		snprintf(buf, len, "e%u.%u", b->shelf, b->slot);
	else
		snprintf(buf, len, "e?.?");
	return buf;
}

static const char *backend_name(uint32_t backend, char *buf, size_t len)
{
	switch (backend) {
	case EVBLADE_BACKEND_BDEV:
		return "bdev";
	case EVBLADE_BACKEND_FILE:
		return "file";
	}
	snprintf(buf, len, "%u", backend);
	return buf;
}

/* JSON dev: [names] and ifindex: [numbers]; text "dev A dev B". */
static void print_devs(const struct adm_blade *b)
{
	char name[IF_NAMESIZE + 16];
	unsigned int i;

	print_bool(PRINT_JSON, "all-ifs", NULL, b->all_ifs);
	if (b->all_ifs)
		print_string(PRINT_FP, NULL, "all-ifs", "");
	else if (!b->n_ifindex)
		print_string(PRINT_FP, NULL,
			     "no interface (its interfaces are gone)", "");
	open_json_array("dev");
	for (i = 0; i < b->n_ifindex; i++)
		print_string(PRINT_ANY, NULL, "dev %s",
			     adm_ifname(b->ifindex[i], name));
	close_json_array();
	open_json_array("ifindex");
	for (i = 0; i < b->n_ifindex; i++)
		print_uint(PRINT_JSON, NULL, NULL, b->ifindex[i]);
	close_json_array();
}

/*
 * The allow or the deny rules: JSON, a list of client names and one of
 * MAC addresses under the spec's names; text "allow tc1,02:00:00:00:00:0a"
 * or "allow none", in the kernel's order.
 */
static void print_rules(const struct adm_blade *b, bool allow)
{
	const char *word = allow ? "allow" : "deny";
	char buf[18], key[16];
	unsigned int i, n = 0;
	int clients;

	if (pr_json()) {
		for (clients = 1; clients >= 0; clients--) {
			snprintf(key, sizeof(key), "%s-%s", word,
				 clients ? "client" : "mac");
			open_json_array(key);
			for (i = 0; i < b->n_rules; i++) {
				const struct adm_rule *r = &b->rules[i];

				if (r->allow == allow && r->is_client == clients)
					print_string(PRINT_JSON, NULL, NULL,
						     r->is_client ? r->client :
						     adm_fmt_mac(r->mac, buf));
			}
			close_json_array();
		}
		return;
	}
	for (i = 0; i < b->n_rules; i++) {
		const struct adm_rule *r = &b->rules[i];

		if (r->allow != allow)
			continue;
		/* Text "allow A,B": the first with the word, then a comma. */
		print_string(PRINT_FP, NULL, n++ ? ",%s" : allow ? "allow %s" :
			     "deny %s", r->is_client ? r->client :
			     adm_fmt_mac(r->mac, buf));
	}
	if (!n)
		print_string(PRINT_FP, NULL, allow ? "allow none" : "deny none",
			     "");
}

/*
 * A blade: a full description (a reply, an addition) always has the path
 * and says everything; a partial one (a change, a deletion notice) only
 * what it holds.  Text on a line each: the backing, the interfaces, the
 * flags and config string, the AoE access lists, the state directory, the
 * ACL, the connections, the counters.
 */
void adm_blade_print(const struct adm_blade *b, const char *key)
{
	bool full = b->path;
	char buf[64];
	unsigned int i;

	open_json_object(key);
	if (b->has_addr) {
		print_uint(PRINT_JSON, "shelf", NULL, b->shelf);
		print_uint(PRINT_JSON, "slot", NULL, b->slot);
	}
	print_string(PRINT_ANY, "name", "%s", adm_blade_name(b, buf, sizeof(buf)));
	if (b->private)
		print_string(PRINT_FP, NULL, "private", "");
	if (b->path)
		print_string(PRINT_ANY, "path", b->private ? "template %s" :
			     "path %s", b->path);
	if (b->has_backend)
		print_string(PRINT_ANY, "backend", "backend %s",
			     backend_name(b->backend, buf, sizeof(buf)));
	if (b->has_size) {
		print_u64(PRINT_JSON, "size", NULL, b->size);
		/* For a private blade, the size autocreate gives, if any. */
		if (!b->private || b->size) {
			char hum[32];

			snprintf(buf, sizeof(buf), "%llu (%s)%s",
				 (unsigned long long)b->size,
				 adm_fmt_size(b->size, hum, sizeof(hum)),
				 b->private ? " per client" : "");
			print_string(PRINT_FP, NULL, "size %s", buf);
		}
	}
	if (full || b->private || b->autocreate) {
		print_bool(PRINT_JSON, "private", NULL, b->private);
		print_bool(PRINT_JSON, "autocreate", NULL, b->autocreate);
	}
	if (b->autocreate)
		print_string(PRINT_FP, NULL, "autocreate", "");
	if (b->has_bufcnt)
		print_uint(PRINT_ANY, "bufcnt", "bufcnt %u", b->bufcnt);

	print_nl();
	if (full || b->n_ifindex)
		print_devs(b);
	print_nl();
	if (full || b->has_read_only)
		print_bool(PRINT_ANY, "read-only", "read-only %s", b->read_only);
	if (full || b->has_write_back)
		print_bool(PRINT_ANY, "write-back", "write-back %s",
			   b->write_back);
	if (full || b->has_config)
		print_bytes(PRINT_ANY, "config-string", "config-string \"%s\"",
			    b->config ? b->config : "", b->config_len);
	print_nl();
	if (b->has_locking) {
		print_bool(PRINT_ANY, "locking", "locking %s", b->locking);
		print_macs("reserve-mac", "reserve-mac", b->rsv[0], b->n_rsv);
		print_macs("mask-mac", "mask-mac", b->mask[0], b->n_mask);
	}
	print_nl();
	if (b->state_dir)
		print_string(PRINT_ANY, "state-dir", "state-dir %s",
			     b->state_dir);
	print_nl();
	if (b->has_policy)
		print_string(PRINT_ANY, "acl-policy", "acl-policy %s",
			     b->policy_allow ? "allow" : "deny");
	if (b->has_policy || b->n_rules) {
		print_rules(b, true);
		print_rules(b, false);
	}
	print_nl();
	if (b->has_idle)
		print_uint(PRINT_ANY, "idle-timeout", "idle-timeout %u", b->idle);
	if (b->has_conns)
		print_uint(PRINT_ANY, "conns", "conns %u", b->conns);
	print_nl();
	if (b->has_stats) {
		open_json_object("stats");
		for (i = 0; i < sizeof(stat_keys) / sizeof(stat_keys[0]); i++)
			print_u64(PRINT_ANY, stat_keys[i].key, stat_keys[i].fmt,
				  b->stats[stat_keys[i].attr]);
		close_json_object();
	}
	close_json_object();
}

/* ---- argument parsing ---- */

/* What `blade add` and `blade set` were asked to do. */
struct props {
	const char *path;
	const char **devs;
	uint32_t *ifindex;	/* of devs, once resolved */
	unsigned int n_devs;
	bool all_devs;		/* alldevs */
	int read_only;		/* -1: not given */
	int write_back;		/* -1: not given */
	const char *config;	/* NULL: not given */
	size_t config_len;
	int bufcnt;		/* -1: not given */
	int locking;		/* -1: not given */
	uint8_t (*mask)[6];	/* mask MAC... */
	unsigned int n_mask;
	bool no_mask;		/* nomask */
	const char *state_dir;	/* state DIR (add only) */
	bool release;		/* release (set only) */
	bool private;		/* private (add only) */
	bool has_size;		/* size SIZE (add only) */
	uint64_t size;
	bool autocreate;	/* autocreate (add only) */
	long idle;		/* idle SECONDS; -1: not given */
	int policy;		/* policy allow (1) or deny (0); -1: not given */
	struct adm_rule *rules;	/* allow/deny MAC|CLIENT..., in order */
	unsigned int n_rules;
	bool no_acl;		/* noacl (set only) */
};

static bool is_keyword(const char *s)
{
	static const char *const keywords[] = {
		"dev", "alldevs", "path", "readonly", "writeback", "config",
		"bufcnt", "locking", "mask", "nomask", "release", "state",
		"private", "size", "autocreate", "idle", "policy", "allow",
		"deny", "noacl", "help",
	};
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(s, keywords[i]))
			return true;
	return false;
}

/*
 * readonly/writeback: on or off after it; in `add`, a bare keyword means
 * on.  Returns the next index to look at, or -1 after a usage error.
 */
static int parse_onoff(int argc, char **argv, int i, bool add,
		       const char *cmd, int *val)
{
	const char *kw = argv[i];
	int v;

	if (*val >= 0) {
		usage_err(HELP, "blade %s: '%s' given twice", cmd, kw);
		return -1;
	}
	if (i + 1 < argc) {
		v = adm_parse_onoff(argv[i + 1]);
		if (v >= 0) {
			*val = v;
			return i + 2;
		}
		if (add && is_keyword(argv[i + 1])) {
			*val = 1;
			return i + 1;
		}
		usage_err(HELP, "blade %s: '%s' takes on or off, not '%.64s'",
			  cmd, kw, argv[i + 1]);
		return -1;
	}
	if (add) {
		*val = 1;
		return i + 1;
	}
	usage_err(HELP, "blade %s: '%s' needs on or off", cmd, kw);
	return -1;
}

/* The value after keyword argv[i], or NULL after a usage error. */
static const char *value(int argc, char **argv, int i, const char *cmd,
			 const char *what)
{
	if (i + 1 < argc)
		return argv[i + 1];
	usage_err(HELP, "blade %s: '%s' needs %s", cmd, argv[i], what);
	return NULL;
}

/*
 * What is wrong with the path template of a private blade, or NULL: the
 * kernel's rules for the escapes (see evbladeadm(8)), the rest is left to
 * it.  Escapes only in the file name, only %m, %c and %%, and at least one
 * %m or %c, or every client would share one file.
 */
static const char *template_fault(const char *tmpl)
{
	const char *name = strrchr(tmpl, '/');
	bool per_client = false;
	const char *q;

	name = name ? name + 1 : tmpl;
	if (memchr(tmpl, '%', (size_t)(name - tmpl)))
		return "escapes (%) are allowed only in the file name of the path template, not in its directories";
	for (q = name; *q; q++) {
		if (*q != '%')
			continue;
		switch (*++q) {
		case 'm':
		case 'c':
			per_client = true;
			break;
		case '%':
			break;
		case '\0':
			return "the path template ends in a lone %";
		default:
			return "unknown escape in the path template (only %m, %c and %%)";
		}
	}
	if (!per_client)
		return "the path template needs %m or %c in its file name, or every client would share one file";
	return NULL;
}

/* "allow 02:00:00:00:00:0a" or "deny tc1" */
static const char *rule_str(const struct adm_rule *r, char *buf, size_t len)
{
	char mac[18];

	snprintf(buf, len, "%s %s", r->allow ? "allow" : "deny",
		 r->is_client ? r->client : adm_fmt_mac(r->mac, mac));
	return buf;
}

/*
 * allow/deny at argv[i] and its MAC address or client name: a word that
 * reads as a MAC address is one.  Like the kernel, refuse a second rule
 * about the same MAC or client, whether it agrees or not.  Returns 0, or
 * -1 after a usage error.
 */
static int parse_rule(int argc, char **argv, int i, const char *cmd,
		      struct props *p)
{
	struct adm_rule r = { .allow = !strcmp(argv[i], "allow") };
	char a[64], b[64];
	const char *val;
	unsigned int k;

	val = value(argc, argv, i, cmd, "a MAC address or a client name");
	if (!val)
		return -1;
	if (adm_parse_mac(val, r.mac) == 0) {
		if (!adm_mac_unicast(r.mac)) {
			usage_err(HELP, "blade %s: %s '%.64s' is not a unicast MAC address",
				  cmd, argv[i], val);
			return -1;
		}
	} else if (adm_client_name_ok(val)) {
		r.is_client = true;
		snprintf(r.client, sizeof(r.client), "%s", val);
	} else {
		usage_err(HELP, "blade %s: %s '%.64s' is neither a MAC address (xx:xx:xx:xx:xx:xx) nor a client name (1 to %d characters of A-Z a-z 0-9 _ . -, not starting with . or -)",
			  cmd, argv[i], val, EVBLADE_CLIENT_NAME_MAX);
		return -1;
	}
	for (k = 0; k < p->n_rules; k++) {
		const struct adm_rule *o = &p->rules[k];

		if (o->is_client != r.is_client ||
		    (r.is_client ? strcmp(o->client, r.client) :
				   memcmp(o->mac, r.mac, 6)))
			continue;
		if (o->allow == r.allow)
			usage_err(HELP, "blade %s: '%s' given twice", cmd,
				  rule_str(&r, a, sizeof(a)));
		else
			usage_err(HELP, "blade %s: '%s' and '%s' contradict each other",
				  cmd, rule_str(o, a, sizeof(a)),
				  rule_str(&r, b, sizeof(b)));
		return -1;
	}
	if (p->n_rules == EVB_RULES_MAX) {
		usage_err(HELP, "blade %s: an ACL holds at most %d rules", cmd,
			  EVB_RULES_MAX);
		return -1;
	}
	p->rules[p->n_rules++] = r;
	return 0;
}

/* Returns 0, 2 after a usage error, or HELP_SHOWN. */
static int parse_props(int argc, char **argv, struct props *p, bool add)
{
	const char *cmd = add ? "add" : "set";
	char why[EVB_WHY_MAX];
	unsigned long n;
	unsigned int k;
	int i = 0;

	while (i < argc) {
		const char *kw = argv[i], *val;

		if (!strcmp(kw, "help")) {
			usage(stdout);
			return HELP_SHOWN;
		} else if (!strcmp(kw, "dev")) {
			val = value(argc, argv, i, cmd, "an interface name");
			if (!val)
				return 2;
			if (!*val || strlen(val) >= IF_NAMESIZE)
				return usage_err(HELP, "blade %s: '%.64s' cannot be an interface name (1 to %d bytes)",
						 cmd, val, IF_NAMESIZE - 1);
			if (p->n_devs == MAX_DEVS)
				return usage_err(HELP, "blade %s: more than %d interfaces",
						 cmd, MAX_DEVS);
			for (k = 0; k < p->n_devs; k++)
				if (!strcmp(p->devs[k], val))
					return usage_err(HELP, "blade %s: 'dev %s' given twice",
							 cmd, val);
			p->devs[p->n_devs++] = val;
			i += 2;
		} else if (!strcmp(kw, "alldevs")) {
			p->all_devs = true;
			i++;
		} else if (!strcmp(kw, "locking")) {
			i = parse_onoff(argc, argv, i, add, cmd, &p->locking);
			if (i < 0)
				return 2;
		} else if (!strcmp(kw, "mask")) {
			uint8_t mac[6];

			val = value(argc, argv, i, cmd, "a MAC address");
			if (!val)
				return 2;
			if (adm_parse_mac(val, mac) < 0 || (mac[0] & 1) ||
			    !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
				return usage_err(HELP, "blade %s: mask '%.64s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)",
						 cmd, val);
			if (p->n_mask == EVB_MACS_MAX)
				return usage_err(HELP, "blade %s: a mask list holds at most %d MAC addresses",
						 cmd, EVB_MACS_MAX);
			memcpy(p->mask[p->n_mask++], mac, 6);
			i += 2;
		} else if (!strcmp(kw, "state")) {
			if (!add)
				return usage_err(HELP, "blade set: the state directory of a blade cannot be changed; delete it and add it again");
			if (p->state_dir)
				return usage_err(HELP, "blade add: 'state' given twice");
			val = value(argc, argv, i, cmd, "a directory");
			if (!val)
				return 2;
			if (!*val)
				return usage_err(HELP, "blade add: the state directory is empty");
			p->state_dir = val;
			i += 2;
		} else if (!strcmp(kw, "nomask")) {
			p->no_mask = true;
			i++;
		} else if (!strcmp(kw, "release")) {
			if (add)
				return usage_err(HELP, "blade add: 'release' is for blade set (a new blade is not reserved)");
			p->release = true;
			i++;
		} else if (!strcmp(kw, "path")) {
			if (!add)
				return usage_err(HELP, "blade set: the path of a blade cannot be changed; delete it and add it again");
			if (p->path)
				return usage_err(HELP, "blade add: 'path' given twice");
			val = value(argc, argv, i, cmd,
				    "a block device or a file");
			if (!val)
				return 2;
			if (!*val)
				return usage_err(HELP, "blade add: the path is empty");
			p->path = val;
			i += 2;
		} else if (!strcmp(kw, "readonly")) {
			i = parse_onoff(argc, argv, i, add, cmd, &p->read_only);
			if (i < 0)
				return 2;
		} else if (!strcmp(kw, "writeback")) {
			i = parse_onoff(argc, argv, i, add, cmd,
					&p->write_back);
			if (i < 0)
				return 2;
		} else if (!strcmp(kw, "config")) {
			if (p->config)
				return usage_err(HELP, "blade %s: 'config' given twice", cmd);
			val = value(argc, argv, i, cmd, "a string");
			if (!val)
				return 2;
			p->config_len = strlen(val);
			if (p->config_len > EVBLADE_CFG_STR_MAX)
				return usage_err(HELP, "blade %s: the config string is %zu bytes, over the AoE limit of %d",
						 cmd, p->config_len,
						 EVBLADE_CFG_STR_MAX);
			p->config = val;
			i += 2;
		} else if (!strcmp(kw, "bufcnt")) {
			if (p->bufcnt >= 0)
				return usage_err(HELP, "blade %s: 'bufcnt' given twice", cmd);
			val = value(argc, argv, i, cmd, "a number");
			if (!val)
				return 2;
			if (adm_parse_uint(val, "bufcnt", 2, EVBLADE_BUFCNT_MAX,
					   &n, why, sizeof(why)) < 0)
				return usage_err(HELP, "blade %s: %s", cmd, why);
			p->bufcnt = (int)n;
			i += 2;
		} else if (!strcmp(kw, "private")) {
			if (!add)
				return usage_err(HELP, "blade set: a blade cannot become private or shared; delete it and add it again");
			p->private = true;
			i++;
		} else if (!strcmp(kw, "size")) {
			if (!add)
				return usage_err(HELP, "blade set: the size of a blade cannot be changed; delete it and add it again");
			if (p->has_size)
				return usage_err(HELP, "blade add: 'size' given twice");
			val = value(argc, argv, i, cmd, "a size in bytes (K, M, G or T for binary units)");
			if (!val)
				return 2;
			if (adm_parse_size(val, "size", &p->size, why,
					   sizeof(why)) < 0)
				return usage_err(HELP, "blade add: %s", why);
			if (!p->size || p->size % 512)
				return usage_err(HELP, "blade add: size %.24s is not a positive multiple of 512 bytes (a sector)",
						 val);
			if (p->size > INT64_MAX)
				return usage_err(HELP, "blade add: size %.24s is over 8 EiB, the largest file Linux has",
						 val);
			p->has_size = true;
			i += 2;
		} else if (!strcmp(kw, "autocreate")) {
			if (!add)
				return usage_err(HELP, "blade set: 'autocreate' cannot be changed; delete the blade and add it again");
			p->autocreate = true;
			i++;
		} else if (!strcmp(kw, "idle")) {
			if (p->idle >= 0)
				return usage_err(HELP, "blade %s: 'idle' given twice", cmd);
			val = value(argc, argv, i, cmd, "a number of seconds");
			if (!val)
				return 2;
			if (adm_parse_uint(val, "idle", 1, 86400, &n, why,
					   sizeof(why)) < 0)
				return usage_err(HELP, "blade %s: %s", cmd, why);
			p->idle = (long)n;
			i += 2;
		} else if (!strcmp(kw, "policy")) {
			if (p->policy >= 0)
				return usage_err(HELP, "blade %s: 'policy' given twice", cmd);
			val = value(argc, argv, i, cmd, "allow or deny");
			if (!val)
				return 2;
			if (!strcmp(val, "allow"))
				p->policy = 1;
			else if (!strcmp(val, "deny"))
				p->policy = 0;
			else
				return usage_err(HELP, "blade %s: 'policy' takes allow or deny, not '%.64s'",
						 cmd, val);
			i += 2;
		} else if (!strcmp(kw, "allow") || !strcmp(kw, "deny")) {
			if (parse_rule(argc, argv, i, cmd, p) < 0)
				return 2;
			i += 2;
		} else if (!strcmp(kw, "noacl")) {
			if (add)
				return usage_err(HELP, "blade add: 'noacl' is for blade set (a new blade has no ACL rules)");
			p->no_acl = true;
			i++;
		} else {
			return usage_err(HELP, "blade %s: unknown argument '%.64s'",
					 cmd, kw);
		}
	}
	if (p->no_acl && p->n_rules)
		return usage_err(HELP, "blade %s: 'noacl' and '%s' exclude each other (rules given replace the old ones)",
				 cmd, p->rules[0].allow ? "allow" : "deny");
	if (p->has_size && !p->private)
		return usage_err(HELP, "blade %s: 'size' is for private blades (a shared blade is as large as its path); add 'private'",
				 cmd);
	if (p->autocreate && !p->private)
		return usage_err(HELP, "blade %s: 'autocreate' is for private blades; add 'private'",
				 cmd);
	if (p->autocreate && !p->has_size)
		return usage_err(HELP, "blade %s: 'autocreate' needs 'size SIZE', the size of the files it creates",
				 cmd);
	if (p->private && p->path) {
		const char *why_tmpl = template_fault(p->path);

		if (why_tmpl)
			return usage_err(HELP, "blade add: private: %s", why_tmpl);
	}
	if (p->all_devs && p->n_devs)
		return usage_err(HELP, "blade %s: 'alldevs' and 'dev' exclude each other",
				 cmd);
	if (p->no_mask && p->n_mask)
		return usage_err(HELP, "blade %s: 'nomask' and 'mask' exclude each other",
				 cmd);
	return 0;
}

/*
 * Interface names are resolved here, in the caller's netns.  Returns 0, or
 * 1 after printing why.
 */
static int resolve_devs(struct props *p, const char *cmd)
{
	unsigned int k;

	for (k = 0; k < p->n_devs; k++) {
		p->ifindex[k] = if_nametoindex(p->devs[k]);
		if (!p->ifindex[k])
			return adm_err("blade %s: dev %s: no such interface in this network namespace",
				   cmd, p->devs[k]);
	}
	return 0;
}

/*
 * The blade address that starts the arguments of add, del, set and show.
 * Returns 0, or 2 after a usage error.
 */
static int parse_blade_addr(int argc, char **argv, const char *cmd,
			    uint16_t *shelf, uint8_t *slot)
{
	char why[EVB_WHY_MAX];

	if (!argc)
		return usage_err(HELP, "blade %s: missing blade address (e<shelf>.<slot>, e.g. e1.0)",
				 cmd);
	if (is_keyword(argv[0]) && strcmp(argv[0], "help"))
		return usage_err(HELP, "blade %s: missing blade address (e<shelf>.<slot>) before '%s'",
				 cmd, argv[0]);
	if (adm_parse_addr(argv[0], shelf, slot, why, sizeof(why)) < 0)
		return usage_err(HELP, "blade %s: %s", cmd, why);
	return 0;
}

/*
 * The kernel opens the path in its own context: make a relative path
 * absolute first.  The directory is resolved with realpath(), but not the
 * last component, so a symlink such as /dev/vg/disk keeps its name.  If
 * the directory does not exist, the current directory is simply prefixed
 * and the kernel's error will name the path.  Returns a malloc()ed path, or
 * NULL after printing why.
 */
static char *absolute_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = NULL, *real = NULL, *abs = NULL;
	char cwd[PATH_MAX];

	if (path[0] == '/') {
		abs = strdup(path);
		goto out;
	}
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		real = realpath(path, NULL);
		if (real) {
			abs = real;
			real = NULL;
			goto out;
		}
	} else {
		dir = slash ? strndup(path, (size_t)(slash - path + 1))
			    : strdup(".");
		if (!dir)
			goto out;
		real = realpath(dir, NULL);
		if (real) {
			if (asprintf(&abs, "%s%s%s", real,
				     strcmp(real, "/") ? "/" : "", base) < 0)
				abs = NULL;
			goto out;
		}
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		adm_err("blade add: cannot make path '%s' absolute: %s", path,
		    strerror(errno));
		goto err;
	}
	if (asprintf(&abs, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "",
		     path) < 0)
		abs = NULL;
out:
	if (!abs)
		adm_err("out of memory");
err:
	free(dir);
	free(real);
	return abs;
}

/* ---- the commands ---- */

/*
 * The address and properties of `blade add` and `blade set`: help, the
 * address, then every keyword, before anything is looked up or sent.
 * Returns 0, 2 after a usage error, or HELP_SHOWN; props_free() after it
 * in any case.
 */
static int props_start(int argc, char **argv, bool add, struct props *p,
		       uint16_t *shelf, uint8_t *slot)
{
	const char *cmd = add ? "add" : "set";
	int ret;

	memset(p, 0, sizeof(*p));
	p->read_only = p->write_back = p->bufcnt = p->locking = -1;
	p->policy = -1;
	p->idle = -1;
	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return HELP_SHOWN;
	}
	ret = parse_blade_addr(argc, argv, cmd, shelf, slot);
	if (ret)
		return ret;
	p->devs = calloc((size_t)argc, sizeof(*p->devs));
	p->ifindex = calloc((size_t)argc, sizeof(*p->ifindex));
	p->mask = calloc(EVB_MACS_MAX, sizeof(*p->mask));
	p->rules = calloc(EVB_RULES_MAX, sizeof(*p->rules));
	if (!p->devs || !p->ifindex || !p->mask || !p->rules)
		return adm_err("out of memory");
	return parse_props(argc - 1, argv + 1, p, add);
}

static void props_free(struct props *p)
{
	free(p->rules);
	free(p->mask);
	free(p->ifindex);
	free(p->devs);
}

/* No ifindex and no all-ifs in `blade add`: every interface. */
static void put_props(struct nlmsghdr *nlh, const struct props *p)
{
	unsigned int k;

	for (k = 0; k < p->n_devs; k++)
		mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IFINDEX, p->ifindex[k]);
	if (p->all_devs)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_ALL_IFS, 0, NULL);

	if (p->read_only >= 0)
		mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_READ_ONLY,
				(uint8_t)p->read_only);
	if (p->write_back >= 0)
		mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_WRITE_BACK,
				(uint8_t)p->write_back);
	/* The config string is binary: its bytes, no NUL. */
	if (p->config)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_CONFIG_STRING,
			     p->config_len, p->config);
	if (p->bufcnt >= 0)
		mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_BUFCNT,
				 (uint16_t)p->bufcnt);
	if (p->locking >= 0)
		mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_LOCKING,
				(uint8_t)p->locking);
	for (k = 0; k < p->n_mask; k++)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_MASK_MAC, 6, p->mask[k]);
	if (p->no_mask)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_MASK_CLEAR, 0, NULL);
	if (p->release)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_RESERVE_CLEAR, 0, NULL);

	if (p->private)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_PRIVATE, 0, NULL);
	if (p->has_size)
		mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, p->size);
	if (p->autocreate)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_AUTOCREATE, 0, NULL);
	if (p->idle >= 0)
		mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IDLE_TIMEOUT,
				 (uint32_t)p->idle);
	if (p->policy >= 0)
		mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_ACL_POLICY,
				(uint8_t)p->policy);
	/* In the order given, so that an extack offset names the word. */
	for (k = 0; k < p->n_rules; k++) {
		const struct adm_rule *r = &p->rules[k];

		if (r->is_client)
			mnl_attr_put_strz(nlh, r->allow ?
					  EVBLADE_A_BLADE_ALLOW_CLIENT :
					  EVBLADE_A_BLADE_DENY_CLIENT,
					  r->client);
		else
			mnl_attr_put(nlh, r->allow ? EVBLADE_A_BLADE_ALLOW_MAC :
				     EVBLADE_A_BLADE_DENY_MAC, 6, r->mac);
	}
	if (p->no_acl)
		mnl_attr_put(nlh, EVBLADE_A_BLADE_ACL_CLEAR, 0, NULL);
}

static void put_addr(struct nlmsghdr *nlh, uint16_t shelf, uint8_t slot)
{
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, shelf);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, slot);
}

static int blade_add(int argc, char **argv)
{
	char *path = NULL, *state = NULL;
	struct nlmsghdr *nlh;
	struct props p;
	struct adm_nl nl;
	uint16_t shelf;
	uint8_t slot;
	int ret;

	ret = props_start(argc, argv, true, &p, &shelf, &slot);
	if (ret) {
		ret = ret == HELP_SHOWN ? 0 : ret;
		goto out;
	}
	if (!p.path) {
		ret = usage_err(HELP, "blade add: missing 'path PATH' (the block device or file to serve)");
		goto out;
	}
	/* Every interface is the default: alldevs only says so. */
	p.all_devs = false;

	ret = resolve_devs(&p, "add");
	if (ret)
		goto out;
	path = absolute_path(p.path);
	if (!path) {
		ret = 1;
		goto out;
	}
	if (p.state_dir) {
		state = absolute_path(p.state_dir);
		if (!state) {
			ret = 1;
			goto out;
		}
		if (strlen(state) > EVBLADE_PATH_MAX) {
			ret = usage_err(HELP, "blade add: the state directory is longer than %d bytes",
					EVBLADE_PATH_MAX);
			goto out;
		}
	}
	if (strlen(path) > EVBLADE_PATH_MAX) {
		ret = usage_err(HELP, "blade add: the path is longer than %d bytes",
				EVBLADE_PATH_MAX);
		goto out;
	}

	if (adm_nl_open(&nl) < 0) {
		ret = 1;
		goto out;
	}
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_ADD, 0);
	put_addr(nlh, shelf, slot);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, path);
	if (state)
		mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_STATE_DIR, state);
	put_props(nlh, &p);
	ret = adm_nl_talk(&nl, nlh, NULL, NULL, "blade add") < 0 ? 1 : 0;
	adm_nl_close(&nl);
out:
	free(state);
	free(path);
	props_free(&p);
	return ret;
}

static int blade_del(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	uint16_t shelf;
	uint8_t slot;
	int ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	ret = parse_blade_addr(argc, argv, "delete", &shelf, &slot);
	if (ret)
		return ret;
	if (argc > 1) {
		if (!strcmp(argv[1], "help")) {
			usage(stdout);
			return 0;
		}
		return usage_err(HELP, "blade delete: unexpected argument '%.64s'",
				 argv[1]);
	}
	if (adm_nl_open(&nl) < 0)
		return 1;
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_DEL, 0);
	put_addr(nlh, shelf, slot);
	ret = adm_nl_talk(&nl, nlh, NULL, NULL, "blade delete") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	return ret;
}

static int blade_set(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct props p;
	struct adm_nl nl;
	uint16_t shelf;
	uint8_t slot;
	int ret;

	ret = props_start(argc, argv, false, &p, &shelf, &slot);
	if (ret) {
		ret = ret == HELP_SHOWN ? 0 : ret;
		goto out;
	}
	if (p.read_only < 0 && p.write_back < 0 && !p.config && p.bufcnt < 0 &&
	    !p.n_devs && !p.all_devs && p.locking < 0 && !p.n_mask &&
	    !p.no_mask && !p.release && p.idle < 0 && p.policy < 0 &&
	    !p.n_rules && !p.no_acl) {
		ret = usage_err(HELP, "blade set: nothing to set; give dev, alldevs, readonly, writeback, config, bufcnt, locking, mask, nomask, release, idle, policy, allow, deny or noacl");
		goto out;
	}
	ret = resolve_devs(&p, "set");
	if (ret)
		goto out;

	if (adm_nl_open(&nl) < 0) {
		ret = 1;
		goto out;
	}
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_SET, 0);
	put_addr(nlh, shelf, slot);
	put_props(nlh, &p);
	ret = adm_nl_talk(&nl, nlh, NULL, NULL, "blade set") < 0 ? 1 : 0;
	adm_nl_close(&nl);
out:
	props_free(&p);
	return ret;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct adm_blade b;

	(void)data;
	if (adm_blade_parse(nlh, &b) < 0)
		return MNL_CB_ERROR;
	pr_list_item();
	adm_blade_print(&b, NULL);
	pr_item_end();
	adm_blade_free(&b);
	return MNL_CB_OK;
}

static int blade_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	bool one = argc > 0;
	struct adm_nl nl;
	uint16_t shelf = 0;
	uint8_t slot = 0;
	int ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	if (one) {
		ret = parse_blade_addr(argc, argv, "show", &shelf, &slot);
		if (ret)
			return ret;
	}
	if (argc > 1) {
		if (!strcmp(argv[1], "help")) {
			usage(stdout);
			return 0;
		}
		return usage_err(HELP, "blade show: unexpected argument '%.64s'",
				 argv[1]);
	}

	if (adm_nl_open(&nl) < 0)
		return 1;
	pr_init(opts.json, opts.pretty, PR_BLOCK);
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_GET, one ? 0 : NLM_F_DUMP);
	if (one)
		put_addr(nlh, shelf, slot);
	ret = adm_nl_talk(&nl, nlh, show_cb, NULL, "blade show") < 0 ? 1 : 0;
	adm_nl_close(&nl);
	/* Always a whole array, even of one blade or none. */
	pr_list_end(!ret);
	return ret;
}

int blade_main(int argc, char **argv)
{
	argc--, argv++;
	if (!argc)
		return blade_show(0, argv);
	/* "set" is checked before the prefixes, so that "s" means show. */
	if (!strcmp(argv[0], "set"))
		return blade_set(argc - 1, argv + 1);
	if (matches(argv[0], "add"))
		return blade_add(argc - 1, argv + 1);
	if (matches(argv[0], "delete"))
		return blade_del(argc - 1, argv + 1);
	if (matches(argv[0], "show") || matches(argv[0], "list") ||
	    !strcmp(argv[0], "lst"))
		return blade_show(argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	return usage_err(HELP, "blade: unknown command '%.64s'", argv[0]);
}
