// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_ovl: the copy-on-write overlay's geometry, its
 * superblock and map slots on disk (every way decoding refuses them, torn
 * slot writes), the planning of writes and reads against a map, the group
 * commit, and a crash model: random schedules of first writes and commits,
 * crashed at every step, never lose an acknowledged chunk nor show one
 * whose data never reached the disk.  Built into evblade.ko only with
 * EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "compat/compat-crc.h"
#include "ovl.h"

#define PB		EVB_OVL_PAGE_BITS
#define KIB		1024ULL
#define MIB		(1024 * KIB)

static const u8 ovl_id[EVB_OVL_ID_LEN] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

#define TAG1		0x1716151413121110ULL
#define TAG2		0x2716151413121110ULL

static void geom(struct kunit *test, struct evb_ovl_geom *g, u64 base,
		 unsigned int shift)
{
	KUNIT_ASSERT_EQ_MSG(test, evb_ovl_geom_init(g, base, shift), 0,
			    "base %llu shift %u", base, shift);
}

static unsigned long *bitmap(struct kunit *test, unsigned long nbits)
{
	unsigned long *b = kunit_kcalloc(test, BITS_TO_LONGS(nbits),
					 sizeof(long), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	return b;
}

static void *block(struct kunit *test, size_t size)
{
	void *buf = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	return buf;
}

/* The CRC the format uses: the same function as ovl.c, pinned below. */
static u32 test_crc(const void *buf, size_t len, size_t crc_off)
{
	u8 *copy = kmemdup(buf, len, GFP_KERNEL);
	u32 crc;

	if (!copy)
		return 0;
	memset(copy + crc_off, 0, 4);
	crc = crc32c(~0U, copy, len);
	kfree(copy);
	return crc;
}

/* Rewrite a superblock's CRC after a test changed a field. */
static void sb_recrc(struct evb_ovl_sb_disk *d)
{
	d->crc = cpu_to_le32(test_crc(d, sizeof(*d),
				      offsetof(struct evb_ovl_sb_disk, crc)));
}

static void slot_recrc(void *buf)
{
	struct evb_ovl_slot_hdr *h = buf;

	h->crc = cpu_to_le32(test_crc(buf, EVB_OVL_BLOCK,
				      offsetof(struct evb_ovl_slot_hdr, crc)));
}

/* The CRC is CRC32C seeded with ~0, not inverted: the check value's complement. */
static void ovl_crc_is_crc32c(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, crc32c(~0U, "123456789", 9), 0x1cf96d7cU);
}

static void ovl_geom_edges(struct kunit *test)
{
	struct evb_ovl_geom g;

	/* the smallest disk: one sector, one partial chunk */
	geom(test, &g, 512, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.nchunks, 1ULL);
	KUNIT_EXPECT_EQ(test, g.bm_pages, 1U);
	KUNIT_EXPECT_EQ(test, g.bm_off, 4096ULL);
	KUNIT_EXPECT_EQ(test, g.data_off, MIB);
	KUNIT_EXPECT_EQ(test, g.file_size, MIB + 512);
	KUNIT_EXPECT_EQ(test, evb_ovl_chunk_bytes(&g), 4096ULL);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 0), 1U);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 1), 0U);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_off(&g, 0, 0), 4096ULL);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_off(&g, 0, 1), 8192ULL);

	/* not a multiple of the chunk: the last chunk is partial */
	geom(test, &g, 10 * 4096 + 1536, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.nchunks, 11ULL);
	KUNIT_EXPECT_EQ(test, g.file_size, MIB + 10 * 4096 + 1536);

	/* exactly one page of chunks, then one sector more */
	geom(test, &g, (u64)PB * 4096, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.nchunks, (u64)PB);
	KUNIT_EXPECT_EQ(test, g.bm_pages, 1U);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 0), (unsigned int)PB);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 1), 0U);
	geom(test, &g, (u64)PB * 4096 + 512, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.nchunks, (u64)PB + 1);
	KUNIT_EXPECT_EQ(test, g.bm_pages, 2U);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 0), (unsigned int)PB);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 1), 1U);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 2), 0U);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_off(&g, 1, 0), 4096ULL * 3);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_off(&g, 1, 1), 4096ULL * 4);
	KUNIT_EXPECT_EQ(test, g.data_off, MIB);

	/* 64 KiB chunks */
	geom(test, &g, 1024 * MIB, EVB_OVL_CHUNK_SHIFT_MAX);
	KUNIT_EXPECT_EQ(test, g.nchunks, 16384ULL);
	KUNIT_EXPECT_EQ(test, g.bm_pages, 1U);
	KUNIT_EXPECT_EQ(test, evb_ovl_chunk_bytes(&g), 65536ULL);

	/* 1 TiB: a map of 8257 pages, 64.5 MiB, and the data at the next MiB */
	geom(test, &g, 1024 * 1024 * MIB, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.nchunks, 1ULL << 28);
	KUNIT_EXPECT_EQ(test, g.bm_pages, 8257U);
	KUNIT_EXPECT_EQ(test, g.data_off, 65 * MIB);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_nbits(&g, 8256), (1U << 28) - 8256U * PB);

	/* the largest map: U32_MAX pages */
	geom(test, &g, (u64)U32_MAX * PB * 4096, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, g.bm_pages, U32_MAX);
	KUNIT_EXPECT_EQ(test, g.data_off % (1 << 20), 0ULL);
	KUNIT_EXPECT_GE(test, g.data_off, 4096 + 2ULL * U32_MAX * 4096);
	KUNIT_EXPECT_EQ(test, evb_ovl_geom_init(&g, (u64)U32_MAX * PB * 4096 + 512,
						EVB_OVL_CHUNK_SHIFT), -EFBIG);
}

static void ovl_geom_invalid(struct kunit *test)
{
	static const struct { u64 base; unsigned int shift; int err; } cases[] = {
		{ 0, 12, -EINVAL },
		{ 511, 12, -EINVAL },
		{ 513, 12, -EINVAL },
		{ 4096 + 1, 12, -EINVAL },
		{ 4096, 11, -EINVAL },
		{ 4096, 17, -EINVAL },
		{ 4096, 0, -EINVAL },
		{ 4096, 64, -EINVAL },
		{ U64_MAX & ~511ULL, 12, -EFBIG },
		{ U64_MAX & ~511ULL, 16, -EFBIG },
		{ 1ULL << 63, 16, -EFBIG },
	};
	struct evb_ovl_geom g;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, evb_ovl_geom_init(&g, cases[i].base, cases[i].shift),
				    cases[i].err, "base %llu shift %u", cases[i].base,
				    cases[i].shift);
}

static void ovl_tag_blank(struct kunit *test)
{
	u8 *buf = block(test, EVB_OVL_SB_SIZE);

	KUNIT_EXPECT_EQ(test, evb_ovl_tag(ovl_id), TAG1);
	KUNIT_EXPECT_TRUE(test, evb_ovl_blank(buf, EVB_OVL_SB_SIZE));
	buf[EVB_OVL_SB_SIZE - 1] = 1;
	KUNIT_EXPECT_FALSE(test, evb_ovl_blank(buf, EVB_OVL_SB_SIZE));
	KUNIT_EXPECT_TRUE(test, evb_ovl_blank(buf, EVB_OVL_SB_SIZE - 1));
	buf[0] = 0x80;
	KUNIT_EXPECT_FALSE(test, evb_ovl_blank(buf, 1));
}

