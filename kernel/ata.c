// SPDX-License-Identifier: GPL-2.0
/*
 * ATA emulation over plain buffers.  See the AoE reference for what real
 * initiators read: the Linux initiator takes its capacity from words
 * 100-103 whenever bit 10 of word 83 or 86 is set, and from words 60-61
 * otherwise, so both are always filled.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "ata.h"

/**
 * evb_ata_decode() - turn an AoE ATA argument into an operation
 * @ah: the request's ATA header
 * @cmd: the decoded operation
 *
 * The opcode decides between LBA28 and LBA48, as ATA defines it; the
 * E flag is the client's hint and is not trusted over the opcode.  The
 * direction must agree with the W flag: a write opcode without data (or
 * a read that carries data) is ambiguous and aborted.  A sector count of
 * 0 means no sectors, not 256.
 */
void evb_ata_decode(const struct aoe_atahdr *ah, struct evb_ata_cmd *cmd)
{
	const u8 *l = ah->lba;
	bool wflag = ah->aflags & AOE_AFL_WRITE;
	u64 lba;

	lba = (u64)l[0] | (u64)l[1] << 8 | (u64)l[2] << 16 |
	      (u64)l[3] << 24 | (u64)l[4] << 32 | (u64)l[5] << 40;
	cmd->nsect = ah->scnt;
	cmd->lba = 0;

	switch (ah->cmdstat) {
	case ATA_CMD_PIO_READ:
	case ATA_CMD_PIO_WRITE:
		lba &= EVB_ATA_LBA28_MASK;
		fallthrough;
	case ATA_CMD_PIO_READ_EXT:
	case ATA_CMD_PIO_WRITE_EXT:
		cmd->lba = lba;
		if (ah->cmdstat == ATA_CMD_PIO_WRITE ||
		    ah->cmdstat == ATA_CMD_PIO_WRITE_EXT)
			cmd->op = wflag ? EVB_OP_WRITE : EVB_OP_UNSUPPORTED;
		else
			cmd->op = wflag ? EVB_OP_UNSUPPORTED : EVB_OP_READ;
		break;
	case ATA_CMD_FLUSH:
	case ATA_CMD_FLUSH_EXT:
		cmd->op = EVB_OP_FLUSH;
		break;
	case ATA_CMD_ID_ATA:
		cmd->op = EVB_OP_IDENTIFY;
		break;
	case ATA_CMD_CHK_POWER:
		cmd->op = EVB_OP_CHECK_POWER;
		break;
	default:
		/* SMART too: IDENTIFY does not claim it (words 82/85 bit 0). */
		cmd->op = EVB_OP_UNSUPPORTED;
		break;
	}
	if (cmd->op != EVB_OP_READ && cmd->op != EVB_OP_WRITE)
		cmd->nsect = 0;
}

/**
 * evb_ata_in_range() - do nsect sectors from lba fit the capacity?
 * @lba: first sector
 * @nsect: number of sectors
 * @capacity: sectors of the blade
 *
 * Return: true if [lba, lba + nsect) lies inside the blade, without
 * overflow for any 48-bit lba.
 */
bool evb_ata_in_range(u64 lba, unsigned int nsect, u64 capacity)
{
	return lba <= capacity && nsect <= capacity - lba;
}

/**
 * evb_ata_admit() - decide what to do with a decoded ATA command
 * @cmd: the command (evb_ata_decode())
 * @t: what the blade is to the client, and what the frame carries
 * @err: set to the ATA error register for EVB_ATA_ABORT
 *
 * A read or write must lie inside the capacity (else IDNF), a write needs
 * a writable blade and backing and must carry all its data, and a read's
 * data must fit one reply on the interface (else ABRT).  A count of 0 is
 * answered at once.  Everything the target does not implement is aborted.
 *
 * Return: the verdict.
 */
