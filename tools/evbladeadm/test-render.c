// SPDX-License-Identifier: GPL-2.0
/*
 * test-render: print blades, a client, connections and monitor events,
 * built as the kernel would send them, through the one render path, in
 * the mode given (text, text one line, JSON): test-args.sh checks the JSON
 * with python's json.tool and the text for the spec's names.  No kernel
 * is involved.
 *
 * test-render save prints blades built as replies in the canonical form of
 * save; test-render canon LINE prints the canonical form of a blade add or
 * client add line (split as -batch does): equal blades must print the
 * same.
 *
 * Usage: test-render { text | oneline | json | save | canon LINE }
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "blade.h"
#include "client.h"
#include "conf.h"
#include "conn.h"
#include "evbladeadm.h"
#include "print.h"
#include "util.h"

struct adm_opts opts;
const char *prog = "test-render";
const char *adm_where = "";

int adm_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static char buf[8192];

static struct nlmsghdr *msg(void)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	return nlh;
}

static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 0x0a };
static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 0x0b };

static void blade(void)
{
	static const char cfg[] = "a\"b\\c\x01\xff";
	struct nlmsghdr *nlh = msg();
	struct adm_blade b;
	struct nlattr *nest;

	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/srv/\"odd\" name\t%m.img");
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IFINDEX, 1);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_BACKEND, EVBLADE_BACKEND_FILE);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, 2147483648ULL);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_READ_ONLY, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_WRITE_BACK, 0);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_CONFIG_STRING, sizeof(cfg) - 1, cfg);
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_BUFCNT, 16);
	nest = mnl_attr_nest_start(nlh, EVBLADE_A_BLADE_STATS);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_STATS_RX_FRAMES, 10);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_STATS_WRITE_OPS, 3);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_LOCKING, 1);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_MASK_MAC, 6, mac_a);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_RESERVE_MAC, 6, mac_b);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_STATE_DIR, "/var/lib/evblade");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_PRIVATE, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_AUTOCREATE, 0, NULL);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IDLE_TIMEOUT, 300);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_ACL_POLICY, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_ALLOW_CLIENT, "tc1");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALLOW_MAC, 6, mac_a);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_DENY_MAC, 6, mac_b);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_CONNS, 2);
	if (adm_blade_parse(nlh, &b) < 0)
		exit(1);
	pr_list_item();
	adm_blade_print(&b, NULL);
	pr_item_end();
	adm_blade_free(&b);

	/* A copy-on-write blade: its base, with an identity of 16 digits. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 3);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/srv/cow/%m.cow");
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IFINDEX, 1);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_BACKEND, EVBLADE_BACKEND_FILE);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, 0);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_PRIVATE, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_AUTOCREATE, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_COW, 0, NULL);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_BASE, "/srv/golden.img");
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_BASE_SIZE, 17179869184ULL);
	/* Over 2^53: a JSON number would lose its low bits. */
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_BASE_ID, 0x0abcdef012345679ULL);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_CHUNK_SIZE, 4096);
	if (adm_blade_parse(nlh, &b) < 0)
		exit(1);
	pr_list_item();
	adm_blade_print(&b, NULL);
	pr_item_end();
	adm_blade_free(&b);

	/* A change notice: only the address and what changed. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_READ_ONLY, 0);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALL_IFS, 0, NULL);
	if (adm_blade_parse(nlh, &b) < 0)
		exit(1);
	pr_list_item();
	adm_blade_print(&b, NULL);
	pr_item_end();
	adm_blade_free(&b);
}

static void client(void)
{
	struct nlmsghdr *nlh = msg();
	struct adm_client c;

	mnl_attr_put_strz(nlh, EVBLADE_A_CLIENT_NAME, "tc1");
	mnl_attr_put(nlh, EVBLADE_A_CLIENT_MAC, 6, mac_a);
	mnl_attr_put(nlh, EVBLADE_A_CLIENT_MAC, 6, mac_b);
	if (adm_client_parse(nlh, &c) < 0)
		exit(1);
	pr_list_item();
	adm_client_print(&c, NULL);
	pr_item_end();
}

static void conn(void)
{
	struct nlmsghdr *nlh = msg();
	struct adm_conn c;

	mnl_attr_put_u16(nlh, EVBLADE_A_CONN_SHELF, 2);
	mnl_attr_put_u8(nlh, EVBLADE_A_CONN_SLOT, 0);
	mnl_attr_put(nlh, EVBLADE_A_CONN_MAC, 6, mac_a);
	mnl_attr_put_u32(nlh, EVBLADE_A_CONN_IFINDEX, 1);
	mnl_attr_put_u32(nlh, EVBLADE_A_CONN_STATE, EVBLADE_CONN_STATE_FAILED);
	mnl_attr_put_strz(nlh, EVBLADE_A_CONN_ERROR, "cannot open \"x\": -2");
	mnl_attr_put_strz(nlh, EVBLADE_A_CONN_BACKING, "/srv/x.img");
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_SIZE, 0);
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_FIRST_SEEN, 1795514400);
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_IDLE_MS, 250);
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_FRAMES, 3);
	if (adm_conn_parse(nlh, &c) < 0)
		exit(1);
	pr_list_item();
	adm_conn_print(&c, NULL);
	pr_item_end();

	/* A client of a copy-on-write blade, with its overlay usage. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_CONN_SHELF, 3);
	mnl_attr_put_u8(nlh, EVBLADE_A_CONN_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_CONN_CLIENT, "tc1");
	mnl_attr_put(nlh, EVBLADE_A_CONN_MAC, 6, mac_b);
	mnl_attr_put_u32(nlh, EVBLADE_A_CONN_STATE, EVBLADE_CONN_STATE_READY);
	mnl_attr_put_strz(nlh, EVBLADE_A_CONN_BACKING, "/srv/cow/tc1.cow");
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_SIZE, 17179869184ULL);
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_COW_CHUNKS, 12);
	mnl_attr_put_u64(nlh, EVBLADE_A_CONN_COW_BYTES, 49152);
	if (adm_conn_parse(nlh, &c) < 0)
		exit(1);
	pr_list_item();
	adm_conn_print(&c, NULL);
	pr_item_end();
}

/* A reply's blade in the form of save. */
static void save_one(struct nlmsghdr *nlh)
{
	struct conf_blade cb;
	struct adm_blade b;

	if (adm_blade_parse(nlh, &b) < 0 || conf_blade_init(&cb, &b))
		exit(1);
	if (cb.no_ifs)
		fputs("# ", stdout);
	conf_blade_print(stdout, &cb);
	fputs(cb.no_ifs ? " (served on no interface: add a dev)\n" : "\n",
	      stdout);
	conf_blade_free(&cb);
	adm_blade_free(&b);
}

