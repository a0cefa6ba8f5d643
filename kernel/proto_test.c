// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_proto: the AoE header helpers of proto.c, over every
 * length and flag edge.  Built into evblade.ko only with EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/string.h>

#include "proto.h"

static const u8 client_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const u8 target_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

/* A request frame of @len bytes (at least 24) with the given fields. */
static void make_req(u8 *buf, size_t len, u8 verfl, u16 shelf, u8 slot,
		     u8 cmd, u32 tag)
{
	struct aoe_hdr *h = (struct aoe_hdr *)buf;

	memset(buf, 0, len);
	memset(h->dst, 0xff, ETH_ALEN);
	memcpy(h->src, client_mac, ETH_ALEN);
	h->type = htons(ETH_P_AOE);
	h->verfl = verfl;
	h->major = cpu_to_be16(shelf);
	h->minor = slot;
	h->cmd = cmd;
	h->tag = cpu_to_be32(tag);
}

static void proto_parse_ata_ok(struct kunit *test)
{
	u8 buf[60];
	struct evb_aoe_req req;

	make_req(buf, sizeof(buf), AOE_HVER, 7, 3, AOE_CMD_ATA, 0x12345678);
	KUNIT_ASSERT_EQ(test, evb_aoe_parse(buf, 36, &req), EVB_RX_OK);
	KUNIT_EXPECT_EQ(test, req.shelf, 7);
	KUNIT_EXPECT_EQ(test, req.slot, 3);
	KUNIT_EXPECT_EQ(test, req.cmd, AOE_CMD_ATA);
}

/* Each command's minimum length: one byte less is dropped as short. */
static void proto_parse_min_lengths(struct kunit *test)
{
	static const struct { u8 cmd; size_t min; } cases[] = {
		{ AOE_CMD_ATA, 36 }, { AOE_CMD_CFG, 32 },
		{ AOE_CMD_MASK, 28 }, { AOE_CMD_RSV, 26 },
	};
	u8 buf[64];
	struct evb_aoe_req req;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_req(buf, sizeof(buf), AOE_HVER, 1, 0, cases[i].cmd, 1);
		KUNIT_EXPECT_EQ_MSG(test, evb_aoe_parse(buf, cases[i].min, &req),
				    EVB_RX_OK, "cmd %u", cases[i].cmd);
		KUNIT_EXPECT_EQ_MSG(test,
				    evb_aoe_parse(buf, cases[i].min - 1, &req),
				    EVB_RX_DROP_SHORT, "cmd %u", cases[i].cmd);
	}
}

static void proto_parse_short_header(struct kunit *test)
{
	u8 buf[24];
	struct evb_aoe_req req;
	size_t len;

	make_req(buf, sizeof(buf), AOE_HVER, 1, 0, AOE_CMD_CFG, 1);
	for (len = 0; len < sizeof(struct aoe_hdr); len++)
		KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, len, &req),
				EVB_RX_DROP_SHORT);
}

/* Padding after the meaningful bytes is legal. */
static void proto_parse_padding(struct kunit *test)
{
	const size_t len = 1514;
	u8 *buf = kunit_kzalloc(test, len, GFP_KERNEL);
	struct evb_aoe_req req;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	make_req(buf, len, AOE_HVER, 1, 0, AOE_CMD_CFG, 1);
	KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, len, &req), EVB_RX_OK);
}

/* Responses, including error responses of other targets, are never answered. */
static void proto_parse_response_dropped(struct kunit *test)
{
	u8 buf[60];
	struct evb_aoe_req req;

	make_req(buf, sizeof(buf), AOE_HVER | AOE_FL_RSP, 1, 0, AOE_CMD_ATA, 1);
	KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, 60, &req), EVB_RX_DROP_RESPONSE);
	make_req(buf, sizeof(buf), AOE_HVER | AOE_FL_RSP | AOE_FL_ERR, 1, 0,
		 AOE_CMD_CFG, 1);
	KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, 60, &req), EVB_RX_DROP_RESPONSE);
	/* even with a bad version or a short frame: R wins over everything */
	make_req(buf, sizeof(buf), 0x20 | AOE_FL_RSP, 1, 0, AOE_CMD_ATA, 1);
	KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, 25, &req), EVB_RX_DROP_RESPONSE);
}

