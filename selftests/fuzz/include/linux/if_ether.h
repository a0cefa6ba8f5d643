/* SPDX-License-Identifier: GPL-2.0 */
/* selftests/fuzz shim: the uapi constants (ETH_ALEN, ETH_P_AOE, ...). */
#ifndef _EVB_FUZZ_LINUX_IF_ETHER_H
#define _EVB_FUZZ_LINUX_IF_ETHER_H
#include <evb_shim.h>
#include_next <linux/if_ether.h>
#endif
