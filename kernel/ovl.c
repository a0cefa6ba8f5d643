// SPDX-License-Identifier: GPL-2.0
/*
 * The copy-on-write overlay's format and map: geometry, the superblock and
 * the map slots in and out of their on-disk form, and the planning of
 * requests against a client's map.  Pure; see ovl.h for the format.
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "compat/compat-crc.h"
#include "ovl.h"

/* The words of a slot's bit array. */
#define SLOT_WORDS	(EVB_OVL_PAGE_BITS / 64)

/**
 * evb_ovl_geom_init() - the layout of an overlay over a base of a given size
 * @g: filled in on success
 * @base_bytes: the base's size, a non-zero multiple of 512
 * @chunk_shift: log2 of the chunk size, EVB_OVL_CHUNK_SHIFT_MIN to _MAX
 *
 * Return: 0; -EINVAL if @base_bytes or @chunk_shift is out of range;
 * -EFBIG if the map would need more than U32_MAX pages or the file would
 * be larger than the kernel's largest file.
 */
int evb_ovl_geom_init(struct evb_ovl_geom *g, u64 base_bytes,
		      unsigned int chunk_shift)
{
	u64 nchunks, pages, data_off;

	if (!base_bytes || !IS_ALIGNED(base_bytes, 512) ||
	    chunk_shift < EVB_OVL_CHUNK_SHIFT_MIN ||
	    chunk_shift > EVB_OVL_CHUNK_SHIFT_MAX)
		return -EINVAL;

	/* DIV_ROUND_UP() without its overflow near U64_MAX */
	nchunks = (base_bytes >> chunk_shift) +
		  !!(base_bytes & ((1ULL << chunk_shift) - 1));
	pages = DIV_ROUND_UP_ULL(nchunks, EVB_OVL_PAGE_BITS);
	if (pages > U32_MAX)
		return -EFBIG;
	/* at most 2^33 blocks of map: no overflow below */
	data_off = round_up(EVB_OVL_BLOCK + 2 * pages * EVB_OVL_BLOCK,
			    (u64)EVB_OVL_DATA_ALIGN);
	if (data_off > (u64)MAX_LFS_FILESIZE ||
	    base_bytes > (u64)MAX_LFS_FILESIZE - data_off)
		return -EFBIG;

	g->base_bytes = base_bytes;
	g->chunk_shift = chunk_shift;
	g->nchunks = nchunks;
	g->bm_pages = pages;
	g->bm_off = EVB_OVL_BLOCK;
	g->data_off = data_off;
	g->file_size = data_off + base_bytes;
	return 0;
}

/**
 * evb_ovl_page_nbits() - how many chunks a map page covers
 * @g: the geometry
 * @page: the page
 *
 * Return: EVB_OVL_PAGE_BITS, fewer on the last page, 0 past it.
 */
unsigned int evb_ovl_page_nbits(const struct evb_ovl_geom *g, u32 page)
{
	u64 first = (u64)page * EVB_OVL_PAGE_BITS;

	if (first >= g->nchunks)
		return 0;
	return min_t(u64, g->nchunks - first, EVB_OVL_PAGE_BITS);
}

/**
 * evb_ovl_tag() - the tag an overlay's map slots carry
 * @overlay_id: the overlay's id, from its superblock
 *
 * A slot of another overlay (a file copied over this one, stale data in a
 * reused block) carries another tag, so it is never mistaken for ours.
 *
 * Return: the first 8 bytes of @overlay_id, little-endian.
 */
u64 evb_ovl_tag(const u8 overlay_id[EVB_OVL_ID_LEN])
{
	return get_unaligned_le64(overlay_id);
}

/**
 * evb_ovl_blank() - whether a buffer holds only zero bytes
 * @buf: the buffer
 * @len: its length
 *
 * An overlay whose superblock sector is blank (or that is empty) was never
 * initialised, or its initialisation did not finish: it holds nothing.
 *
 * Return: true if every byte of @buf is zero.
 */
bool evb_ovl_blank(const void *buf, size_t len)
{
	return !memchr_inv(buf, 0, len);
}

/* CRC32C of @len bytes at @buf, with the 4 bytes at @crc_off taken as 0. */
static u32 ovl_crc(const void *buf, size_t len, size_t crc_off)
{
	static const u8 zero[4];
	u32 crc;

	crc = crc32c(~0U, buf, crc_off);
	crc = crc32c(crc, zero, sizeof(zero));
	return crc32c(crc, buf + crc_off + sizeof(zero),
		      len - crc_off - sizeof(zero));
}

