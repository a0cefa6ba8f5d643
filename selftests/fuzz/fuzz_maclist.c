// SPDX-License-Identifier: GPL-2.0
/*
 * maclist.c: a sequence of MAC Mask List and Reserve/Release requests on a
 * blade's two lists, directives and MACs in allocations of exactly the
 * bytes the frame holds (as rx.c passes them), each checked against a plain
 * model; and the decisions (mask hides, reservation blocks) on the result.
 * MACs come from a small alphabet so that repeats and full lists happen.
 */
#include "fuzz.h"
#include "maclist.h"

struct model {
	unsigned int n;
	u8 mac[EVB_MACLIST_MAX][ETH_ALEN];
};

static int m_find(const struct model *m, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (!memcmp(m->mac[i], mac, ETH_ALEN))
			return i;
	return -1;
}

static void mac_of(u8 *mac, u8 b)
{
	/* 0..127: 96 distinct addresses; 128..255: the byte repeated */
	if (b < 128) {
		static const u8 base[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

		memcpy(mac, base, ETH_ALEN);
		mac[4] = b % 3;
		mac[5] = b % 96;
	} else {
		memset(mac, b, ETH_ALEN);
	}
}

static void same(const struct evb_maclist *l, const struct model *m)
{
	unsigned int i, j;

	CHECK(l->n == m->n && l->n <= EVB_MACLIST_MAX);
	CHECK(!memcmp(l->mac, m->mac, l->n * ETH_ALEN));
	for (i = 0; i < l->n; i++)
		for (j = 0; j < i; j++)
			CHECK(memcmp(l->mac[i], l->mac[j], ETH_ALEN));
}

static bool m_has_any(const struct model *m, const u8 s[][ETH_ALEN], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (m_find(m, s[i]) >= 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct evb_maclist *mask = calloc(1, sizeof(*mask));
	struct evb_maclist *rsv = calloc(1, sizeof(*rsv));
	struct model mm = { 0 }, rm = { 0 };
	int rounds = 0;

	while (fz_left(&f) && rounds++ < 32) {
		u8 op = fz_u8(&f), aoe_err = 0xee;
		u8 sender[8][ETH_ALEN];
		unsigned int nsender = 1 + fz_u8(&f) % 8, i;
		bool raw = op & 0x80;

		for (i = 0; i < nsender; i++)
			mac_of(sender[i], fz_u8(&f));

		if (op & 1) {
			/* mask list: header, then avail bytes of directives */
			struct aoe_mask_hdr mh = { 0 };
			struct evb_mask_result res;
			unsigned int dircnt = fz_u8(&f), avail, k;
			enum evb_list_verdict v;
			u8 *dirs;
			struct model before = mm;

			mh.mcmd = fz_u8(&f) % (raw ? 256 : 2);
			mh.dircnt = dircnt;
			avail = raw ? fz_u16(&f) % 2100 : dircnt * 8 + fz_u8(&f) % 4;
			dirs = malloc(avail ? avail : 1);
			for (k = 0; k < avail; k++)
				dirs[k] = raw ? fz_u8(&f) : 0;
			if (!raw) {
				for (k = 0; k < dircnt && k * 8 + 8 <= avail; k++) {
					dirs[k * 8 + 1] = fz_u8(&f) % 4;
					mac_of(dirs + k * 8 + 2, fz_u8(&f));
				}
			}
			v = evb_mask_process(mask, &mh, (const void *)dirs, avail, &res, &aoe_err);
			if (mh.mcmd == AOE_MCMD_READ) {
				CHECK(v == EVB_LIST_REPLY && !res.changed && !res.merror && !res.dircnt);
			} else if (mh.mcmd != AOE_MCMD_EDIT || dircnt * 8 > avail) {
				CHECK(v == EVB_LIST_ERROR && aoe_err == AOE_ERR_BADARG);
			} else {
				u8 merr = 0;
				bool applied = false;

				CHECK(v == EVB_LIST_REPLY);
				for (k = 0; k < dircnt; k++) {
					const u8 *d = dirs + k * 8;
					int at = m_find(&mm, d + 2);

					if (d[1] == AOE_DCMD_NOP)
						continue;
					if (d[1] == AOE_DCMD_ADD) {
						if (at >= 0)
							continue;
						if (mm.n == EVB_MACLIST_MAX) {
							merr = AOE_MERR_FULL;
							break;
						}
						memcpy(mm.mac[mm.n++], d + 2, ETH_ALEN);
						applied = true;
					} else if (d[1] == AOE_DCMD_DEL) {
						if (at < 0)
							continue;
						memmove(mm.mac[at], mm.mac[at + 1],
							(mm.n - at - 1) * ETH_ALEN);
						mm.n--;
						applied = true;
					} else {
						merr = AOE_MERR_BADDIR;
						break;
					}
				}
				CHECK(res.merror == merr);
				CHECK(res.dircnt == (merr ? k : 0));
				CHECK(res.changed == applied);
				if (!res.changed)
					CHECK(before.n == mm.n &&
					      !memcmp(before.mac, mm.mac, mm.n * ETH_ALEN));
			}
			same(mask, &mm);
			free(dirs);
		} else {
			/* reserve: RCmd, NMacs, then avail bytes of MACs */
			u8 rcmd = fz_u8(&f) % (raw ? 256 : 3);
			unsigned int nmacs = raw ? fz_u8(&f) : fz_u8(&f) % 70, avail, k;
			enum evb_list_verdict v;
			bool changed = true;
			u8 *macs;

			avail = raw ? fz_u16(&f) % 1600 : nmacs * 6 + fz_u8(&f) % 3;
			macs = malloc(avail ? avail : 1);
			for (k = 0; k + 6 <= avail; k += 6)
				mac_of(macs + k, fz_u8(&f));
			for (; k < avail; k++)
				macs[k] = 0;
			v = evb_rsv_process(rsv, rcmd, macs, nmacs, avail, sender, nsender,
					    &changed, &aoe_err);
			if (rcmd == AOE_RCMD_READ) {
				CHECK(v == EVB_LIST_REPLY && !changed);
			} else if ((rcmd != AOE_RCMD_SET && rcmd != AOE_RCMD_FSET) ||
				   nmacs * 6 > avail || nmacs > EVB_MACLIST_MAX) {
				CHECK(v == EVB_LIST_ERROR && aoe_err == AOE_ERR_BADARG && !changed);
			} else if (rcmd == AOE_RCMD_SET && rm.n &&
				   !m_has_any(&rm, sender, nsender)) {
				CHECK(v == EVB_LIST_ERROR && aoe_err == AOE_ERR_RESERVED && !changed);
			} else {
				struct model before = rm;

				CHECK(v == EVB_LIST_REPLY);
				rm.n = 0;
				for (k = 0; k < nmacs; k++)
					if (m_find(&rm, macs + k * 6) < 0)
						memcpy(rm.mac[rm.n++], macs + k * 6, 6);
				CHECK(changed == (before.n != rm.n ||
						  memcmp(before.mac, rm.mac, rm.n * 6)));
			}
			same(rsv, &rm);
			free(macs);
		}

		/* the decisions on the lists as they are now */
		{
			enum evb_ata_op op = fz_u8(&f) % 6;
			bool hides = mm.n && !m_has_any(&mm, sender, nsender);
			bool blocks = rm.n && op != EVB_OP_IDENTIFY &&
				      op != EVB_OP_CHECK_POWER &&
				      !m_has_any(&rm, sender, nsender);

			CHECK(evb_mask_hides(mask, sender, nsender) == hides);
			CHECK(evb_rsv_blocks(rsv, sender, nsender, op) == blocks);
			CHECK(!evb_mask_hides(NULL, sender, nsender));
			CHECK(!evb_rsv_blocks(NULL, sender, nsender, op));
			CHECK(evb_maclist_has(mask, sender[0]) == (m_find(&mm, sender[0]) >= 0));
		}
	}
	free(mask);
	free(rsv);
	return 0;
}
