// SPDX-License-Identifier: GPL-2.0
/*
 * ovl.c, the copy-on-write map: the superblock and map-slot decoders on
 * any bytes (with the CRC made right half of the time, so the checks past
 * it are reached), their round trips through the encoders, the geometry's
 * bounds for any base size, and the planning of reads and writes and the
 * commit images on any map, each against a chunk-by-chunk model.
 */
#include "fuzz.h"
#include "ovl.h"

#define SLOT_WORDS	(EVB_OVL_PAGE_BITS / 64)

static u32 crc_of(const void *buf, size_t len, size_t crc_off)
{
	u8 *copy = malloc(len);
	u32 c;

	memcpy(copy, buf, len);
	memset(copy + crc_off, 0, 4);
	c = crc32c(~0U, copy, len);
	free(copy);
	return c;
}

static void check_geom(const struct evb_ovl_geom *g)
{
	u64 cb = 1ULL << g->chunk_shift;

	CHECK(g->base_bytes && g->base_bytes % 512 == 0);
	CHECK(g->chunk_shift >= 12 && g->chunk_shift <= 16);
	CHECK(g->nchunks && (unsigned __int128)g->nchunks * cb >= g->base_bytes &&
	      (unsigned __int128)(g->nchunks - 1) * cb < g->base_bytes);
	CHECK((unsigned __int128)g->bm_pages * EVB_OVL_PAGE_BITS >= g->nchunks &&
	      (u64)(g->bm_pages - 1) * EVB_OVL_PAGE_BITS < g->nchunks);
	CHECK(g->bm_off == EVB_OVL_BLOCK && g->data_off % SZ_1M == 0);
	CHECK(evb_ovl_slot_off(g, g->bm_pages - 1, 1) + EVB_OVL_BLOCK <= g->data_off);
	CHECK(g->file_size == g->data_off + g->base_bytes &&
	      g->file_size <= (u64)MAX_LFS_FILESIZE);
	CHECK(evb_ovl_page_nbits(g, g->bm_pages - 1) ==
	      g->nchunks - (u64)(g->bm_pages - 1) * EVB_OVL_PAGE_BITS);
	CHECK(evb_ovl_page_nbits(g, g->bm_pages) == 0);
}

static bool geom_eq(const struct evb_ovl_geom *a, const struct evb_ovl_geom *b)
{
	return a->base_bytes == b->base_bytes && a->chunk_shift == b->chunk_shift &&
	       a->nchunks == b->nchunks && a->bm_pages == b->bm_pages &&
	       a->bm_off == b->bm_off && a->data_off == b->data_off &&
	       a->file_size == b->file_size;
}

static bool sb_eq(const struct evb_ovl_sb *a, const struct evb_ovl_sb *b)
{
	return geom_eq(&a->geom, &b->geom) &&
	       !memcmp(a->overlay_id, b->overlay_id, EVB_OVL_ID_LEN) &&
	       a->base_id == b->base_id && a->created == b->created;
}

static void sb_mode(struct fz *f)
{
	u8 *buf = malloc(EVB_OVL_SB_SIZE), *again = malloc(EVB_OVL_SB_SIZE);
	struct evb_ovl_sb_disk *d = (void *)buf;
	struct evb_ovl_sb sb, sb2;
	const char *why = NULL;
	u8 how = fz_u8(f);
	int ret;

	fz_bytes(f, buf, EVB_OVL_SB_SIZE);
	if (how & 1)
		memcpy(d->magic, EVB_OVL_MAGIC, 8);
	if (how & 2) {
		struct evb_ovl_geom g;

		/* a consistent layout for the base size the bytes give */
		if (!evb_ovl_geom_init(&g, le64_to_cpu(d->base_bytes) & ~511ULL,
				       12 + how % 5)) {
			d->version = cpu_to_le32(1);
			d->sb_len = cpu_to_le32(512);
			d->incompat = how & 4 ? d->incompat : 0;
			d->chunk_shift = cpu_to_le32(g.chunk_shift);
			d->base_bytes = cpu_to_le64(g.base_bytes);
			d->nchunks = cpu_to_le64(g.nchunks);
			d->bm_pages = cpu_to_le32(g.bm_pages);
			d->bm_off = cpu_to_le64(g.bm_off);
			d->data_off = cpu_to_le64(g.data_off);
		}
	}
	if (how & 8)
		d->crc = cpu_to_le32(crc_of(buf, 512, offsetof(struct evb_ovl_sb_disk, crc)));

	ret = evb_ovl_sb_decode(&sb, buf, &why);
	CHECK(evb_ovl_blank(buf, how % 64) == !memchr_inv(buf, 0, how % 64));
	if (ret) {
		CHECK(why && (ret == -EINVAL || ret == -EBADMSG ||
			      ret == -EOPNOTSUPP || ret == -EUCLEAN));
	} else {
		CHECK(!memcmp(d->magic, EVB_OVL_MAGIC, 8));
		CHECK(le32_to_cpu(d->crc) == crc_of(buf, 512, offsetof(struct evb_ovl_sb_disk, crc)));
		check_geom(&sb.geom);
		CHECK(evb_ovl_tag(sb.overlay_id) == get_unaligned_le64(d->overlay_id));
		CHECK(!evb_ovl_blank(buf, EVB_OVL_SB_SIZE));
		evb_ovl_sb_encode(&sb, again);
		CHECK(!evb_ovl_sb_decode(&sb2, again, NULL));
		CHECK(sb_eq(&sb, &sb2));
		/* what the decoder read is what the encoder writes */
		CHECK(!memcmp(buf, again, offsetof(struct evb_ovl_sb_disk, compat)));
		CHECK(!memcmp(buf + 24, again + 24, offsetof(struct evb_ovl_sb_disk, reserved) - 24));
	}
	free(buf);
	free(again);
}

