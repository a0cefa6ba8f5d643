// SPDX-License-Identifier: GPL-2.0
/*
 * Block device backend: one bio per request, embedded in the request, over
 * the request's pages.  Writes carry REQ_FUA unless the blade is
 * write-back, because the Linux initiator never sends FLUSH; FLUSH CACHE
 * is an empty REQ_PREFLUSH bio.  Bios complete in any context.
 *
 * A device whose logical blocks are larger than a 512-byte sector (4Kn)
 * cannot take a bio for one sector: it is served through its own page
 * cache instead, by the file backend's buffered path over a file of the
 * device (design.rst, "Blocks larger than a sector").
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/netlink.h>

#include "backend.h"
#include "blade.h"
#include "req.h"

/* What open(2) of a device node checks besides the permission bits. */
static bool bdev_node_usable(const struct path *node)
{
	return !(node->mnt->mnt_flags & MNT_NODEV) &&
	       !(node->mnt->mnt_sb->s_iflags & SB_I_NODEV);
}

/*
 * A file of the device for page cache I/O, opened non-exclusively beside
 * the exclusive claim, from the very device node whose permission was
 * checked (@opath): it must be the device that was claimed.
 */
static int bdev_open_buffered(struct evb_backend *be, const struct file *opath,
			      bool read_only, struct netlink_ext_ack *extack)
{
	struct file *file;

	file = dentry_open(&opath->f_path,
			   (read_only ? O_RDONLY : O_RDWR) | O_LARGEFILE,
			   current_cred());
	if (IS_ERR(file)) {
		NL_SET_ERR_MSG(extack, "cannot open the block device for page cache I/O");
		return PTR_ERR(file);
	}
	if (!S_ISBLK(file_inode(file)->i_mode) ||
	    file_inode(file)->i_rdev != be->bdev.bdev->bd_dev ||
	    !file->f_op->read_iter || (!read_only && !file->f_op->write_iter)) {
		NL_SET_ERR_MSG(extack, "the block device changed while it was opened");
		evb_fput_sync(file);
		return -ENXIO;
	}
	be->file = file;
	be->buffered = true;
	return 0;
}

static int bdev_open(struct evb_backend *be, struct file *opath, bool read_only,
		     void *holder, struct netlink_ext_ack *extack)
{
	int ret;

	if (!bdev_node_usable(&opath->f_path)) {
		NL_SET_ERR_MSG(extack, "the device node is on a filesystem mounted nodev");
		return -EACCES;
	}
	ret = evb_bdev_open(&be->bdev, file_inode(opath)->i_rdev, read_only, holder);
	if (ret) {
		if (ret == -EBUSY)
			NL_SET_ERR_MSG(extack, "the block device is in use (mounted, or served already)");
		else if (ret == -EACCES && !read_only)
			NL_SET_ERR_MSG(extack, "cannot open the block device (read-only? then add it read-only)");
		else
			NL_SET_ERR_MSG(extack, "cannot open the block device");
		return ret;
	}
	be->size = bdev_nr_bytes(be->bdev.bdev);
	be->file = NULL;
	be->buffered = false;
	if (bdev_logical_block_size(be->bdev.bdev) > SECTOR_SIZE) {
		ret = bdev_open_buffered(be, opath, read_only, extack);
		if (ret) {
			evb_bdev_close(&be->bdev);
			return ret;
		}
	}
	return 0;
}

static void bdev_close(struct evb_backend *be)
{
	if (be->file) {
		evb_fput_sync(be->file);
		be->file = NULL;
	}
	evb_bdev_close(&be->bdev);
}

static void bdev_end_io(struct bio *bio)
{
	struct evb_req *req = bio->bi_private;
	int err = blk_status_to_errno(bio->bi_status);

	bio_uninit(bio);
	evb_req_complete(req, err);
}

static void bdev_submit(struct evb_req *req, struct bio *bio)
{
	bio->bi_private = req;
	bio->bi_end_io = bdev_end_io;
	submit_bio(bio);
}

static void bdev_rw(struct evb_req *req)
{
	struct block_device *bdev = req->be->bdev.bdev;
	struct bio *bio = &req->bio;
	blk_opf_t opf = REQ_OP_READ;
	unsigned int i;

	if (req->be->buffered) {
		evb_file_rw(req);
		return;
	}
	if (req->cmd.op == EVB_OP_WRITE) {
		opf = REQ_OP_WRITE | REQ_SYNC;
		if (!READ_ONCE(req->blade->write_back))
			opf |= REQ_FUA;
	}
	bio_init(bio, bdev, req->bvec, req->nr_pages, opf);
	bio->bi_iter.bi_sector = req->cmd.lba;
	for (i = 0; i < req->nr_pages; i++)
		__bio_add_page(bio, req->bvec[i].bv_page, req->bvec[i].bv_len, 0);
	bdev_submit(req, bio);
}

static void bdev_flush(struct evb_req *req)
{
	struct bio *bio = &req->bio;

	if (req->be->buffered) {
		evb_file_flush(req);
		return;
	}
	bio_init(bio, req->be->bdev.bdev, NULL, 0, REQ_OP_WRITE | REQ_PREFLUSH);
	bdev_submit(req, bio);
}

const struct evb_backend_ops evb_bdev_ops = {
	.kind = EVBLADE_BACKEND_BDEV,
	.open = bdev_open,
	.close = bdev_close,
	.rw = bdev_rw,
	.flush = bdev_flush,
};
