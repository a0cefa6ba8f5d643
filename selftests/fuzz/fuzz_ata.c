// SPDX-License-Identifier: GPL-2.0
/*
 * ata.c: an ATA header as a frame carries it, decoded and admitted
 * against a target (capacity, read-only, payload, MTU, reply room) the way
 * rx.c does, both checked against a model; IDENTIFY DEVICE into a buffer
 * of exactly 512 bytes, with any capacity and strings; the errno map.
 */
#include "fuzz.h"
#include "ata.h"

static enum evb_ata_op ref_op(const struct aoe_atahdr *ah)
{
	bool w = ah->aflags & AOE_AFL_WRITE;

	switch (ah->cmdstat) {
	case 0x20: case 0x24: return w ? EVB_OP_UNSUPPORTED : EVB_OP_READ;
	case 0x30: case 0x34: return w ? EVB_OP_WRITE : EVB_OP_UNSUPPORTED;
	case 0xe7: case 0xea: return EVB_OP_FLUSH;
	case 0xec: return EVB_OP_IDENTIFY;
	case 0xe5: return EVB_OP_CHECK_POWER;
	default: return EVB_OP_UNSUPPORTED;
	}
}

static void check_string(const u8 *buf, unsigned int word, unsigned int nwords,
			 const char *s)
{
	unsigned int i, len = strnlen(s, nwords * 2);

	for (i = 0; i < nwords * 2; i++)
		CHECK(buf[word * 2 + (i ^ 1)] == (i < len ? (u8)s[i] : ' '));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct aoe_atahdr ah;
	struct evb_ata_cmd cmd;
	struct evb_ata_target t;
	struct evb_ata_ident id;
	enum evb_ata_verdict v, want;
	u8 err = 0xee, want_err = 0xee;
	u64 lba;
	unsigned __int128 end;
	char *serial, *model, *fw;
	u8 *buf;
	int e;

	fz_bytes(&f, &ah, sizeof(ah));
	t.nsect = fz_u64(&f);
	if (t.nsect & (1ULL << 63))	/* often a capacity near the LBAs */
		t.nsect &= (1ULL << 49) - 1;
	t.read_only = fz_u8(&f) & 1;
	t.payload = fz_u16(&f);
	t.mtu = fz_u16(&f);
	t.max_read = fz_u32(&f) & 0x3ffff;

	evb_ata_decode(&ah, &cmd);
	lba = get_unaligned_le64(ah.lba) & ((1ULL << 48) - 1);
	CHECK(cmd.op == ref_op(&ah));
	if (cmd.op == EVB_OP_READ || cmd.op == EVB_OP_WRITE) {
		bool lba28 = ah.cmdstat == 0x20 || ah.cmdstat == 0x30;

		CHECK(cmd.nsect == ah.scnt);
		CHECK(cmd.lba == (lba28 ? lba & 0x0fffffff : lba));
	} else {
		CHECK(cmd.nsect == 0);
	}
	CHECK(cmd.nsect <= 255 && cmd.lba < (1ULL << 48));

	v = evb_ata_admit(&cmd, &t, &err);
	end = (unsigned __int128)cmd.lba + cmd.nsect;
	switch (cmd.op) {
	case EVB_OP_IDENTIFY: want = EVB_ATA_IDENTIFY; break;
	case EVB_OP_CHECK_POWER: want = EVB_ATA_CHECK_POWER; break;
	case EVB_OP_FLUSH: want = EVB_ATA_QUEUE; break;
	case EVB_OP_UNSUPPORTED: want = EVB_ATA_ABORT; want_err = ATA_ABORTED; break;
	default:
		if (end > t.nsect) {
			want = EVB_ATA_ABORT;
			want_err = ATA_IDNF;
		} else if (cmd.op == EVB_OP_WRITE &&
			   (t.read_only || t.payload < cmd.nsect * 512)) {
			want = EVB_ATA_ABORT;
			want_err = ATA_ABORTED;
		} else if (cmd.op == EVB_OP_READ &&
			   (cmd.nsect * 512 > t.max_read || cmd.nsect * 512 + 22 > t.mtu)) {
			want = EVB_ATA_ABORT;
			want_err = ATA_ABORTED;
		} else {
			want = cmd.nsect ? EVB_ATA_QUEUE : EVB_ATA_EMPTY;
		}
	}
	CHECK(v == want && err == want_err);
	{
		u64 a = fz_u64(&f), c = fz_u64(&f);
		unsigned int n = fz_u32(&f);

		CHECK(evb_ata_in_range(a, n, c) ==
		      ((unsigned __int128)a + n <= c));
	}

	e = (int)fz_u32(&f);
	err = evb_ata_error_from_errno(e);
	CHECK(err == (e == -ERANGE || e == -ENOSPC ? ATA_IDNF :
		      e == -EIO || e == -ENODATA || e == -EILSEQ ? ATA_UNC : ATA_ABORTED));

	/* IDENTIFY, with the kernel's 512-byte buffer */
	id.nsect = t.nsect;
	serial = fz_str(&f, 40);
	fw = fz_str(&f, 16);
	model = fz_str(&f, 80);
	id.serial = serial;
	id.firmware = fw;
	id.model = model;
	buf = malloc(EVB_ATA_ID_BYTES);
	evb_ata_identify(buf, &id);
	CHECK(get_unaligned_le64(buf + 200) == id.nsect);
	CHECK(get_unaligned_le32(buf + 120) == min(id.nsect, 0x0fffffffULL));
	CHECK(get_unaligned_le16(buf + 83 * 2) & (1 << 10));
	CHECK(get_unaligned_le16(buf + 86 * 2) & (1 << 10));
	CHECK(get_unaligned_le16(buf + 2) <= 16383);
	CHECK(!(get_unaligned_le16(buf + 82 * 2) & 1));	/* no SMART */
	check_string(buf, 10, 10, serial);
	check_string(buf, 23, 4, fw);
	check_string(buf, 27, 20, model);
	free(buf);
	free(serial);
	free(fw);
	free(model);
	return 0;
}
