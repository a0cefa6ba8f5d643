// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path: a packet handler for ethertype 0x88a2 in every
 * network namespace.  Softirq context: nothing here sleeps.  A frame is
 * validated, its sender resolved to a client (a declared client, or its
 * MAC alone), and the frame to the blades it addresses on the receiving
 * interface.  For each blade, in order: a MAC mask list that leaves the
 * client out hides the blade; the client's connection is found or
 * created; the blade's ACL (its decision cached on the connection) and a
 * private backing not yet ready silence the blade; then the frame is
 * answered at once (config, mask and reserve lists, IDENTIFY, CHECK POWER,
 * errors, count 0) or turned into a request for the worker.  Every frame
 * not answered is counted by reason.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "ata.h"
#include "blade.h"
#include "blade-state.h"
#include "cfg.h"
#include "conn.h"
#include "req.h"
#include "rx.h"
#include "tx.h"

/*
 * AoE is Ethernet: the frame must have come in on an Ethernet device with
 * a 14-byte Ethernet header in front of it.  Loopback, TUN and other link
 * types have none (a TUN packet starts right at the data), and the reply,
 * built from the header, would otherwise echo whatever lies before or
 * after the packet.
 */
static bool rx_ethernet(const struct sk_buff *skb, const struct net_device *dev)
{
	return dev->type == ARPHRD_ETHER && !(dev->flags & IFF_LOOPBACK) &&
	       dev->addr_len == ETH_ALEN && skb_mac_header_was_set(skb) &&
	       skb_mac_header_len(skb) == ETH_HLEN;
}

/* The headers of a frame, linear from the Ethernet header on. */
static const void *rx_pull(struct sk_buff *skb, unsigned int frame_len)
{
	if (!pskb_may_pull(skb, frame_len - ETH_HLEN))
		return NULL;
	return skb_mac_header(skb);
}

/*
 * The addresses a frame's sender is known by on the mask and reserve
 * lists: its MAC, or every MAC of its declared client (which holds it).
 */
static const u8 (*rx_sender(const struct aoe_hdr *h,
			    const struct evb_client *client,
			    unsigned int *n))[ETH_ALEN]
{
	if (client) {
		*n = client->nmacs;
		return client->mac;
	}
	*n = 1;
	return (const u8 (*)[ETH_ALEN])h->src;
}

static void rx_cfg(struct evb_blade *blade, struct sk_buff *skb,
		   const struct aoe_hdr *h)
{
	const struct aoe_cfghdr *ch = (const void *)(h + 1);
	unsigned int avail = skb->len + ETH_HLEN - AOE_CFG_MIN_LEN;
	unsigned int len = be16_to_cpu(ch->cslen);
	u8 ccmd = ch->aoeccmd & 0x0f;
	enum evb_cfg_verdict v;
	u8 buf[64], *arg = buf;
	u8 err = 0;

	evb_blade_stat_add(blade, EVB_STAT_RX, 1);
	if (ccmd != AOE_CCMD_READ && len && len <= avail &&
	    len <= AOE_CFG_STR_MAX) {
		/* The string may sit in fragments: copy it out. */
		if (len > sizeof(buf)) {
			arg = kmalloc(len, GFP_ATOMIC);
			if (!arg) {
				evb_net_drop(blade->en, EVB_DROP_NOMEM);
				return;
			}
		}
		if (skb_copy_bits(skb, AOE_CFG_MIN_LEN - ETH_HLEN, arg, len))
			len = avail + 1;	/* cannot happen: refuse it */
	}

	spin_lock_bh(&blade->cfg_lock);
	v = evb_cfg_process(&blade->cfg, ccmd, arg, len, avail, &err);
	spin_unlock_bh(&blade->cfg_lock);
	if (arg != buf)
		kfree(arg);
	if (v == EVB_CFG_REPLY &&
	    (ccmd == AOE_CCMD_SET || ccmd == AOE_CCMD_FSET))
		evb_blade_state_changed(blade);

	switch (v) {
	case EVB_CFG_REPLY:
		evb_tx_cfg(blade, skb->dev, h, ccmd);
		break;
	case EVB_CFG_ERROR:
		evb_tx_error(blade, skb->dev, h, err);
		break;
	case EVB_CFG_SILENT:
		break;
	}
}