static void proto_parse_bad_version(struct kunit *test)
{
	u8 buf[60];
	struct evb_aoe_req req;
	u8 ver;

	for (ver = 0; ver < 16; ver++) {
		if (ver == AOE_VERSION)
			continue;
		make_req(buf, sizeof(buf), ver << 4, 2, 1, AOE_CMD_CFG, 9);
		KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, 60, &req),
				EVB_RX_REPLY_ERR);
		KUNIT_EXPECT_EQ(test, req.err, AOE_ERR_BADVER);
		/* the reply still needs the address */
		KUNIT_EXPECT_EQ(test, req.shelf, 2);
	}
}

static void proto_parse_unknown_command(struct kunit *test)
{
	u8 buf[60];
	struct evb_aoe_req req;
	unsigned int cmd;

	for (cmd = 4; cmd <= 0xff; cmd++) {
		make_req(buf, sizeof(buf), AOE_HVER, 1, 0, cmd, 1);
		KUNIT_EXPECT_EQ(test, evb_aoe_parse(buf, 60, &req),
				EVB_RX_REPLY_ERR);
		KUNIT_EXPECT_EQ(test, req.err, AOE_ERR_BADCMD);
	}
}

static void proto_addr_match(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_match(5, 2, 5, 2));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_match(5, 2, 5, 3));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_match(5, 2, 6, 2));
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_match(5, 2, AOE_SHELF_ANY, 2));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_match(5, 2, AOE_SHELF_ANY, 3));
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_match(5, 2, 5, AOE_SLOT_ANY));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_match(5, 2, 4, AOE_SLOT_ANY));
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_match(5, 2, AOE_SHELF_ANY,
						   AOE_SLOT_ANY));
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_match(0, 0, AOE_SHELF_ANY,
						   AOE_SLOT_ANY));
}

static void proto_addr_usable(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_usable(0, 0));
	KUNIT_EXPECT_TRUE(test, evb_aoe_addr_usable(0xfffe, 0xfe));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_usable(AOE_SHELF_ANY, 0));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_usable(0, AOE_SLOT_ANY));
	KUNIT_EXPECT_FALSE(test, evb_aoe_addr_usable(AOE_SHELF_REFUSED, 1));
}

/* 17 page fragments of 4 KiB: what one reply carries on x86 */
#define FRAGS_4K	(17 * 4096)

static void proto_max_sectors(struct kunit *test)
{
	static const struct { unsigned int mtu; u8 want; } cases[] = {
		{ 0, 0 }, { 36, 0 }, { 547, 0 }, { 548, 1 },
		{ 1500, 2 },		/* the classic 1 KiB frames */
		{ 4131, 7 }, { 4132, 8 }, { 4200, 8 },
		{ 8192, 8 },		/* 15 rounds down to 8 */
		{ 9000, 16 },		/* 17 rounds down to 16 */
		{ 65536, 120 },		/* 127 rounds down to 120 */
		{ 70000, 136 },		/* 136: 17 fragments */
		{ 200000, 136 },	/* not 248: one reply holds 136 */
		{ UINT_MAX, 136 },
	};
	unsigned int mtu;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, evb_aoe_max_sectors(cases[i].mtu, FRAGS_4K),
				    cases[i].want, "mtu %u", cases[i].mtu);
	/* without the fragment bound: the 8-bit count, rounded */
	KUNIT_EXPECT_EQ(test, evb_aoe_max_sectors(200000, 255 * 512), 248);
	KUNIT_EXPECT_EQ(test, evb_aoe_max_sectors(UINT_MAX, UINT_MAX), 248);
	/* 64 KiB pages: 2 of them would hold 256 */
	KUNIT_EXPECT_EQ(test, evb_aoe_max_sectors(200000, 2 * 65536), 248);
	/* a tiny bound */
	KUNIT_EXPECT_EQ(test, evb_aoe_max_sectors(9000, 3 * 512), 3);
	KUNIT_EXPECT_EQ(test, evb_aoe_max_sectors(9000, 511), 0);
	/* whatever the MTU, the advertised count fits one reply and is admitted */
	for (mtu = 0; mtu < 300000; mtu += 997) {
		u8 n = evb_aoe_max_sectors(mtu, FRAGS_4K);

		if (!n)
			continue;
		KUNIT_EXPECT_LE_MSG(test, n * 512, FRAGS_4K, "mtu %u", mtu);
		KUNIT_EXPECT_LE_MSG(test, 22 + n * 512, mtu, "mtu %u", mtu);
		KUNIT_EXPECT_TRUE_MSG(test, evb_aoe_read_fits(mtu, FRAGS_4K, n),
				      "mtu %u", mtu);
	}
}

