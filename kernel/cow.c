// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write blades: the base, the overlays, and the requests between
 * them.  See cow.h for the objects and locks, ovl.h for the format and
 * Documentation/design.rst ("Copy-on-write") for the crash-safety
 * argument.
 *
 * A request is routed in the request worker, without blocking: a read of
 * chunks the client never wrote goes to the base as it is, a read or a
 * write of chunks it wrote goes to the overlay's data through the file
 * backend (direct, asynchronous, DSYNC for writes).  Everything else runs
 * on the blocking I/O workqueue: a read that mixes both, and a first
 * write, which reads the base around the request within its new chunks,
 * writes the widened range as one DSYNC write, then has the new chunks'
 * bits committed to the map (group commit) before it is acknowledged.
 */
#include <linux/bvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/xxhash.h>

#include "blade.h"
#include "cow.h"
#include "req.h"

/* The base's identity: its size, its first and last MiB and these blocks. */
#define COW_ID_EDGE		SZ_1M
#define COW_ID_BLOCKS		62

static void evb_cow_rw(struct evb_req *req);
static void cow_close(struct evb_backend *be);
static void cow_write_range(struct evb_backend *be, u64 *lba, u32 *nsect);

static const struct evb_backend_ops evb_cow_ops = {
	.kind = EVBLADE_BACKEND_FILE,
	.close = cow_close,
	.rw = evb_cow_rw,
	.flush = evb_file_flush,
	.write_range = cow_write_range,
};

/*
 * Synchronous I/O on @file at @pos, through the page cache unless @direct
 * (which the file must have been opened for).  Writes are DSYNC: durable
 * when this returns.  Process context.
 *
 * Return: 0, or -errno (-EIO for a short transfer).
 */
static int cow_io(struct file *file, bool direct, bool write, loff_t pos,
		  struct iov_iter *iter)
{
	size_t len = iov_iter_count(iter);
	struct kiocb kiocb;
	ssize_t ret;

	init_sync_kiocb(&kiocb, file);
	kiocb.ki_pos = pos;
	if (!direct)
		kiocb.ki_flags &= ~IOCB_DIRECT;
	if (write) {
		kiocb.ki_flags |= IOCB_DSYNC;
		file_start_write(file);
		ret = file->f_op->write_iter(&kiocb, iter);
		file_end_write(file);
	} else {
		ret = file->f_op->read_iter(&kiocb, iter);
	}
	if (ret < 0)
		return ret;
	return ret == len ? 0 : -EIO;
}

/* cow_io() of one buffer within a page (kmalloc()ed, 512-byte aligned). */
static int cow_io_buf(struct file *file, bool direct, bool write, loff_t pos,
		      void *buf, size_t len)
{
	struct iov_iter iter;
	struct bio_vec bv;

	bvec_set_page(&bv, virt_to_page(buf), len, offset_in_page(buf));
	iov_iter_bvec(&iter, write ? ITER_SOURCE : ITER_DEST, &bv, 1, len);
	return cow_io(file, direct, write, pos, &iter);
}

/* Hash [pos, pos + len) of the base into @st, a page at a time. */
static int cow_id_range(struct file *file, struct xxh64_state *st, void *buf,
			u64 pos, u64 len)
{
	while (len) {
		size_t n = min_t(u64, len, PAGE_SIZE);
		int ret = cow_io_buf(file, false, false, pos, buf, n);

		if (ret)
			return ret;
		xxh64_update(st, buf, n);
		pos += n;
		len -= n;
		cond_resched();
	}
	return 0;
}

/*
 * The base's identity: xxh64 of its size, its first and last MiB and
 * COW_ID_BLOCKS blocks spread evenly between.  Not a proof that two bases
 * are equal, but a new golden image differs from the old one in its
 * partition table, filesystem superblocks or journal, which these cover;
 * bases are meant to be immutable (design.rst).
 */
