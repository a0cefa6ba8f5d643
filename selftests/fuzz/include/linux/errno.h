/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selftests/fuzz shim.  glibc's <errno.h> includes <linux/errno.h> too, so
 * this one is the system's (the uapi numbers the kernel uses), plus the
 * kernel-internal ones.
 */
#ifndef _EVB_FUZZ_LINUX_ERRNO_H
#define _EVB_FUZZ_LINUX_ERRNO_H
#include_next <linux/errno.h>
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif
#endif
