/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The copy-on-write overlay: its on-disk format, the map of a client's
 * written chunks, and the planning of requests against that map.  Pure:
 * plain buffers and bitmaps in, decisions out; the I/O is cow.c's.
 * Documentation/design.rst ("Copy-on-write") has the format and the
 * crash-safety argument; this header is its summary.
 *
 * An overlay is one regular file per client, little-endian throughout:
 *
 *   [0, 512)            the superblock (struct evb_ovl_sb_disk): one
 *                       sector, written once, when the overlay is made
 *   [4096, data_off)    the map: bm_pages pages, each in two 4 KiB slots
 *                       (A at bm_off + 2p * 4096, B right after); a slot is
 *                       a 32-byte header and 4064 bytes of chunk bits
 *   [data_off, +base)   the data, identity-mapped: chunk c of the client's
 *                       disk at data_off + (c << chunk_shift), a hole until
 *                       written
 *
 * A chunk's bit is set once its data is durable and never cleared (a
 * reset makes a new overlay).  A page's image is written with a sequence
 * number one higher than the last, to the slot of that number's parity:
 * the other slot still holds the previous image, so a torn write loses at
 * most the bits of writes not yet acknowledged.  A slot is valid when its
 * magic, page, overlay tag, parity and CRC32C agree and it sets no bit
 * past the end of the disk; a page's image is its valid slot with the
 * higher sequence number.
 *
 * Every CRC32C is the kernel's crc32c() seeded with ~0 and not inverted at
 * the end (as ext4's and jbd2's), over the whole superblock or slot with
 * its crc field zero.
 */
#ifndef _EVB_OVL_H
#define _EVB_OVL_H

#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/types.h>

#define EVB_OVL_MAGIC		"EVBLOVL\0"	/* 8 bytes, with the NUL */
#define EVB_OVL_VERSION		1
#define EVB_OVL_BLOCK		4096		/* metadata unit */
#define EVB_OVL_SB_SIZE		512		/* the superblock: one sector */
#define EVB_OVL_SLOT_MAGIC	0x4d425645	/* "EVBM" */
#define EVB_OVL_SLOT_HDR	32
/* Chunk bits a map page holds: 32512, a multiple of 64. */
#define EVB_OVL_PAGE_BITS	((EVB_OVL_BLOCK - EVB_OVL_SLOT_HDR) * 8)
#define EVB_OVL_CHUNK_SHIFT	12		/* what evblade makes: 4 KiB */
#define EVB_OVL_CHUNK_SHIFT_MIN	12
#define EVB_OVL_CHUNK_SHIFT_MAX	16
#define EVB_OVL_DATA_ALIGN	SZ_1M		/* data_off: a multiple of 1 MiB */
#define EVB_OVL_ID_LEN		16

/* The superblock on disk: 512 bytes, the rest of its 4 KiB zero. */
struct evb_ovl_sb_disk {
	u8 magic[8];
	__le32 version;
	__le32 sb_len;			/* sizeof(struct evb_ovl_sb_disk) */
	__le32 incompat;		/* unknown bits: refuse to open */
	__le32 compat;			/* unknown bits: ignore */
	__le32 chunk_shift;
	__le32 bm_pages;
	__le64 base_bytes;		/* the base's size, a multiple of 512 */
	__le64 nchunks;
	__le64 bm_off;
	__le64 data_off;
	u8 overlay_id[EVB_OVL_ID_LEN];	/* random, at creation */
	__le64 base_id;			/* the base's identity (cow.c) */
	__le64 created;			/* real time, seconds */
	u8 reserved[EVB_OVL_SB_SIZE - 100];
	__le32 crc;			/* CRC32C of the 512 bytes, this 0 */
} __packed;
static_assert(sizeof(struct evb_ovl_sb_disk) == EVB_OVL_SB_SIZE);

/* A map slot's header; the page's bits follow as __le64 words. */
struct evb_ovl_slot_hdr {
	__le32 magic;
	__le32 page;
	__le64 seq;			/* slot A holds even, slot B odd */
	__le64 tag;			/* the overlay's: evb_ovl_tag() */
	__le32 crc;			/* CRC32C of the 4096 bytes, this 0 */
	__le32 reserved;
} __packed;
static_assert(sizeof(struct evb_ovl_slot_hdr) == EVB_OVL_SLOT_HDR);
static_assert(EVB_OVL_PAGE_BITS % 64 == 0);

/* Where everything is, for a base of a given size. */
struct evb_ovl_geom {
	u64 base_bytes;
	unsigned int chunk_shift;
	u64 nchunks;			/* the last may be partial */
	u32 bm_pages;
	u64 bm_off;			/* EVB_OVL_BLOCK */
	u64 data_off;
	u64 file_size;			/* data_off + base_bytes */
};

