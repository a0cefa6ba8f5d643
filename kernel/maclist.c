// SPDX-License-Identifier: GPL-2.0
/* The MAC mask list and reserve list rules of AoE, over plain buffers. */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "maclist.h"

/**
 * evb_maclist_has() - is @mac on the list?
 * @l: the list, or NULL (empty)
 * @mac: a MAC address
 */
bool evb_maclist_has(const struct evb_maclist *l, const u8 *mac)
{
	unsigned int i;

	for (i = 0; l && i < l->n; i++)
		if (ether_addr_equal_unaligned(l->mac[i], mac))
			return true;
	return false;
}

/**
 * evb_maclist_has_any() - is any of @macs on the list?
 * @l: the list, or NULL (empty)
 * @macs: MAC addresses
 * @n: how many
 */
bool evb_maclist_has_any(const struct evb_maclist *l,
			 const u8 macs[][ETH_ALEN], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (evb_maclist_has(l, macs[i]))
			return true;
	return false;
}

/**
 * evb_maclist_add() - add a MAC once
 * @l: the list
 * @mac: the MAC; already on the list is success
 *
 * Return: 0, or -ENOSPC when the list is full.
 */
int evb_maclist_add(struct evb_maclist *l, const u8 *mac)
{
	if (evb_maclist_has(l, mac))
		return 0;
	if (l->n == EVB_MACLIST_MAX)
		return -ENOSPC;
	memcpy(l->mac[l->n++], mac, ETH_ALEN);
	return 0;
}

/**
 * evb_maclist_del() - remove a MAC; absent is a no-op
 * @l: the list; order of the others is kept
 * @mac: the MAC
 */
void evb_maclist_del(struct evb_maclist *l, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (!ether_addr_equal_unaligned(l->mac[i], mac))
			continue;
		memmove(l->mac[i], l->mac[i + 1], (l->n - i - 1) * ETH_ALEN);
		l->n--;
		return;
	}
}

/**
 * evb_mask_process() - apply a MAC Mask List request (command 2)
 * @l: a private copy of the blade's mask list, edited in place
 * @mh: the request's mask header
 * @dirs: its directives
 * @avail: bytes the frame holds after the mask header
 * @res: MError, the directive count to report and whether @l changed
 * @aoe_err: the AoE error for EVB_LIST_ERROR
 *
 * Read replies with the list.  Edit applies the directives in order: add
 * (a MAC already there stays once), delete (an absent MAC is a no-op) and
 * no-op; it stops at the first bad DCmd (MError 2) or when the list is
 * full (MError 3), reporting in @res->dircnt the directives applied.  An
 * unknown MCmd, or directives past the end of the frame, are AoE error 2.
 *
 * Return: how to reply.
 */
enum evb_list_verdict evb_mask_process(struct evb_maclist *l,
				       const struct aoe_mask_hdr *mh,
				       const struct aoe_mask_dir *dirs,
				       unsigned int avail,
				       struct evb_mask_result *res,
				       u8 *aoe_err)
{
	unsigned int i;

	memset(res, 0, sizeof(*res));
	if (mh->mcmd == AOE_MCMD_READ)
		return EVB_LIST_REPLY;
	if (mh->mcmd != AOE_MCMD_EDIT ||
	    mh->dircnt * sizeof(*dirs) > avail) {
		*aoe_err = AOE_ERR_BADARG;
		return EVB_LIST_ERROR;
	}

	for (i = 0; i < mh->dircnt; i++) {
		const struct aoe_mask_dir *d = &dirs[i];

		switch (d->dcmd) {
		case AOE_DCMD_NOP:
			continue;
		case AOE_DCMD_ADD:
			if (evb_maclist_has(l, d->mac))
				continue;
			if (evb_maclist_add(l, d->mac)) {
				res->merror = AOE_MERR_FULL;
				goto stop;
			}
			break;
		case AOE_DCMD_DEL:
			if (!evb_maclist_has(l, d->mac))
				continue;
			evb_maclist_del(l, d->mac);
			break;
		default:
			res->merror = AOE_MERR_BADDIR;
			goto stop;
		}
		res->changed = true;
	}
	return EVB_LIST_REPLY;
stop:
	res->dircnt = i;
	return EVB_LIST_REPLY;
}