/**
 * evb_ovl_sb_encode() - the on-disk form of an overlay's superblock
 * @sb: the superblock; its geometry from evb_ovl_geom_init()
 * @buf: EVB_OVL_SB_SIZE bytes, all written
 */
void evb_ovl_sb_encode(const struct evb_ovl_sb *sb, void *buf)
{
	struct evb_ovl_sb_disk *d = buf;
	const struct evb_ovl_geom *g = &sb->geom;

	memset(d, 0, sizeof(*d));
	memcpy(d->magic, EVB_OVL_MAGIC, sizeof(d->magic));
	d->version = cpu_to_le32(EVB_OVL_VERSION);
	d->sb_len = cpu_to_le32(sizeof(*d));
	d->chunk_shift = cpu_to_le32(g->chunk_shift);
	d->bm_pages = cpu_to_le32(g->bm_pages);
	d->base_bytes = cpu_to_le64(g->base_bytes);
	d->nchunks = cpu_to_le64(g->nchunks);
	d->bm_off = cpu_to_le64(g->bm_off);
	d->data_off = cpu_to_le64(g->data_off);
	memcpy(d->overlay_id, sb->overlay_id, sizeof(d->overlay_id));
	d->base_id = cpu_to_le64(sb->base_id);
	d->created = cpu_to_le64(sb->created);
	d->crc = cpu_to_le32(ovl_crc(d, sizeof(*d),
				     offsetof(struct evb_ovl_sb_disk, crc)));
}

#define VERSION_WHY(v) \
	"the overlay has format version " #v "; this evblade reads only version 1"

/* Why the superblock's version is refused, naming the version. */
static const char *version_why(u32 version)
{
	static const char * const why[] = {
		VERSION_WHY(0), NULL, VERSION_WHY(2), VERSION_WHY(3),
		VERSION_WHY(4), VERSION_WHY(5), VERSION_WHY(6), VERSION_WHY(7),
		VERSION_WHY(8), VERSION_WHY(9),
	};

	if (version < ARRAY_SIZE(why) && why[version])
		return why[version];
	return "the overlay has an unknown format version; this evblade reads only version 1";
}

static int sb_fault(const struct evb_ovl_sb_disk *d, struct evb_ovl_geom *g,
		    const char **why)
{
	u32 version, shift;

	if (memcmp(d->magic, EVB_OVL_MAGIC, sizeof(d->magic))) {
		*why = "not an evblade overlay";
		return -EINVAL;
	}
	if (le32_to_cpu(d->crc) !=
	    ovl_crc(d, sizeof(*d), offsetof(struct evb_ovl_sb_disk, crc))) {
		*why = "the overlay's superblock is damaged (checksum)";
		return -EBADMSG;
	}
	version = le32_to_cpu(d->version);
	if (version != EVB_OVL_VERSION) {
		*why = version_why(version);
		return -EOPNOTSUPP;
	}
	if (le32_to_cpu(d->incompat)) {
		*why = "the overlay uses features this evblade does not know (incompat flags)";
		return -EOPNOTSUPP;
	}
	if (le32_to_cpu(d->sb_len) != sizeof(*d)) {
		*why = "the overlay's superblock has an unknown length";
		return -EOPNOTSUPP;
	}
	shift = le32_to_cpu(d->chunk_shift);
	if (shift < EVB_OVL_CHUNK_SHIFT_MIN || shift > EVB_OVL_CHUNK_SHIFT_MAX) {
		*why = "the overlay's chunk size is not supported (4 KiB to 64 KiB)";
		return -EOPNOTSUPP;
	}
	if (evb_ovl_geom_init(g, le64_to_cpu(d->base_bytes), shift) ||
	    g->nchunks != le64_to_cpu(d->nchunks) ||
	    g->bm_pages != le32_to_cpu(d->bm_pages) ||
	    g->bm_off != le64_to_cpu(d->bm_off) ||
	    g->data_off != le64_to_cpu(d->data_off)) {
		*why = "the overlay's superblock is inconsistent (layout and base size disagree)";
		return -EUCLEAN;
	}
	return 0;
}

