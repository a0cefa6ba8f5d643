/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ATA command emulation for AoE command 0: decoding a request into an
 * operation on the backing store, IDENTIFY DEVICE data, and the mapping
 * of failures to ATA status and error registers.  Pure: no skb, no I/O.
 */
#ifndef _EVB_ATA_H
#define _EVB_ATA_H

#include <linux/types.h>

#include "proto.h"

/* Status register bits the target returns. */
#define EVB_ATA_DRDY		0x40
#define EVB_ATA_ERR		0x01
/* Error register bits. */
#define EVB_ATA_UNC		0x40	/* uncorrectable data: I/O error */
#define EVB_ATA_IDNF		0x10	/* sector not found: out of range */
#define EVB_ATA_ABRT		0x04	/* command aborted */

/* Opcodes AoE clients send. */
#define EVB_ATA_READ28		0x20
#define EVB_ATA_READ48		0x24
#define EVB_ATA_WRITE28		0x30
#define EVB_ATA_WRITE48		0x34
#define EVB_ATA_SMART		0xb0
#define EVB_ATA_CHECK_POWER	0xe5
#define EVB_ATA_FLUSH		0xe7
#define EVB_ATA_FLUSH_EXT	0xea
#define EVB_ATA_IDENTIFY	0xec

#define EVB_ATA_LBA28_MASK	0x0fffffffULL
#define EVB_ATA_ID_WORDS	256
#define EVB_ATA_ID_BYTES	512

enum evb_ata_op {
	EVB_OP_READ,
	EVB_OP_WRITE,
	EVB_OP_FLUSH,
	EVB_OP_IDENTIFY,
	EVB_OP_CHECK_POWER,
	EVB_OP_UNSUPPORTED,	/* answered ERR|DRDY, ABRT */
};

/* A decoded ATA request. */
struct evb_ata_cmd {
	enum evb_ata_op op;
	u64 lba;		/* first 512-byte sector */
	unsigned int nsect;	/* sectors; 0 is a no-op, never 256 */
};

void evb_ata_decode(const struct aoe_atahdr *ah, struct evb_ata_cmd *cmd);
bool evb_ata_in_range(u64 lba, unsigned int nsect, u64 capacity);
u8 evb_ata_error_from_errno(int err);

/* What IDENTIFY reports about a blade. */
struct evb_ata_ident {
	u64 nsect;		/* capacity in 512-byte sectors */
	const char *serial;	/* up to 20 characters */
	const char *model;	/* up to 40 characters */
	const char *firmware;	/* up to 8 characters */
};

void evb_ata_identify(u8 *buf, const struct evb_ata_ident *id);

#endif /* _EVB_ATA_H */
