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
 * Interfaces in one `blade add`: with the longest path, base, state
 * directory and config string, a full mask list and a full ACL of the
 * longest client names (about 23 KiB in all), their ifindex attributes
 * still fit the request buffer.
 */
#define MAX_DEVS ((EVB_NL_BUFSIZE - 24576) / 8)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %1$s blade add ADDR [ dev IFNAME ]... path PATH [ read-only [ on | off ] ]\n"
		"                          [ write-back [ on | off ] ] [ config-string STRING ]\n"
		"                          [ bufcnt N ] [ locking [ on | off ] ] [ mask-mac MAC ]...\n"
		"                          [ state-dir DIR ] [ private ] [ size SIZE ] [ autocreate ]\n"
		"                          [ cow ] [ base BASE ]\n"
		"                          [ idle-timeout SECONDS ] [ acl-policy { allow | deny } ]\n"
		"                          [ { allow | deny } WHO ]...\n"
		"       %1$s blade { delete | del } ADDR\n"
		"       %1$s blade set ADDR [ dev IFNAME ]... [ all-ifs ] [ read-only { on | off } ]\n"
		"                          [ write-back { on | off } ] [ config-string STRING ]\n"
		"                          [ bufcnt N ] [ locking { on | off } ] [ mask-mac MAC ]...\n"
		"                          [ mask-clear ] [ reserve-clear ] [ idle-timeout SECONDS ]\n"
		"                          [ acl-policy { allow | deny } ] [ { allow | deny } WHO ]...\n"
		"                          [ acl-clear ]\n"
		"       %1$s blade reset ADDR { client NAME | mac MAC | all } [ force ]\n"
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
		"BASE := with private cow, the read-only block device or file every client\n"
		"        reads; PATH then names each client's overlay, which holds its writes\n"
		"        (cow needs private and base; not with size nor write-back)\n"
		"SECONDS := 1..86400, how long an idle client's connection lasts (default 300)\n"
		"WHO := a MAC address or a client name (see '%1$s client help'): deny beats\n"
		"       allow beats the policy (default allow); rules given replace the old\n"
		"       ones, acl-clear removes them all\n"
		"reset: the overlays of a COW blade back to the pristine base: a declared\n"
		"       client's (NAME), an undeclared MAC's, or all of them; refused while\n"
		"       such a client is connected, unless force (which closes it first)\n"
		"Aliases: readonly, writeback, config, alldevs, mask, nomask, release, state,\n"
		"         idle, policy, noacl (the older spellings of the keywords above)\n",
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
	[EVBLADE_A_BLADE_COW] = MNL_TYPE_FLAG,
	[EVBLADE_A_BLADE_BASE] = MNL_TYPE_NUL_STRING,
	[EVBLADE_A_BLADE_BASE_SIZE] = MNL_TYPE_U64,
	[EVBLADE_A_BLADE_BASE_ID] = MNL_TYPE_U64,
	[EVBLADE_A_BLADE_CHUNK_SIZE] = MNL_TYPE_U32,
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
		case EVBLADE_A_BLADE_COW:
			b->cow = true;
			break;
		case EVBLADE_A_BLADE_BASE:
			b->base = mnl_attr_get_str(attr);
			break;
		case EVBLADE_A_BLADE_BASE_SIZE:
			b->has_base_size = true;
			b->base_size = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_BLADE_BASE_ID:
			b->has_base_id = true;
			b->base_id = mnl_attr_get_u64(attr);
			break;
		case EVBLADE_A_BLADE_CHUNK_SIZE:
			b->has_chunk_size = true;
			b->chunk_size = mnl_attr_get_u32(attr);
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
	size_t i;

	free(b->ifindex);
	b->ifindex = NULL;
	b->n_ifindex = 0;
	free(b->dev_names);
	b->dev_names = NULL;
	b->n_dev_names = 0;
	for (i = 0; i < sizeof(b->owned) / sizeof(b->owned[0]); i++) {
		free(b->owned[i]);
		b->owned[i] = NULL;
	}
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
	char buf[18], key[16], *text = NULL;
	unsigned int i, n = 0;
	size_t size;
	int clients;
	FILE *list;

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
	/* Text: one value, the rules joined by commas. */
	list = open_memstream(&text, &size);
	if (!list)
		return;
	for (i = 0; i < b->n_rules; i++) {
		const struct adm_rule *r = &b->rules[i];

		if (r->allow != allow)
			continue;
		fprintf(list, "%s%s", n++ ? "," : "", r->is_client ?
			r->client : adm_fmt_mac(r->mac, buf));
	}
	if (!fclose(list))
		print_string(PRINT_FP, NULL, allow ? "allow %s" : "deny %s",
			     n ? text : "none");
	free(text);
}

