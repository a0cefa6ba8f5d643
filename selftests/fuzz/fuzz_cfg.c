// SPDX-License-Identifier: GPL-2.0
/*
 * cfg.c: a sequence of Query Config requests against one blade's string,
 * each argument in an allocation of exactly the bytes the frame holds,
 * checked against a plain model of the five sub-commands.
 */
#include "fuzz.h"
#include "cfg.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct evb_cfg cfg, model;
	int rounds = 0;

	cfg.len = fz_u16(&f) % (AOE_CFG_STR_MAX + 1);
	fz_bytes(&f, cfg.str, cfg.len);
	model = cfg;
	while (fz_left(&f) && rounds++ < 64) {
		u8 ccmd = fz_u8(&f) & 0x0f, err = 0xee;
		unsigned int avail = fz_u16(&f) % 1500;
		unsigned int arg_len = fz_u16(&f);
		u8 *arg = fz_dup(&f, avail);
		enum evb_cfg_verdict v, want;
		u8 want_err = 0xee;

		/* most requests carry what they claim */
		if (!(arg_len & 0x8000))
			arg_len = arg_len % (avail + 1);
		v = evb_cfg_process(&cfg, ccmd, arg, arg_len, avail, &err);

		if (ccmd == AOE_CCMD_READ) {
			want = EVB_CFG_REPLY;
		} else if (ccmd > AOE_CCMD_FSET || arg_len > 1024 || arg_len > avail) {
			want = EVB_CFG_ERROR;
			want_err = AOE_ERR_BADARG;
		} else {
			bool same = arg_len == model.len && !memcmp(arg, model.str, arg_len);
			bool prefix = arg_len <= model.len && !memcmp(arg, model.str, arg_len);

			switch (ccmd) {
			case AOE_CCMD_TEST:
				want = same ? EVB_CFG_REPLY : EVB_CFG_SILENT;
				break;
			case AOE_CCMD_PTEST:
				want = prefix ? EVB_CFG_REPLY : EVB_CFG_SILENT;
				break;
			case AOE_CCMD_SET:
				if (model.len && !same) {
					want = EVB_CFG_ERROR;
					want_err = AOE_ERR_CFG_SET;
					break;
				}
				fallthrough;
			default:
				want = EVB_CFG_REPLY;
				memcpy(model.str, arg, arg_len);
				model.len = arg_len;
			}
		}
		CHECK(v == want);
		CHECK(err == want_err);
		CHECK(cfg.len == model.len && cfg.len <= AOE_CFG_STR_MAX &&
		      !memcmp(cfg.str, model.str, cfg.len));
		free(arg);
	}
	return 0;
}
