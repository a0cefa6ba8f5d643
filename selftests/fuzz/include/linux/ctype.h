/* SPDX-License-Identifier: GPL-2.0 */
/* selftests/fuzz shim: see ../evb_shim.h. */
#ifndef _EVB_FUZZ_LINUX_CTYPE_H
#define _EVB_FUZZ_LINUX_CTYPE_H
#include <evb_shim.h>
#endif
