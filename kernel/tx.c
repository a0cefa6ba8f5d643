// SPDX-License-Identifier: GPL-2.0
/*
 * Responses.  Every response goes unicast to the requester from the
 * interface the request came in on (announcements: broadcast), is built
 * linear up to the end of its headers, and is padded to the Ethernet
 * minimum: Debian's 6.1 initiator drops a short reply whose header is not
 * linear.  Read data travels as page fragments, not copied.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/pkt_sched.h>
#include <linux/skbuff.h>

#include "blade.h"
#include "req.h"
#include "tx.h"

static struct sk_buff *tx_alloc(struct net_device *dev, unsigned int linear,
				gfp_t gfp)
{
	unsigned int room = LL_RESERVED_SPACE(dev);
	struct sk_buff *skb;

	skb = alloc_skb(room + max_t(unsigned int, linear, ETH_ZLEN) +
			dev->needed_tailroom, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, room);
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_AOE);
	skb->priority = TC_PRIO_INTERACTIVE_BULK;
	return skb;
}

static void tx_send(struct evb_blade *blade, struct sk_buff *skb)
{
	if (skb->len < ETH_ZLEN)
		skb_put_zero(skb, ETH_ZLEN - skb->len);
	if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS)
		evb_blade_stat_add(blade, EVB_STAT_TX, 1);
}

static void cfg_fill(struct evb_blade *blade, struct net_device *dev,
		     struct sk_buff *skb, u8 ccmd)
{
	struct aoe_cfghdr *ch = skb_put(skb, sizeof(*ch));
	unsigned int len;

	ch->bufcnt = cpu_to_be16(READ_ONCE(blade->bufcnt));
	ch->fwver = cpu_to_be16(EVB_FW_VERSION);
	ch->scnt = evb_aoe_max_sectors(dev->mtu, EVB_REPLY_MAX_DATA);
	ch->aoeccmd = AOE_HVER | (ccmd & 0x0f);
	spin_lock_bh(&blade->cfg_lock);
	/* never a frame larger than the MTU: as much of the string as fits */
	len = min_t(unsigned int, blade->cfg.len, evb_aoe_cfg_fit(dev->mtu));
	ch->cslen = cpu_to_be16(len);
	skb_put_data(skb, blade->cfg.str, len);
	spin_unlock_bh(&blade->cfg_lock);
}

/**
 * evb_tx_cfg() - answer a Query Config request with the blade's config
 * @blade: the blade (its real address goes in the reply)
 * @dev: the receiving interface
 * @req: the request header
 * @ccmd: the request's sub-command, echoed
 *
 * Any context.
 */
void evb_tx_cfg(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, u8 ccmd)
{
	struct sk_buff *skb;

	skb = tx_alloc(dev, AOE_CFG_MIN_LEN + AOE_CFG_STR_MAX, GFP_ATOMIC);
	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	evb_aoe_reply_hdr(skb_put(skb, sizeof(*req)), req, dev->dev_addr,
			  blade->shelf, blade->slot, 0);
	cfg_fill(blade, dev, skb, ccmd);
	tx_send(blade, skb);
}

/**
 * evb_tx_cfg_held() - answer a Query Config kept until a private backing
 * was ready
 * @blade: the blade
 * @dev: the interface the query came in on (the caller holds it)
 * @h: the query's AoE header
 * @ccmd: its sub-command
 *
 * Process context (the connection's setup work, see evb_conn_hold_query()).
 * Answered as the receive path would have (rx_cfg()), if the blade is
 * still served there.
 */
void evb_tx_cfg_held(struct evb_blade *blade, struct net_device *dev,
		     const struct aoe_hdr *h, u8 ccmd)
{
	rcu_read_lock();
	if (evb_blade_serves(blade, dev->ifindex)) {
		local_bh_disable();
		evb_tx_cfg(blade, dev, h, ccmd);
		local_bh_enable();
	}
	rcu_read_unlock();
}

/**
 * evb_tx_announce() - broadcast an unsolicited config response
 * @blade: the blade
 * @dev: an interface the blade is served on
 *
 * Initiators add (or update) the blade as soon as they see it.  Not for
 * a private blade: its first answer to a client waits for the client's
 * backing, and initiators find it by asking (the Linux one does every
 * minute).  Any context.
 */