/* Fill @l with a blade's mask or reserve list, to edit; cfg_lock held. */
static void list_copy(struct evb_blade *blade, struct evb_maclist __rcu **slot,
		      struct evb_maclist *l)
{
	struct evb_maclist *cur;

	cur = rcu_dereference_protected(*slot, lockdep_is_held(&blade->cfg_lock));
	l->n = cur ? cur->n : 0;
	if (cur)
		memcpy(l->mac, cur->mac, cur->n * ETH_ALEN);
}

/* MAC Mask List (command 2); its directives are linear. */
static void rx_mask(struct evb_blade *blade, struct sk_buff *skb,
		    const struct aoe_hdr *h)
{
	const struct aoe_mask_hdr *mh = (const void *)(h + 1);
	unsigned int avail = skb->len + ETH_HLEN - AOE_MASK_MIN_LEN;
	struct evb_mask_result res;
	enum evb_list_verdict v;
	struct evb_maclist *l;
	u8 err = 0;

	evb_blade_stat_add(blade, EVB_STAT_RX, 1);
	l = kmalloc(sizeof(*l), GFP_ATOMIC);
	if (!l) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	spin_lock_bh(&blade->cfg_lock);
	list_copy(blade, &blade->mask, l);
	v = evb_mask_process(l, mh, (const void *)(mh + 1), avail, &res, &err);
	if (v == EVB_LIST_REPLY && res.changed) {
		evb_blade_publish_list(blade, &blade->mask, l);
		l = NULL;
	}
	spin_unlock_bh(&blade->cfg_lock);
	kfree(l);
	if (v == EVB_LIST_REPLY && res.changed)
		evb_blade_state_changed(blade);

	if (v == EVB_LIST_ERROR)
		evb_tx_error(blade, skb->dev, h, err);
	else
		evb_tx_mask(blade, skb->dev, h, mh->mcmd, res.merror, res.dircnt);
}

/* Reserve/Release (command 3); its MACs are linear. */
static void rx_rsv(struct evb_blade *blade, struct sk_buff *skb,
		   const struct aoe_hdr *h, const struct evb_client *client)
{
	unsigned int nsender;
	const u8 (*sender)[ETH_ALEN] = rx_sender(h, client, &nsender);
	const struct aoe_rsv_hdr *rh = (const void *)(h + 1);
	unsigned int avail = skb->len + ETH_HLEN - AOE_RSV_MIN_LEN;
	enum evb_list_verdict v;
	struct evb_maclist *l;
	bool changed;
	u8 err = 0;

	evb_blade_stat_add(blade, EVB_STAT_RX, 1);
	if (!READ_ONCE(blade->locking)) {
		evb_tx_error(blade, skb->dev, h, AOE_ERR_BADCMD);
		return;
	}
	l = kmalloc(sizeof(*l), GFP_ATOMIC);
	if (!l) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return;
	}
	spin_lock_bh(&blade->cfg_lock);
	list_copy(blade, &blade->rsv, l);
	v = evb_rsv_process(l, rh->rcmd, (const u8 *)(rh + 1), rh->nmacs,
			    avail, sender, nsender, &changed, &err);
	if (v == EVB_LIST_REPLY && changed) {
		evb_blade_publish_list(blade, &blade->rsv, l);
		l = NULL;
	}
	spin_unlock_bh(&blade->cfg_lock);
	kfree(l);
	if (v == EVB_LIST_REPLY && changed)
		evb_blade_state_changed(blade);

	if (v == EVB_LIST_ERROR)
		evb_tx_error(blade, skb->dev, h, err);
	else
		evb_tx_rsv(blade, skb->dev, h, rh->rcmd);
}

