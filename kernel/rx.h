/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVB_RX_H
#define _EVB_RX_H

#include <linux/types.h>

struct aoe_hdr;
struct evb_blade;
struct net_device;

void evb_rx_init(void);
void evb_rx_uninit(void);
void evb_rx_cfg_held(struct evb_blade *blade, struct net_device *dev,
		     const struct aoe_hdr *h, u8 ccmd);

#endif /* _EVB_RX_H */