void evb_tx_announce(struct evb_blade *blade, struct net_device *dev)
{
	struct aoe_hdr *h;
	struct sk_buff *skb;

	/* A private blade answers each client once its backing is ready. */
	if (blade->private || !netif_running(dev) ||
	    dev->type != ARPHRD_ETHER || (dev->flags & IFF_LOOPBACK))
		return;
	skb = tx_alloc(dev, AOE_CFG_MIN_LEN + AOE_CFG_STR_MAX, GFP_ATOMIC);
	if (!skb)
		return;
	h = skb_put_zero(skb, sizeof(*h));
	eth_broadcast_addr(h->dst);
	ether_addr_copy(h->src, dev->dev_addr);
	h->type = htons(ETH_P_AOE);
	h->verfl = AOE_HVER | AOE_FL_RSP;
	h->major = cpu_to_be16(blade->shelf);
	h->minor = blade->slot;
	h->cmd = AOE_CMD_CFG;
	cfg_fill(blade, dev, skb, AOE_CCMD_READ);
	tx_send(blade, skb);
}

/**
 * evb_tx_announce_all() - announce a blade on every interface serving it
 * @blade: the blade
 * @net: its namespace
 */
void evb_tx_announce_all(struct evb_blade *blade, struct net *net)
{
	struct net_device *dev;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev)
		if (evb_blade_serves(blade, dev->ifindex))
			evb_tx_announce(blade, dev);
	rcu_read_unlock();
}

/**
 * evb_tx_error() - answer with an AoE-level error
 * @blade: the blade answering
 * @dev: the receiving interface
 * @req: the request header
 * @err: AOE_ERR_*
 *
 * Never for a per-I/O failure: the Linux initiator drops error responses
 * and retries for minutes.  Any context.
 */
void evb_tx_error(struct evb_blade *blade, struct net_device *dev,
		  const struct aoe_hdr *req, u8 err)
{
	struct sk_buff *skb = tx_alloc(dev, sizeof(*req), GFP_ATOMIC);

	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	evb_aoe_reply_hdr(skb_put(skb, sizeof(*req)), req, dev->dev_addr,
			  blade->shelf, blade->slot, err);
	evb_blade_stat_add(blade, EVB_STAT_AOE_ERRORS, 1);
	tx_send(blade, skb);
}

/**
 * evb_tx_mask() - answer a MAC Mask List request
 * @blade: the blade
 * @dev: the receiving interface
 * @req: the request header
 * @mcmd: the request's MCmd, echoed
 * @merror: 0, or the MError of a failed edit
 * @dircnt: for a failed edit, the directives applied
 *
 * A success carries the whole list as no-op directives; a failed edit
 * carries none.  Caller holds rcu_read_lock().
 */
void evb_tx_mask(struct evb_blade *blade, struct net_device *dev,
		 const struct aoe_hdr *req, u8 mcmd, u8 merror, u8 dircnt)
{
	const struct evb_maclist *l = rcu_dereference(blade->mask);
	unsigned int i, n = merror || !l ? 0 : l->n;
	struct aoe_mask_hdr *mh;
	struct aoe_mask_dir *d;
	struct sk_buff *skb;

	skb = tx_alloc(dev, AOE_MASK_MIN_LEN + n * sizeof(*d), GFP_ATOMIC);
	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	evb_aoe_reply_hdr(skb_put(skb, sizeof(*req)), req, dev->dev_addr,
			  blade->shelf, blade->slot, 0);
	mh = skb_put_zero(skb, sizeof(*mh));
	mh->mcmd = mcmd;
	mh->merror = merror;
	mh->dircnt = merror ? dircnt : n;
	for (i = 0; i < n; i++) {
		d = skb_put_zero(skb, sizeof(*d));
		d->dcmd = AOE_DCMD_NOP;
		ether_addr_copy(d->mac, l->mac[i]);
	}
	tx_send(blade, skb);
}

/**
 * evb_tx_rsv() - answer a Reserve/Release request with the reserve list
 * @blade: the blade
 * @dev: the receiving interface
 * @req: the request header
 * @rcmd: the request's RCmd, echoed
 *
 * Caller holds rcu_read_lock().
 */
void evb_tx_rsv(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, u8 rcmd)
{
	const struct evb_maclist *l = rcu_dereference(blade->rsv);
	unsigned int i, n = l ? l->n : 0;
	struct aoe_rsv_hdr *rh;
	struct sk_buff *skb;

	skb = tx_alloc(dev, AOE_RSV_MIN_LEN + n * ETH_ALEN, GFP_ATOMIC);
	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	evb_aoe_reply_hdr(skb_put(skb, sizeof(*req)), req, dev->dev_addr,
			  blade->shelf, blade->slot, 0);
	rh = skb_put(skb, sizeof(*rh));
	rh->rcmd = rcmd;
	rh->nmacs = n;
	for (i = 0; i < n; i++)
		skb_put_data(skb, l->mac[i], ETH_ALEN);
	tx_send(blade, skb);
}