static void geom_mode(struct fz *f)
{
	struct evb_ovl_geom g;
	u64 base = fz_u64(f);
	unsigned int shift = fz_u8(f) % 20;
	int ret;

	if (fz_u8(f) & 1)
		base &= ~511ULL;
	ret = evb_ovl_geom_init(&g, base, shift);
	if (!base || base % 512 || shift < 12 || shift > 16) {
		CHECK(ret == -EINVAL);
	} else if (ret) {
		CHECK(ret == -EFBIG);
		CHECK(base > (1ULL << 58));	/* only near the largest file */
	} else {
		struct evb_ovl_sb sb, back;
		u8 *buf = malloc(EVB_OVL_SB_SIZE);

		check_geom(&g);
		memset(&sb, 0, sizeof(sb));
		sb.geom = g;
		fz_bytes(f, sb.overlay_id, EVB_OVL_ID_LEN);
		sb.base_id = fz_u64(f);
		sb.created = fz_u64(f);
		evb_ovl_sb_encode(&sb, buf);
		CHECK(!evb_ovl_sb_decode(&back, buf, NULL));
		CHECK(sb_eq(&sb, &back));
		/* any one byte changed: refused (the CRC covers everything) */
		{
			u16 at = fz_u16(f) % EVB_OVL_SB_SIZE;
			u8 x = fz_u8(f) | 1;

			buf[at] ^= x;
			CHECK(evb_ovl_sb_decode(&back, buf, NULL) != 0);
		}
		free(buf);
	}
}