static int cow_base_identify(struct file *file, u64 size, u64 *id)
{
	u64 edge = min_t(u64, size, COW_ID_EDGE);
	struct xxh64_state st;
	__le64 le = cpu_to_le64(size);
	void *buf;
	int i, ret;

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	xxh64_reset(&st, 0);
	xxh64_update(&st, &le, sizeof(le));
	ret = cow_id_range(file, &st, buf, 0, edge) ?:
	      cow_id_range(file, &st, buf, size - edge, edge);
	for (i = 1; !ret && i <= COW_ID_BLOCKS; i++) {
		u64 pos = round_down(div_u64(size, COW_ID_BLOCKS + 1) * i, PAGE_SIZE);

		ret = cow_id_range(file, &st, buf, pos, min_t(u64, size - pos, PAGE_SIZE));
	}
	kfree(buf);
	if (!ret)
		*id = xxh64_digest(&st);
	return ret;
}

/*
 * A page-cache file of a block-device base, opened from the path the
 * backend was opened from, with the same (the admin's) credentials; it
 * must be the device the backend claimed.
 */
static struct file *cow_bdev_file(struct evb_blade *blade, const char *path)
{
	struct file *file = filp_open(path, O_RDONLY | O_LARGEFILE, 0);
	struct inode *inode;

	if (IS_ERR(file))
		return file;
	inode = file_inode(file);
	if (!S_ISBLK(inode->i_mode) ||
	    inode->i_rdev != blade->be.bdev.bdev->bd_dev ||
	    !file->f_op->read_iter) {
		evb_fput_sync(file);
		return ERR_PTR(-ENXIO);
	}
	return file;
}

/**
 * evb_cow_base_open() - the base of a COW blade: the blade's backend
 * @blade: the blade, being created
 * @path: the base's path
 * @extack: for the reason of a failure
 *
 * Process context, with the caller's (the admin's) credentials.  Opens
 * the base read-only as the blade's backend, with a page-cache file of it
 * for partial reads; denies writers to a regular file for as long as the
 * blade exists (a block device is claimed exclusively by its backend);
 * and computes its identity.  Undone by evb_cow_base_close().
 *
 * Return: 0 or -errno.
 */
int evb_cow_base_open(struct evb_blade *blade, const char *path,
		      struct netlink_ext_ack *extack)
{
	struct evb_cow_base *cb = &blade->base;
	struct evb_ovl_geom g;
	int ret;

	ret = evb_backend_open(&blade->be, path, true, blade, extack);
	if (ret)
		return ret;
	blade->nsect = blade->be.size >> AOE_SECTOR_SHIFT;
	if (evb_ovl_geom_init(&g, blade->nsect << AOE_SECTOR_SHIFT,
			      EVB_OVL_CHUNK_SHIFT)) {
		NL_SET_ERR_MSG(extack, "the base is empty, or too large for an overlay");
		ret = -EINVAL;
		goto err;
	}
	if (blade->be.file) {
		cb->file = get_file(blade->be.file);
	} else {
		cb->file = cow_bdev_file(blade, path);
		if (IS_ERR(cb->file)) {
			ret = PTR_ERR(cb->file);
			cb->file = NULL;
			NL_SET_ERR_MSG(extack, "cannot open the base block device for page cache reads");
			goto err;
		}
	}
	if (S_ISREG(file_inode(cb->file)->i_mode)) {
		ret = deny_write_access(cb->file);
		if (ret) {
			NL_SET_ERR_MSG(extack, "the base is open for writing elsewhere: a base must not change under its overlays");
			goto err;
		}
		cb->denied_write = true;
	}
	ret = cow_base_identify(cb->file, blade->nsect << AOE_SECTOR_SHIFT, &cb->id);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot read the base");
		goto err;
	}
	return 0;

err:
	evb_cow_base_close(blade);
	return ret;
}

/**
 * evb_cow_base_close() - undo evb_cow_base_open()
 * @blade: the blade; no connection is left
 */
void evb_cow_base_close(struct evb_blade *blade)
{
	struct evb_cow_base *cb = &blade->base;

	if (cb->denied_write)
		allow_write_access(cb->file);
	cb->denied_write = false;
	if (cb->file)
		evb_fput_sync(cb->file);
	cb->file = NULL;
	evb_backend_close(&blade->be);
}

static void cow_free(struct evb_cow *cow)
{
	kvfree(cow->map);
	kvfree(cow->pending);
	bitmap_free(cow->dirty);
	kvfree(cow->seq);
	kfree(cow->img);
	kfree(cow->slot_buf);
	kfree(cow);
}