/*
 * A copy-on-write blade's base: text "base /srv/golden.img base-size
 * 17179869184 (16.0 GiB) base-id 0123456789abcdef chunk-size 4096", each
 * value only if the kernel sent it.
 */
static void print_base(const struct adm_blade *b)
{
	char buf[64], hum[32];

	if (b->base)
		print_string(PRINT_ANY, "base", "base %s", b->base);
	if (b->has_base_size) {
		print_u64(PRINT_JSON, "base-size", NULL, b->base_size);
		snprintf(buf, sizeof(buf), "%llu (%s)",
			 (unsigned long long)b->base_size,
			 adm_fmt_size(b->base_size, hum, sizeof(hum)));
		print_string(PRINT_FP, NULL, "base-size %s", buf);
	}
	/*
	 * The identity is a 64-bit hash, compared whole: 16 lowercase hex
	 * digits, and in JSON the same string rather than a number, since
	 * many JSON readers (JavaScript, jq before 1.7) hold numbers as
	 * doubles, which keep only 53 bits.
	 */
	if (b->has_base_id) {
		snprintf(buf, sizeof(buf), "%016llx",
			 (unsigned long long)b->base_id);
		print_string(PRINT_ANY, "base-id", "base-id %s", buf);
	}
	if (b->has_chunk_size)
		print_uint(PRINT_ANY, "chunk-size", "chunk-size %u",
			   b->chunk_size);
}

/*
 * A blade: a full description (a reply, an addition) always has the path
 * and says everything; a partial one (a change, a deletion notice) only
 * what it holds.  Text on a line each: the backing, a COW blade's base,
 * the interfaces, the flags and config string, the AoE access lists, the
 * state directory, the ACL, the connections, the counters.
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
	if (b->cow)
		print_string(PRINT_FP, NULL, "cow", "");
	if (b->path)
		print_string(PRINT_ANY, "path", b->private ? "template %s" :
			     "path %s", b->path);
	if (b->has_backend)
		print_string(PRINT_ANY, "backend", "backend %s",
			     backend_name(b->backend, buf, sizeof(buf)));
	if (b->has_size) {
		print_u64(PRINT_JSON, "size", NULL, b->size);
		/*
		 * For a private blade, the size autocreate gives, if any; a
		 * COW blade's disks have its base's size (base-size).
		 */
		if (!b->cow && (!b->private || b->size)) {
			char hum[32];

			snprintf(buf, sizeof(buf), "%llu (%s)%s",
				 (unsigned long long)b->size,
				 adm_fmt_size(b->size, hum, sizeof(hum)),
				 b->private ? " per client" : "");
			print_string(PRINT_FP, NULL, "size %s", buf);
		}
	}
	if (full || b->private || b->autocreate || b->cow) {
		print_bool(PRINT_JSON, "private", NULL, b->private);
		print_bool(PRINT_JSON, "autocreate", NULL, b->autocreate);
		print_bool(PRINT_JSON, "cow", NULL, b->cow);
	}
	if (b->autocreate)
		print_string(PRINT_FP, NULL, "autocreate", "");
	if (b->has_bufcnt)
		print_uint(PRINT_ANY, "bufcnt", "bufcnt %u", b->bufcnt);

	print_nl();
	print_base(b);
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

/* ---- argument parsing ---- */

/*
 * The keywords of `blade add` and `blade set`, after ethtool's parsers: a
 * table says what each keyword takes and which attribute it becomes, and
 * one loop (parse_args()) reads them all.  The canonical keyword is the
 * spec's attribute name; the older spellings stay as aliases.  Only the
 * syntax is checked here: a value's range, lengths, the path template,
 * and which keywords go together are the kernel's rules, and its extack
 * message says what is wrong.
 */