/**
 * evb_ovl_sb_decode() - read an overlay's superblock
 * @sb: filled in on success (the geometry from evb_ovl_geom_init())
 * @buf: the EVB_OVL_SB_SIZE bytes at the start of the overlay
 * @why: set to a static reason for an admin on failure; may be NULL
 *
 * The checks run in this order: magic, checksum, version, incompatible
 * features, superblock length, chunk size, then the recorded layout
 * against the one its base size and chunk size give.  Compat flags and
 * reserved bytes are not looked at.
 *
 * Return: 0; -EINVAL if @buf is not an overlay's superblock at all;
 * -EBADMSG if its checksum is wrong; -EOPNOTSUPP if it is of a version or
 * uses a feature this code does not know; -EUCLEAN if its fields disagree.
 */
int evb_ovl_sb_decode(struct evb_ovl_sb *sb, const void *buf,
		      const char **why)
{
	const struct evb_ovl_sb_disk *d = buf;
	struct evb_ovl_geom g;
	const char *fault;
	int err;

	err = sb_fault(d, &g, &fault);
	if (err) {
		if (why)
			*why = fault;
		return err;
	}
	sb->geom = g;
	memcpy(sb->overlay_id, d->overlay_id, sizeof(sb->overlay_id));
	sb->base_id = le64_to_cpu(d->base_id);
	sb->created = le64_to_cpu(d->created);
	return 0;
}

/**
 * evb_ovl_slot_encode() - the on-disk form of a map page's image
 * @buf: EVB_OVL_BLOCK bytes, all written
 * @tag: the overlay's tag, evb_ovl_tag()
 * @page: the page
 * @seq: the image's sequence number; it goes to slot @seq % 2
 * @bits: the page's chunk bits: bit i for chunk @page * EVB_OVL_PAGE_BITS + i
 * @nbits: how many, evb_ovl_page_nbits() (bits of @bits past it are ignored)
 */
void evb_ovl_slot_encode(void *buf, u64 tag, u32 page, u64 seq,
			 const unsigned long *bits, unsigned int nbits)
{
	struct evb_ovl_slot_hdr *h = buf;
	void *words = buf + EVB_OVL_SLOT_HDR;
	unsigned int i;

	if (WARN_ON_ONCE(nbits > EVB_OVL_PAGE_BITS))
		nbits = EVB_OVL_PAGE_BITS;
	memset(buf, 0, EVB_OVL_BLOCK);
	h->magic = cpu_to_le32(EVB_OVL_SLOT_MAGIC);
	h->page = cpu_to_le32(page);
	h->seq = cpu_to_le64(seq);
	h->tag = cpu_to_le64(tag);
	/* 64 bits at a time: a word is a whole number of longs, 32 or 64 bits */
	for (i = 0; i < nbits; i += 64) {
		u64 w;

		bitmap_to_arr64(&w, bits + i / BITS_PER_LONG, min(nbits - i, 64U));
		put_unaligned_le64(w, words + i / 8);
	}
	h->crc = cpu_to_le32(ovl_crc(buf, EVB_OVL_BLOCK,
				     offsetof(struct evb_ovl_slot_hdr, crc)));
}

/* Whether @buf is a valid slot @slot of @page; its sequence number if so. */
static bool slot_valid(const void *buf, u64 tag, u32 page, unsigned int slot,
		       unsigned int nbits, u64 *seq)
{
	const struct evb_ovl_slot_hdr *h = buf;
	const void *words = buf + EVB_OVL_SLOT_HDR;
	unsigned int full = nbits / 64;

	if (le32_to_cpu(h->magic) != EVB_OVL_SLOT_MAGIC ||
	    le32_to_cpu(h->page) != page || le64_to_cpu(h->tag) != tag ||
	    (le64_to_cpu(h->seq) & 1) != slot)
		return false;
	/* no bit at or past @nbits: a slot of another geometry */
	if (nbits % 64) {
		if (get_unaligned_le64(words + full * 8) & ~GENMASK_ULL(nbits % 64 - 1, 0))
			return false;
		full++;
	}
	if (memchr_inv(words + full * 8, 0, (SLOT_WORDS - full) * 8))
		return false;
	if (le32_to_cpu(h->crc) !=
	    ovl_crc(buf, EVB_OVL_BLOCK, offsetof(struct evb_ovl_slot_hdr, crc)))
		return false;
	*seq = le64_to_cpu(h->seq);
	return true;
}