/**
 * evb_rsv_process() - apply a Reserve/Release request (command 3)
 * @l: a private copy of the blade's reserve list, edited in place
 * @rcmd: the request's RCmd
 * @macs: its MAC addresses, 6 bytes each
 * @nmacs: its NMacs field
 * @avail: bytes the frame holds after the reserve header
 * @sender: the requester's addresses: its MAC, or every MAC of its
 *	    declared client (which holds a reservation made through any)
 * @nsender: how many
 * @changed: set when the list changed
 * @aoe_err: the AoE error for EVB_LIST_ERROR
 *
 * Read replies with the list.  Set replaces the list when it is empty or
 * the requester (any of its addresses) is on it, else fails with error 6; a set with no MACs
 * releases.  Force set replaces the list unconditionally.  Any other
 * RCmd, MACs past the end of the frame or more than EVB_MACLIST_MAX of
 * them are error 2.  Duplicates are stored once.
 *
 * Return: how to reply; on success the reply carries @l.
 */
enum evb_list_verdict evb_rsv_process(struct evb_maclist *l, u8 rcmd,
				      const u8 *macs, unsigned int nmacs,
				      unsigned int avail,
				      const u8 sender[][ETH_ALEN],
				      unsigned int nsender,
				      bool *changed, u8 *aoe_err)
{
	struct evb_maclist old;
	unsigned int i;

	*changed = false;
	if (rcmd == AOE_RCMD_READ)
		return EVB_LIST_REPLY;
	if ((rcmd != AOE_RCMD_SET && rcmd != AOE_RCMD_FSET) ||
	    nmacs * ETH_ALEN > avail || nmacs > EVB_MACLIST_MAX) {
		*aoe_err = AOE_ERR_BADARG;
		return EVB_LIST_ERROR;
	}
	if (rcmd == AOE_RCMD_SET && l->n &&
	    !evb_maclist_has_any(l, sender, nsender)) {
		*aoe_err = AOE_ERR_RESERVED;
		return EVB_LIST_ERROR;
	}

	old.n = l->n;
	memcpy(old.mac, l->mac, l->n * ETH_ALEN);
	l->n = 0;
	for (i = 0; i < nmacs; i++)
		evb_maclist_add(l, macs + i * ETH_ALEN);	/* fits: checked */
	*changed = old.n != l->n || memcmp(old.mac, l->mac, l->n * ETH_ALEN);
	return EVB_LIST_REPLY;
}

/**
 * evb_rsv_blocks() - does a reservation refuse this ATA command?
 * @rsv: the blade's reserve list, or NULL
 * @macs: the requester's addresses: its MAC, or every MAC of its declared
 *	  client (one reservation for the client)
 * @n: how many
 * @op: the ATA command
 *
 * A non-empty list admits only the requesters it names (any of their
 * addresses).  IDENTIFY DEVICE and CHECK POWER MODE stay open to everyone,
 * so other hosts can still find and size the blade; Query Config, the mask
 * list and Reserve/Release are not ATA and never come here.
 *
 * Return: true if the command must be answered with AoE error 6.
 */
bool evb_rsv_blocks(const struct evb_maclist *rsv,
		    const u8 macs[][ETH_ALEN], unsigned int n,
		    enum evb_ata_op op)
{
	if (evb_maclist_empty(rsv))
		return false;
	if (op == EVB_OP_IDENTIFY || op == EVB_OP_CHECK_POWER)
		return false;
	return !evb_maclist_has_any(rsv, macs, n);
}