enum kw_kind {
	KW_FLAG,	/* no value: a flag attribute */
	KW_ONOFF,	/* on or off: a u8 (bare, in blade add: on) */
	KW_U16,		/* a decimal number: a u16 */
	KW_U32,		/* a decimal number: a u32 */
	KW_SIZE,	/* bytes, or with K, M, G or T: a u64 */
	KW_PATH,	/* a path, made absolute: a string */
	KW_BYTES,	/* a string without its NUL (the config string) */
	KW_MAC,		/* a MAC address: 6 bytes */
	KW_DEV,		/* an interface name: its ifindex, a u32 */
	KW_WHO,		/* a MAC address (attr) or a client name (attr2) */
	KW_POLICY,	/* allow or deny: a u8, 1 or 0 */
};

#define ADD	1	/* the keyword is for blade add */
#define SET	2	/* for blade set */

struct kw {
	const char *name;
	const char *alias;	/* the older spelling, or NULL */
	enum kw_kind kind;
	uint16_t attr;
	uint16_t attr2;		/* KW_WHO: the client name's attribute */
	uint8_t cmds;		/* ADD, SET: as in the spec's requests */
	bool repeat;		/* may be given more than once */
	const char *what;	/* its value, for "'KW' needs ..." */
};

static const struct kw blade_kws[] = {
	{ "path", NULL, KW_PATH, EVBLADE_A_BLADE_PATH, 0, ADD, false,
	  "a block device or a file" },
	{ "dev", NULL, KW_DEV, EVBLADE_A_BLADE_IFINDEX, 0, ADD | SET, true,
	  "an interface name" },
	/* In blade add, every interface is the default: nothing is sent. */
	{ "all-ifs", "alldevs", KW_FLAG, EVBLADE_A_BLADE_ALL_IFS, 0,
	  ADD | SET, false, NULL },
	{ "read-only", "readonly", KW_ONOFF, EVBLADE_A_BLADE_READ_ONLY, 0,
	  ADD | SET, false, "on or off" },
	{ "write-back", "writeback", KW_ONOFF, EVBLADE_A_BLADE_WRITE_BACK, 0,
	  ADD | SET, false, "on or off" },
	{ "config-string", "config", KW_BYTES, EVBLADE_A_BLADE_CONFIG_STRING,
	  0, ADD | SET, false, "a string" },
	{ "bufcnt", NULL, KW_U16, EVBLADE_A_BLADE_BUFCNT, 0, ADD | SET, false,
	  "a number" },
	{ "locking", NULL, KW_ONOFF, EVBLADE_A_BLADE_LOCKING, 0, ADD | SET,
	  false, "on or off" },
	{ "mask-mac", "mask", KW_MAC, EVBLADE_A_BLADE_MASK_MAC, 0, ADD | SET,
	  true, "a MAC address" },
	{ "mask-clear", "nomask", KW_FLAG, EVBLADE_A_BLADE_MASK_CLEAR, 0, SET,
	  false, NULL },
	{ "reserve-clear", "release", KW_FLAG, EVBLADE_A_BLADE_RESERVE_CLEAR,
	  0, SET, false, NULL },
	{ "state-dir", "state", KW_PATH, EVBLADE_A_BLADE_STATE_DIR, 0, ADD,
	  false, "a directory" },
	{ "private", NULL, KW_FLAG, EVBLADE_A_BLADE_PRIVATE, 0, ADD, false,
	  NULL },
	{ "size", NULL, KW_SIZE, EVBLADE_A_BLADE_SIZE, 0, ADD, false,
	  "a size in bytes (K, M, G or T for binary units)" },
	{ "autocreate", NULL, KW_FLAG, EVBLADE_A_BLADE_AUTOCREATE, 0, ADD,
	  false, NULL },
	{ "cow", NULL, KW_FLAG, EVBLADE_A_BLADE_COW, 0, ADD, false, NULL },
	{ "base", NULL, KW_PATH, EVBLADE_A_BLADE_BASE, 0, ADD, false,
	  "a block device or a file" },
	{ "idle-timeout", "idle", KW_U32, EVBLADE_A_BLADE_IDLE_TIMEOUT, 0,
	  ADD | SET, false, "a number of seconds" },
	{ "acl-policy", "policy", KW_POLICY, EVBLADE_A_BLADE_ACL_POLICY, 0,
	  ADD | SET, false, "allow or deny" },
	{ "allow", NULL, KW_WHO, EVBLADE_A_BLADE_ALLOW_MAC,
	  EVBLADE_A_BLADE_ALLOW_CLIENT, ADD | SET, true,
	  "a MAC address or a client name" },
	{ "deny", NULL, KW_WHO, EVBLADE_A_BLADE_DENY_MAC,
	  EVBLADE_A_BLADE_DENY_CLIENT, ADD | SET, true,
	  "a MAC address or a client name" },
	{ "acl-clear", "noacl", KW_FLAG, EVBLADE_A_BLADE_ACL_CLEAR, 0, SET,
	  false, NULL },
};

