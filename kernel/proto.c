// SPDX-License-Identifier: GPL-2.0
/*
 * Pure parsing and building of AoE headers over plain buffers.  The receive
 * path calls these after it has made the bytes linear; KUnit calls them
 * directly (proto_test.c).
 */
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "proto.h"

/* Command-specific minimum frame length, or 0 for a command we do not know. */
static size_t aoe_cmd_min_len(u8 cmd)
{
	switch (cmd) {
	case AOE_CMD_ATA:
		return AOE_ATA_MIN_LEN;
	case AOE_CMD_CFG:
		return AOE_CFG_MIN_LEN;
	case AOE_CMD_MASK:
		return AOE_MASK_MIN_LEN;
	case AOE_CMD_RSV:
		return AOE_RSV_MIN_LEN;
	default:
		return 0;
	}
}

/**
 * evb_aoe_parse() - validate the common header of a received frame
 * @frame: the frame from its Ethernet header on, linear
 * @len: bytes at @frame, trailing padding included
 * @req: filled with the header fields when the verdict is not a drop
 *
 * The packet handler only sees ethertype 0x88a2.  Checks, in the order a
 * target must: length, the response flag (responses of other targets reach
 * us too and are never answered), the version (answered with AoE error 5),
 * the command (unknown ones answered with error 1), and the command's
 * minimum length.  Trailing bytes past
 * the command's own data are padding and accepted.
 *
 * Return: what to do with the frame.
 */
enum evb_rx_verdict evb_aoe_parse(const void *frame, size_t len,
				  struct evb_aoe_req *req)
{
	const struct aoe_hdr *h = frame;
	size_t min;

	if (len < sizeof(*h))
		return EVB_RX_DROP_SHORT;
	if (h->verfl & AOE_FL_RSP)
		return EVB_RX_DROP_RESPONSE;

	memset(req, 0, sizeof(*req));
	req->shelf = be16_to_cpu(h->major);
	req->slot = h->minor;
	req->cmd = h->cmd;

	if (h->verfl >> 4 != AOE_VERSION) {
		req->err = AOE_ERR_BADVER;
		return EVB_RX_REPLY_ERR;
	}
	min = aoe_cmd_min_len(h->cmd);
	if (!min) {
		req->err = AOE_ERR_BADCMD;
		return EVB_RX_REPLY_ERR;
	}
	if (len < min)
		return EVB_RX_DROP_SHORT;
	return EVB_RX_OK;
}

/**
 * evb_aoe_addr_match() - does a requested address select a blade?
 * @shelf: the blade's shelf
 * @slot: the blade's slot
 * @want_shelf: the shelf in the request, possibly AOE_SHELF_ANY
 * @want_slot: the slot in the request, possibly AOE_SLOT_ANY
 *
 * Return: true if the request is addressed to the blade.
 */
bool evb_aoe_addr_match(u16 shelf, u8 slot, u16 want_shelf, u8 want_slot)
{
	return (want_shelf == AOE_SHELF_ANY || want_shelf == shelf) &&
	       (want_slot == AOE_SLOT_ANY || want_slot == slot);
}

/**
 * evb_aoe_addr_usable() - may a blade be created at this address?
 * @shelf: shelf number
 * @slot: slot number
 *
 * The broadcast values cannot name a blade, and the Linux initiator refuses
 * shelf 0x0fff, so a blade there would be invisible to it.
 *
 * Return: true if initiators can address a blade at @shelf.@slot.
 */
bool evb_aoe_addr_usable(u16 shelf, u8 slot)
{
	return shelf != AOE_SHELF_ANY && shelf != AOE_SHELF_REFUSED &&
	       slot != AOE_SLOT_ANY;
}

/**
 * evb_aoe_max_sectors() - sectors per ATA request that fit an MTU
 * @mtu: the interface MTU
 * @max_data: the most read data one reply can carry (its page fragments)
 *
 * Like every AoE implementation, leave room for the Ethernet header too:
 * (MTU - 36) / 512, capped by the 8-bit count and by @max_data: a jumbo
 * or loopback MTU must not promise more than one reply can hold.  From 8
 * sectors on, round down to a multiple of 8 so frames stay 4 KiB aligned
 * (17 at MTU 9000 becomes 16), which keeps O_DIRECT and 4Kn backings on
 * their fast path.
 *
 * Return: the sector count to advertise; 0 if not even one sector fits.
 */
u8 evb_aoe_max_sectors(unsigned int mtu, unsigned int max_data)
{
	unsigned int n;

	if (mtu <= AOE_ATA_MIN_LEN)
		return 0;
	n = min((mtu - AOE_ATA_MIN_LEN) >> AOE_SECTOR_SHIFT, 255U);
	n = min(n, max_data >> AOE_SECTOR_SHIFT);
	if (n >= 8)
		n = round_down(n, 8);
	return n;
}

