/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ATA over Ethernet (AoE, protocol revision 11) wire formats, and the pure
 * helpers that parse and build them.  Nothing here touches an skb: the
 * helpers take plain buffers so KUnit can reach every edge.
 *
 * All multi-byte header fields are big-endian.  The six LBA bytes are sent
 * least significant first, and IDENTIFY data is little-endian words.
 */
#ifndef _EVB_PROTO_H
#define _EVB_PROTO_H

#include <linux/build_bug.h>
#include <linux/if_ether.h>
#include <linux/types.h>

#define AOE_VERSION		1
#define AOE_HVER		(AOE_VERSION << 4)	/* ver/flags byte of a request */

/* Flags, the low nibble of the ver/flags byte. */
#define AOE_FL_RSP		0x08	/* set in every message a target sends */
#define AOE_FL_ERR		0x04	/* the error byte holds an AoE error */

/* The command byte. */
enum {
	AOE_CMD_ATA = 0,		/* issue ATA command */
	AOE_CMD_CFG = 1,		/* query config information */
	AOE_CMD_MASK = 2,		/* MAC mask list */
	AOE_CMD_RSV = 3,		/* reserve / release */
	AOE_CMD_VENDOR_MIN = 0xf0,	/* 0xf0..0xff are vendor specific */
};

/* AoE-level error codes, valid in a response with AOE_FL_ERR set. */
enum {
	AOE_ERR_BADCMD = 1,		/* unrecognized command code */
	AOE_ERR_BADARG = 2,		/* bad argument parameter */
	AOE_ERR_DEVUNAVAIL = 3,		/* device unavailable */
	AOE_ERR_CFG_SET = 4,		/* config string present */
	AOE_ERR_BADVER = 5,		/* unsupported version */
	AOE_ERR_RESERVED = 6,		/* target is reserved */
};

/* Broadcast addresses: 0xffff matches every shelf, 0xff every slot. */
#define AOE_SHELF_ANY		0xffff
#define AOE_SLOT_ANY		0xff
/* The Linux initiator refuses this shelf ("dip switches set backwards"). */
#define AOE_SHELF_REFUSED	0x0fff

/* The common header, Ethernet header included (24 bytes). */
struct aoe_hdr {
	u8 dst[ETH_ALEN];
	u8 src[ETH_ALEN];
	__be16 type;
	u8 verfl;
	u8 err;
	__be16 major;
	u8 minor;
	u8 cmd;
	__be32 tag;
} __packed;

/* AFlags of an ATA request. */
#define AOE_AFL_EXT		0x40	/* LBA48 */
/*
 * Ignored: 0x10, the device register's DEV bit, and 0x02, "asynchronous"
 * (the write need not be stable on reply): whether a write is stable is
 * the blade's write-back setting, never the client's to lower.
 */
#define AOE_AFL_WRITE		0x01	/* data travels with the request */

/* Argument of command 0, issue ATA command (12 bytes, then data). */
struct aoe_atahdr {
	u8 aflags;
	u8 errfeat;
	u8 scnt;
	u8 cmdstat;
	u8 lba[6];
	u8 res[2];
} __packed;

/* Config sub-commands (low nibble of aoeccmd). */
enum {
	AOE_CCMD_READ = 0,
	AOE_CCMD_TEST = 1,		/* reply only on an exact match */
	AOE_CCMD_PTEST = 2,		/* reply only on a prefix match */
	AOE_CCMD_SET = 3,
	AOE_CCMD_FSET = 4,
};

#define AOE_CFG_STR_MAX		1024

/* Argument of command 1, query config information (8 bytes, then string). */
struct aoe_cfghdr {
	__be16 bufcnt;
	__be16 fwver;
	u8 scnt;
	u8 aoeccmd;			/* AoE version (high) | ccmd (low) */
	__be16 cslen;
} __packed;

/* MAC mask list (command 2): MCmd, DCmd and MError. */
enum {
	AOE_MCMD_READ = 0,
	AOE_MCMD_EDIT = 1,
};

enum {
	AOE_DCMD_NOP = 0,
	AOE_DCMD_ADD = 1,
	AOE_DCMD_DEL = 2,
};

