/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AoE Query Config (command 1): the config string rules of the five
 * sub-commands.  Pure: the caller holds the blade's lock.
 */
#ifndef _EVB_CFG_H
#define _EVB_CFG_H

#include <linux/types.h>

#include "proto.h"

struct evb_cfg {
	u16 len;
	u8 str[AOE_CFG_STR_MAX];
};

enum evb_cfg_verdict {
	EVB_CFG_REPLY,		/* reply with the (possibly new) string */
	EVB_CFG_SILENT,		/* test forms on a mismatch: no reply */
	EVB_CFG_ERROR,		/* reply with the AoE error in *err */
};

enum evb_cfg_verdict evb_cfg_process(struct evb_cfg *cfg, u8 ccmd,
				     const u8 *arg, unsigned int arg_len,
				     unsigned int avail, u8 *err);

#endif /* _EVB_CFG_H */
