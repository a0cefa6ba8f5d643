/* SPDX-License-Identifier: GPL-2.0 */
/* selftests/fuzz shim: the ATA opcodes and registers kernel/ata.c uses. */
#ifndef _EVB_FUZZ_LINUX_ATA_H
#define _EVB_FUZZ_LINUX_ATA_H
#include <evb_shim.h>

#define ATA_ID_WORDS		256

/* status register */
#define ATA_ERR			0x01
#define ATA_DRQ			0x08
#define ATA_DF			0x20
#define ATA_DRDY		0x40
#define ATA_BUSY		0x80

/* error register */
#define ATA_ABORTED		0x04
#define ATA_IDNF		0x10
#define ATA_UNC			0x40

/* opcodes */
#define ATA_CMD_PIO_READ	0x20
#define ATA_CMD_PIO_READ_EXT	0x24
#define ATA_CMD_PIO_WRITE	0x30
#define ATA_CMD_PIO_WRITE_EXT	0x34
#define ATA_CMD_CHK_POWER	0xE5
#define ATA_CMD_FLUSH		0xE7
#define ATA_CMD_FLUSH_EXT	0xEA
#define ATA_CMD_ID_ATA		0xEC
#define ATA_CMD_SMART		0xB0
#endif