static struct evb_cow *cow_alloc(struct evb_blade *blade,
				 struct evb_backend *ovl)
{
	struct evb_cow *cow = kzalloc(sizeof(*cow), GFP_KERNEL);
	u64 words;

	if (!cow)
		return NULL;
	cow->base = &blade->be;
	cow->base_file = blade->base.file;
	cow->ovl = ovl;
	spin_lock_init(&cow->lock);
	mutex_init(&cow->commit_mutex);
	atomic64_set(&cow->chunks, 0);
	if (evb_ovl_geom_init(&cow->geom, blade->nsect << AOE_SECTOR_SHIFT,
			      EVB_OVL_CHUNK_SHIFT))
		goto err;	/* checked at blade add */
	words = BITS_TO_LONGS(cow->geom.nchunks);
	cow->map = kvcalloc(words, sizeof(long), GFP_KERNEL);
	cow->pending = kvcalloc(words, sizeof(long), GFP_KERNEL);
	cow->dirty = bitmap_zalloc(cow->geom.bm_pages, GFP_KERNEL);
	cow->seq = kvcalloc(cow->geom.bm_pages, sizeof(u64), GFP_KERNEL);
	cow->img = kmalloc_array(BITS_TO_LONGS(EVB_OVL_PAGE_BITS), sizeof(long),
				 GFP_KERNEL);
	cow->slot_buf = kmalloc(EVB_OVL_BLOCK, GFP_KERNEL);
	if (cow->map && cow->pending && cow->dirty && cow->seq && cow->img &&
	    cow->slot_buf)
		return cow;
err:
	cow_free(cow);
	return NULL;
}

static bool cow_direct(const struct evb_cow *cow)
{
	return !cow->ovl->buffered;
}

/*
 * Make a blank overlay: size it, write slot A of every map page empty,
 * make that durable, then the superblock, durable too.  Until the
 * superblock is, the file is blank (evb_cow_open() makes it again).
 */
static int cow_init(struct evb_cow *cow, u64 base_id, char *err, size_t errlen)
{
	struct file *file = cow->ovl->file;
	struct evb_ovl_sb sb = {};
	void *buf = cow->slot_buf;
	u32 p;
	int ret;

	get_random_bytes(sb.overlay_id, sizeof(sb.overlay_id));
	sb.geom = cow->geom;
	sb.base_id = base_id;
	sb.created = ktime_get_real_seconds();
	cow->tag = evb_ovl_tag(sb.overlay_id);

	ret = vfs_truncate(&file->f_path, 0) ?:
	      vfs_truncate(&file->f_path, cow->geom.file_size);
	if (ret) {
		snprintf(err, errlen, "cannot size the overlay: %d", ret);
		return ret;
	}
	bitmap_zero(cow->img, EVB_OVL_PAGE_BITS);
	for (p = 0; p < cow->geom.bm_pages; p++) {
		evb_ovl_slot_encode(buf, cow->tag, p, 0, cow->img,
				    evb_ovl_page_nbits(&cow->geom, p));
		ret = cow_io_buf(file, cow_direct(cow), true,
				 evb_ovl_slot_off(&cow->geom, p, 0), buf,
				 EVB_OVL_BLOCK);
		if (ret)
			goto io;
		cow->seq[p] = 0;
		cond_resched();
	}
	ret = vfs_fsync(file, 0);
	if (ret)
		goto io;
	memset(buf, 0, EVB_OVL_BLOCK);
	evb_ovl_sb_encode(&sb, buf);
	ret = cow_io_buf(file, cow_direct(cow), true, 0, buf, EVB_OVL_SB_SIZE);
	if (!ret)
		ret = vfs_fsync(file, 0);
	if (!ret)
		return 0;
io:
	snprintf(err, errlen, "cannot write the new overlay: %d", ret);
	return ret;
}