enum {
	AOE_MERR_UNSPEC = 1,
	AOE_MERR_BADDIR = 2,		/* bad DCmd */
	AOE_MERR_FULL = 3,		/* list full */
};

/* Reserve/release (command 3): RCmd. */
enum {
	AOE_RCMD_READ = 0,
	AOE_RCMD_SET = 1,		/* only if unreserved or already on it */
	AOE_RCMD_FSET = 2,		/* unconditionally */
};

/* Argument of command 2, MAC mask list (4 bytes, then directives). */
struct aoe_mask_hdr {
	u8 res;
	u8 mcmd;
	u8 merror;
	u8 dircnt;
} __packed;

struct aoe_mask_dir {
	u8 res;
	u8 dcmd;
	u8 mac[ETH_ALEN];
} __packed;

/* Argument of command 3, reserve/release (2 bytes, then MACs). */
struct aoe_rsv_hdr {
	u8 rcmd;
	u8 nmacs;
} __packed;

/* Minimum frame lengths per command, counted from the Ethernet header. */
#define AOE_ATA_MIN_LEN		(sizeof(struct aoe_hdr) + sizeof(struct aoe_atahdr))
#define AOE_CFG_MIN_LEN		(sizeof(struct aoe_hdr) + sizeof(struct aoe_cfghdr))
#define AOE_MASK_MIN_LEN	(sizeof(struct aoe_hdr) + sizeof(struct aoe_mask_hdr))
#define AOE_RSV_MIN_LEN		(sizeof(struct aoe_hdr) + sizeof(struct aoe_rsv_hdr))

/* AoE sectors are always 512 bytes. */
#define AOE_SECTOR_SHIFT	9
#define AOE_SECTOR_SIZE		512

static inline void evb_proto_build_bug_on(void)
{
	BUILD_BUG_ON(AOE_SECTOR_SIZE != 1 << AOE_SECTOR_SHIFT);
	BUILD_BUG_ON(sizeof(struct aoe_hdr) != 24);
	BUILD_BUG_ON(sizeof(struct aoe_atahdr) != 12);
	BUILD_BUG_ON(sizeof(struct aoe_cfghdr) != 8);
	BUILD_BUG_ON(sizeof(struct aoe_mask_hdr) != 4);
	BUILD_BUG_ON(sizeof(struct aoe_mask_dir) != 8);
	BUILD_BUG_ON(sizeof(struct aoe_rsv_hdr) != 2);
	BUILD_BUG_ON(AOE_ATA_MIN_LEN != 36);
	BUILD_BUG_ON(AOE_CFG_MIN_LEN != 32);
}

/*
 * What to do with a received frame.  Every reason to drop has its own value
 * so the data path can count it; EVB_RX_NR_DROPS closes the drop reasons.
 */
enum evb_rx_verdict {
	EVB_RX_OK = 0,		/* well-formed request: dispatch it */
	EVB_RX_REPLY_ERR,	/* answer with the AoE error in ->err */
	EVB_RX_DROP_SHORT,	/* shorter than the headers it claims */
	EVB_RX_DROP_RESPONSE,	/* the R flag is set: not a request */
};

/* A request's header fields, in host order. */
struct evb_aoe_req {
	u16 shelf;
	u8 slot;
	u8 cmd;
	u8 err;			/* AoE error for EVB_RX_REPLY_ERR */
};

enum evb_rx_verdict evb_aoe_parse(const void *frame, size_t len,
				  struct evb_aoe_req *req);
bool evb_aoe_addr_match(u16 shelf, u8 slot, u16 want_shelf, u8 want_slot);
bool evb_aoe_addr_usable(u16 shelf, u8 slot);
u8 evb_aoe_max_sectors(unsigned int mtu, unsigned int max_data);
bool evb_aoe_read_fits(unsigned int mtu, unsigned int max_data,
		       unsigned int nsect);
unsigned int evb_aoe_cfg_fit(unsigned int mtu);
bool evb_aoe_is_edit(const void *frame);
unsigned int evb_aoe_list_len(const void *frame, unsigned int len);
void evb_aoe_reply_hdr(struct aoe_hdr *rsp, const struct aoe_hdr *req,
		       const u8 *our_mac, u16 shelf, u8 slot, u8 err);

#endif /* _EVB_PROTO_H */
