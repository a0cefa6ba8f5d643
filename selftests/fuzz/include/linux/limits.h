/* SPDX-License-Identifier: GPL-2.0 */
/* selftests/fuzz shim: the system's uapi limits (NAME_MAX, PATH_MAX). */
#ifndef _EVB_FUZZ_LINUX_LIMITS_H
#define _EVB_FUZZ_LINUX_LIMITS_H
#include_next <linux/limits.h>
#endif