static void proto_read_fits(struct kunit *test)
{
	/* the MTU: 22 bytes of headers and the data */
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(1500, FRAGS_4K, 2));
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(1500, FRAGS_4K, 3));
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(22 + 512, FRAGS_4K, 1));
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(21 + 512, FRAGS_4K, 1));
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(65535, FRAGS_4K, 127));
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(65535, FRAGS_4K, 128));
	/* the fragments: 136 sectors, at any MTU (lo has no maximum) */
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(200000, FRAGS_4K, 136));
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(200000, FRAGS_4K, 137));
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(UINT_MAX, FRAGS_4K, 255));
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(UINT_MAX, 255 * 512, 255));
	/* count 0 always fits */
	KUNIT_EXPECT_FALSE(test, evb_aoe_read_fits(21, 0, 0));
	KUNIT_EXPECT_TRUE(test, evb_aoe_read_fits(68, 0, 0));
}

static void proto_cfg_fit(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(0), 0);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(18), 0);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(68), 50);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(576), 558);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(1041), 1023);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(1042), 1024);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(1500), 1024);
	KUNIT_EXPECT_EQ(test, evb_aoe_cfg_fit(UINT_MAX), 1024);
}

static void proto_is_edit(struct kunit *test)
{
	static const struct { u8 cmd, sub; bool edit; } cases[] = {
		{ AOE_CMD_ATA, 0, false },
		{ AOE_CMD_CFG, AOE_HVER | AOE_CCMD_READ, false },
		{ AOE_CMD_CFG, AOE_HVER | AOE_CCMD_TEST, false },
		{ AOE_CMD_CFG, AOE_HVER | AOE_CCMD_PTEST, false },
		{ AOE_CMD_CFG, AOE_HVER | AOE_CCMD_SET, true },
		{ AOE_CMD_CFG, AOE_HVER | AOE_CCMD_FSET, true },
		{ AOE_CMD_CFG, AOE_CCMD_FSET, true },	/* whatever the version */
		{ AOE_CMD_CFG, AOE_HVER | 7, false },	/* an error, not an edit */
		{ AOE_CMD_MASK, AOE_MCMD_READ, false },
		{ AOE_CMD_MASK, AOE_MCMD_EDIT, true },
		{ AOE_CMD_MASK, 9, true },
		{ AOE_CMD_RSV, AOE_RCMD_READ, false },
		{ AOE_CMD_RSV, AOE_RCMD_SET, true },
		{ AOE_CMD_RSV, AOE_RCMD_FSET, true },
		{ AOE_CMD_RSV, 9, true },
		{ 9, 1, false },
	};
	u8 buf[60];
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_req(buf, sizeof(buf), AOE_HVER, AOE_SHELF_ANY, AOE_SLOT_ANY,
			 cases[i].cmd, 1);
		switch (cases[i].cmd) {
		case AOE_CMD_CFG:
			buf[24 + 5] = cases[i].sub;
			break;
		case AOE_CMD_MASK:
			buf[24 + 1] = cases[i].sub;
			break;
		case AOE_CMD_RSV:
			buf[24] = cases[i].sub;
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, evb_aoe_is_edit(buf), cases[i].edit,
				    "case %d", i);
	}
}