/* Read the map: each page's newest valid slot. */
static int cow_load_map(struct evb_cow *cow, char *err, size_t errlen)
{
	struct file *file = cow->ovl->file;
	void *a = cow->slot_buf, *b;
	unsigned int nbits;
	u64 chunks = 0;
	int ret = -ENOMEM;
	u32 p;

	b = kmalloc(EVB_OVL_BLOCK, GFP_KERNEL);
	if (!b)
		goto out;
	for (p = 0; p < cow->geom.bm_pages; p++) {
		nbits = evb_ovl_page_nbits(&cow->geom, p);
		ret = cow_io_buf(file, cow_direct(cow), false,
				 evb_ovl_slot_off(&cow->geom, p, 0), a, EVB_OVL_BLOCK) ?:
		      cow_io_buf(file, cow_direct(cow), false,
				 evb_ovl_slot_off(&cow->geom, p, 1), b, EVB_OVL_BLOCK);
		if (ret) {
			snprintf(err, errlen, "cannot read the overlay's map: %d", ret);
			goto out;
		}
		ret = evb_ovl_page_choose(a, b, cow->tag, p, nbits, &cow->seq[p],
					  cow->img);
		if (ret < 0) {
			snprintf(err, errlen,
				 "both copies of the overlay's map page %u are damaged: reset the overlay",
				 p);
			ret = -EUCLEAN;
			goto out;
		}
		bitmap_copy(cow->map + (u64)p * BITS_TO_LONGS(EVB_OVL_PAGE_BITS),
			    cow->img, nbits);
		chunks += bitmap_weight(cow->img, nbits);
		cond_resched();
	}
	atomic64_set(&cow->chunks, chunks);
	ret = 0;
out:
	kfree(b);
	return ret;
}

/*
 * An existing overlay: its superblock must be ours, of this version, and
 * made against this base.
 */
static int cow_check_sb(struct evb_cow *cow, struct evb_blade *blade,
			const struct evb_ovl_sb *sb, char *err, size_t errlen)
{
	u64 size = i_size_read(file_inode(cow->ovl->file));

	if (sb->geom.base_bytes != cow->geom.base_bytes) {
		snprintf(err, errlen,
			 "the overlay was made against a base of %llu bytes, this base has %llu: reset it",
			 sb->geom.base_bytes, cow->geom.base_bytes);
		return -ESTALE;
	}
	if (sb->base_id != blade->base.id) {
		snprintf(err, errlen,
			 "the overlay was made against another base (identity %016llx, this base's is %016llx): reset it",
			 sb->base_id, blade->base.id);
		return -ESTALE;
	}
	if (size < sb->geom.file_size) {
		snprintf(err, errlen,
			 "the overlay is %llu bytes, shorter than its format's %llu: damaged; reset it",
			 size, sb->geom.file_size);
		return -EUCLEAN;
	}
	cow->geom = sb->geom;
	cow->tag = evb_ovl_tag(sb->overlay_id);
	return 0;
}

/*
 * Blank: never made into an overlay, or made again from the start (an
 * empty file, or a superblock never written over a map that was).
 */
static bool cow_blank(struct evb_cow *cow, const void *sb_block, u64 size)
{
	const struct evb_ovl_slot_hdr *h = cow->slot_buf;

	if (!size)
		return true;
	if (size < EVB_OVL_BLOCK * 2 || !evb_ovl_blank(sb_block, EVB_OVL_SB_SIZE))
		return false;
	/* an interrupted cow_init(): page 0's slot A was made first */
	if (cow_io_buf(cow->ovl->file, cow_direct(cow), false,
		       evb_ovl_slot_off(&cow->geom, 0, 0), cow->slot_buf,
		       EVB_OVL_BLOCK))
		return false;
	return le32_to_cpu(h->magic) == EVB_OVL_SLOT_MAGIC;
}

/**
 * evb_cow_open() - serve a client from its overlay
 * @ovl: the client's backend, its overlay file open (evb_file_open_at())
 * @blade: the COW blade
 * @read_only: the blade is read-only: the overlay was opened so
 * @err: where to say why it failed
 * @errlen: the size of @err
 *
 * Process context, with the credentials of the blade's admin.  A blank
 * overlay is made (unless @read_only); an existing one is checked against
 * the base and its map read.  On success @ovl serves the client through
 * the overlay (evb_cow_ops; closing it frees the overlay state); on
 * failure it is left as it was.
 *
 * Return: 0 or -errno.
 */
