/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC32C across kernel versions.  Include this, not <linux/crc32.h> or
 * <linux/crc32c.h>, and call crc32c().
 */
#ifndef _EVB_COMPAT_CRC_H
#define _EVB_COMPAT_CRC_H

#include <linux/crc32.h>

/*
 * "lib/crc32: standardize on crc32c() name for Castagnoli CRC32" (v6.14):
 * crc32c() is the CRC library's, in <linux/crc32.h>, built in whenever
 * CRC32 is.  Before, crc32c() was libcrc32c's: a module over the crypto
 * API that a kernel may lack (the sanitizer kernel of selftests/qemu has no
 * LIBCRC32C), while the library's own, always there with CRC32, was
 * __crc32c_le(), the same function.  Probed (compat/Kbuild.include).
 */
#ifndef EVB_HAVE_CRC32C
#define crc32c(crc, p, len) __crc32c_le(crc, p, len)
#endif

#endif /* _EVB_COMPAT_CRC_H */
