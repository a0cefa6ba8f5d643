/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/evblade.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_EVBLADE_H
#define _UAPI_LINUX_EVBLADE_H

#define EVBLADE_FAMILY_NAME	"evblade"
#define EVBLADE_FAMILY_VERSION	1

enum {
	EVBLADE_A_STATUS_VERSION = 1,
	EVBLADE_A_STATUS_FAMILY_VERSION,

	__EVBLADE_A_STATUS_MAX,
	EVBLADE_A_STATUS_MAX = (__EVBLADE_A_STATUS_MAX - 1)
};

enum {
	EVBLADE_CMD_STATUS_GET = 1,

	__EVBLADE_CMD_MAX,
	EVBLADE_CMD_MAX = (__EVBLADE_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_EVBLADE_H */