static void proto_list_len(struct kunit *test)
{
	u8 buf[60];

	/* a mask list: up to the last directive, never past the frame */
	make_req(buf, sizeof(buf), AOE_HVER, 1, 0, AOE_CMD_MASK, 1);
	buf[24 + 3] = 0;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 60), 28);
	buf[24 + 3] = 2;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 60), 44);
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 9000), 44);
	buf[24 + 3] = 255;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 60), 60);
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 9000), 28 + 255 * 8);
	/* a reserve list: up to the last MAC */
	make_req(buf, sizeof(buf), AOE_HVER, 1, 0, AOE_CMD_RSV, 1);
	buf[24 + 1] = 0;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 60), 26);
	buf[24 + 1] = 3;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 9000), 44);
	buf[24 + 1] = 255;
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 1500), 1500);
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 9000), 26 + 255 * 6);
	/* anything else: its minimum */
	make_req(buf, sizeof(buf), AOE_HVER, 1, 0, AOE_CMD_CFG, 1);
	KUNIT_EXPECT_EQ(test, evb_aoe_list_len(buf, 1500), 32);
}

static void proto_reply_hdr(struct kunit *test)
{
	u8 buf[60], out[60];
	const struct aoe_hdr *r = (const struct aoe_hdr *)out;

	/* a broadcast query answered with the blade's real address */
	make_req(buf, sizeof(buf), AOE_HVER, AOE_SHELF_ANY, AOE_SLOT_ANY,
		 AOE_CMD_CFG, 0xdeadbeef);
	memset(out, 0xaa, sizeof(out));
	evb_aoe_reply_hdr((struct aoe_hdr *)out, (const struct aoe_hdr *)buf,
			  target_mac, 9, 4, 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->dst, client_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->src, target_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, r->type, htons(ETH_P_AOE));
	KUNIT_EXPECT_EQ(test, r->verfl, 0x18);
	KUNIT_EXPECT_EQ(test, r->err, 0);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(r->major), 9);
	KUNIT_EXPECT_EQ(test, r->minor, 4);
	KUNIT_EXPECT_EQ(test, r->cmd, AOE_CMD_CFG);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(r->tag), 0xdeadbeefU);

	/* in place, with an error: the requester's MAC must survive the swap */
	evb_aoe_reply_hdr((struct aoe_hdr *)buf, (const struct aoe_hdr *)buf,
			  target_mac, 1, 0, AOE_ERR_BADVER);
	r = (const struct aoe_hdr *)buf;
	KUNIT_EXPECT_EQ(test, memcmp(r->dst, client_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->src, target_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, r->verfl, 0x1c);
	KUNIT_EXPECT_EQ(test, r->err, AOE_ERR_BADVER);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(r->tag), 0xdeadbeefU);
}

static struct kunit_case proto_cases[] = {
	KUNIT_CASE(proto_parse_ata_ok),
	KUNIT_CASE(proto_parse_min_lengths),
	KUNIT_CASE(proto_parse_short_header),
	KUNIT_CASE(proto_parse_padding),
	KUNIT_CASE(proto_parse_response_dropped),
	KUNIT_CASE(proto_parse_bad_version),
	KUNIT_CASE(proto_parse_unknown_command),
	KUNIT_CASE(proto_addr_match),
	KUNIT_CASE(proto_addr_usable),
	KUNIT_CASE(proto_max_sectors),
	KUNIT_CASE(proto_read_fits),
	KUNIT_CASE(proto_cfg_fit),
	KUNIT_CASE(proto_is_edit),
	KUNIT_CASE(proto_list_len),
	KUNIT_CASE(proto_reply_hdr),
	{}
};

static struct kunit_suite proto_suite = {
	.name = "evblade_proto",
	.test_cases = proto_cases,
};

kunit_test_suite(proto_suite);