static void slot_mode(struct fz *f)
{
	u8 how = fz_u8(f);
	unsigned int nbits = fz_u16(f) % (EVB_OVL_PAGE_BITS + 1);
	u32 page = fz_u8(f) % 3;
	u64 tag = fz_u8(f) % 3, seq = ~0ULL, seq2;
	size_t longs = BITS_TO_LONGS(EVB_OVL_PAGE_BITS);
	unsigned long *bits = calloc(longs, sizeof(long));
	unsigned long *back = calloc(longs, sizeof(long));
	u8 *a = malloc(EVB_OVL_BLOCK), *b = malloc(EVB_OVL_BLOCK);
	struct evb_ovl_slot_hdr *h = (void *)a;
	unsigned int i;
	int ret;

	if (how & 1)
		nbits = EVB_OVL_PAGE_BITS - fz_u8(f) % 130;
	fz_bytes(f, a, EVB_OVL_BLOCK);
	if (how & 2) {
		h->magic = cpu_to_le32(EVB_OVL_SLOT_MAGIC);
		h->page = cpu_to_le32(page);
		h->tag = cpu_to_le64(tag);
		/* no bit at or past nbits, or one just there */
		if (!(how & 4)) {
			u8 *w = a + EVB_OVL_SLOT_HDR;

			for (i = nbits; i < EVB_OVL_PAGE_BITS; i++)
				w[i / 8] &= ~(1 << (i % 8));
		}
	}
	if (how & 8)
		h->crc = cpu_to_le32(crc_of(a, EVB_OVL_BLOCK,
					    offsetof(struct evb_ovl_slot_hdr, crc)));
	ret = evb_ovl_slot_decode(a, tag, page, le64_to_cpu(h->seq) & 1, nbits, &seq, bits);
	if (!ret) {
		u8 *w = a + EVB_OVL_SLOT_HDR;

		CHECK(seq == le64_to_cpu(h->seq));
		/* a little-endian host: the bitmap's bytes are the slot's */
		CHECK(!memcmp(bits, w, nbits / 8));
		for (i = nbits / 8 * 8; i < nbits; i++)
			CHECK(test_bit(i, bits) == !!(w[i / 8] & (1 << (i % 8))));
		/* written back, the same slot (but its reserved field) */
		evb_ovl_slot_encode(b, tag, page, seq, bits, nbits);
		CHECK(!memcmp(a, b, 24) && !memcmp(a + 32, b + 32, EVB_OVL_BLOCK - 32));
		CHECK(!evb_ovl_slot_decode(b, tag, page, seq & 1, nbits, &seq2, back) &&
		      seq2 == seq);
		/* the other parity, page or tag: refused */
		CHECK(evb_ovl_slot_decode(b, tag, page, !(seq & 1), nbits, &seq2, back));
		CHECK(evb_ovl_slot_decode(b, tag, page + 1, seq & 1, nbits, &seq2, back));
		CHECK(evb_ovl_slot_decode(b, tag + 1, page, seq & 1, nbits, &seq2, back));
	} else {
		CHECK(ret == -EBADMSG && seq == ~0ULL);
	}

	/* two images into A and B: the valid one with the higher seq wins */
	{
		u64 sa = fz_u64(f) & ~1ULL, sb = fz_u64(f) | 1, s = 0;
		bool tear_a = fz_u8(f) & 3 ? false : true, tear_b = fz_u8(f) & 3 ? false : true;
		int want, got;

		for (i = 0; i < longs; i++)
			bits[i] = (unsigned long)fz_u64(f);
		evb_ovl_slot_encode(a, tag, page, sa, bits, nbits);
		for (i = 0; i < longs; i++)
			bits[i] = ~bits[i];
		evb_ovl_slot_encode(b, tag, page, sb, bits, nbits);
		if (tear_a)
			a[EVB_OVL_SLOT_HDR + fz_u16(f) % (EVB_OVL_BLOCK - 32)] ^= 0x10;
		if (tear_b)
			b[fz_u16(f) % EVB_OVL_BLOCK] ^= 0x01;
		tear_a = evb_ovl_slot_decode(a, tag, page, 0, nbits, &s, back) != 0;
		tear_b = evb_ovl_slot_decode(b, tag, page, 1, nbits, &s, back) != 0;
		want = tear_a && tear_b ? -EBADMSG : tear_a ? 1 : tear_b ? 0 : sb > sa;
		got = evb_ovl_page_choose(a, b, tag, page, nbits, &s, back);
		CHECK(got == want);
		if (got >= 0) {
			CHECK(s == (got ? sb : sa));
			for (i = 0; i < nbits; i++)
				CHECK(test_bit(i, back) == (test_bit(i, bits) == got));
		}
	}
	free(bits);
	free(back);
	free(a);
	free(b);
}