static void sb_fill(struct kunit *test, struct evb_ovl_sb *sb)
{
	memset(sb, 0, sizeof(*sb));
	geom(test, &sb->geom, 10 * MIB + 512, EVB_OVL_CHUNK_SHIFT);
	memcpy(sb->overlay_id, ovl_id, sizeof(ovl_id));
	sb->base_id = 0x0123456789abcdefULL;
	sb->created = 1700000000;
}

/* Round trip, and the bytes on disk: the format is an ABI. */
static void ovl_sb_round_trip(struct kunit *test)
{
	struct evb_ovl_sb_disk *d = block(test, EVB_OVL_SB_SIZE);
	struct evb_ovl_sb sb, out;
	const char *why = "untouched";
	u8 *raw = (u8 *)d;

	sb_fill(test, &sb);
	memset(d, 0xa5, EVB_OVL_SB_SIZE);
	evb_ovl_sb_encode(&sb, d);
	KUNIT_EXPECT_EQ(test, memcmp(raw, "EVBLOVL\0", 8), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(raw + 8), 1U);		/* version */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(raw + 12), 512U);	/* sb_len */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(raw + 24), 12U);	/* chunk_shift */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(raw + 28), 1U);	/* bm_pages */
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 32), 10 * MIB + 512); /* base */
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 40), 2561ULL);	/* nchunks */
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 48), 4096ULL);	/* bm_off */
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 56), MIB);	/* data_off */
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 80), sb.base_id);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(raw + 88), sb.created);
	KUNIT_EXPECT_EQ(test, memcmp(raw + 64, ovl_id, sizeof(ovl_id)), 0);
	KUNIT_EXPECT_TRUE(test, evb_ovl_blank(d->reserved, sizeof(d->reserved)));
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(raw + 508), 0xed819852U);

	memset(&out, 0xff, sizeof(out));
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, &why), 0);
	KUNIT_EXPECT_STREQ(test, why, "untouched");
	KUNIT_EXPECT_EQ(test, out.geom.base_bytes, sb.geom.base_bytes);
	KUNIT_EXPECT_EQ(test, out.geom.chunk_shift, sb.geom.chunk_shift);
	KUNIT_EXPECT_EQ(test, out.geom.nchunks, sb.geom.nchunks);
	KUNIT_EXPECT_EQ(test, out.geom.bm_pages, sb.geom.bm_pages);
	KUNIT_EXPECT_EQ(test, out.geom.bm_off, sb.geom.bm_off);
	KUNIT_EXPECT_EQ(test, out.geom.data_off, sb.geom.data_off);
	KUNIT_EXPECT_EQ(test, out.geom.file_size, MIB + 10 * MIB + 512);
	KUNIT_EXPECT_EQ(test, memcmp(out.overlay_id, ovl_id, sizeof(ovl_id)), 0);
	KUNIT_EXPECT_EQ(test, out.base_id, sb.base_id);
	KUNIT_EXPECT_EQ(test, out.created, sb.created);
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, NULL), 0);

	/* compat flags and reserved bytes are for later versions: ignored */
	d->compat = cpu_to_le32(0x80000001);
	d->reserved[0] = 1;
	sb_recrc(d);
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, NULL), 0);
}

struct sb_case {
	const char *name;
	void (*edit)(struct evb_ovl_sb_disk *d);
	int err;
	const char *word;
};

static void sb_version_0(struct evb_ovl_sb_disk *d) { d->version = cpu_to_le32(0); }
static void sb_version_2(struct evb_ovl_sb_disk *d) { d->version = cpu_to_le32(2); }
static void sb_version_big(struct evb_ovl_sb_disk *d) { d->version = cpu_to_le32(1000); }
static void sb_incompat(struct evb_ovl_sb_disk *d) { d->incompat = cpu_to_le32(1); }
static void sb_incompat_hi(struct evb_ovl_sb_disk *d) { d->incompat = cpu_to_le32(1U << 31); }
static void sb_len(struct evb_ovl_sb_disk *d) { d->sb_len = cpu_to_le32(511); }
static void sb_shift_lo(struct evb_ovl_sb_disk *d) { d->chunk_shift = cpu_to_le32(11); }
static void sb_shift_hi(struct evb_ovl_sb_disk *d) { d->chunk_shift = cpu_to_le32(17); }
static void sb_nchunks(struct evb_ovl_sb_disk *d) { le64_add_cpu(&d->nchunks, 1); }
static void sb_pages(struct evb_ovl_sb_disk *d) { le32_add_cpu(&d->bm_pages, 1); }
static void sb_bm_off(struct evb_ovl_sb_disk *d) { d->bm_off = cpu_to_le64(8192); }
static void sb_data_off(struct evb_ovl_sb_disk *d) { le64_add_cpu(&d->data_off, MIB); }
static void sb_base_0(struct evb_ovl_sb_disk *d) { d->base_bytes = cpu_to_le64(0); }
static void sb_base_odd(struct evb_ovl_sb_disk *d) { le64_add_cpu(&d->base_bytes, 1); }
/* a whole chunk more: nchunks no longer matches */
static void sb_base_more(struct evb_ovl_sb_disk *d) { le64_add_cpu(&d->base_bytes, 4096); }
/* another chunk size, the rest kept: the layout no longer matches */
static void sb_shift_other(struct evb_ovl_sb_disk *d) { d->chunk_shift = cpu_to_le32(13); }

/* Every refusal, in the order of the checks, with a reason an admin can use. */
static void ovl_sb_decode_errors(struct kunit *test)
{
	static const struct sb_case cases[] = {
		{ "version 0", sb_version_0, -EOPNOTSUPP, "version 0;" },
		{ "version 2", sb_version_2, -EOPNOTSUPP, "version 2;" },
		{ "version 1000", sb_version_big, -EOPNOTSUPP, "unknown format version" },
		{ "incompat", sb_incompat, -EOPNOTSUPP, "incompat" },
		{ "incompat 31", sb_incompat_hi, -EOPNOTSUPP, "incompat" },
		{ "sb_len", sb_len, -EOPNOTSUPP, "length" },
		{ "shift 11", sb_shift_lo, -EOPNOTSUPP, "chunk size" },
		{ "shift 17", sb_shift_hi, -EOPNOTSUPP, "chunk size" },
		{ "nchunks", sb_nchunks, -EUCLEAN, "inconsistent" },
		{ "bm_pages", sb_pages, -EUCLEAN, "inconsistent" },
		{ "bm_off", sb_bm_off, -EUCLEAN, "inconsistent" },
		{ "data_off", sb_data_off, -EUCLEAN, "inconsistent" },
		{ "base 0", sb_base_0, -EUCLEAN, "inconsistent" },
		{ "base odd", sb_base_odd, -EUCLEAN, "inconsistent" },
		{ "base +4096", sb_base_more, -EUCLEAN, "inconsistent" },
		{ "shift 13", sb_shift_other, -EUCLEAN, "inconsistent" },
	};
	struct evb_ovl_sb_disk *d = block(test, EVB_OVL_SB_SIZE);
	struct evb_ovl_sb sb, out;
	const char *why;
	int i;

	sb_fill(test, &sb);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		evb_ovl_sb_encode(&sb, d);
		cases[i].edit(d);
		sb_recrc(d);
		why = NULL;
		KUNIT_EXPECT_EQ_MSG(test, evb_ovl_sb_decode(&out, d, &why), cases[i].err,
				    "%s", cases[i].name);
		KUNIT_ASSERT_NOT_NULL_MSG(test, why, "%s", cases[i].name);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, cases[i].word),
					  "%s: \"%s\" lacks \"%s\"", cases[i].name, why,
					  cases[i].word);
		/* the same without a reason asked for */
		KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, NULL), cases[i].err);
	}
}

