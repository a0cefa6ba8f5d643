/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "treewide: move asm/unaligned.h to linux/unaligned.h" (v6.12).  The
 * kernel's own include path comes first, so this file is only found on
 * kernels older than 6.12, where the helpers still live in asm/.
 */
#ifndef _EVB_COMPAT_LINUX_UNALIGNED_H
#define _EVB_COMPAT_LINUX_UNALIGNED_H
#include <asm/unaligned.h>
#endif