static struct aoe_atahdr *ata_hdr(struct evb_blade *blade,
				  struct net_device *dev, struct sk_buff *skb,
				  const struct aoe_hdr *req,
				  const struct aoe_atahdr *ata, u8 status,
				  u8 err, u8 scnt)
{
	struct aoe_atahdr *ah;

	evb_aoe_reply_hdr(skb_put(skb, sizeof(*req)), req, dev->dev_addr,
			  blade->shelf, blade->slot, 0);
	ah = skb_put(skb, sizeof(*ah));
	*ah = *ata;
	ah->errfeat = err;
	ah->scnt = scnt;
	ah->cmdstat = status;
	if (status & ATA_ERR)
		evb_blade_stat_add(blade, EVB_STAT_ATA_ERRORS, 1);
	return ah;
}

/**
 * evb_tx_ata() - answer an ATA request that moves no data
 * @blade: the blade
 * @dev: the receiving interface
 * @req: the request's AoE header
 * @ata: the request's ATA header (flags and LBA are echoed)
 * @status: ATA status register
 * @err: ATA error register
 * @scnt: the sector count to return
 *
 * Any context.
 */
void evb_tx_ata(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, const struct aoe_atahdr *ata,
		u8 status, u8 err, u8 scnt)
{
	struct sk_buff *skb = tx_alloc(dev, AOE_ATA_MIN_LEN, GFP_ATOMIC);

	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	ata_hdr(blade, dev, skb, req, ata, status, err, scnt);
	tx_send(blade, skb);
}

/**
 * evb_tx_identify() - answer IDENTIFY DEVICE, the data built in the response
 * @blade: the blade
 * @dev: the receiving interface
 * @req: the request's AoE header
 * @ata: the request's ATA header
 * @nsect: the capacity the client sees (a private backing's own)
 *
 * Any context.
 */
void evb_tx_identify(struct evb_blade *blade, struct net_device *dev,
		     const struct aoe_hdr *req, const struct aoe_atahdr *ata,
		     u64 nsect)
{
	struct evb_ata_ident id = {
		.nsect = nsect,
		.serial = blade->serial,
		.model = "evblade AoE target",
		.firmware = EVB_VERSION,
	};
	struct sk_buff *skb;

	skb = tx_alloc(dev, AOE_ATA_MIN_LEN + EVB_ATA_ID_BYTES, GFP_ATOMIC);
	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	ata_hdr(blade, dev, skb, req, ata, ATA_DRDY, 0, 0);
	evb_ata_identify(skb_put(skb, EVB_ATA_ID_BYTES), &id);
	tx_send(blade, skb);
}

/**
 * evb_tx_ata_done() - answer a request the backend has completed
 * @req: the request; read pages move into the response
 *
 * Process context (the request worker).
 */
void evb_tx_ata_done(struct evb_req *req)
{
	struct evb_blade *blade = req->blade;
	struct net_device *dev = req->dev;
	u32 bytes = evb_req_bytes(req);
	struct sk_buff *skb;
	unsigned int i;

	skb = tx_alloc(dev, AOE_ATA_MIN_LEN, GFP_KERNEL);
	if (!skb) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	if (req->result) {
		ata_hdr(blade, dev, skb, &req->hdr, &req->ata,
			ATA_DRDY | ATA_ERR,
			evb_ata_error_from_errno(req->result), req->ata.scnt);
		net_dbg_ratelimited("evblade: %s: %s of %u sectors at %llu failed: %d\n",
				    blade->name,
				    req->cmd.op == EVB_OP_READ ? "read" :
				    req->cmd.op == EVB_OP_WRITE ? "write" : "flush",
				    req->cmd.nsect, req->cmd.lba, req->result);
		tx_send(blade, skb);
		return;
	}

	/* rx admits no read with more pages than an skb has fragments */
	if (WARN_ON_ONCE(req->nr_pages > MAX_SKB_FRAGS)) {
		kfree_skb(skb);
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	ata_hdr(blade, dev, skb, &req->hdr, &req->ata, ATA_DRDY, 0, 0);
	switch (req->cmd.op) {
	case EVB_OP_READ:
		for (i = 0; i < req->nr_pages; i++) {
			skb_fill_page_desc(skb, i, req->pages[i], 0,
					   req->bvec[i].bv_len);
			req->pages[i] = NULL;
		}
		skb->len += bytes;
		skb->data_len += bytes;
		skb->truesize += req->nr_pages * PAGE_SIZE;
		evb_blade_stat_add(blade, EVB_STAT_READ_OPS, 1);
		evb_blade_stat_add(blade, EVB_STAT_READ_BYTES, bytes);
		break;
	case EVB_OP_WRITE:
		evb_blade_stat_add(blade, EVB_STAT_WRITE_OPS, 1);
		evb_blade_stat_add(blade, EVB_STAT_WRITE_BYTES, bytes);
		break;
	default:
		evb_blade_stat_add(blade, EVB_STAT_FLUSH_OPS, 1);
		break;
	}
	tx_send(blade, skb);
}