int evb_cow_open(struct evb_backend *ovl, struct evb_blade *blade,
		 bool read_only, char *err, size_t errlen)
{
	struct evb_ovl_sb sb;
	struct evb_cow *cow;
	const char *why;
	void *block;
	u64 size;
	int ret;

	cow = cow_alloc(blade, ovl);
	block = kmalloc(EVB_OVL_BLOCK, GFP_KERNEL);
	if (!cow || !block) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto err;
	}
	size = i_size_read(file_inode(ovl->file));
	if (size >= EVB_OVL_BLOCK) {
		ret = cow_io_buf(ovl->file, cow_direct(cow), false, 0, block,
				 EVB_OVL_BLOCK);
		if (ret) {
			snprintf(err, errlen, "cannot read the overlay: %d", ret);
			goto err;
		}
	} else {
		memset(block, 0, EVB_OVL_BLOCK);
	}

	if (cow_blank(cow, block, size)) {
		if (read_only) {
			snprintf(err, errlen,
				 "the overlay is empty and the blade is read-only: nothing to serve it from");
			ret = -EROFS;
			goto err;
		}
		ret = cow_init(cow, blade->base.id, err, errlen);
		if (ret)
			goto err;
		pr_info_ratelimited("%s: made a new overlay, %u map pages\n",
				    blade->name, cow->geom.bm_pages);
	} else {
		ret = evb_ovl_sb_decode(&sb, block, &why);
		if (ret) {
			snprintf(err, errlen, "%s", why);
			goto err;
		}
		ret = cow_check_sb(cow, blade, &sb, err, errlen) ?:
		      cow_load_map(cow, err, errlen);
		if (ret)
			goto err;
	}
	kfree(block);
	ovl->cow = cow;
	ovl->off = cow->geom.data_off;
	ovl->size = cow->geom.base_bytes;
	ovl->ops = &evb_cow_ops;
	return 0;

err:
	kfree(block);
	if (cow)
		cow_free(cow);
	return ret;
}

/* The overlay's backend closes: no request is in flight. */
static void cow_close(struct evb_backend *be)
{
	cow_free(be->cow);
	be->cow = NULL;
	evb_file_ops.close(be);
}

/**
 * evb_cow_usage() - what a client's overlay holds
 * @be: the client's backend
 * @chunks: written chunks
 * @bytes: the bytes they hold
 *
 * Return: false if @be is not an overlay.
 */
bool evb_cow_usage(const struct evb_backend *be, u64 *chunks, u64 *bytes)
{
	const struct evb_cow *cow = be->cow;

	if (!cow)
		return false;
	*chunks = atomic64_read(&cow->chunks);
	*bytes = evb_ovl_used_bytes(&cow->geom, *chunks,
				    test_bit(cow->geom.nchunks - 1, cow->map));
	return true;
}

/*
 * Write the images of the dirty map pages, one at a time, each to the
 * slot its new sequence number's parity names, DSYNC.  Under
 * commit_mutex.  A failure leaves the overlay without first writes.
 */
static int cow_write_dirty(struct evb_cow *cow)
{
	const unsigned int words = BITS_TO_LONGS(EVB_OVL_PAGE_BITS);
	unsigned long *map;
	unsigned int nbits;
	u64 seq, added;
	int ret = 0;
	u32 p;

	lockdep_assert_held(&cow->commit_mutex);
	for (;;) {
		spin_lock(&cow->lock);
		p = find_first_bit(cow->dirty, cow->geom.bm_pages);
		if (p >= cow->geom.bm_pages) {
			spin_unlock(&cow->lock);
			break;
		}
		__clear_bit(p, cow->dirty);
		evb_ovl_page_image(&cow->geom, p, cow->map, cow->pending, cow->img);
		spin_unlock(&cow->lock);

		nbits = evb_ovl_page_nbits(&cow->geom, p);
		seq = cow->seq[p] + 1;
		evb_ovl_slot_encode(cow->slot_buf, cow->tag, p, seq, cow->img, nbits);
		ret = cow_io_buf(cow->ovl->file, cow_direct(cow), true,
				 evb_ovl_slot_off(&cow->geom, p, seq & 1),
				 cow->slot_buf, EVB_OVL_BLOCK);
		if (ret)
			break;
		cow->seq[p] = seq;
		map = cow->map + (u64)p * words;
		added = bitmap_weight(cow->img, nbits) - bitmap_weight(map, nbits);
		/* Bits only go from 0 to 1: readers see old or new words. */
		bitmap_or(map, map, cow->img, nbits);
		atomic64_add(added, &cow->chunks);
	}
	return ret;
}