#define N_KWS (sizeof(blade_kws) / sizeof(blade_kws[0]))

static const struct kw *find_kw(const char *word)
{
	size_t i;

	for (i = 0; i < N_KWS; i++)
		if (!strcmp(word, blade_kws[i].name) ||
		    (blade_kws[i].alias && !strcmp(word, blade_kws[i].alias)))
			return &blade_kws[i];
	return NULL;
}

/* One keyword as given, and its value once parsed. */
struct arg {
	const struct kw *kw;
	const char *word;	/* as typed, for messages */
	const char *val;	/* NULL: none (a flag, a bare on) */
	uint16_t attr;		/* the attribute it becomes */
	uint64_t num;		/* on/off, numbers, ifindex */
	uint8_t mac[6];
	char *path;		/* KW_PATH: made absolute, malloc()ed */
	char desc[80];		/* "bufcnt 1", to name it in an error */
};

/* What `blade add` and `blade set` were asked: the arguments in order. */
struct req {
	const char *cmd;	/* "add" or "set" */
	uint8_t cmds;		/* ADD or SET */
	struct arg *args;
	unsigned int n;
	unsigned int n_devs;
};

/* The value of a on, or a usage error: 0, or -1 after printing why. */
static int parse_value(const struct req *r, struct arg *a)
{
	char why[EVB_WHY_MAX];
	unsigned long n;
	int v;

	switch (a->kw->kind) {
	case KW_PATH:
		if (!*a->val) {
			usage_err(HELP, "blade %s: '%s' is empty", r->cmd,
				  a->word);
			return -1;
		}
		return 0;
	case KW_FLAG:
	case KW_BYTES:
	case KW_DEV:
		return 0;
	case KW_ONOFF:
		v = a->val ? adm_parse_onoff(a->val) : 1;
		if (v < 0)
			goto bad;
		a->num = (uint64_t)v;
		return 0;
	case KW_POLICY:
		if (!strcmp(a->val, "allow"))
			a->num = 1;
		else if (!strcmp(a->val, "deny"))
			a->num = 0;
		else
			goto bad;
		return 0;
	case KW_U16:
	case KW_U32:
		if (adm_parse_uint(a->val, a->word, 0, a->kw->kind == KW_U16 ?
				   UINT16_MAX : UINT32_MAX, &n, why,
				   sizeof(why)) < 0)
			goto why;
		a->num = n;
		return 0;
	case KW_SIZE:
		if (adm_parse_size(a->val, a->word, &a->num, why,
				   sizeof(why)) < 0)
			goto why;
		return 0;
	case KW_MAC:
		if (adm_parse_mac(a->val, a->mac) < 0) {
			usage_err(HELP, "blade %s: %s '%.64s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
				  r->cmd, a->word, a->val);
			return -1;
		}
		return 0;
	case KW_WHO:
		/* A word that reads as a MAC address is one. */
		if (adm_parse_mac(a->val, a->mac) < 0)
			a->attr = a->kw->attr2;
		return 0;
	}
	return 0;
bad:
	usage_err(HELP, "blade %s: '%s' takes %s, not '%.64s'", r->cmd,
		  a->word, a->kw->what, a->val);
	return -1;
why:
	usage_err(HELP, "blade %s: %s", r->cmd, why);
	return -1;
}

/*
 * The keywords after the address, into r->args in order: each known, for
 * this command, given once unless it repeats, with its value.  Returns
 * 0, 2 after a usage error, or HELP_SHOWN.
 */
