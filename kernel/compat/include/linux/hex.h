/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hex helpers (hex_byte_pack(), bin2hex(), hex2bin(), mac_pton()) moved
 * from <linux/kernel.h> to <linux/hex.h> after 6.1, and from 7.0
 * <linux/kernel.h> no longer includes <linux/hex.h>.  The kernel's own
 * include path comes first, so this file is only found on kernels without
 * <linux/hex.h> (6.1), where <linux/kernel.h> still declares them.
 */
#ifndef _EVB_COMPAT_LINUX_HEX_H
#define _EVB_COMPAT_LINUX_HEX_H
#include <linux/kernel.h>
#endif