/*
 * The data of the new chunks in [c0, c1] is durable: make their bits
 * durable too, in the first map commit that begins after they were
 * marked (group commit: one map write serves every first write waiting
 * for it).
 *
 * Return: 0 once the bits are durable, or the error of the commit.
 */
static int cow_commit(struct evb_cow *cow, u64 c0, u64 c1)
{
	u64 c, ticket, id;
	int ret;

	spin_lock(&cow->lock);
	for (c = c0; c <= c1; c++) {
		if (test_bit(c, cow->map))
			continue;
		__set_bit(c, cow->pending);
		__set_bit(div_u64(c, EVB_OVL_PAGE_BITS), cow->dirty);
	}
	ticket = evb_ovl_commit_join(&cow->commit);
	spin_unlock(&cow->lock);

	mutex_lock(&cow->commit_mutex);
	if (!evb_ovl_commit_covered(&cow->commit, ticket)) {
		spin_lock(&cow->lock);
		id = evb_ovl_commit_begin(&cow->commit);
		spin_unlock(&cow->lock);
		if (!cow->err) {
			cow->err = cow_write_dirty(cow);
			if (cow->err)
				pr_err_ratelimited("a copy-on-write map write failed (%d): the overlay takes no new chunks until it is opened again\n",
						   cow->err);
		}
		evb_ovl_commit_end(&cow->commit, id);
	}
	ret = cow->err;
	mutex_unlock(&cow->commit_mutex);
	return ret;
}

/* Pages of the chunk size, for the base bytes a first write needs. */
static struct page *cow_alloc_chunk(const struct evb_cow *cow)
{
	return alloc_pages(GFP_NOIO, cow->geom.chunk_shift - PAGE_SHIFT);
}

/*
 * A write with a new chunk: read the base around the request within its
 * new chunks, write the widened range, then commit the new chunks' bits.
 * Runs on the blocking workqueue; no other write to its new chunks runs
 * meanwhile (cow_write_range()).
 */
static void cow_write_work(struct work_struct *work)
{
	struct evb_req *req = container_of(work, struct evb_req, work);
	struct evb_cow *cow = req->be->cow;
	struct page *head = NULL, *tail = NULL;
	struct bio_vec *bv;
	u64 pos = evb_req_pos(req);
	u32 len = evb_req_bytes(req);
	struct evb_ovl_span s;
	struct iov_iter iter;
	unsigned int n = 0;
	int ret;

	evb_ovl_plan_write(&cow->geom, cow->map, pos, len, &s);
	/* The request's pages, with the head and the tail around them. */
	bv = kmalloc_array(req->nr_pages + 2, sizeof(*bv), GFP_NOIO);
	if (!bv) {
		ret = -ENOMEM;
		goto out;
	}
	if (READ_ONCE(cow->err)) {
		ret = -EIO;
		goto out;
	}
	if (s.head) {
		head = cow_alloc_chunk(cow);
		if (!head) {
			ret = -ENOMEM;
			goto out;
		}
		ret = cow_io_buf(cow->base_file, false, false, s.wpos,
				 page_address(head), s.head);
		if (ret)
			goto out;
		bvec_set_page(&bv[n++], head, s.head, 0);
	}
	memcpy(&bv[n], req->bvec, req->nr_pages * sizeof(*bv));
	n += req->nr_pages;
	if (s.tail) {
		tail = cow_alloc_chunk(cow);
		if (!tail) {
			ret = -ENOMEM;
			goto out;
		}
		ret = cow_io_buf(cow->base_file, false, false, pos + len,
				 page_address(tail), s.tail);
		if (ret)
			goto out;
		bvec_set_page(&bv[n++], tail, s.tail, 0);
	}
	iov_iter_bvec(&iter, ITER_SOURCE, bv, n, s.wlen);
	ret = cow_io(cow->ovl->file, cow_direct(cow), true,
		     cow->geom.data_off + s.wpos, &iter);
	if (!ret && s.nnew)
		ret = cow_commit(cow, s.c0, s.c1);
out:
	kfree(bv);
	if (head)
		__free_pages(head, cow->geom.chunk_shift - PAGE_SHIFT);
	if (tail)
		__free_pages(tail, cow->geom.chunk_shift - PAGE_SHIFT);
	evb_req_complete(req, ret);
}