static int parse_args(int argc, char **argv, struct req *r)
{
	bool seen[N_KWS] = { false };
	struct arg *a;
	int i = 0;

	while (i < argc) {
		const struct kw *kw = find_kw(argv[i]);

		if (!strcmp(argv[i], "help")) {
			usage(stdout);
			return HELP_SHOWN;
		}
		if (!kw)
			return usage_err(HELP, "blade %s: unknown argument '%.64s'",
					 r->cmd, argv[i]);
		if (!(kw->cmds & r->cmds))
			return usage_err(HELP, r->cmds == SET ?
					 "blade set: '%s' cannot be changed; delete the blade and add it again" :
					 "blade add: '%s' is for blade set",
					 argv[i]);
		if (seen[kw - blade_kws] && !kw->repeat)
			return usage_err(HELP, "blade %s: '%s' given twice",
					 r->cmd, kw->name);
		seen[kw - blade_kws] = true;
		a = &r->args[r->n++];
		memset(a, 0, sizeof(*a));
		a->kw = kw;
		a->word = argv[i++];
		a->attr = kw->attr;
		if (kw->kind == KW_FLAG)
			goto parsed;
		/* In blade add, a bare on/off keyword means on. */
		if (kw->kind == KW_ONOFF && r->cmds == ADD &&
		    (i == argc || (adm_parse_onoff(argv[i]) < 0 &&
				   (find_kw(argv[i]) || !strcmp(argv[i], "help")))))
			goto parsed;
		if (i == argc)
			return usage_err(HELP, "blade %s: '%s' needs %s",
					 r->cmd, a->word, kw->what);
		a->val = argv[i++];
parsed:
		if (parse_value(r, a) < 0)
			return 2;
		if (kw->kind == KW_DEV && ++r->n_devs > MAX_DEVS)
			return usage_err(HELP, "blade %s: more than %d interfaces",
					 r->cmd, MAX_DEVS);
	}
	return 0;
}

/*
 * What is looked up here, in the caller's context: interface names (in
 * its netns) and paths (from its directory).  Returns 0, or 1 after
 * printing why.
 */
static int resolve_args(struct req *r)
{
	unsigned int k;

	for (k = 0; k < r->n; k++) {
		struct arg *a = &r->args[k];

		if (a->kw->kind == KW_DEV) {
			a->num = if_nametoindex(a->val);
			if (!a->num)
				return adm_err("blade %s: dev %s: no such interface in this network namespace",
					       r->cmd, a->val);
		} else if (a->kw->kind == KW_PATH) {
			a->path = absolute_path(a->val);
			if (!a->path)
				return 1;
		}
	}
	return 0;
}

static void req_free(struct req *r)
{
	unsigned int k;

	for (k = 0; k < r->n; k++)
		free(r->args[k].path);
	free(r->args);
}

/*
 * The attributes, in the order given, so that an extack names the word.
 * Returns false if they do not fit in the request buffer.
 */
static bool put_args(struct adm_nl *nl, struct nlmsghdr *nlh,
		     struct req *r)
{
	const size_t room = EVB_NL_BUFSIZE;
	unsigned int k;
	bool ok = true;

	for (k = 0; ok && k < r->n; k++) {
		struct arg *a = &r->args[k];

		snprintf(a->desc, sizeof(a->desc), "%s%s%.60s", a->word,
			 a->val ? " " : "", a->val ? a->val : "");
		adm_nl_word(nl, nlh, mnl_nlmsg_get_payload_tail(nlh), a->desc);

		switch (a->kw->kind) {
		case KW_FLAG:
			if (a->attr == EVBLADE_A_BLADE_ALL_IFS && r->cmds == ADD)
				break;
			ok = mnl_attr_put_check(nlh, room, a->attr, 0, NULL);
			break;
		case KW_ONOFF:
		case KW_POLICY:
			ok = mnl_attr_put_u8_check(nlh, room, a->attr,
						   (uint8_t)a->num);
			break;
		case KW_U16:
			ok = mnl_attr_put_u16_check(nlh, room, a->attr,
						    (uint16_t)a->num);
			break;
		case KW_U32:
		case KW_DEV:
			ok = mnl_attr_put_u32_check(nlh, room, a->attr,
						    (uint32_t)a->num);
			break;
		case KW_SIZE:
			ok = mnl_attr_put_u64_check(nlh, room, a->attr, a->num);
			break;
		case KW_PATH:
			ok = mnl_attr_put_strz_check(nlh, room, a->attr, a->path);
			break;
		case KW_BYTES:
			/* The config string is binary: its bytes, no NUL. */
			ok = mnl_attr_put_check(nlh, room, a->attr,
						adm_word_len(a->val), a->val);
			break;
		case KW_MAC:
			ok = mnl_attr_put_check(nlh, room, a->attr, 6, a->mac);
			break;
		case KW_WHO:
			if (a->attr == a->kw->attr2)
				ok = mnl_attr_put_strz_check(nlh, room, a->attr,
							     a->val);
			else
				ok = mnl_attr_put_check(nlh, room, a->attr, 6,
							a->mac);
			break;
		}
	}
	return ok;
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
	if (find_kw(argv[0]))
		return usage_err(HELP, "blade %s: missing blade address (e<shelf>.<slot>) before '%s'",
				 cmd, argv[0]);
	if (adm_parse_addr(argv[0], shelf, slot, why, sizeof(why)) < 0)
		return usage_err(HELP, "blade %s: %s", cmd, why);
	return 0;
}