/* Not an overlay, and a damaged one: checked before anything else. */
static void ovl_sb_decode_damaged(struct kunit *test)
{
	struct evb_ovl_sb_disk *d = block(test, EVB_OVL_SB_SIZE);
	struct evb_ovl_sb sb, out;
	const char *why = NULL;
	u8 *raw = (u8 *)d;
	int i;

	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "not an evblade overlay");

	sb_fill(test, &sb);
	evb_ovl_sb_encode(&sb, d);
	raw[7] = 'X';
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "not an evblade overlay");

	/* a flipped bit anywhere past the magic, the CRC included */
	for (i = 8; i < EVB_OVL_SB_SIZE; i += 13) {
		evb_ovl_sb_encode(&sb, d);
		raw[i] ^= 1 << (i % 8);
		why = NULL;
		KUNIT_EXPECT_EQ_MSG(test, evb_ovl_sb_decode(&out, d, &why), -EBADMSG,
				    "byte %d", i);
		KUNIT_EXPECT_STREQ(test, why, "the overlay's superblock is damaged (checksum)");
	}
	evb_ovl_sb_encode(&sb, d);
	raw[EVB_OVL_SB_SIZE - 1] ^= 0x80;
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, NULL), -EBADMSG);
	/* a version 2 superblock with a bad CRC is damaged, not unknown */
	evb_ovl_sb_encode(&sb, d);
	d->version = cpu_to_le32(2);
	KUNIT_EXPECT_EQ(test, evb_ovl_sb_decode(&out, d, NULL), -EBADMSG);
}

/* Bits @set of a bitmap of @nbits bits, the rest clear. */
static unsigned long *bits_of(struct kunit *test, unsigned int nbits,
			      const unsigned int *set, int n)
{
	unsigned long *b = bitmap(test, max(nbits, 1U));
	int i;

	for (i = 0; i < n; i++)
		__set_bit(set[i], b);
	return b;
}

static void ovl_slot_round_trip(struct kunit *test)
{
	static const unsigned int nbits[] = { PB, PB - 1, 1000, 129, 128, 100, 65, 64, 1, 0 };
	unsigned long *in = bitmap(test, PB + 64), *out = bitmap(test, PB);
	u8 *buf = block(test, EVB_OVL_BLOCK);
	unsigned int i, n, b;
	u64 seq;

	for (i = 0; i < ARRAY_SIZE(nbits); i++) {
		n = nbits[i];
		bitmap_zero(in, PB + 64);
		/* a pattern, and bits past @n that must not be stored */
		for (b = 0; b < n; b += 1 + b % 7)
			__set_bit(b, in);
		if (n)
			__set_bit(n - 1, in);
		bitmap_set(in, n, 64);
		memset(buf, 0xa5, EVB_OVL_BLOCK);
		evb_ovl_slot_encode(buf, TAG1, 3, 2 * i + 10, in, n);
		bitmap_fill(out, PB);
		seq = 0;
		KUNIT_ASSERT_EQ_MSG(test, evb_ovl_slot_decode(buf, TAG1, 3, 0, n, &seq, out), 0,
				    "nbits %u", n);
		KUNIT_EXPECT_EQ(test, seq, 2ULL * i + 10);
		KUNIT_EXPECT_TRUE_MSG(test, n == 0 || bitmap_equal(in, out, n), "nbits %u", n);
		/* odd numbers go to slot B */
		evb_ovl_slot_encode(buf, TAG1, 3, 2 * i + 11, in, n);
		KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 3, 1, n, &seq, out), 0);
		KUNIT_EXPECT_EQ(test, seq, 2ULL * i + 11);
	}
}

/* The bytes of a slot: bit i of the page is bit i % 64 of le64 word i / 64. */
static void ovl_slot_layout(struct kunit *test)
{
	static const unsigned int set[] = { 0, 9, 64, 99 };
	unsigned long *in = bits_of(test, 100, set, ARRAY_SIZE(set));
	u8 *buf = block(test, EVB_OVL_BLOCK);

	evb_ovl_slot_encode(buf, TAG1, 2, 7, in, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf), 0x4d425645U);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "EVBM", 4), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 4), 2U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 8), 7ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 16), TAG1);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 28), 0U);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 32), 0x201ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf + 40), (1ULL << 35) | 1);
	KUNIT_EXPECT_TRUE(test, evb_ovl_blank(buf + 48, EVB_OVL_BLOCK - 48));
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf + 24), 0x3f4f672fU);
}

static void expect_slot_bad(struct kunit *test, const void *buf, u64 tag,
			    u32 page, unsigned int slot, unsigned int nbits,
			    const char *what)
{
	unsigned long *out = bitmap(test, PB);
	u64 seq = 0xdead;

	bitmap_fill(out, PB);
	KUNIT_EXPECT_EQ_MSG(test, evb_ovl_slot_decode(buf, tag, page, slot, nbits, &seq, out),
			    -EBADMSG, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, seq, 0xdeadULL, "%s", what);
	KUNIT_EXPECT_TRUE_MSG(test, bitmap_full(out, PB), "%s", what);
}