static int save(void)
{
	static const char cfg[] = "a\"b\\c\x01\xff\0 #";
	struct nlmsghdr *nlh = msg();

	/* Every property at a value that is not its default. */
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/srv/\"odd\" name\t%m.img");
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IFINDEX, 1);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_BACKEND, EVBLADE_BACKEND_FILE);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, 2147483648ULL);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_READ_ONLY, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_WRITE_BACK, 1);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_CONFIG_STRING, sizeof(cfg) - 1, cfg);
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_BUFCNT, 16);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_LOCKING, 1);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_MASK_MAC, 6, mac_a);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_RESERVE_MAC, 6, mac_b);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_PRIVATE, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_AUTOCREATE, 0, NULL);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IDLE_TIMEOUT, 60);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_ACL_POLICY, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_ALLOW_CLIENT, "tc1");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALLOW_MAC, 6, mac_a);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_DENY_MAC, 6, mac_b);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_CONNS, 2);
	save_one(nlh);

	/* Every property at its default, the kernel saying so. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 1);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/dev/vg/disk");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALL_IFS, 0, NULL);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, 2147483648ULL);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_READ_ONLY, 0);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_WRITE_BACK, 0);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_CONFIG_STRING, 0, "");
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_BUFCNT, 64);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_LOCKING, 0);
	mnl_attr_put_u32(nlh, EVBLADE_A_BLADE_IDLE_TIMEOUT, 300);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_ACL_POLICY, 1);
	save_one(nlh);

	/* A state directory keeps the config string and the mask list. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 1);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 2);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/dev/ram0");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALL_IFS, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_CONFIG_STRING, 3, "abc");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_MASK_MAC, 6, mac_a);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_STATE_DIR, "/var/lib/evblade");
	save_one(nlh);

	/* Copy-on-write: no size, the base's. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 3);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/srv/cow/%m.cow");
	mnl_attr_put(nlh, EVBLADE_A_BLADE_ALL_IFS, 0, NULL);
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_SIZE, 17179869184ULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_PRIVATE, 0, NULL);
	mnl_attr_put(nlh, EVBLADE_A_BLADE_COW, 0, NULL);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_BASE, "/srv/golden.img");
	mnl_attr_put_u64(nlh, EVBLADE_A_BLADE_BASE_SIZE, 17179869184ULL);
	save_one(nlh);

	/* Its interfaces are gone: a comment. */
	nlh = msg();
	mnl_attr_put_u16(nlh, EVBLADE_A_BLADE_SHELF, 4);
	mnl_attr_put_u8(nlh, EVBLADE_A_BLADE_SLOT, 0);
	mnl_attr_put_strz(nlh, EVBLADE_A_BLADE_PATH, "/dev/sdb");
	save_one(nlh);
	return 0;
}

/* A line of the files in canonical form, or its error. */
static int canon(const char *line)
{
	char why[EVB_WHY_MAX];
	struct conf_blade cb;
	struct adm_client c;
	struct adm_blade b;
	struct conf_line l;

	if (conf_split(line, &l, why, sizeof(why)) < 0) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	if (l.argc > 2 && !strcmp(l.argv[0], "client")) {
		if (adm_client_from_args(l.argc - 2, l.argv + 2, &c))
			return 1;
		conf_client_print(stdout, &c);
	} else if (l.argc > 2 && !strcmp(l.argv[0], "blade")) {
		adm_words_set(l.argv, l.len, l.argc);
		if (adm_blade_from_args(l.argc - 2, l.argv + 2, &b) ||
		    conf_blade_init(&cb, &b))
			return 1;
		conf_blade_print(stdout, &cb);
		conf_blade_free(&cb);
		adm_blade_free(&b);
	} else {
		fprintf(stderr, "not a client add or blade add line\n");
		return 1;
	}
	putchar('\n');
	conf_line_free(&l);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "text";
	bool json = !strcmp(mode, "json");

	if (!strcmp(mode, "save"))
		return save();
	if (!strcmp(mode, "canon"))
		return canon(argc > 2 ? argv[2] : "");

	/* Each show command's array, as a document of its own. */
	pr_init(json, false, !strcmp(mode, "oneline") ? PR_ONELINE : PR_BLOCK);
	blade();
	pr_list_end(true);
	pr_init(json, false, PR_LINES);
	client();
	pr_list_end(true);
	pr_init(json, false, PR_BLOCK);
	conn();
	pr_list_end(true);
	return 0;
}
