/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A blade's state directory (blade-state.c): where the config string and
 * the MAC mask and reserve lists that initiators set outlive the blade.
 * The file format is state.h's.
 */
#ifndef _EVB_BLADE_STATE_H
#define _EVB_BLADE_STATE_H

#include <linux/types.h>

struct evb_blade;
struct netlink_ext_ack;

void evb_blade_state_init(struct evb_blade *blade);
int evb_blade_state_load(struct evb_blade *blade, const char *dir,
			 bool have_cfg, bool have_mask,
			 struct netlink_ext_ack *extack);
void evb_blade_state_changed(struct evb_blade *blade);
void evb_blade_state_uninit(struct evb_blade *blade);

#endif /* _EVB_BLADE_STATE_H */
