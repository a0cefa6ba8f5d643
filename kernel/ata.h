/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ATA command emulation for AoE command 0: decoding a request into an
 * operation on the backing store, IDENTIFY DEVICE data, and the mapping
 * of failures to ATA status and error registers.  Pure: no skb, no I/O.
 */
#ifndef _EVB_ATA_H
#define _EVB_ATA_H

#include <linux/ata.h>
#include <linux/types.h>

#include "proto.h"

/* The status, error and opcode values are <linux/ata.h>'s. */
#define EVB_ATA_LBA28_MASK	0x0fffffffULL
#define EVB_ATA_ID_BYTES	(ATA_ID_WORDS * 2)

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

/* What a blade is to the client that sends an ATA command. */
struct evb_ata_target {
	u64 nsect;		/* the client's capacity in 512-byte sectors */
	bool read_only;		/* the blade or the client's backing */
	unsigned int payload;	/* data bytes the frame carries */
	unsigned int mtu;	/* of the interface the reply goes out on */
	unsigned int max_read;	/* read data bytes one reply can carry */
};

/* What to do with an ATA command (evb_ata_admit()). */
enum evb_ata_verdict {
	EVB_ATA_QUEUE,		/* read, write or flush: to the backend */
	EVB_ATA_EMPTY,		/* a read or write of 0 sectors: done */
	EVB_ATA_IDENTIFY,	/* answer with IDENTIFY DEVICE data */
	EVB_ATA_CHECK_POWER,	/* answer "active or idle" */
	EVB_ATA_ABORT,		/* answer ERR|DRDY with the error register */
};

void evb_ata_decode(const struct aoe_atahdr *ah, struct evb_ata_cmd *cmd);
enum evb_ata_verdict evb_ata_admit(const struct evb_ata_cmd *cmd,
				   const struct evb_ata_target *t, u8 *err);
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