/* Returns true if the skb was handed to a request. */
static bool rx_ata(struct evb_blade *blade, struct evb_conn *conn,
		   const struct evb_client *client, struct sk_buff *skb,
		   const struct aoe_hdr *h)
{
	unsigned int nsender;
	const u8 (*sender)[ETH_ALEN] = rx_sender(h, client, &nsender);
	const struct aoe_atahdr *ah = (const void *)(h + 1);
	struct net_device *dev = skb->dev;
	struct evb_ata_target t = {
		.nsect = conn->nsect,
		.read_only = READ_ONCE(blade->read_only) || conn->be->read_only,
		.payload = skb->len + ETH_HLEN - AOE_ATA_MIN_LEN,
		.mtu = dev->mtu,
		.max_read = EVB_REPLY_MAX_DATA,
	};
	struct evb_ata_cmd cmd;
	struct evb_req *req;
	u8 err = 0;
	int ret;

	evb_blade_stat_add(blade, EVB_STAT_RX, 1);
	evb_ata_decode(ah, &cmd);

	if (READ_ONCE(blade->locking) &&
	    evb_rsv_blocks(rcu_dereference(blade->rsv), sender, nsender, cmd.op)) {
		evb_conn_error(conn);
		evb_tx_error(blade, dev, h, AOE_ERR_RESERVED);
		return false;
	}

	switch (evb_ata_admit(&cmd, &t, &err)) {
	case EVB_ATA_IDENTIFY:
		evb_tx_identify(blade, dev, h, ah, conn->nsect);
		return false;
	case EVB_ATA_CHECK_POWER:
		/* active or idle */
		evb_tx_ata(blade, dev, h, ah, ATA_DRDY, 0, 0xff);
		return false;
	case EVB_ATA_ABORT:
		evb_conn_error(conn);
		evb_tx_ata(blade, dev, h, ah, ATA_DRDY | ATA_ERR, err, ah->scnt);
		return false;
	case EVB_ATA_EMPTY:
		evb_tx_ata(blade, dev, h, ah, ATA_DRDY, 0, 0);
		return false;
	case EVB_ATA_QUEUE:
		break;
	}

	req = evb_req_alloc();
	if (!req) {
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		return false;
	}
	ret = evb_req_init(req, blade, conn, skb, &cmd);
	if (ret) {
		evb_req_free(req);
		evb_net_drop(blade->en, ret == -EBUSY ? EVB_DROP_BUSY :
			     EVB_DROP_PENDING);
		return false;
	}
	evb_req_queue(req);
	return cmd.op == EVB_OP_WRITE;
}

/*
 * The sender's connection to @blade, if the blade may answer it now;
 * otherwise the frame is counted (and a Query Config kept for when a
 * private backing is ready) and NULL returned.
 */
static struct evb_conn *rx_conn(struct evb_blade *blade, struct sk_buff *skb,
				const struct aoe_hdr *h,
				const struct evb_client *client,
				const struct evb_aoe_req *r, bool parsed)
{
	struct net_device *dev = skb->dev;
	struct evb_conn *conn;

	conn = evb_conn_find_or_create(blade, h->src, client, dev->ifindex);
	if (IS_ERR(conn)) {
		evb_net_drop(blade->en, PTR_ERR(conn) == -ENOSPC ?
			     EVB_DROP_CONN_LIMIT : EVB_DROP_NOMEM);
		return NULL;
	}
	evb_conn_seen(conn, h->src, dev->ifindex);
	if (likely(evb_conn_admit(conn, client, h->src)))
		return conn;

	switch (evb_conn_state(conn)) {
	case EVBLADE_CONN_STATE_DENIED:
		evb_net_drop(blade->en, EVB_DROP_DENIED);
		return NULL;
	case EVBLADE_CONN_STATE_FAILED:
		evb_net_drop(blade->en, EVB_DROP_NO_BACKING);
		return NULL;
	}
	/* Pending: a plain query waits to be answered once it is ready. */
	if (parsed && r->cmd == AOE_CMD_CFG) {
		const struct aoe_cfghdr *ch = (const void *)(h + 1);
		u8 ccmd = ch->aoeccmd & 0x0f;

		if (ccmd == AOE_CCMD_READ) {
			switch (evb_conn_hold_query(conn, dev, h, ccmd)) {
			case EVB_QUERY_READY:
				return conn;
			case EVB_QUERY_KEPT:
				return NULL;	/* not dropped: answered later */
			case EVB_QUERY_FULL:
				break;
			}
		}
	}
	evb_net_drop(blade->en, EVB_DROP_PENDING);
	return NULL;
}