static void ovl_slot_decode_rejects(struct kunit *test)
{
	static const unsigned int set[] = { 0, 31, 99, 150 };
	unsigned long *in = bits_of(test, 200, set, ARRAY_SIZE(set));
	unsigned long *out = bitmap(test, PB);
	u8 *buf = block(test, EVB_OVL_BLOCK);
	u64 seq;
	int i;

	evb_ovl_slot_encode(buf, TAG1, 5, 4, in, 100);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 0, 100, &seq, out), 0);
	expect_slot_bad(test, buf, TAG1, 4, 0, 100, "page 4");
	expect_slot_bad(test, buf, TAG1, 6, 0, 100, "page 6");
	expect_slot_bad(test, buf, TAG2, 5, 0, 100, "tag");
	expect_slot_bad(test, buf, TAG1, 5, 1, 100, "even seq in slot B");
	/* bit 99 set: a disk of 99 chunks never sets it */
	expect_slot_bad(test, buf, TAG1, 5, 0, 99, "bit 99 of 99");
	expect_slot_bad(test, buf, TAG1, 5, 0, 64, "bit 99 of 64");
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 0, 101, &seq, out), 0);
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 0, PB, &seq, out), 0);

	/* a bit in a later word than the last */
	evb_ovl_slot_encode(buf, TAG1, 5, 4, in, 200);
	expect_slot_bad(test, buf, TAG1, 5, 0, 128, "bit 150 of 128");
	expect_slot_bad(test, buf, TAG1, 5, 0, 100, "bit 150 of 100");
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 0, 151, &seq, out), 0);

	evb_ovl_slot_encode(buf, TAG1, 5, 5, in, 100);
	expect_slot_bad(test, buf, TAG1, 5, 0, 100, "odd seq in slot A");
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 1, 100, &seq, out), 0);

	/* a flipped bit anywhere: header, bits, zero tail, CRC */
	for (i = 0; i < EVB_OVL_BLOCK; i += 97) {
		evb_ovl_slot_encode(buf, TAG1, 5, 5, in, 100);
		buf[i] ^= 1 << (i % 8);
		expect_slot_bad(test, buf, TAG1, 5, 1, PB, "flipped bit");
	}
	/* a bad magic, with a right CRC */
	evb_ovl_slot_encode(buf, TAG1, 5, 5, in, 100);
	buf[0] ^= 1;
	slot_recrc(buf);
	expect_slot_bad(test, buf, TAG1, 5, 1, 100, "magic");
	/* a right CRC does not make a bit past the disk's end valid */
	evb_ovl_slot_encode(buf, TAG1, 5, 5, in, 100);
	buf[EVB_OVL_BLOCK - 1] = 1;
	slot_recrc(buf);
	expect_slot_bad(test, buf, TAG1, 5, 1, 100, "bit 32504 of 100");
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 5, 1, PB, &seq, out), 0);
	KUNIT_EXPECT_TRUE(test, test_bit(PB - 8, out));
	/* all zeros: the blank slot B of a new overlay */
	memset(buf, 0, EVB_OVL_BLOCK);
	expect_slot_bad(test, buf, TAG1, 0, 1, 100, "blank");
	expect_slot_bad(test, buf, 0, 0, 0, 100, "blank");
}

struct choose_fixture {
	u8 *a, *b;
	unsigned long *ia, *ib, *out;
};

static struct choose_fixture *choose_fixture(struct kunit *test, unsigned int nbits)
{
	struct choose_fixture *f = block(test, sizeof(*f));

	f->a = block(test, EVB_OVL_BLOCK);
	f->b = block(test, EVB_OVL_BLOCK);
	f->ia = bitmap(test, PB);
	f->ib = bitmap(test, PB);
	f->out = bitmap(test, PB);
	__set_bit(1, f->ia);
	__set_bit(1, f->ib);
	__set_bit(nbits - 1, f->ib);
	return f;
}

static void expect_choice(struct kunit *test, struct choose_fixture *f,
			  unsigned int nbits, int slot, u64 seq,
			  const unsigned long *bits)
{
	u64 s = 0xdead;

	bitmap_fill(f->out, PB);
	KUNIT_EXPECT_EQ(test, evb_ovl_page_choose(f->a, f->b, TAG1, 1, nbits, &s, f->out),
			slot);
	if (slot < 0) {
		KUNIT_EXPECT_EQ(test, s, 0xdeadULL);
		KUNIT_EXPECT_TRUE(test, bitmap_full(f->out, PB));
		return;
	}
	KUNIT_EXPECT_EQ(test, s, seq);
	KUNIT_EXPECT_TRUE(test, bitmap_equal(f->out, bits, nbits));
}

static void ovl_page_choose(struct kunit *test)
{
	const unsigned int n = 1000;
	struct choose_fixture *f = choose_fixture(test, n);

	/* valid and valid: the higher number wins, in either slot */
	evb_ovl_slot_encode(f->a, TAG1, 1, 4, f->ia, n);
	evb_ovl_slot_encode(f->b, TAG1, 1, 5, f->ib, n);
	expect_choice(test, f, n, 1, 5, f->ib);
	evb_ovl_slot_encode(f->a, TAG1, 1, 6, f->ia, n);
	expect_choice(test, f, n, 0, 6, f->ia);
	evb_ovl_slot_encode(f->b, TAG1, 1, 1001, f->ib, n);
	expect_choice(test, f, n, 1, 1001, f->ib);
	evb_ovl_slot_encode(f->a, TAG1, 1, 1ULL << 40, f->ia, n);
	expect_choice(test, f, n, 0, 1ULL << 40, f->ia);

	/* a new overlay: slot A of seq 0, slot B blank */
	bitmap_zero(f->ia, PB);
	evb_ovl_slot_encode(f->a, TAG1, 1, 0, f->ia, n);
	memset(f->b, 0, EVB_OVL_BLOCK);
	expect_choice(test, f, n, 0, 0, f->ia);

	/* valid and invalid, both ways */
	evb_ovl_slot_encode(f->b, TAG1, 1, 3, f->ib, n);
	f->b[100] ^= 4;
	expect_choice(test, f, n, 0, 0, f->ia);
	evb_ovl_slot_encode(f->b, TAG2, 1, 3, f->ib, n);	/* another overlay's */
	expect_choice(test, f, n, 0, 0, f->ia);
	evb_ovl_slot_encode(f->b, TAG1, 1, 3, f->ib, n);
	evb_ovl_slot_encode(f->a, TAG1, 2, 4, f->ia, n);	/* another page's */
	expect_choice(test, f, n, 1, 3, f->ib);
	evb_ovl_slot_encode(f->a, TAG1, 1, 5, f->ia, n);	/* odd in A */
	expect_choice(test, f, n, 1, 3, f->ib);

	/* invalid and invalid: outputs untouched */
	memset(f->a, 0, EVB_OVL_BLOCK);
	memset(f->b, 0, EVB_OVL_BLOCK);
	expect_choice(test, f, n, -EBADMSG, 0, NULL);
	evb_ovl_slot_encode(f->a, TAG1, 1, 4, f->ia, n);
	evb_ovl_slot_encode(f->b, TAG1, 1, 5, f->ib, n);
	expect_choice(test, f, n - 1, 0, 4, f->ia);	/* B's last bit is past n - 1 */
	f->a[EVB_OVL_BLOCK - 1] ^= 1;
	expect_choice(test, f, n - 1, -EBADMSG, 0, NULL);
}

/*
 * A torn write: slot @w (of A, B) goes from seq @n - 1 to @n + 1 while the
 * other slot holds @n, and the crash leaves any mix of the old and the new
 * slot's 512-byte sectors.  The page's image is then the new slot, intact,
 * or the other one: never a mix.
 */
