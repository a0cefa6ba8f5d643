// SPDX-License-Identifier: GPL-2.0
/* KUnit suite evblade_ata: request decoding, ranges, errors, IDENTIFY. */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "ata.h"

static void make_ata(struct aoe_atahdr *ah, u8 aflags, u8 op, u8 scnt, u64 lba)
{
	int i;

	memset(ah, 0, sizeof(*ah));
	ah->aflags = aflags;
	ah->cmdstat = op;
	ah->scnt = scnt;
	for (i = 0; i < 6; i++)
		ah->lba[i] = lba >> (8 * i);
}

static void ata_decode_lba48(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, AOE_AFL_EXT, EVB_ATA_READ48, 16, 0xba9876543210ULL);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.lba, 0xba9876543210ULL);
	KUNIT_EXPECT_EQ(test, c.nsect, 16U);

	make_ata(&ah, AOE_AFL_EXT | AOE_AFL_WRITE, EVB_ATA_WRITE48, 2, 1ULL << 40);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_WRITE);
	KUNIT_EXPECT_EQ(test, c.lba, 1ULL << 40);
}

/* LBA28: the device register bits in lba3's high nibble and lba4/5 are ignored. */
static void ata_decode_lba28(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, EVB_ATA_READ28, 2, 0x0234567ULL);
	ah.lba[3] |= 0xe0;	/* what the Linux initiator sends */
	ah.lba[4] = 0x55;
	ah.lba[5] = 0xaa;
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.lba, 0x0234567ULL);

	/* the E flag does not turn an LBA28 opcode into LBA48 */
	make_ata(&ah, AOE_AFL_EXT | AOE_AFL_WRITE, EVB_ATA_WRITE28, 1, 0xfffffffffULL);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_WRITE);
	KUNIT_EXPECT_EQ(test, c.lba, 0x0fffffffULL);
}

static void ata_decode_direction_mismatch(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, EVB_ATA_WRITE48, 1, 0);	/* write without W */
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_UNSUPPORTED);
	make_ata(&ah, AOE_AFL_WRITE, EVB_ATA_READ28, 1, 0);	/* read with W */
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_UNSUPPORTED);
}

static void ata_decode_count_zero(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, EVB_ATA_READ48, 0, 5);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.nsect, 0U);
}

static void ata_decode_other(struct kunit *test)
{
	static const struct { u8 op; enum evb_ata_op want; } cases[] = {
		{ EVB_ATA_IDENTIFY, EVB_OP_IDENTIFY },
		{ EVB_ATA_CHECK_POWER, EVB_OP_CHECK_POWER },
		{ EVB_ATA_FLUSH, EVB_OP_FLUSH },
		{ EVB_ATA_FLUSH_EXT, EVB_OP_FLUSH },
		{ EVB_ATA_SMART, EVB_OP_UNSUPPORTED },
		{ 0xef, EVB_OP_UNSUPPORTED },	/* SET FEATURES */
		{ 0x25, EVB_OP_UNSUPPORTED },	/* READ DMA EXT */
		{ 0x06, EVB_OP_UNSUPPORTED },	/* DSM/TRIM */
		{ 0x00, EVB_OP_UNSUPPORTED },
	};
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_ata(&ah, 0, cases[i].op, 1, 0);
		evb_ata_decode(&ah, &c);
		KUNIT_EXPECT_EQ_MSG(test, c.op, cases[i].want, "op 0x%02x", cases[i].op);
		KUNIT_EXPECT_EQ(test, c.nsect, 0U);	/* no data moves */
	}
}

static void ata_range(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, evb_ata_in_range(0, 0, 0));
	KUNIT_EXPECT_TRUE(test, evb_ata_in_range(0, 8, 8));
	KUNIT_EXPECT_TRUE(test, evb_ata_in_range(7, 1, 8));
	KUNIT_EXPECT_TRUE(test, evb_ata_in_range(8, 0, 8));
	KUNIT_EXPECT_FALSE(test, evb_ata_in_range(7, 2, 8));
	KUNIT_EXPECT_FALSE(test, evb_ata_in_range(8, 1, 8));
	KUNIT_EXPECT_FALSE(test, evb_ata_in_range(9, 0, 8));
	KUNIT_EXPECT_FALSE(test, evb_ata_in_range(U64_MAX, 2, 8));
	KUNIT_EXPECT_FALSE(test, evb_ata_in_range(0xffffffffffffULL, 255, 1ULL << 40));
}

static void ata_errors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-ERANGE), EVB_ATA_IDNF);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EIO), EVB_ATA_UNC);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EROFS), EVB_ATA_ABRT);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EOPNOTSUPP), EVB_ATA_ABRT);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-ENOMEM), EVB_ATA_ABRT);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EINVAL), EVB_ATA_ABRT);
}

static u16 word(const u8 *buf, int w)
{
	return get_unaligned_le16(buf + 2 * w);
}

static void ata_identify_capacity(struct kunit *test)
{
	struct evb_ata_ident id = {
		.nsect = 32768, .serial = "S", .model = "M", .firmware = "F",
	};
	u8 *buf = kunit_kzalloc(test, EVB_ATA_ID_BYTES, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	evb_ata_identify(buf, &id);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 200), 32768ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 120), 32768U);
	KUNIT_EXPECT_TRUE(test, word(buf, 83) & BIT(10));
	KUNIT_EXPECT_TRUE(test, word(buf, 86) & BIT(10));
	KUNIT_EXPECT_EQ(test, word(buf, 83) & 0xc000, 0x4000);	/* valid word */
	KUNIT_EXPECT_TRUE(test, word(buf, 49) & BIT(9));		/* LBA */
	KUNIT_EXPECT_FALSE(test, word(buf, 82) & BIT(0));		/* no SMART */
	KUNIT_EXPECT_FALSE(test, word(buf, 85) & BIT(0));

	/* beyond LBA28: words 60-61 capped, 100-103 complete */
	id.nsect = 0x123456789aULL;
	evb_ata_identify(buf, &id);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 120), 0x0fffffffU);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 200), 0x123456789aULL);
	KUNIT_EXPECT_EQ(test, word(buf, 1), 16383);	/* cylinders capped */
}

static void ata_identify_strings(struct kunit *test)
{
	struct evb_ata_ident id = {
		.nsect = 8, .serial = "e1.0", .model = "evblade",
		.firmware = "0.1.0+g123456789",	/* longer than 8: cut */
	};
	u8 *buf = kunit_kzalloc(test, EVB_ATA_ID_BYTES, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	evb_ata_identify(buf, &id);
	/* byte-swapped per word, space padded */
	KUNIT_EXPECT_EQ(test, memcmp(buf + 20, "1e0.                ", 20), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 46, ".0.1+01g", 8), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 54, "velbda e  ", 10), 0);
	KUNIT_EXPECT_EQ(test, buf[54 + 39], ' ');
}

static struct kunit_case ata_cases[] = {
	KUNIT_CASE(ata_decode_lba48),
	KUNIT_CASE(ata_decode_lba28),
	KUNIT_CASE(ata_decode_direction_mismatch),
	KUNIT_CASE(ata_decode_count_zero),
	KUNIT_CASE(ata_decode_other),
	KUNIT_CASE(ata_range),
	KUNIT_CASE(ata_errors),
	KUNIT_CASE(ata_identify_capacity),
	KUNIT_CASE(ata_identify_strings),
	{}
};

static struct kunit_suite ata_suite = {
	.name = "evblade_ata",
	.test_cases = ata_cases,
};

kunit_test_suite(ata_suite);