/*
 * The headers of a parsed request, linear up to what its command reads:
 * the ATA or Query Config header, or a mask or reserve list up to its
 * last entry.  NULL if the frame is shorter.
 */
static const struct aoe_hdr *rx_pull_cmd(struct sk_buff *skb, u8 cmd)
{
	const struct aoe_hdr *h;

	switch (cmd) {
	case AOE_CMD_ATA:
		return rx_pull(skb, AOE_ATA_MIN_LEN);
	case AOE_CMD_CFG:
		return rx_pull(skb, AOE_CFG_MIN_LEN);
	}
	h = rx_pull(skb, cmd == AOE_CMD_MASK ? AOE_MASK_MIN_LEN : AOE_RSV_MIN_LEN);
	if (!h)
		return NULL;
	return rx_pull(skb, evb_aoe_list_len(h, skb->len + ETH_HLEN));
}

/*
 * Validate a frame: an Ethernet frame, a request from a host's address,
 * its headers linear.  Returns them, or NULL with the frame counted.
 */
static const struct aoe_hdr *rx_validate(struct evb_net *en, struct sk_buff *skb,
					 struct evb_aoe_req *r,
					 enum evb_rx_verdict *v)
{
	u8 src[ETH_ALEN] __aligned(2);
	const struct aoe_hdr *h;

	if (!rx_ethernet(skb, skb->dev)) {
		evb_net_drop(en, EVB_DROP_NOT_ETHERNET);
		return NULL;
	}
	h = rx_pull(skb, sizeof(*h));
	if (!h) {
		evb_net_drop(en, EVB_DROP_SHORT);
		return NULL;
	}
	*v = evb_aoe_parse(h, skb->len + ETH_HLEN, r);
	switch (*v) {
	case EVB_RX_OK:
	case EVB_RX_REPLY_ERR:
		break;
	case EVB_RX_DROP_RESPONSE:
		evb_net_drop(en, EVB_DROP_RESPONSE);
		return NULL;
	case EVB_RX_DROP_SHORT:
		evb_net_drop(en, EVB_DROP_SHORT);
		return NULL;
	}
	/* no connection, file or reply for an address that is no host's */
	memcpy(src, h->src, ETH_ALEN);
	if (!is_valid_ether_addr(src)) {
		evb_net_drop(en, EVB_DROP_BAD_SOURCE);
		return NULL;
	}
	if (*v != EVB_RX_OK)
		return h;
	h = rx_pull_cmd(skb, r->cmd);
	if (!h) {
		evb_net_drop(en, EVB_DROP_SHORT);
		return NULL;
	}
	/* never write to (or read from) every blade at once */
	if ((r->shelf == AOE_SHELF_ANY || r->slot == AOE_SLOT_ANY) &&
	    r->cmd == AOE_CMD_ATA) {
		evb_net_drop(en, EVB_DROP_BROADCAST_IO);
		return NULL;
	}
	/* nor edit every blade's config or lists with one frame */
	if ((r->shelf == AOE_SHELF_ANY || r->slot == AOE_SLOT_ANY) &&
	    evb_aoe_is_edit(h)) {
		evb_net_drop(en, EVB_DROP_BROADCAST_EDIT);
		return NULL;
	}
	return h;
}