static void torn(struct kunit *test, unsigned int w, u64 n)
{
	const unsigned int nbits = PB - 64;
	unsigned long *iold = bitmap(test, PB), *iprev = bitmap(test, PB);
	unsigned long *inew = bitmap(test, PB), *out = bitmap(test, PB);
	u8 *old = block(test, EVB_OVL_BLOCK), *new = block(test, EVB_OVL_BLOCK);
	u8 *prev = block(test, EVB_OVL_BLOCK), *mix = block(test, EVB_OVL_BLOCK);
	unsigned int mask, s, b;
	u64 seq;
	int ret;

	/* each image sets more bits, in every sector of the slot */
	for (b = 0; b < nbits; b += 509) {
		__set_bit(b, iold);
		__set_bit(b, iprev);
		__set_bit(b, inew);
		__set_bit(b + 1, iprev);
		__set_bit(b + 1, inew);
		__set_bit(b + 2, inew);
	}
	evb_ovl_slot_encode(old, TAG1, 9, n - 1, iold, nbits);
	evb_ovl_slot_encode(prev, TAG1, 9, n, iprev, nbits);
	evb_ovl_slot_encode(new, TAG1, 9, n + 1, inew, nbits);
	for (s = 0; s < EVB_OVL_BLOCK / 512; s++)
		KUNIT_ASSERT_NE(test, memcmp(old + 512 * s, new + 512 * s, 512), 0);

	for (mask = 0; mask < 1U << (EVB_OVL_BLOCK / 512); mask++) {
		for (s = 0; s < EVB_OVL_BLOCK / 512; s++)
			memcpy(mix + 512 * s, ((mask & BIT(s)) ? new : old) + 512 * s, 512);
		ret = w ? evb_ovl_page_choose(prev, mix, TAG1, 9, nbits, &seq, out) :
			  evb_ovl_page_choose(mix, prev, TAG1, 9, nbits, &seq, out);
		if (mask == 0xff) {
			KUNIT_EXPECT_EQ(test, ret, (int)w);
			KUNIT_EXPECT_EQ(test, seq, n + 1);
			KUNIT_EXPECT_TRUE(test, bitmap_equal(out, inew, nbits));
		} else {
			KUNIT_EXPECT_EQ_MSG(test, ret, (int)!w, "slot %u sectors %#x", w, mask);
			KUNIT_EXPECT_EQ_MSG(test, seq, n, "slot %u sectors %#x", w, mask);
			KUNIT_EXPECT_TRUE_MSG(test, bitmap_equal(out, iprev, nbits),
					      "slot %u sectors %#x", w, mask);
		}
	}
}

static void ovl_page_choose_torn(struct kunit *test)
{
	torn(test, 1, 10);	/* B: 9 -> 11 over A's 10 */
	torn(test, 0, 11);	/* A: 10 -> 12 over B's 11 */
	torn(test, 1, 2);	/* the first commit after B's first */
}

/* 16 chunks of 4 KiB, or 3 and a partial one of 1536 bytes. */
#define C	4096ULL

struct plan_case {
	const char *name;
	u64 pos;
	u32 len;
	u64 c0, c1, wpos, wlen;
	u32 head, tail;
	unsigned int nnew;
};

static void expect_plan(struct kunit *test, const struct evb_ovl_geom *g,
			const unsigned long *map, const struct plan_case *c)
{
	struct evb_ovl_span s;

	memset(&s, 0xa5, sizeof(s));
	evb_ovl_plan_write(g, map, c->pos, c->len, &s);
	KUNIT_EXPECT_EQ_MSG(test, s.c0, c->c0, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.c1, c->c1, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.head, c->head, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.tail, c->tail, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.wpos, c->wpos, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.wlen, c->wlen, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.nnew, c->nnew, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.wlen, (u64)s.head + c->len + s.tail, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, s.wpos + s.head, c->pos, "%s", c->name);
}

static void ovl_plan_write(struct kunit *test)
{
	static const struct plan_case empty[] = {
		{ "aligned chunk", C, C, 1, 1, C, C, 0, 0, 1 },
		{ "two aligned chunks", 0, 2 * C, 0, 1, 0, 2 * C, 0, 0, 2 },
		{ "1K at 0", 2 * C, 1024, 2, 2, 2 * C, C, 0, 3072, 1 },
		{ "1K at 1K", 2 * C + 1024, 1024, 2, 2, 2 * C, C, 1024, 2048, 1 },
		{ "1K at 2K", 2 * C + 2048, 1024, 2, 2, 2 * C, C, 2048, 1024, 1 },
		{ "1K at 3K", 2 * C + 3072, 1024, 2, 2, 2 * C, C, 3072, 0, 1 },
		{ "3 chunks", C + 512, 2 * C, 1, 3, C, 3 * C, 512, 3584, 3 },
		{ "a sector", 15 * C + 3584, 512, 15, 15, 15 * C, C, 3584, 0, 1 },
		{ "the disk", 0, 16 * C, 0, 15, 0, 16 * C, 0, 0, 16 },
	};
	static const struct plan_case present[] = {
		{ "1K at 0, present", 2 * C, 1024, 2, 2, 2 * C, 1024, 0, 0, 0 },
		{ "1K at 3K, present", 2 * C + 3072, 1024, 2, 2, 2 * C + 3072, 1024, 0, 0, 0 },
		/* chunks 3 and 5 present, 4 not */
		{ "3 chunks, ends present", 3 * C + 512, 2 * C, 3, 5, 3 * C + 512, 2 * C, 0, 0, 1 },
		/* chunk 5 present, 6 not */
		{ "c0 present, c1 not", 5 * C + 512, C, 5, 6, 5 * C + 512, C + 3584, 0, 3584, 1 },
		/* chunk 7 not, 8 present */
		{ "c0 not, c1 present", 7 * C + 512, C, 7, 8, 7 * C, C + 512, 512, 0, 1 },
		/* 9 and 11 not, 10 present */
		{ "3 chunks, middle present", 9 * C + 512, 2 * C, 9, 11, 9 * C, 3 * C, 512, 3584,
		  2 },
	};
	static const struct plan_case odd[] = {
		{ "last chunk, middle", 3 * C + 512, 512, 3, 3, 3 * C, 1536, 512, 512, 1 },
		{ "last chunk, end", 3 * C + 1024, 512, 3, 3, 3 * C, 1536, 1024, 0, 1 },
		{ "last chunk, whole", 3 * C, 1536, 3, 3, 3 * C, 1536, 0, 0, 1 },
		{ "into the last", 2 * C + 3584, 1024, 2, 3, 2 * C, C + 1536, 3584, 1024, 2 },
	};
	static const struct plan_case odd_present[] = {
		{ "last chunk present", 3 * C + 512, 512, 3, 3, 3 * C + 512, 512, 0, 0, 0 },
		{ "into the last, present", 2 * C + 3584, 1024, 2, 3, 2 * C, C + 512, 3584, 0, 1 },
	};
	static const struct plan_case big = {
		"64K chunk", 65536 + 4096, 4096, 1, 1, 65536, 65536, 4096, 57344, 1
	};
	struct evb_ovl_geom g;
	unsigned long *map = bitmap(test, 16);
	int i;

	geom(test, &g, 16 * C, EVB_OVL_CHUNK_SHIFT);
	for (i = 0; i < ARRAY_SIZE(empty); i++)
		expect_plan(test, &g, map, &empty[i]);
	__set_bit(1, map);
	__set_bit(2, map);
	__set_bit(3, map);
	__set_bit(5, map);
	__set_bit(8, map);
	__set_bit(10, map);
	for (i = 0; i < ARRAY_SIZE(present); i++)
		expect_plan(test, &g, map, &present[i]);

	geom(test, &g, 3 * C + 1536, EVB_OVL_CHUNK_SHIFT);
	bitmap_zero(map, 16);
	for (i = 0; i < ARRAY_SIZE(odd); i++)
		expect_plan(test, &g, map, &odd[i]);
	__set_bit(3, map);
	for (i = 0; i < ARRAY_SIZE(odd_present); i++)
		expect_plan(test, &g, map, &odd_present[i]);

	/* 64 KiB chunks */
	geom(test, &g, MIB, EVB_OVL_CHUNK_SHIFT_MAX);
	bitmap_zero(map, 16);
	expect_plan(test, &g, map, &big);
}