static void put_addr(struct nlmsghdr *nlh, uint16_t shelf, uint8_t slot)
{
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, shelf);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, slot);
}


/* ---- a blade from the words of a blade add line (conf.c) ---- */

/* One parsed keyword into the blade model; path is taken over. */
static int arg_to_blade(struct arg *a, struct adm_blade *b)
{
	struct adm_rule *r;

	switch (a->attr) {
	case EVBLADE_A_BLADE_PATH:
		b->path = b->owned[0] = a->path;
		break;
	case EVBLADE_A_BLADE_STATE_DIR:
		b->state_dir = b->owned[1] = a->path;
		break;
	case EVBLADE_A_BLADE_BASE:
		b->base = b->owned[2] = a->path;
		break;
	case EVBLADE_A_BLADE_IFINDEX:
		b->dev_names[b->n_dev_names++] = a->val;
		break;
	case EVBLADE_A_BLADE_READ_ONLY:
		b->has_read_only = true;
		b->read_only = a->num;
		break;
	case EVBLADE_A_BLADE_WRITE_BACK:
		b->has_write_back = true;
		b->write_back = a->num;
		break;
	case EVBLADE_A_BLADE_CONFIG_STRING:
		b->has_config = true;
		b->config = a->val;
		b->config_len = adm_word_len(a->val);
		break;
	case EVBLADE_A_BLADE_BUFCNT:
		b->has_bufcnt = true;
		b->bufcnt = (uint16_t)a->num;
		break;
	case EVBLADE_A_BLADE_LOCKING:
		b->has_locking = true;
		b->locking = a->num;
		break;
	case EVBLADE_A_BLADE_MASK_MAC:
		if (b->n_mask == EVB_MACS_MAX)
			return usage_err(HELP, "blade add: more than %d mask-mac",
					 EVB_MACS_MAX);
		memcpy(b->mask[b->n_mask++], a->mac, 6);
		break;
	case EVBLADE_A_BLADE_PRIVATE:
		b->private = true;
		break;
	case EVBLADE_A_BLADE_SIZE:
		b->has_size = true;
		b->size = a->num;
		break;
	case EVBLADE_A_BLADE_AUTOCREATE:
		b->autocreate = true;
		break;
	case EVBLADE_A_BLADE_COW:
		b->cow = true;
		break;
	case EVBLADE_A_BLADE_IDLE_TIMEOUT:
		b->has_idle = true;
		b->idle = (uint32_t)a->num;
		break;
	case EVBLADE_A_BLADE_ACL_POLICY:
		b->has_policy = true;
		b->policy_allow = a->num;
		break;
	case EVBLADE_A_BLADE_ALLOW_MAC:
	case EVBLADE_A_BLADE_DENY_MAC:
	case EVBLADE_A_BLADE_ALLOW_CLIENT:
	case EVBLADE_A_BLADE_DENY_CLIENT:
		if (b->n_rules == EVB_RULES_MAX)
			return usage_err(HELP, "blade add: more than %d ACL rules",
					 EVB_RULES_MAX);
		r = &b->rules[b->n_rules++];
		memset(r, 0, sizeof(*r));
		r->allow = a->kw->attr == EVBLADE_A_BLADE_ALLOW_MAC;
		r->is_client = a->attr == a->kw->attr2;
		if (!r->is_client)
			memcpy(r->mac, a->mac, 6);
		else if (strlen(a->val) > EVBLADE_CLIENT_NAME_MAX)
			return usage_err(HELP, "blade add: %s '%.64s': a client name has at most %d characters",
					 a->word, a->val, EVBLADE_CLIENT_NAME_MAX);
		else
			strcpy(r->client, a->val);
		break;
	}
	return 0;
}