/* The map on a small disk; reads and writes against the chunk model. */
static void map_mode(struct fz *f)
{
	struct evb_ovl_geom g;
	u64 base = (1 + fz_u32(f) % (1U << 18)) * 512ULL;	/* to 128 MiB */
	unsigned int shift = 12 + fz_u8(f) % 5, round;
	unsigned long *map, *durable, *pending, *img;
	size_t longs;
	u64 i, set = 0;

	if (fz_u8(f) & 1)
		base = (EVB_OVL_PAGE_BITS + fz_u8(f) % 3 - 1) * (1ULL << shift) - 512 * (fz_u8(f) % 4);
	CHECK(!evb_ovl_geom_init(&g, base, shift));
	check_geom(&g);
	longs = BITS_TO_LONGS(g.nchunks);
	map = malloc(longs * sizeof(long));
	durable = malloc(longs * sizeof(long));
	pending = malloc(longs * sizeof(long));
	img = malloc(BITS_TO_LONGS(EVB_OVL_PAGE_BITS) * sizeof(long));
	{
		u8 fill = fz_u8(f);

		for (i = 0; i < longs; i++) {
			map[i] = fill & 1 ? (unsigned long)fz_u64(f) : fill & 2 ? ~0UL : 0;
			durable[i] = fz_u8(f) & 1 ? ~0UL : (unsigned long)fz_u64(f);
			pending[i] = (unsigned long)fz_u64(f);
			if (i > 8 && !fz_left(f))
				break;
		}
		for (; i < longs; i++)
			map[i] = durable[i] = pending[i] = 0;
	}

	for (round = 0; round < 16 && fz_left(f); round++) {
		u64 pos = (fz_u64(f) % (base / 512)) * 512;
		u64 room = base - pos;
		/* mostly what one frame carries, sometimes far more */
		u64 most = fz_u8(f) & 1 ? 1ULL << 16 : 255;
		u32 len = (1 + fz_u32(f) % (u32)min(room / 512, most)) * 512;
		u64 c0 = pos >> shift, c1 = (pos + len - 1) >> shift, c;
		struct evb_ovl_span s;
		enum evb_ovl_route r;
		unsigned int nnew = 0, nset = 0;
		bool ov;
		u32 run;

		for (c = c0; c <= c1; c++) {
			nset += test_bit(c, map);
			nnew += !test_bit(c, map);
		}
		r = evb_ovl_route(&g, map, pos, len);
		CHECK(r == (!nnew ? EVB_OVL_OVERLAY : !nset ? EVB_OVL_BASE : EVB_OVL_MIXED));

		run = evb_ovl_run(&g, map, pos, len, &ov);
		CHECK(ov == test_bit(c0, map) && run > 0 && run <= len);
		for (c = c0; c <= c1 && (c << shift) < pos + run; c++)
			CHECK(test_bit(c, map) == ov);
		if (run < len)
			CHECK(test_bit((pos + run) >> shift, map) != ov &&
			      (pos + run) % (1ULL << shift) == 0);

		evb_ovl_plan_write(&g, map, pos, len, &s);
		CHECK(s.c0 == c0 && s.c1 == c1 && s.nnew == nnew);
		CHECK(s.wpos + s.head == pos && s.wlen == (u64)s.head + len + s.tail);
		CHECK(s.wpos + s.wlen <= base);
		CHECK(s.head == (test_bit(c0, map) ? 0 : pos - (c0 << shift)));
		CHECK(s.tail == (test_bit(c1, map) ? 0 :
				 min((c1 + 1) << shift, base) - (pos + len)));
		/* the write covers each new chunk whole (to the disk's end) */
		for (c = c0; c <= c1; c++)
			if (!test_bit(c, map))
				CHECK(s.wpos <= (c << shift) &&
				      s.wpos + s.wlen >= min((c + 1) << shift, base));
		/* the write done: its chunks in the map */
		if (fz_u8(f) & 1)
			for (c = c0; c <= c1; c++)
				__set_bit(c, map);
	}

	for (i = 0; i < g.nchunks; i++)
		set += test_bit(i, map);
	{
		u64 used = evb_ovl_used_bytes(&g, set, test_bit(g.nchunks - 1, map));

		CHECK(used <= base && (set != g.nchunks || used == base));
		CHECK(used >= (set ? (set - 1) << shift : 0));
	}

	/* commit images of every page, against the bits */
	for (round = 0; round < g.bm_pages; round++) {
		unsigned int nbits = evb_ovl_page_nbits(&g, round), k;
		u64 first = (u64)round * EVB_OVL_PAGE_BITS;
		unsigned long *pcopy = malloc(longs * sizeof(long));

		memcpy(pcopy, pending, longs * sizeof(long));
		evb_ovl_page_image(&g, round, durable, pending, img);
		/* a word at a time: the page starts on a word */
		for (k = 0; k < BITS_TO_LONGS(EVB_OVL_PAGE_BITS); k++) {
			size_t w = first / BITS_PER_LONG + k;
			unsigned long want = 0;

			if (k * BITS_PER_LONG < nbits) {
				want = durable[w] | pcopy[w];
				if (nbits - k * BITS_PER_LONG < BITS_PER_LONG)
					want &= (1UL << (nbits - k * BITS_PER_LONG)) - 1;
			}
			CHECK(img[k] == want);
		}
		/* the page's pending bits cleared, its neighbours' kept */
		for (i = first > 64 ? first - 64 : 0; i < min(first + nbits + 64, g.nchunks); i++)
			CHECK(test_bit(i, pending) ==
			      (i >= first && i < first + nbits ? false : test_bit(i, pcopy)));
		free(pcopy);
	}
	free(map);
	free(durable);
	free(pending);
	free(img);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };

	switch (fz_u8(&f) % 4) {
	case 0: sb_mode(&f); break;
	case 1: geom_mode(&f); break;
	case 2: slot_mode(&f); break;
	default: map_mode(&f); break;
	}
	return 0;
}
