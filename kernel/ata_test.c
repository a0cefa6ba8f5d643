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

	make_ata(&ah, AOE_AFL_EXT, ATA_CMD_PIO_READ_EXT, 16, 0xba9876543210ULL);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.lba, 0xba9876543210ULL);
	KUNIT_EXPECT_EQ(test, c.nsect, 16U);

	make_ata(&ah, AOE_AFL_EXT | AOE_AFL_WRITE, ATA_CMD_PIO_WRITE_EXT, 2, 1ULL << 40);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_WRITE);
	KUNIT_EXPECT_EQ(test, c.lba, 1ULL << 40);
}

/* LBA28: the device register bits in lba3's high nibble and lba4/5 are ignored. */
static void ata_decode_lba28(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, ATA_CMD_PIO_READ, 2, 0x0234567ULL);
	ah.lba[3] |= 0xe0;	/* what the Linux initiator sends */
	ah.lba[4] = 0x55;
	ah.lba[5] = 0xaa;
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.lba, 0x0234567ULL);

	/* the E flag does not turn an LBA28 opcode into LBA48 */
	make_ata(&ah, AOE_AFL_EXT | AOE_AFL_WRITE, ATA_CMD_PIO_WRITE, 1, 0xfffffffffULL);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_WRITE);
	KUNIT_EXPECT_EQ(test, c.lba, 0x0fffffffULL);
}

static void ata_decode_direction_mismatch(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, ATA_CMD_PIO_WRITE_EXT, 1, 0);	/* write without W */
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_UNSUPPORTED);
	make_ata(&ah, AOE_AFL_WRITE, ATA_CMD_PIO_READ, 1, 0);	/* read with W */
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_UNSUPPORTED);
}

static void ata_decode_count_zero(struct kunit *test)
{
	struct aoe_atahdr ah;
	struct evb_ata_cmd c;

	make_ata(&ah, 0, ATA_CMD_PIO_READ_EXT, 0, 5);
	evb_ata_decode(&ah, &c);
	KUNIT_EXPECT_EQ(test, c.op, EVB_OP_READ);
	KUNIT_EXPECT_EQ(test, c.nsect, 0U);
}

static void ata_decode_other(struct kunit *test)
{
	static const struct { u8 op; enum evb_ata_op want; } cases[] = {
		{ ATA_CMD_ID_ATA, EVB_OP_IDENTIFY },
		{ ATA_CMD_CHK_POWER, EVB_OP_CHECK_POWER },
		{ ATA_CMD_FLUSH, EVB_OP_FLUSH },
		{ ATA_CMD_FLUSH_EXT, EVB_OP_FLUSH },
		{ ATA_CMD_SMART, EVB_OP_UNSUPPORTED },
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
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-ERANGE), ATA_IDNF);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EIO), ATA_UNC);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EROFS), ATA_ABORTED);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EOPNOTSUPP), ATA_ABORTED);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-ENOMEM), ATA_ABORTED);
	KUNIT_EXPECT_EQ(test, evb_ata_error_from_errno(-EINVAL), ATA_ABORTED);
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

/* A blade of 1000 sectors on MTU 1500: up to 2 sectors per read reply. */
static const struct evb_ata_target admit_t = {
	.nsect = 1000,
	.payload = 1024,
	.mtu = 1500,
	.max_read = 128 * 512,
};

static enum evb_ata_verdict admit(enum evb_ata_op op, u64 lba,
				  unsigned int nsect,
				  const struct evb_ata_target *t, u8 *err)
{
	struct evb_ata_cmd cmd = { .op = op, .lba = lba, .nsect = nsect };

	*err = 0xff;
	return evb_ata_admit(&cmd, t, err);
}

static void ata_admit_io(struct kunit *test)
{
	u8 err;

	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 2, &admit_t, &err), EVB_ATA_QUEUE);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 998, 2, &admit_t, &err), EVB_ATA_QUEUE);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_FLUSH, 0, 0, &admit_t, &err), EVB_ATA_QUEUE);
	/* the last sector, and a count of 0 at the very end */
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 999, 1, &admit_t, &err), EVB_ATA_QUEUE);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 1000, 0, &admit_t, &err), EVB_ATA_EMPTY);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 5, 0, &admit_t, &err), EVB_ATA_EMPTY);
	KUNIT_EXPECT_EQ(test, err, 0xff);
}

static void ata_admit_answered(struct kunit *test)
{
	u8 err;

	KUNIT_EXPECT_EQ(test, admit(EVB_OP_IDENTIFY, 0, 0, &admit_t, &err),
			EVB_ATA_IDENTIFY);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_CHECK_POWER, 0, 0, &admit_t, &err),
			EVB_ATA_CHECK_POWER);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_UNSUPPORTED, 0, 0, &admit_t, &err),
			EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_ABORTED);
}

static void ata_admit_range(struct kunit *test)
{
	u8 err;

	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 999, 2, &admit_t, &err), EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_IDNF);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 1001, 0, &admit_t, &err), EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_IDNF);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, (1ULL << 48) - 1, 255, &admit_t, &err),
			EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_IDNF);
	/* out of range wins over read-only: the sector does not exist */
	{
		struct evb_ata_target ro = admit_t;

		ro.read_only = true;
		KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 1000, 1, &ro, &err), EVB_ATA_ABORT);
		KUNIT_EXPECT_EQ(test, err, ATA_IDNF);
	}
}

static void ata_admit_write(struct kunit *test)
{
	struct evb_ata_target t = admit_t;
	u8 err;

	t.read_only = true;
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 0, 1, &t, &err), EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_ABORTED);
	/* reads and flushes of a read-only blade are fine */
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 1, &t, &err), EVB_ATA_QUEUE);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_FLUSH, 0, 0, &t, &err), EVB_ATA_QUEUE);
	/* a write must carry its data: 1024 bytes are 2 sectors, not 3 */
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 0, 3, &admit_t, &err), EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_ABORTED);
	t = admit_t;
	t.payload = 0;
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_WRITE, 0, 0, &t, &err), EVB_ATA_EMPTY);
}

static void ata_admit_read_fit(struct kunit *test)
{
	struct evb_ata_target t = admit_t;
	u8 err;

	/* 1500 - 22 bytes of AoE and ATA headers: 2 sectors, not 3 */
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 3, &t, &err), EVB_ATA_ABORT);
	KUNIT_EXPECT_EQ(test, err, ATA_ABORTED);
	/* a jumbo MTU is bounded by what one reply's fragments hold */
	t.mtu = 1 << 20;
	t.max_read = 16 * 4096;
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 128, &t, &err), EVB_ATA_QUEUE);
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 129, &t, &err), EVB_ATA_ABORT);
	/* the frame's payload does not matter to a read */
	t.payload = 0;
	KUNIT_EXPECT_EQ(test, admit(EVB_OP_READ, 0, 128, &t, &err), EVB_ATA_QUEUE);
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
	KUNIT_CASE(ata_admit_io),
	KUNIT_CASE(ata_admit_answered),
	KUNIT_CASE(ata_admit_range),
	KUNIT_CASE(ata_admit_write),
	KUNIT_CASE(ata_admit_read_fit),
	{}
};

static struct kunit_suite ata_suite = {
	.name = "evblade_ata",
	.test_cases = ata_cases,
};

kunit_test_suite(ata_suite);