/**
 * evb_aoe_read_fits() - can one reply carry a read's data?
 * @mtu: the MTU of the interface the reply goes out on
 * @max_data: the most read data one reply can carry (its page fragments)
 * @nsect: the sectors asked for
 *
 * The reply's AoE and ATA headers and the data must fit the MTU (the
 * Ethernet header does not count against it), and the data the reply's
 * fragments.  Looser than evb_aoe_max_sectors(), which an initiator is
 * told; a request for more than that but still fitting is served.
 *
 * Return: true if the read may be admitted.
 */
bool evb_aoe_read_fits(unsigned int mtu, unsigned int max_data,
		       unsigned int nsect)
{
	u64 bytes = (u64)nsect << AOE_SECTOR_SHIFT;

	return bytes <= max_data &&
	       AOE_ATA_MIN_LEN - ETH_HLEN + bytes <= mtu;
}

/**
 * evb_aoe_cfg_fit() - config string bytes a Query Config reply can carry
 * @mtu: the MTU of the interface the reply goes out on
 *
 * The string (up to 1024 bytes) follows 18 bytes of AoE and config
 * headers; at a small MTU the reply carries as much of it as fits, with
 * the config string length field saying how much that is.
 *
 * Return: at most AOE_CFG_STR_MAX.
 */
unsigned int evb_aoe_cfg_fit(unsigned int mtu)
{
	unsigned int hdr = AOE_CFG_MIN_LEN - ETH_HLEN;

	if (mtu <= hdr)
		return 0;
	return min(mtu - hdr, (unsigned int)AOE_CFG_STR_MAX);
}

/**
 * evb_aoe_is_edit() - does a request change a blade's config or lists?
 * @frame: the frame, linear up to its command's minimum length
 *
 * Config string set and force set, mask list edits (any MCmd but read)
 * and reserve set and force set (any RCmd but read).  Reads, tests and
 * ATA commands are not edits.
 *
 * Return: true for an edit.
 */
bool evb_aoe_is_edit(const void *frame)
{
	const struct aoe_hdr *h = frame;
	const void *arg = h + 1;
	u8 ccmd;

	switch (h->cmd) {
	case AOE_CMD_CFG:
		ccmd = ((const struct aoe_cfghdr *)arg)->aoeccmd & 0x0f;
		return ccmd == AOE_CCMD_SET || ccmd == AOE_CCMD_FSET;
	case AOE_CMD_MASK:
		return ((const struct aoe_mask_hdr *)arg)->mcmd != AOE_MCMD_READ;
	case AOE_CMD_RSV:
		return ((const struct aoe_rsv_hdr *)arg)->rcmd != AOE_RCMD_READ;
	default:
		return false;
	}
}

/**
 * evb_aoe_list_len() - the bytes of a mask or reserve request to read
 * @frame: the frame, linear up to its command's minimum length
 * @len: the whole frame's length
 *
 * A MAC Mask List request is read up to its last directive (DirCnt of 8
 * bytes), a Reserve/Release request up to its last MAC (NMacs of 6): never
 * the padding or whatever else follows, and never past the frame (the
 * processing then finds the count too large for it).
 *
 * Return: at most @len; the command's minimum length for other commands.
 */
unsigned int evb_aoe_list_len(const void *frame, unsigned int len)
{
	const struct aoe_hdr *h = frame;
	const void *arg = h + 1;
	unsigned int need;

	switch (h->cmd) {
	case AOE_CMD_MASK:
		need = AOE_MASK_MIN_LEN + ((const struct aoe_mask_hdr *)arg)->dircnt *
		       sizeof(struct aoe_mask_dir);
		break;
	case AOE_CMD_RSV:
		need = AOE_RSV_MIN_LEN + ((const struct aoe_rsv_hdr *)arg)->nmacs *
		       ETH_ALEN;
		break;
	default:
		need = aoe_cmd_min_len(h->cmd);
		break;
	}
	return min(need, len);
}

/**
 * evb_aoe_reply_hdr() - turn a request header into its response header
 * @rsp: the response header to fill; may be the same memory as @req
 * @req: the request header
 * @our_mac: MAC address of the interface the request arrived on
 * @shelf: the blade's real shelf (never the wildcard of the request)
 * @slot: the blade's real slot
 * @err: an AoE error code, or 0 for a successful response
 *
 * The response goes unicast back to the requester, keeps the command and
 * echoes the tag bit for bit.
 */
void evb_aoe_reply_hdr(struct aoe_hdr *rsp, const struct aoe_hdr *req,
		       const u8 *our_mac, u16 shelf, u8 slot, u8 err)
{
	u8 peer[ETH_ALEN];
	u8 cmd = req->cmd;
	__be32 tag = req->tag;

	/* memcpy, not ether_addr_copy: nothing promises 2-byte alignment */
	memcpy(peer, req->src, ETH_ALEN);
	memcpy(rsp->dst, peer, ETH_ALEN);
	memcpy(rsp->src, our_mac, ETH_ALEN);
	rsp->type = htons(ETH_P_AOE);
	rsp->verfl = AOE_HVER | AOE_FL_RSP | (err ? AOE_FL_ERR : 0);
	rsp->err = err;
	rsp->major = cpu_to_be16(shelf);
	rsp->minor = slot;
	rsp->cmd = cmd;
	rsp->tag = tag;
}
