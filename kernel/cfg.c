// SPDX-License-Identifier: GPL-2.0
/* The config string rules of AoE Query Config, over plain buffers. */
#include <linux/string.h>

#include "cfg.h"

/**
 * evb_cfg_process() - apply a Query Config request to a blade's string
 * @cfg: the blade's config string; the caller holds its lock
 * @ccmd: the sub-command (low nibble of aoeccmd)
 * @arg: the request's config string bytes
 * @arg_len: the length field of the request
 * @avail: bytes the frame really holds after the config header
 * @err: set to the AoE error for EVB_CFG_ERROR
 *
 * Read always replies.  The test forms reply only on an exact or prefix
 * match and are silent otherwise.  Set stores the argument when no string
 * is stored and succeeds when the same string is stored, else fails with
 * error 4; force set always stores.  A length over 1024 bytes or past the
 * end of the frame, and any other sub-command, fail with error 2.
 *
 * Return: whether and how to reply.
 */
enum evb_cfg_verdict evb_cfg_process(struct evb_cfg *cfg, u8 ccmd,
				     const u8 *arg, unsigned int arg_len,
				     unsigned int avail, u8 *err)
{
	if (ccmd == AOE_CCMD_READ)
		return EVB_CFG_REPLY;
	if (ccmd > AOE_CCMD_FSET || arg_len > AOE_CFG_STR_MAX ||
	    arg_len > avail) {
		*err = AOE_ERR_BADARG;
		return EVB_CFG_ERROR;
	}

	switch (ccmd) {
	case AOE_CCMD_TEST:
		if (arg_len == cfg->len && !memcmp(arg, cfg->str, arg_len))
			return EVB_CFG_REPLY;
		return EVB_CFG_SILENT;
	case AOE_CCMD_PTEST:
		if (arg_len <= cfg->len && !memcmp(arg, cfg->str, arg_len))
			return EVB_CFG_REPLY;
		return EVB_CFG_SILENT;
	case AOE_CCMD_SET:
		if (cfg->len && (cfg->len != arg_len ||
				 memcmp(arg, cfg->str, arg_len))) {
			*err = AOE_ERR_CFG_SET;
			return EVB_CFG_ERROR;
		}
		fallthrough;
	default:	/* AOE_CCMD_FSET */
		memcpy(cfg->str, arg, arg_len);
		cfg->len = arg_len;
		return EVB_CFG_REPLY;
	}
}