int adm_blade_from_args(int argc, char **argv, struct adm_blade *b)
{
	struct req r = { .cmd = "add", .cmds = ADD };
	unsigned int k;
	int ret;

	memset(b, 0, sizeof(*b));
	ret = parse_blade_addr(argc, argv, r.cmd, &b->shelf, &b->slot);
	if (ret)
		return ret;
	b->has_addr = true;
	r.args = calloc((size_t)argc, sizeof(*r.args));
	b->dev_names = calloc((size_t)argc, sizeof(*b->dev_names));
	if (!r.args || !b->dev_names) {
		ret = adm_err("out of memory");
		goto out;
	}
	ret = parse_args(argc - 1, argv + 1, &r);
	if (ret == HELP_SHOWN) {
		ret = usage_err(HELP, "blade add: 'help' is not a keyword here");
		goto out;
	}
	for (k = 0; !ret && k < r.n; k++) {
		if (r.args[k].kw->kind != KW_PATH)
			continue;
		r.args[k].path = absolute_path(r.args[k].val);
		if (!r.args[k].path)
			ret = 1;
	}
	for (k = 0; !ret && k < r.n; k++) {
		ret = arg_to_blade(&r.args[k], b);
		r.args[k].path = NULL;		/* b owns it now */
	}
	if (!ret && !b->path)
		ret = usage_err(HELP, "blade add: missing 'path PATH' (the block device or file to serve)");
	b->all_ifs = !b->n_dev_names;
out:
	req_free(&r);
	if (ret)
		adm_blade_free(b);
	return ret;
}

/* ---- the commands ---- */

/*
 * blade add and blade set: help, the address, every keyword, then what
 * is looked up here, before anything is sent.
 */
static int blade_change(int argc, char **argv, bool add)
{
	struct req r = { .cmd = add ? "add" : "set", .cmds = add ? ADD : SET };
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	uint16_t shelf;
	uint8_t slot;
	unsigned int k;
	int ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	ret = parse_blade_addr(argc, argv, r.cmd, &shelf, &slot);
	if (ret)
		return ret;
	r.args = calloc((size_t)argc, sizeof(*r.args));
	if (!r.args)
		return adm_err("out of memory");
	ret = parse_args(argc - 1, argv + 1, &r);
	if (ret) {
		ret = ret == HELP_SHOWN ? 0 : ret;
		goto out;
	}
	for (k = 0; add && k < r.n && r.args[k].attr != EVBLADE_A_BLADE_PATH; k++)
		;
	if (add && k == r.n) {
		ret = usage_err(HELP, "blade add: missing 'path PATH' (the block device or file to serve)");
		goto out;
	}
	ret = resolve_args(&r);
	if (ret)
		goto out;

	if (adm_nl_open(&nl) < 0) {
		ret = 1;
		goto out;
	}
	nlh = adm_nl_msg(&nl, add ? EVBLADE_CMD_BLADE_ADD : EVBLADE_CMD_BLADE_SET,
			 0);
	put_addr(nlh, shelf, slot);
	if (!put_args(&nl, nlh, &r)) {
		ret = adm_err("blade %s: the arguments do not fit in one request of %d bytes",
			      r.cmd, EVB_NL_BUFSIZE);
		adm_nl_close(&nl);
		goto out;
	}
	ret = adm_nl_talk(&nl, nlh, NULL, NULL, add ? "blade add" : "blade set")
	      < 0 ? 1 : 0;
	adm_nl_close(&nl);
out:
	req_free(&r);
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


/*
 * blade reset ADDR { client NAME | mac MAC | all } [ force ], the words
 * after the address in any order.  Whose overlays to reset is a choice of
 * one of three that the command's syntax requires, as blade add requires
 * a path, so it is checked here; whether the blade is copy-on-write, the
 * client exists or is connected, and what makes a name are the kernel's
 * to say.
 */
static const char *const reset_words[] = { "client", "mac", "all", "force" };

static bool is_reset_word(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(reset_words) / sizeof(reset_words[0]); i++)
		if (!strcmp(word, reset_words[i]))
			return true;
	return false;
}