/*
 * A read of written and unwritten chunks, each run from where it is, on
 * the blocking workqueue: for a backing served through the page cache.
 */
static void cow_read_work(struct work_struct *work)
{
	struct evb_req *req = container_of(work, struct evb_req, work);
	struct evb_cow *cow = req->be->cow;
	u64 pos = evb_req_pos(req);
	u32 len = evb_req_bytes(req), off = 0, run;
	struct iov_iter all, iter;
	bool overlay;
	int ret = 0;

	iov_iter_bvec(&all, ITER_DEST, req->bvec, req->nr_pages, len);
	while (!ret && off < len) {
		run = evb_ovl_run(&cow->geom, cow->map, pos + off, len - off,
				  &overlay);
		iter = all;
		iov_iter_truncate(&iter, run);
		if (overlay)
			ret = cow_io(cow->ovl->file, cow_direct(cow), false,
				     cow->geom.data_off + pos + off, &iter);
		else
			ret = cow_io(cow->base_file, false, false, pos + off, &iter);
		iov_iter_advance(&all, run);
		off += run;
	}
	evb_req_complete(req, ret);
}

/*
 * A read of written and unwritten chunks without a workqueue hop: when
 * both the overlay and the base are files open for direct I/O, each run
 * is an asynchronous kiocb of its own, submitted from the request worker,
 * and the last to complete completes the request.
 */
struct cow_part {
	struct kiocb iocb;
	struct cow_split *split;
	u32 len;
};

struct cow_split {
	struct evb_req *req;
	atomic_t pending;		/* parts in flight, and one for submission */
	int err;			/* the first error, else 0 */
	struct cow_part part[];
};

static void cow_split_put(struct cow_split *split)
{
	if (!atomic_dec_and_test(&split->pending))
		return;
	evb_req_complete(split->req, READ_ONCE(split->err));
	kfree(split);
}

static void cow_part_done(struct kiocb *iocb, long ret)
{
	struct cow_part *part = container_of(iocb, struct cow_part, iocb);
	struct cow_split *split = part->split;

	if (ret != part->len)
		cmpxchg(&split->err, 0, ret < 0 ? (int)ret : -EIO);
	cow_split_put(split);
}

static bool cow_split_possible(const struct evb_cow *cow)
{
	const struct evb_backend *base = cow->base;

	return cow_direct(cow) && base->ops == &evb_file_ops && !base->buffered;
}

/* Return: false if it could not start (no memory): the caller goes on. */
static bool cow_read_split(struct evb_req *req)
{
	struct evb_cow *cow = req->be->cow;
	u64 pos = evb_req_pos(req);
	u32 len = evb_req_bytes(req), off, run;
	unsigned int i, n = 0;
	struct cow_split *split;
	struct iov_iter all, iter;
	struct file *file;
	bool overlay;
	ssize_t ret;

	/* Runs alternate between base and overlay: at most one per chunk. */
	n = ((pos + len - 1) >> cow->geom.chunk_shift) -
	    (pos >> cow->geom.chunk_shift) + 1;
	split = kzalloc(struct_size(split, part, n), GFP_NOIO);
	if (!split)
		return false;
	split->req = req;
	atomic_set(&split->pending, 1);		/* submission's, put below */
	iov_iter_bvec(&all, ITER_DEST, req->bvec, req->nr_pages, len);
	for (off = 0, i = 0; off < len && i < n; off += run, i++) {
		struct cow_part *part = &split->part[i];

		run = evb_ovl_run(&cow->geom, cow->map, pos + off, len - off,
				  &overlay);
		file = overlay ? cow->ovl->file : cow->base->file;
		iter = all;
		iov_iter_truncate(&iter, run);
		iov_iter_advance(&all, run);
		part->split = split;
		part->len = run;
		part->iocb.ki_filp = file;
		part->iocb.ki_pos = (overlay ? cow->geom.data_off : 0) + pos + off;
		part->iocb.ki_flags = IOCB_DIRECT;
		part->iocb.ki_complete = cow_part_done;
		atomic_inc(&split->pending);
		ret = file->f_op->read_iter(&part->iocb, &iter);
		if (ret != -EIOCBQUEUED)
			cow_part_done(&part->iocb, ret);
	}
	cow_split_put(split);
	return true;
}