static void ovl_route_run(struct kunit *test)
{
	static const unsigned int set[] = { 2, 3, 4, 7, 10, 11, 12, 13, 14, 15 };
	unsigned long *map = bits_of(test, 16, set, ARRAY_SIZE(set));
	struct evb_ovl_geom g;
	u64 pos, end;
	bool overlay, last;
	u32 run;

	geom(test, &g, 16 * C, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 0, 2 * C), EVB_OVL_BASE);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 512, 512), EVB_OVL_BASE);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 2 * C, 3 * C), EVB_OVL_OVERLAY);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 2 * C + 512, 3 * C - 1024), EVB_OVL_OVERLAY);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 10 * C, 6 * C), EVB_OVL_OVERLAY);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, C, 2 * C), EVB_OVL_MIXED);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 2 * C - 512, 1024), EVB_OVL_MIXED);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 4 * C, 2 * C), EVB_OVL_MIXED);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 0, 16 * C), EVB_OVL_MIXED);

	run = evb_ovl_run(&g, map, 0, 16 * C, &overlay);
	KUNIT_EXPECT_EQ(test, run, 2 * C);
	KUNIT_EXPECT_FALSE(test, overlay);
	run = evb_ovl_run(&g, map, 2 * C + 1024, 14 * C - 1024, &overlay);
	KUNIT_EXPECT_EQ(test, run, 3 * C - 1024);
	KUNIT_EXPECT_TRUE(test, overlay);
	run = evb_ovl_run(&g, map, 512, 1024, &overlay);
	KUNIT_EXPECT_EQ(test, run, 1024U);
	KUNIT_EXPECT_FALSE(test, overlay);
	run = evb_ovl_run(&g, map, 7 * C + 3584, 512, &overlay);
	KUNIT_EXPECT_EQ(test, run, 512U);
	KUNIT_EXPECT_TRUE(test, overlay);
	run = evb_ovl_run(&g, map, 10 * C, 6 * C, &overlay);
	KUNIT_EXPECT_EQ(test, run, 6 * C);
	KUNIT_EXPECT_TRUE(test, overlay);

	/* walking a read by runs: alternating sources, each run all one source */
	pos = 512;
	end = 16 * C - 512;
	last = true;
	while (pos < end) {
		run = evb_ovl_run(&g, map, pos, end - pos, &overlay);
		KUNIT_ASSERT_GT(test, run, 0U);
		KUNIT_ASSERT_LE(test, pos + run, end);
		KUNIT_EXPECT_NE(test, overlay, last);
		KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, pos, run),
				overlay ? EVB_OVL_OVERLAY : EVB_OVL_BASE);
		last = overlay;
		pos += run;
	}
	KUNIT_EXPECT_EQ(test, pos, end);

	/* the partial last chunk of an odd disk */
	geom(test, &g, 3 * C + 1536, EVB_OVL_CHUNK_SHIFT);
	bitmap_zero(map, 16);
	__set_bit(3, map);
	run = evb_ovl_run(&g, map, C, 2 * C + 1536, &overlay);
	KUNIT_EXPECT_EQ(test, run, 2 * C);
	KUNIT_EXPECT_FALSE(test, overlay);
	run = evb_ovl_run(&g, map, 3 * C, 1536, &overlay);
	KUNIT_EXPECT_EQ(test, run, 1536U);
	KUNIT_EXPECT_TRUE(test, overlay);
	KUNIT_EXPECT_EQ(test, evb_ovl_route(&g, map, 3 * C + 1024, 512), EVB_OVL_OVERLAY);
}

static void ovl_used_bytes(struct kunit *test)
{
	struct evb_ovl_geom g;

	geom(test, &g, 3 * C + 1536, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 0, false), 0ULL);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 1, false), C);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 3, false), 3 * C);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 1, true), 1536ULL);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 2, true), C + 1536);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 4, true), g.base_bytes);

	geom(test, &g, 512, EVB_OVL_CHUNK_SHIFT_MAX);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 1, true), 512ULL);

	geom(test, &g, 16 * C, EVB_OVL_CHUNK_SHIFT);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 16, true), 16 * C);
	KUNIT_EXPECT_EQ(test, evb_ovl_used_bytes(&g, 5, true), 5 * C);
}

static void ovl_page_image(struct kunit *test)
{
	struct evb_ovl_geom g;
	unsigned long *durable, *pending, *durable0, *pending0, *img, *dec;
	u8 *buf = block(test, EVB_OVL_BLOCK);
	unsigned long n;
	u64 seq;

	/* three pages, the last of 100 chunks */
	geom(test, &g, (2ULL * PB + 100) * C, EVB_OVL_CHUNK_SHIFT);
	KUNIT_ASSERT_EQ(test, g.bm_pages, 3U);
	n = g.nchunks;
	durable = bitmap(test, n + 64);
	pending = bitmap(test, n + 64);
	durable0 = bitmap(test, n + 64);
	pending0 = bitmap(test, n + 64);
	img = bitmap(test, PB);
	dec = bitmap(test, PB);

	__set_bit(5, durable);
	__set_bit(PB + 7, durable);
	__set_bit(2 * PB + 99, durable);
	__set_bit(6, pending);
	__set_bit(PB - 1, pending);
	__set_bit(PB, pending);
	__set_bit(PB + 8, pending);
	__set_bit(2 * PB, pending);
	bitmap_copy(durable0, durable, n);
	bitmap_copy(pending0, pending, n);

	bitmap_fill(img, PB);
	evb_ovl_page_image(&g, 1, durable, pending, img);
	KUNIT_EXPECT_EQ(test, bitmap_weight(img, PB), 3U);
	KUNIT_EXPECT_TRUE(test, test_bit(0, img));	/* pending */
	KUNIT_EXPECT_TRUE(test, test_bit(7, img));	/* durable */
	KUNIT_EXPECT_TRUE(test, test_bit(8, img));	/* pending */
	KUNIT_EXPECT_TRUE(test, bitmap_equal(durable, durable0, n));
	/* page 1's pending bits are now in the image; pages 0 and 2 keep theirs */
	__clear_bit(PB, pending0);
	__clear_bit(PB + 8, pending0);
	KUNIT_EXPECT_TRUE(test, bitmap_equal(pending, pending0, n));

	/* the last page: nothing past its 100 chunks, whatever lies there */
	__set_bit(n, durable);
	__set_bit(n + 1, pending);
	bitmap_fill(img, PB);
	evb_ovl_page_image(&g, 2, durable, pending, img);
	KUNIT_EXPECT_EQ(test, bitmap_weight(img, PB), 2U);
	KUNIT_EXPECT_TRUE(test, test_bit(0, img));
	KUNIT_EXPECT_TRUE(test, test_bit(99, img));
	KUNIT_EXPECT_EQ(test, find_first_bit(pending, n), 6UL);
	KUNIT_EXPECT_EQ(test, find_next_bit(pending, n, 7), (unsigned long)PB - 1);
	KUNIT_EXPECT_EQ(test, find_next_bit(pending, n, PB), n);
	/* an image encodes for its page */
	evb_ovl_slot_encode(buf, TAG1, 2, 2, img, evb_ovl_page_nbits(&g, 2));
	KUNIT_EXPECT_EQ(test, evb_ovl_slot_decode(buf, TAG1, 2, 0, 100, &seq, dec), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_equal(dec, img, 100));

	/* once page 0's pending bits are taken, its image is its durable bits */
	evb_ovl_page_image(&g, 0, durable, pending, img);
	KUNIT_EXPECT_EQ(test, bitmap_weight(img, PB), 3U);
	evb_ovl_page_image(&g, 0, durable, pending, img);
	KUNIT_EXPECT_EQ(test, bitmap_weight(img, PB), 1U);
	KUNIT_EXPECT_TRUE(test, test_bit(5, img));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(pending, n));
}