enum evb_ata_verdict evb_ata_admit(const struct evb_ata_cmd *cmd,
				   const struct evb_ata_target *t, u8 *err)
{
	u64 bytes = (u64)cmd->nsect << AOE_SECTOR_SHIFT;

	switch (cmd->op) {
	case EVB_OP_IDENTIFY:
		return EVB_ATA_IDENTIFY;
	case EVB_OP_CHECK_POWER:
		return EVB_ATA_CHECK_POWER;
	case EVB_OP_FLUSH:
		return EVB_ATA_QUEUE;
	case EVB_OP_UNSUPPORTED:
		*err = ATA_ABORTED;
		return EVB_ATA_ABORT;
	case EVB_OP_READ:
	case EVB_OP_WRITE:
		break;
	}
	if (!evb_ata_in_range(cmd->lba, cmd->nsect, t->nsect)) {
		*err = ATA_IDNF;
		return EVB_ATA_ABORT;
	}
	if (cmd->op == EVB_OP_WRITE && (t->read_only || t->payload < bytes)) {
		*err = ATA_ABORTED;
		return EVB_ATA_ABORT;
	}
	if (cmd->op == EVB_OP_READ &&
	    !evb_aoe_read_fits(t->mtu, t->max_read, cmd->nsect)) {
		*err = ATA_ABORTED;
		return EVB_ATA_ABORT;
	}
	return cmd->nsect ? EVB_ATA_QUEUE : EVB_ATA_EMPTY;
}

/**
 * evb_ata_error_from_errno() - the ATA error register for a failure
 * @err: a negative errno from the backend or the request checks
 *
 * Return: IDNF for out-of-range, UNC for media (I/O) errors, ABRT for
 * everything else (read-only, unsupported, no memory).
 */
u8 evb_ata_error_from_errno(int err)
{
	switch (err) {
	case -ERANGE:
	case -ENOSPC:
		return ATA_IDNF;
	case -EIO:
	case -ENODATA:
	case -EILSEQ:
		return ATA_UNC;
	default:
		return ATA_ABORTED;
	}
}

/* ATA strings: space padded, two characters per word, first one high. */
static void ata_string(u8 *buf, unsigned int word, unsigned int nwords,
		       const char *s)
{
	unsigned int i, n = nwords * 2;
	size_t len = strnlen(s, n);

	for (i = 0; i < n; i++)
		buf[word * 2 + (i ^ 1)] = i < len ? s[i] : ' ';
}

static void put_word(u8 *buf, unsigned int word, u16 val)
{
	put_unaligned_le16(val, buf + word * 2);
}

/**
 * evb_ata_identify() - build IDENTIFY DEVICE data
 * @buf: 512 bytes
 * @id: what to report
 *
 * LBA48 is always claimed (bit 10 of words 83 and 86) with the full
 * capacity in words 100-103; words 60-61 carry the capacity capped at
 * 0x0fffffff for LBA28-only clients.  FLUSH CACHE (EXT) is claimed since
 * the target implements it; SMART is not.
 */
void evb_ata_identify(u8 *buf, const struct evb_ata_ident *id)
{
	u64 lba28 = min_t(u64, id->nsect, EVB_ATA_LBA28_MASK);
	u64 cyls;

	memset(buf, 0, EVB_ATA_ID_BYTES);
	/* Legacy geometry: 16 heads, 63 sectors per track. */
	cyls = min_t(u64, div_u64(lba28, 16 * 63), 16383);
	put_word(buf, 0, 0x0040);		/* fixed device */
	put_word(buf, 1, cyls);
	put_word(buf, 3, 16);
	put_word(buf, 6, 63);
	ata_string(buf, 10, 10, id->serial);
	ata_string(buf, 23, 4, id->firmware);
	ata_string(buf, 27, 20, id->model);
	put_word(buf, 47, 0x8000);		/* READ/WRITE MULTIPLE: none */
	put_word(buf, 49, 0x0200);		/* LBA supported */
	put_word(buf, 50, 0x4000);
	put_word(buf, 53, 0x0001);		/* words 54-58 valid */
	put_word(buf, 54, cyls);
	put_word(buf, 55, 16);
	put_word(buf, 56, 63);
	put_unaligned_le32(min_t(u64, cyls * 16 * 63, U32_MAX), buf + 57 * 2);
	put_unaligned_le32(lba28, buf + 60 * 2);
	put_word(buf, 80, 0x00f0);		/* ATA-4 .. ATA-7 */
	put_word(buf, 82, 0x4000);
	put_word(buf, 83, 0x7400);		/* FLUSH EXT, FLUSH, LBA48 */
	put_word(buf, 84, 0x4000);
	put_word(buf, 85, 0x4000);
	put_word(buf, 86, 0x3400);		/* FLUSH EXT, FLUSH, LBA48 enabled */
	put_word(buf, 87, 0x4000);
	put_word(buf, 93, 0x400b);
	put_unaligned_le64(id->nsect, buf + 100 * 2);
}