/*
 * One blade a frame is addressed to, with the sender's connection ready:
 * answer, or hand to a request.  Returns true if the skb went to a
 * request.
 */
static bool rx_blade(struct evb_blade *blade, struct evb_conn *conn,
		     const struct evb_client *client, struct sk_buff *skb,
		     const struct aoe_hdr *h, const struct evb_aoe_req *r,
		     enum evb_rx_verdict v)
{
	if (v == EVB_RX_REPLY_ERR) {
		evb_conn_error(conn);
		evb_tx_error(blade, skb->dev, h, r->err);
		return false;
	}
	switch (r->cmd) {
	case AOE_CMD_ATA:
		return rx_ata(blade, conn, client, skb, h);
	case AOE_CMD_CFG:
		rx_cfg(blade, skb, h);
		break;
	case AOE_CMD_MASK:
		rx_mask(blade, skb, h);
		break;
	case AOE_CMD_RSV:
		rx_rsv(blade, skb, h, client);
		break;
	}
	return false;
}

static int evb_rx(struct sk_buff *skb, struct net_device *dev,
		  struct packet_type *pt, struct net_device *orig_dev)
{
	struct evb_net *en = evb_net(dev_net(dev));
	const struct evb_client *client;
	const u8 (*sender)[ETH_ALEN];
	const struct aoe_hdr *h;
	struct evb_blade *blade;
	struct evb_conn *conn;
	unsigned int nsender;
	struct evb_aoe_req r;
	unsigned long key, first, last;
	enum evb_rx_verdict v;
	bool matched = false, masked = false, kept = false;

	if (skb->pkt_type == PACKET_OTHERHOST)
		goto out;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	h = rx_validate(en, skb, &r, &v);
	if (!h)
		goto out;

	first = r.shelf == AOE_SHELF_ANY ? 0 : evb_blade_key(r.shelf, 0);
	last = r.shelf == AOE_SHELF_ANY ? ULONG_MAX : evb_blade_key(r.shelf, 0xff);
	if (r.slot != AOE_SLOT_ANY && r.shelf != AOE_SHELF_ANY) {
		first = evb_blade_key(r.shelf, r.slot);
		last = first;
	}

	/* Called with rcu_read_lock() held, like every packet handler. */
	client = evb_client_find_mac(rcu_dereference(en->clients), h->src);
	sender = rx_sender(h, client, &nsender);
	xa_for_each_range(&en->blades, key, blade, first, last) {
		if (!evb_aoe_addr_match(blade->shelf, blade->slot, r.shelf, r.slot) ||
		    !evb_blade_serves(blade, dev->ifindex))
			continue;
		/* A mask list hides the blade: for every command, silently. */
		if (evb_mask_hides(rcu_dereference(blade->mask), sender, nsender)) {
			evb_net_drop(en, EVB_DROP_MASKED);
			masked = true;
			continue;
		}
		matched = true;
		conn = rx_conn(blade, skb, h, client, &r, v == EVB_RX_OK);
		if (conn && rx_blade(blade, conn, client, skb, h, &r, v))
			kept = true;
	}
	if (!matched && !masked)
		evb_net_drop(en, EVB_DROP_NO_BLADE);
out:
	if (!kept)
		consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type evb_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_AOE),
	.func = evb_rx,
};

/**
 * evb_rx_init() - start receiving AoE frames in every namespace
 */
void __init evb_rx_init(void)
{
	dev_add_pack(&evb_packet_type);
}

/**
 * evb_rx_uninit() - stop receiving; returns once no handler runs any more
 */
void evb_rx_uninit(void)
{
	dev_remove_pack(&evb_packet_type);	/* includes synchronize_net() */
}