/* A writer's ticket is covered by the first commit that begins after it joined. */
static void ovl_commit_group(struct kunit *test)
{
	struct evb_ovl_commit c = {};
	u64 t1, t1b, t2, t3, id1, id2, id3;

	t1 = evb_ovl_commit_join(&c);
	t1b = evb_ovl_commit_join(&c);		/* another writer, same commit */
	KUNIT_EXPECT_EQ(test, t1, t1b);
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, t1));
	id1 = evb_ovl_commit_begin(&c);
	KUNIT_EXPECT_EQ(test, id1, t1);
	t2 = evb_ovl_commit_join(&c);		/* joins while it runs: not covered */
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, t1));
	evb_ovl_commit_end(&c, id1);
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, t1));
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, t1b));
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, t2));

	/* the next commit carries it, and not the one joining during it */
	id2 = evb_ovl_commit_begin(&c);
	KUNIT_EXPECT_EQ(test, id2, t2);
	t3 = evb_ovl_commit_join(&c);
	KUNIT_EXPECT_GT(test, t3, id2);
	evb_ovl_commit_end(&c, id2);
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, t2));
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, t1));
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, t3));

	/* a commit nobody waits for (its writers left) still covers the next ticket */
	id3 = evb_ovl_commit_begin(&c);
	evb_ovl_commit_end(&c, id3);
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, t3));
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, evb_ovl_commit_join(&c)));
}

/*
 * The group commit with the map: a writer's bits are in the image of the
 * commit its ticket names.  Joining under the map lock, and taking images
 * under it after begin, is what makes this hold.
 */
static void ovl_commit_with_map(struct kunit *test)
{
	struct evb_ovl_commit c = {};
	struct evb_ovl_geom g;
	unsigned long *durable, *pending, *img;
	u64 ta, tb, id;

	geom(test, &g, 64 * C, EVB_OVL_CHUNK_SHIFT);
	durable = bitmap(test, 64);
	pending = bitmap(test, 64);
	img = bitmap(test, PB);

	/* writer A: data durable, bit pending, join */
	__set_bit(3, pending);
	ta = evb_ovl_commit_join(&c);
	/* A takes the commit lock first and runs the commit */
	id = evb_ovl_commit_begin(&c);
	evb_ovl_page_image(&g, 0, durable, pending, img);
	/* writer B, during the commit's write */
	__set_bit(9, pending);
	tb = evb_ovl_commit_join(&c);
	evb_ovl_commit_end(&c, id);
	bitmap_or(durable, durable, img, 64);

	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, ta));
	KUNIT_EXPECT_TRUE(test, test_bit(3, durable));
	KUNIT_EXPECT_FALSE(test, evb_ovl_commit_covered(&c, tb));
	KUNIT_EXPECT_FALSE(test, test_bit(9, durable));
	KUNIT_EXPECT_TRUE(test, test_bit(9, pending));

	/* B gets the lock: its commit is not done, so it runs the next */
	id = evb_ovl_commit_begin(&c);
	evb_ovl_page_image(&g, 0, durable, pending, img);
	evb_ovl_commit_end(&c, id);
	bitmap_or(durable, durable, img, 64);
	KUNIT_EXPECT_TRUE(test, evb_ovl_commit_covered(&c, tb));
	KUNIT_EXPECT_TRUE(test, test_bit(9, durable));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(pending, 64));
}

/*
 * The crash model.  A disk of three map pages (the last of 100 chunks)
 * and random schedules of these steps:
 *
 *   - a first write: its chunk's data reaches the disk, the chunk becomes
 *     pending and the writer joins the group commit;
 *   - a commit begins: the image of every page with pending bits is taken;
 *   - the commit writes one page's image to the slot of its next sequence
 *     number;
 *   - the commit ends: its images are durable, and every writer it covers
 *     is acknowledged.
 *
 * After every step, and in the middle of every slot write (torn: any mix
 * of the old and the new slot's sectors), the disk is "crashed": each
 * page's image is chosen from its slots as at the next open.  Every
 * acknowledged chunk must be in it, and no chunk whose data is not on the
 * disk.
 */
#define CM_WRITERS	160

struct crash_model {
	struct evb_ovl_geom g;
	u8 *slots;			/* bm_pages * 2 slots, as on disk */
	u64 seq[3];			/* each page's last image written */
	unsigned long *data;		/* chunks whose data is durable */
	unsigned long *durable, *pending, *acked, *dec;
	unsigned long *img[3];		/* the running commit's images */
	bool dirty[3];
	struct evb_ovl_commit c;
	bool running;
	u64 id;
	unsigned int next_page;
	struct { u64 ticket; unsigned long chunk; bool waiting; } w[CM_WRITERS];
	unsigned int nw;
	u64 rnd;
	unsigned int crashes;
};

static u64 cm_rand(struct crash_model *m)
{
	/* xorshift64: the same schedules on every run */
	m->rnd ^= m->rnd << 13;
	m->rnd ^= m->rnd >> 7;
	m->rnd ^= m->rnd << 17;
	return m->rnd;
}

static u8 *cm_slot(struct crash_model *m, u32 page, unsigned int slot)
{
	return m->slots + (2 * page + slot) * EVB_OVL_BLOCK;
}

/* Crash now: what the next open finds must hold the invariants. */
static void cm_crash(struct kunit *test, struct crash_model *m)
{
	unsigned long n = m->g.nchunks;
	u32 p;
	u64 seq;
	int ret;

	bitmap_zero(m->dec, n);
	for (p = 0; p < m->g.bm_pages; p++) {
		ret = evb_ovl_page_choose(cm_slot(m, p, 0), cm_slot(m, p, 1), TAG1, p,
					  evb_ovl_page_nbits(&m->g, p), &seq,
					  m->dec + p * PB / BITS_PER_LONG);
		KUNIT_ASSERT_GE_MSG(test, ret, 0, "page %u", p);
	}
	KUNIT_ASSERT_TRUE(test, bitmap_subset(m->acked, m->dec, n));
	KUNIT_ASSERT_TRUE(test, bitmap_subset(m->durable, m->dec, n));
	KUNIT_ASSERT_TRUE(test, bitmap_subset(m->dec, m->data, n));
	m->crashes++;
}