/* The bits of a valid slot into the bitmap @bits of @nbits bits. */
static void slot_bits(const void *buf, unsigned int nbits, unsigned long *bits)
{
	const void *words = buf + EVB_OVL_SLOT_HDR;
	unsigned int i;

	for (i = 0; i < nbits; i += 64) {
		u64 w = get_unaligned_le64(words + i / 8);

		bitmap_from_arr64(bits + i / BITS_PER_LONG, &w, min(nbits - i, 64U));
	}
}

static bool slot_args_ok(unsigned int slot, unsigned int nbits)
{
	return !WARN_ON_ONCE(slot > 1 || nbits > EVB_OVL_PAGE_BITS);
}

/**
 * evb_ovl_slot_decode() - read one slot of a map page
 * @buf: the slot's EVB_OVL_BLOCK bytes
 * @tag: the overlay's tag, evb_ovl_tag()
 * @page: the page the slot belongs to
 * @slot: which slot @buf is: 0 (A) or 1 (B)
 * @nbits: the page's chunks, evb_ovl_page_nbits()
 * @seq: the image's sequence number, on success
 * @bits: a bitmap of @nbits bits: the image's chunk bits, on success
 *
 * A slot is valid when its magic, page, tag and CRC are right, its
 * sequence number's parity is @slot and it sets no bit at or past @nbits.
 *
 * Return: 0, or -EBADMSG if the slot is not valid (@seq and @bits are
 * then untouched).
 */
int evb_ovl_slot_decode(const void *buf, u64 tag, u32 page, unsigned int slot,
			unsigned int nbits, u64 *seq, unsigned long *bits)
{
	u64 s;

	if (!slot_args_ok(slot, nbits) ||
	    !slot_valid(buf, tag, page, slot, nbits, &s))
		return -EBADMSG;
	*seq = s;
	slot_bits(buf, nbits, bits);
	return 0;
}

/**
 * evb_ovl_page_choose() - a map page's image, from its two slots
 * @a: slot A's EVB_OVL_BLOCK bytes
 * @b: slot B's
 * @tag: the overlay's tag, evb_ovl_tag()
 * @page: the page
 * @nbits: the page's chunks, evb_ovl_page_nbits()
 * @seq: the image's sequence number, on success
 * @bits: a bitmap of @nbits bits: the image's chunk bits, on success
 *
 * The image is the valid slot with the higher sequence number.  A slot
 * torn by a crash while it was written is not valid, so the other slot's,
 * the previous image, wins.
 *
 * Return: the slot chosen, 0 (A) or 1 (B); -EBADMSG if neither is valid
 * (@seq and @bits are then untouched).
 */
int evb_ovl_page_choose(const void *a, const void *b, u64 tag, u32 page,
			unsigned int nbits, u64 *seq, unsigned long *bits)
{
	bool a_ok, b_ok;
	u64 sa, sb;
	int slot;

	if (!slot_args_ok(0, nbits))
		return -EBADMSG;
	a_ok = slot_valid(a, tag, page, 0, nbits, &sa);
	b_ok = slot_valid(b, tag, page, 1, nbits, &sb);
	if (a_ok && b_ok)
		slot = sb > sa;
	else if (a_ok || b_ok)
		slot = b_ok;
	else
		return -EBADMSG;
	*seq = slot ? sb : sa;
	slot_bits(slot ? b : a, nbits, bits);
	return slot;
}

/**
 * evb_ovl_plan_write() - what a write of [pos, pos + len) must write
 * @g: the geometry
 * @map: the client's map: a bit per chunk, set if written
 * @pos: the first byte, a multiple of 512
 * @len: the length, a non-zero multiple of 512, with @pos + @len at most
 *	 the base's size (the caller checks)
 * @s: the plan
 *
 * A chunk not yet in the map is written whole, the request's data and the
 * base's bytes around it, so that once its bit is set the chunk holds
 * exactly what the client sees.  Only the first and the last chunk can be
 * partly covered; a last chunk of the disk that is partial is written to
 * the disk's end only.
 */
void evb_ovl_plan_write(const struct evb_ovl_geom *g, const unsigned long *map,
			u64 pos, u32 len, struct evb_ovl_span *s)
{
	unsigned int shift = g->chunk_shift;
	u64 end = pos + len, c;

	s->c0 = pos >> shift;
	s->c1 = (end - 1) >> shift;
	s->head = test_bit(s->c0, map) ? 0 : pos - (s->c0 << shift);
	s->tail = test_bit(s->c1, map) ? 0 :
		  min((s->c1 + 1) << shift, g->base_bytes) - end;
	s->wpos = pos - s->head;
	s->wlen = (u64)s->head + len + s->tail;
	s->nnew = 0;
	for (c = find_next_zero_bit(map, s->c1 + 1, s->c0); c <= s->c1;
	     c = find_next_zero_bit(map, s->c1 + 1, c + 1))
		s->nnew++;
}

