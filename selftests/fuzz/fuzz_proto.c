// SPDX-License-Identifier: GPL-2.0
/*
 * proto.c: any frame of any length through the receive path's header
 * checks as rx.c calls them (parse; then, for a request, the edit test
 * and the list length; the reply header), plus the MTU arithmetic, each
 * against its documented contract.
 */
#include "fuzz.h"
#include "proto.h"

static size_t ref_min(u8 cmd)
{
	switch (cmd) {
	case AOE_CMD_ATA: return 36;
	case AOE_CMD_CFG: return 32;
	case AOE_CMD_MASK: return 28;
	case AOE_CMD_RSV: return 26;
	default: return 0;
	}
}

static void mtu_rules(u32 mtu, u32 max_data, u32 nsect)
{
	u8 n = evb_aoe_max_sectors(mtu, max_data);
	unsigned int cf = evb_aoe_cfg_fit(mtu);
	u64 bytes = (u64)nsect * 512;

	CHECK((u64)n * 512 <= max_data);
	CHECK(mtu <= 36 || (u64)n * 512 <= mtu - 36);
	CHECK(n < 8 || n % 8 == 0);
	if (n)
		CHECK(evb_aoe_read_fits(mtu, max_data, n));
	CHECK(evb_aoe_read_fits(mtu, max_data, nsect) ==
	      (bytes <= max_data && 22 + bytes <= mtu));
	CHECK(cf <= AOE_CFG_STR_MAX);
	CHECK(cf == (mtu <= 18 ? 0 : min(mtu - 18, 1024U)));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct evb_aoe_req req;
	enum evb_rx_verdict v;
	const struct aoe_hdr *h = (const void *)data;
	u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };

	v = evb_aoe_parse(data, size, &req);
	if (size < sizeof(struct aoe_hdr)) {
		CHECK(v == EVB_RX_DROP_SHORT);
		return 0;
	}
	if (h->verfl & AOE_FL_RSP) {
		CHECK(v == EVB_RX_DROP_RESPONSE);
		return 0;
	}
	CHECK(req.shelf == (data[16] << 8 | data[17]) && req.slot == data[18] &&
	      req.cmd == data[19]);
	if (h->verfl >> 4 != AOE_VERSION) {
		CHECK(v == EVB_RX_REPLY_ERR && req.err == AOE_ERR_BADVER);
	} else if (!ref_min(h->cmd)) {
		CHECK(v == EVB_RX_REPLY_ERR && req.err == AOE_ERR_BADCMD);
	} else if (size < ref_min(h->cmd)) {
		CHECK(v == EVB_RX_DROP_SHORT);
	} else {
		unsigned int ll;
		bool edit;

		CHECK(v == EVB_RX_OK && req.err == 0);
		/* rx.c looks no further than the command's minimum length */
		{
			size_t m = ref_min(h->cmd);
			u8 *lin = malloc(m);

			memcpy(lin, data, m);
			edit = evb_aoe_is_edit(lin);
			ll = evb_aoe_list_len(lin, size);
			free(lin);
		}
		CHECK(ll <= size && ll >= ref_min(h->cmd));
		switch (h->cmd) {
		case AOE_CMD_ATA:
			CHECK(!edit && ll == 36);
			break;
		case AOE_CMD_CFG: {
			u8 cc = data[29] & 0x0f;

			CHECK(edit == (cc == AOE_CCMD_SET || cc == AOE_CCMD_FSET));
			CHECK(ll == 32);
			break;
		}
		case AOE_CMD_MASK:
			CHECK(edit == (data[25] != AOE_MCMD_READ));
			CHECK(ll == min((size_t)28 + data[27] * 8, size));
			break;
		case AOE_CMD_RSV:
			CHECK(edit == (data[24] != AOE_RCMD_READ));
			CHECK(ll == min((size_t)26 + data[25] * 6, size));
			break;
		}
	}

	/* the reply header, in place and into another buffer: the same */
	if (v != EVB_RX_DROP_SHORT) {
		struct aoe_hdr a, b;
		u8 err = size > 24 ? data[24] : 0;

		memcpy(&a, data, sizeof(a));
		evb_aoe_reply_hdr(&b, &a, mac, req.shelf, req.slot, err);
		evb_aoe_reply_hdr(&a, &a, mac, req.shelf, req.slot, err);
		CHECK(!memcmp(&a, &b, sizeof(a)));
		CHECK(!memcmp(b.dst, h->src, ETH_ALEN) && !memcmp(b.src, mac, ETH_ALEN));
		CHECK(b.type == htons(ETH_P_AOE) && b.tag == h->tag && b.cmd == h->cmd);
		CHECK(b.verfl == (0x18 | (err ? 4 : 0)) && b.err == err);
	}

	/* header bytes double as MTU figures; addresses as a match */
	mtu_rules(get_unaligned_le32(data), get_unaligned_le32(data + 4),
		  data[8] | data[9] << 8);
	mtu_rules(get_unaligned_le16(data + 10), get_unaligned_le32(data + 12) & 0x3ffff,
		  data[20]);
	{
		u16 s = get_unaligned_be16(data + 16), ws = get_unaligned_be16(data + 20);
		u8 sl = data[18], wsl = data[22];

		CHECK(evb_aoe_addr_match(s, sl, ws, wsl) ==
		      ((ws == 0xffff || ws == s) && (wsl == 0xff || wsl == sl)));
		CHECK(evb_aoe_addr_match(s, sl, 0xffff, 0xff));
		CHECK(evb_aoe_addr_usable(s, sl) ==
		      (s != 0xffff && s != 0x0fff && sl != 0xff));
	}
	return 0;
}