static void cm_first_write(struct kunit *test, struct crash_model *m)
{
	u32 page = (u32)cm_rand(m) % m->g.bm_pages;
	unsigned int nbits = min(evb_ovl_page_nbits(&m->g, page), 64U);
	unsigned long chunk = page * PB + (u32)cm_rand(m) % nbits;

	if (m->nw == CM_WRITERS || test_bit(chunk, m->data))
		return;
	__set_bit(chunk, m->data);		/* the DSYNC data write */
	__set_bit(chunk, m->pending);
	m->w[m->nw].chunk = chunk;
	m->w[m->nw].ticket = evb_ovl_commit_join(&m->c);
	m->w[m->nw].waiting = true;
	m->nw++;
}

static void cm_begin(struct crash_model *m)
{
	u32 p;

	m->id = evb_ovl_commit_begin(&m->c);
	for (p = 0; p < m->g.bm_pages; p++) {
		unsigned long first = p * PB;

		m->dirty[p] = find_next_bit(m->pending, first + evb_ovl_page_nbits(&m->g, p),
					    first) < first + evb_ovl_page_nbits(&m->g, p);
		if (m->dirty[p])
			evb_ovl_page_image(&m->g, p, m->durable, m->pending, m->img[p]);
	}
	m->running = true;
	m->next_page = 0;
}

static void cm_write_page(struct kunit *test, struct crash_model *m, u8 *new)
{
	static const u8 masks[] = { 0x01, 0x0e, 0x7f, 0x80, 0xaa, 0xfe };
	u32 p = m->next_page++;
	u64 seq = m->seq[p] + 1;
	u8 *slot = cm_slot(m, p, seq & 1);
	unsigned int i, s;
	u8 *old;

	if (!m->dirty[p])
		return;
	old = kmemdup(slot, EVB_OVL_BLOCK, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, old);
	evb_ovl_slot_encode(new, TAG1, p, seq, m->img[p], evb_ovl_page_nbits(&m->g, p));
	/* crashes while the slot is written: some sectors old, some new */
	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		for (s = 0; s < EVB_OVL_BLOCK / 512; s++)
			memcpy(slot + 512 * s, ((masks[i] & BIT(s)) ? new : old) + 512 * s, 512);
		cm_crash(test, m);
	}
	memcpy(slot, new, EVB_OVL_BLOCK);
	m->seq[p] = seq;
	kfree(old);
}

static void cm_end(struct crash_model *m)
{
	unsigned int i;
	u32 p;

	evb_ovl_commit_end(&m->c, m->id);
	for (p = 0; p < m->g.bm_pages; p++)
		if (m->dirty[p])
			bitmap_or(m->durable + p * PB / BITS_PER_LONG,
				  m->durable + p * PB / BITS_PER_LONG, m->img[p],
				  evb_ovl_page_nbits(&m->g, p));
	for (i = 0; i < m->nw; i++) {
		if (m->w[i].waiting && evb_ovl_commit_covered(&m->c, m->w[i].ticket)) {
			m->w[i].waiting = false;
			__set_bit(m->w[i].chunk, m->acked);
		}
	}
	m->running = false;
}

static void crash_run(struct kunit *test, u64 seed, unsigned int steps)
{
	struct crash_model *m = block(test, sizeof(*m));
	u8 *new = block(test, EVB_OVL_BLOCK);
	unsigned long n;
	unsigned int i;
	u32 p;

	geom(test, &m->g, (2ULL * PB + 100) * C, EVB_OVL_CHUNK_SHIFT);
	n = m->g.nchunks;
	m->rnd = seed;
	m->slots = block(test, 2 * m->g.bm_pages * EVB_OVL_BLOCK);
	m->data = bitmap(test, n);
	m->durable = bitmap(test, n);
	m->pending = bitmap(test, n);
	m->acked = bitmap(test, n);
	m->dec = bitmap(test, n);
	for (p = 0; p < m->g.bm_pages; p++) {
		m->img[p] = bitmap(test, PB);
		/* a new overlay: slot A of seq 0, empty; slot B blank */
		evb_ovl_slot_encode(cm_slot(m, p, 0), TAG1, p, 0, m->img[p],
				    evb_ovl_page_nbits(&m->g, p));
	}

	for (i = 0; i < steps; i++) {
		switch ((u32)cm_rand(m) % 4) {
		case 0:
		case 1:
			cm_first_write(test, m);
			break;
		default:
			if (!m->running)
				cm_begin(m);
			else if (m->next_page < m->g.bm_pages)
				cm_write_page(test, m, new);
			else
				cm_end(m);
			break;
		}
		cm_crash(test, m);
	}
	/* drain: every writer is acknowledged in the end */
	while (m->running || !bitmap_empty(m->pending, n)) {
		if (!m->running)
			cm_begin(m);
		else if (m->next_page < m->g.bm_pages)
			cm_write_page(test, m, new);
		else
			cm_end(m);
		cm_crash(test, m);
	}
	for (i = 0; i < m->nw; i++)
		KUNIT_EXPECT_FALSE(test, m->w[i].waiting);
	KUNIT_EXPECT_TRUE(test, bitmap_equal(m->acked, m->data, n));
	KUNIT_EXPECT_TRUE(test, bitmap_equal(m->dec, m->data, n));
	KUNIT_EXPECT_GT(test, m->nw, 8U);
	kunit_info(test, "seed %llu: %u writes, %u crashes", seed, m->nw, m->crashes);
}

static void ovl_crash_model(struct kunit *test)
{
	crash_run(test, 1, 200);
	crash_run(test, 0x9e3779b97f4a7c15ULL, 200);
	crash_run(test, 42, 300);
}

static struct kunit_case ovl_cases[] = {
	KUNIT_CASE(ovl_crc_is_crc32c),
	KUNIT_CASE(ovl_geom_edges),
	KUNIT_CASE(ovl_geom_invalid),
	KUNIT_CASE(ovl_tag_blank),
	KUNIT_CASE(ovl_sb_round_trip),
	KUNIT_CASE(ovl_sb_decode_errors),
	KUNIT_CASE(ovl_sb_decode_damaged),
	KUNIT_CASE(ovl_slot_round_trip),
	KUNIT_CASE(ovl_slot_layout),
	KUNIT_CASE(ovl_slot_decode_rejects),
	KUNIT_CASE(ovl_page_choose),
	KUNIT_CASE(ovl_page_choose_torn),
	KUNIT_CASE(ovl_plan_write),
	KUNIT_CASE(ovl_route_run),
	KUNIT_CASE(ovl_used_bytes),
	KUNIT_CASE(ovl_page_image),
	KUNIT_CASE(ovl_commit_group),
	KUNIT_CASE(ovl_commit_with_map),
	KUNIT_CASE(ovl_crash_model),
	{}
};

static struct kunit_suite ovl_suite = {
	.name = "evblade_ovl",
	.test_cases = ovl_cases,
};

kunit_test_suite(ovl_suite);