static int blade_reset(int argc, char **argv)
{
	const char *who = NULL, *name = NULL, *mac_word = NULL;
	char who_desc[80];
	bool force = false, ok;
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	uint8_t mac[6];
	uint16_t shelf;
	uint8_t slot;
	int i, ret;

	if (argc && !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	if (argc && is_reset_word(argv[0]))
		return usage_err(HELP, "blade reset: missing blade address (e<shelf>.<slot>) before '%s'",
				 argv[0]);
	ret = parse_blade_addr(argc, argv, "reset", &shelf, &slot);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "help")) {
			usage(stdout);
			return 0;
		}
		if (!is_reset_word(w))
			return usage_err(HELP, "blade reset: unknown argument '%.64s'",
					 w);
		if (!strcmp(w, "force")) {
			if (force)
				return usage_err(HELP, "blade reset: 'force' given twice");
			force = true;
			continue;
		}
		if (who && !strcmp(who, w))
			return usage_err(HELP, "blade reset: '%s' given twice", w);
		if (who)
			return usage_err(HELP, "blade reset: '%s' and '%s' exclude each other: give one of client NAME, mac MAC or all",
					 who, w);
		who = w;
		if (!strcmp(w, "all"))
			continue;
		if (i + 1 == argc)
			return usage_err(HELP, "blade reset: '%s' needs %s", w,
					 strcmp(w, "mac") ? "a client name" :
					 "a MAC address");
		if (!strcmp(w, "client")) {
			name = argv[++i];
			continue;
		}
		mac_word = argv[++i];
		if (adm_parse_mac(mac_word, mac) < 0)
			return usage_err(HELP, "blade reset: mac '%.64s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
					 mac_word);
	}
	if (!who)
		return usage_err(HELP, "blade reset: missing 'client NAME', 'mac MAC' or 'all' (whose overlays to reset)");

	if (adm_nl_open(&nl) < 0)
		return 1;
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_OVERLAY_RESET, 0);
	mnl_attr_put_u16(nlh, EVBLADE_A_CONN_SHELF, shelf);
	mnl_attr_put_u8(nlh, EVBLADE_A_CONN_SLOT, slot);
	/* Name the words, so that an extack pointing at one names them. */
	snprintf(who_desc, sizeof(who_desc), "%s%s%.60s", who,
		 name || mac_word ? " " : "",
		 name ? name : mac_word ? mac_word : "");
	adm_nl_word(&nl, nlh, mnl_nlmsg_get_payload_tail(nlh), who_desc);
	if (name)
		ok = mnl_attr_put_strz_check(nlh, EVB_NL_BUFSIZE,
					     EVBLADE_A_CONN_CLIENT, name);
	else if (mac_word)
		ok = mnl_attr_put_check(nlh, EVB_NL_BUFSIZE, EVBLADE_A_CONN_MAC,
					6, mac);
	else
		ok = mnl_attr_put_check(nlh, EVB_NL_BUFSIZE, EVBLADE_A_CONN_ALL,
					0, NULL);
	if (ok && force) {
		adm_nl_word(&nl, nlh, mnl_nlmsg_get_payload_tail(nlh), "force");
		ok = mnl_attr_put_check(nlh, EVB_NL_BUFSIZE,
					EVBLADE_A_CONN_FORCE, 0, NULL);
	}
	if (!ok)
		ret = adm_err("blade reset: the arguments do not fit in one request of %d bytes",
			      EVB_NL_BUFSIZE);
	else
		ret = adm_nl_talk(&nl, nlh, NULL, NULL, "blade reset") < 0 ?
		      1 : 0;
	adm_nl_close(&nl);
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
		return blade_change(argc - 1, argv + 1, false);
	if (matches(argv[0], "add"))
		return blade_change(argc - 1, argv + 1, true);
	if (matches(argv[0], "delete"))
		return blade_del(argc - 1, argv + 1);
	if (matches(argv[0], "reset"))
		return blade_reset(argc - 1, argv + 1);
	if (matches(argv[0], "show") || matches(argv[0], "list") ||
	    !strcmp(argv[0], "lst"))
		return blade_show(argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	return usage_err(HELP, "blade: unknown command '%.64s'", argv[0]);
}
