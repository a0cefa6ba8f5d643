/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVB_TX_H
#define _EVB_TX_H

#include <linux/netdevice.h>

#include "proto.h"

struct evb_blade;
struct evb_req;

/* Firmware version reported in config responses (0.1.0). */
#define EVB_FW_VERSION		0x0010

void evb_tx_cfg(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, u8 ccmd);
void evb_tx_cfg_held(struct evb_blade *blade, struct net_device *dev,
		     const struct aoe_hdr *h, u8 ccmd);
void evb_tx_announce(struct evb_blade *blade, struct net_device *dev);
void evb_tx_announce_all(struct evb_blade *blade, struct net *net);
void evb_tx_mask(struct evb_blade *blade, struct net_device *dev,
		 const struct aoe_hdr *req, u8 mcmd, u8 merror, u8 dircnt);
void evb_tx_rsv(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, u8 rcmd);
void evb_tx_error(struct evb_blade *blade, struct net_device *dev,
		  const struct aoe_hdr *req, u8 err);
void evb_tx_ata(struct evb_blade *blade, struct net_device *dev,
		const struct aoe_hdr *req, const struct aoe_atahdr *ata,
		u8 status, u8 err, u8 scnt);
void evb_tx_identify(struct evb_blade *blade, struct net_device *dev,
		     const struct aoe_hdr *req, const struct aoe_atahdr *ata,
		     u64 nsect);
void evb_tx_ata_done(struct evb_req *req);

#endif /* _EVB_TX_H */