/* The superblock, decoded. */
struct evb_ovl_sb {
	struct evb_ovl_geom geom;
	u8 overlay_id[EVB_OVL_ID_LEN];
	u64 base_id;
	u64 created;
};

int evb_ovl_geom_init(struct evb_ovl_geom *g, u64 base_bytes,
		      unsigned int chunk_shift);

static inline u64 evb_ovl_chunk_bytes(const struct evb_ovl_geom *g)
{
	return 1ULL << g->chunk_shift;
}

/* The offset in the file of map page @page's slot @slot (0: A, 1: B). */
static inline u64 evb_ovl_slot_off(const struct evb_ovl_geom *g, u32 page,
				   unsigned int slot)
{
	return g->bm_off + ((u64)page * 2 + slot) * EVB_OVL_BLOCK;
}

/* Chunks of page @page: [page * EVB_OVL_PAGE_BITS, +nbits). */
unsigned int evb_ovl_page_nbits(const struct evb_ovl_geom *g, u32 page);

/* The tag slots carry: the first 8 bytes of the overlay id. */
u64 evb_ovl_tag(const u8 overlay_id[EVB_OVL_ID_LEN]);

bool evb_ovl_blank(const void *buf, size_t len);
void evb_ovl_sb_encode(const struct evb_ovl_sb *sb, void *buf);
int evb_ovl_sb_decode(struct evb_ovl_sb *sb, const void *buf,
		      const char **why);

void evb_ovl_slot_encode(void *buf, u64 tag, u32 page, u64 seq,
			 const unsigned long *bits, unsigned int nbits);
int evb_ovl_slot_decode(const void *buf, u64 tag, u32 page, unsigned int slot,
			unsigned int nbits, u64 *seq, unsigned long *bits);
int evb_ovl_page_choose(const void *a, const void *b, u64 tag, u32 page,
			unsigned int nbits, u64 *seq, unsigned long *bits);

/*
 * A write of [pos, pos + len) against the map: the bytes to write (the
 * request's, widened to whole chunks where a chunk is new) and the base
 * bytes that widening needs, before and after the request's data.
 */
struct evb_ovl_span {
	u64 c0, c1;			/* first and last chunk touched */
	u64 wpos;			/* where the write starts, in the disk */
	u64 wlen;			/* head + len + tail */
	u32 head;			/* base bytes [wpos, pos) */
	u32 tail;			/* base bytes [pos + len, wpos + wlen) */
	unsigned int nnew;		/* chunks of c0..c1 not in the map */
};

void evb_ovl_plan_write(const struct evb_ovl_geom *g, const unsigned long *map,
			u64 pos, u32 len, struct evb_ovl_span *s);

enum evb_ovl_route {
	EVB_OVL_BASE,			/* no chunk written: all from the base */
	EVB_OVL_OVERLAY,		/* every chunk written: all from the overlay */
	EVB_OVL_MIXED,
};

enum evb_ovl_route evb_ovl_route(const struct evb_ovl_geom *g,
				 const unsigned long *map, u64 pos, u32 len);
u32 evb_ovl_run(const struct evb_ovl_geom *g, const unsigned long *map,
		u64 pos, u32 len, bool *overlay);
u64 evb_ovl_used_bytes(const struct evb_ovl_geom *g, u64 nchunks,
		       bool last_set);

/*
 * Group commit of the map.  Writers whose chunk data is durable mark
 * their chunks pending, join (remembering the commit that will carry
 * them), then take the commit lock: if that commit is done, their bits are
 * durable; if not, the first of them to get the lock runs it for all
 * pending bits, one page image per dirty page.  Bits that become pending
 * while a commit runs wait for the next.  The caller serialises begin/end
 * (the commit lock) and join (the map lock).
 */
struct evb_ovl_commit {
	u64 started;			/* commits begun */
	u64 done;			/* commits ended */
};

static inline u64 evb_ovl_commit_join(const struct evb_ovl_commit *c)
{
	return c->started + 1;
}

static inline bool evb_ovl_commit_covered(const struct evb_ovl_commit *c,
					  u64 ticket)
{
	return c->done >= ticket;
}

static inline u64 evb_ovl_commit_begin(struct evb_ovl_commit *c)
{
	return ++c->started;
}

static inline void evb_ovl_commit_end(struct evb_ovl_commit *c, u64 id)
{
	c->done = id;
}

void evb_ovl_page_image(const struct evb_ovl_geom *g, u32 page,
			const unsigned long *durable, unsigned long *pending,
			unsigned long *img);

#endif /* _EVB_OVL_H */