/**
 * evb_ovl_route() - where a read of [pos, pos + len) finds its data
 * @g: the geometry
 * @map: the client's map
 * @pos: the first byte
 * @len: the length, non-zero, within the disk
 *
 * Return: EVB_OVL_OVERLAY if every chunk the range touches is in the map,
 * EVB_OVL_BASE if none is, EVB_OVL_MIXED otherwise (see evb_ovl_run()).
 */
enum evb_ovl_route evb_ovl_route(const struct evb_ovl_geom *g,
				 const unsigned long *map, u64 pos, u32 len)
{
	u64 c0 = pos >> g->chunk_shift;
	u64 c1 = (pos + len - 1) >> g->chunk_shift;

	if (find_next_zero_bit(map, c1 + 1, c0) > c1)
		return EVB_OVL_OVERLAY;
	if (find_next_bit(map, c1 + 1, c0) > c1)
		return EVB_OVL_BASE;
	return EVB_OVL_MIXED;
}

/**
 * evb_ovl_run() - the first run of a range that one source serves
 * @g: the geometry
 * @map: the client's map
 * @pos: the first byte
 * @len: the length, non-zero, within the disk
 * @overlay: set to whether the run is in the overlay (else in the base)
 *
 * Return: the length of the longest prefix of [pos, pos + len) whose chunks
 * are all in the map, or all not in it, as the chunk of @pos is.
 */
u32 evb_ovl_run(const struct evb_ovl_geom *g, const unsigned long *map,
		u64 pos, u32 len, bool *overlay)
{
	u64 c0 = pos >> g->chunk_shift;
	u64 c1 = (pos + len - 1) >> g->chunk_shift;
	u64 next;

	*overlay = test_bit(c0, map);
	next = *overlay ? find_next_zero_bit(map, c1 + 1, c0) :
			  find_next_bit(map, c1 + 1, c0);
	if (next > c1)
		return len;
	return (next << g->chunk_shift) - pos;
}

/**
 * evb_ovl_used_bytes() - the bytes of the disk that written chunks hold
 * @g: the geometry
 * @nchunks: how many chunks are in the map
 * @last_set: whether the disk's last chunk is one of them
 *
 * Return: @nchunks chunks' bytes, less what the disk's last chunk lacks of
 * a whole chunk if it is partial and counted.
 */
u64 evb_ovl_used_bytes(const struct evb_ovl_geom *g, u64 nchunks,
		       bool last_set)
{
	u64 bytes = nchunks << g->chunk_shift;

	if (last_set)
		bytes -= (g->nchunks << g->chunk_shift) - g->base_bytes;
	return bytes;
}

/**
 * evb_ovl_page_image() - the next image of a map page, for a commit
 * @g: the geometry
 * @page: the page
 * @durable: the map's bits already in a durable image
 * @pending: the bits whose data is durable, waiting for a commit; the
 *	     page's are cleared, other pages' are left alone
 * @img: a bitmap of EVB_OVL_PAGE_BITS bits: @durable | @pending for the
 *	 page's chunks (bit i for chunk @page * EVB_OVL_PAGE_BITS + i), zero
 *	 past them
 *
 * The caller holds the map lock, so that a bit is either in this image or
 * still pending for the next.  A page's first chunk is a multiple of 64:
 * the page starts on a word of @durable and @pending.
 */
void evb_ovl_page_image(const struct evb_ovl_geom *g, u32 page,
			const unsigned long *durable, unsigned long *pending,
			unsigned long *img)
{
	unsigned long first = (unsigned long)page * EVB_OVL_PAGE_BITS;
	unsigned long off = first / BITS_PER_LONG;
	unsigned int nbits = evb_ovl_page_nbits(g, page);

	bitmap_zero(img, EVB_OVL_PAGE_BITS);
	if (!nbits)
		return;
	bitmap_or(img, durable + off, pending + off, nbits);
	/* bitmap_or() works in whole longs: nothing past the disk's end */
	bitmap_clear(img, nbits, EVB_OVL_PAGE_BITS - nbits);
	bitmap_clear(pending, first, nbits);
}