/*
 * A write's place in the overlay's write order (order.h), when it arrives
 * (softirq): the range it will write, widened to whole chunks where they
 * are not in the map yet.  Two writes to one new chunk then always wait
 * for each other, in arrival order: one copy-up per chunk, never two, and
 * never a copy-up's base bytes over a newer write.  A write to chunks
 * already written orders by its own sectors, as on a plain backing.  If
 * the chunk is written meanwhile, the write writes less than its range.
 */
static void cow_write_range(struct evb_backend *be, u64 *lba, u32 *nsect)
{
	struct evb_ovl_span s;

	evb_ovl_plan_write(&be->cow->geom, be->cow->map,
			   *lba << AOE_SECTOR_SHIFT, *nsect << AOE_SECTOR_SHIFT, &s);
	*lba = s.wpos >> AOE_SECTOR_SHIFT;
	*nsect = s.wlen >> AOE_SECTOR_SHIFT;
}

/*
 * Route a read or write (the request worker; must not block).  A read of
 * chunks all unwritten goes to the base's own ->rw, asynchronous.
 */
static void evb_cow_rw(struct evb_req *req)
{
	struct evb_cow *cow = req->be->cow;
	enum evb_ovl_route route;

	route = evb_ovl_route(&cow->geom, cow->map, evb_req_pos(req),
			      evb_req_bytes(req));
	if (req->cmd.op == EVB_OP_WRITE) {
		if (route == EVB_OVL_OVERLAY)
			evb_file_rw(req);
		else
			evb_req_queue_blocking(req, cow_write_work);
		return;
	}
	switch (route) {
	case EVB_OVL_OVERLAY:
		evb_file_rw(req);
		break;
	case EVB_OVL_BASE:
		/* a read is in no write order: nothing else uses req->be */
		req->be = cow->base;
		req->be->ops->rw(req);
		break;
	default:
		if (!cow_split_possible(cow) || !cow_read_split(req))
			evb_req_queue_blocking(req, cow_read_work);
	}
}

/**
 * evb_cow_reset() - make a client's overlay new: the pristine base again
 * @blade: the COW blade
 * @name: the overlay's file name in the template's directory
 * @only_ours: leave a file alone unless it is an overlay (or blank)
 * @err: where to say why it failed
 * @errlen: the size of @err
 *
 * Process context, with the caller's credentials, which must allow
 * writing the file; no connection may have it open (the caller closed
 * them).  Truncates the overlay to nothing, durably, then makes it again:
 * a crash at any point leaves the old overlay or a blank one.
 *
 * Return: 0, -ENOENT if there is no such file, -ENOTBLK if @only_ours and
 * it is not an overlay, or another -errno.
 */
int evb_cow_reset(struct evb_blade *blade, const char *name, bool only_ours,
		  char *err, size_t errlen)
{
	struct evb_backend ovl = {};
	struct evb_cow *cow = NULL;
	int ret;

	ret = evb_file_open_at(&ovl, &blade->tmpl_dir, name, false, err, errlen);
	if (ret)
		return ret;
	cow = cow_alloc(blade, &ovl);
	if (!cow) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	if (only_ours && ovl.size) {
		void *block = cow->slot_buf;

		ret = ovl.size < EVB_OVL_BLOCK ? -ENOTBLK :
		      cow_io_buf(ovl.file, cow_direct(cow), false, 0, block,
				 EVB_OVL_SB_SIZE);
		if (!ret && memcmp(block, EVB_OVL_MAGIC, 8) &&
		    !evb_ovl_blank(block, EVB_OVL_SB_SIZE))
			ret = -ENOTBLK;
		if (ret) {
			snprintf(err, errlen, "%s is not an overlay", name);
			goto out;
		}
	}
	ret = vfs_truncate(&ovl.file->f_path, 0) ?: vfs_fsync(ovl.file, 0);
	if (ret) {
		snprintf(err, errlen, "cannot truncate %s: %d", name, ret);
		goto out;
	}
	ret = cow_init(cow, blade->base.id, err, errlen);
out:
	if (cow)
		cow_free(cow);
	evb_backend_close(&ovl);
	return ret;
}
