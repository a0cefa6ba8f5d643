// SPDX-License-Identifier: GPL-2.0
/*
 * Regular file backend, after the loop driver and the NVMe target's file
 * backend.  The file is opened O_DIRECT when its filesystem allows, and
 * requests then go down as asynchronous kiocbs over a bvec iterator of
 * the request's pages, completing in any context.  Otherwise (tmpfs on
 * older kernels, for one), and when the filesystem wants direct I/O
 * aligned to more than a 512-byte sector (4Kn, see design.rst), every
 * request is a read or write through the page cache, run from the
 * unbound I/O workqueue.  Writes are IOCB_DSYNC unless the blade is
 * write-back; FLUSH CACHE is vfs_fsync() from the workqueue.  A block
 * device with logical blocks larger than a sector is served the same way,
 * through a file of the device (backend-bdev.c).
 */
#include <linux/blkdev.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/netlink.h>
#include <linux/stat.h>
#include <linux/uio.h>

#include "backend.h"
#include "blade.h"
#include "compat/compat-fs.h"
#include "req.h"

/*
 * Open for I/O what @opath names (an O_PATH file of a regular file whose
 * permission was checked): O_DIRECT if the filesystem can, else buffered.
 */
static struct file *file_open_how(struct evb_backend *be,
				  const struct file *opath, int flags)
{
	struct file *file;

	be->buffered = false;
	file = dentry_open(&opath->f_path, flags | O_DIRECT, current_cred());
	if (IS_ERR(file) && PTR_ERR(file) == -EINVAL) {
		/* This filesystem has no direct I/O: buffered it is. */
		file = dentry_open(&opath->f_path, flags, current_cred());
		be->buffered = true;
	}
	return file;
}

static const char *file_usable(struct file *file, bool read_only)
{
	if (!file->f_op->read_iter || (!read_only && !file->f_op->write_iter))
		return "the backing file does not support in-kernel I/O";
	return NULL;
}

/*
 * Direct I/O only if every request can go down as it is: AoE requests are
 * 512-byte sectors at any sector, in page-aligned memory.  A filesystem
 * that wants more (its block device has 4096-byte logical blocks, say) is
 * served through the page cache instead, which reads and writes whole
 * blocks; see design.rst, "Blocks larger than a sector".
 */
static void file_choose_mode(struct evb_backend *be)
{
	struct super_block *sb = file_inode(be->file)->i_sb;
	unsigned int align = SECTOR_SIZE;
	struct kstat st = {};

	if (be->buffered)
		return;
	if (!vfs_getattr(&be->file->f_path, &st, STATX_DIOALIGN,
			 AT_STATX_SYNC_AS_STAT) &&
	    (st.result_mask & STATX_DIOALIGN)) {
		/* 0: no direct I/O on this file after all */
		align = st.dio_offset_align ?
			max(st.dio_offset_align, st.dio_mem_align) : 0;
	} else if (sb->s_bdev) {
		align = bdev_logical_block_size(sb->s_bdev);
	}
	if (!align || align > SECTOR_SIZE)
		be->buffered = true;
}

static int file_open(struct evb_backend *be, struct file *opath, bool read_only,
		     void *holder, struct netlink_ext_ack *extack)
{
	int flags = (read_only ? O_RDONLY : O_RDWR) | O_LARGEFILE;
	struct file *file;

	file = file_open_how(be, opath, flags);
	if (IS_ERR(file)) {
		NL_SET_ERR_MSG(extack, "cannot open the backing file");
		return PTR_ERR(file);
	}
	if (file_usable(file, read_only)) {
		NL_SET_ERR_MSG(extack, "the backing file does not support in-kernel I/O");
		evb_fput_sync(file);
		return -EOPNOTSUPP;
	}
	be->file = file;
	be->size = i_size_read(file_inode(file));
	file_choose_mode(be);
	return 0;
}

/**
 * evb_file_open_at() - open a private backing: a regular file in @dir
 * @be: the backend to fill
 * @dir: the directory
 * @name: a file name in it; a symbolic link is not followed
 * @read_only: open without write access
 * @err: where to say why it failed
 * @errlen: the size of @err
 *
 * Process context, with the credentials of the blade's admin.  Anything
 * but a regular file is refused without being opened (see backend.c).
 *
 * Return: 0 or -errno.
 */
int evb_file_open_at(struct evb_backend *be, const struct path *dir,
		     const char *name, bool read_only, char *err, size_t errlen)
{
	int flags = (read_only ? O_RDONLY : O_RDWR) | O_LARGEFILE;
	struct file *opath, *file;
	const char *why;
	umode_t mode;
	int ret;

	opath = file_open_root(dir, name, O_PATH | O_NOFOLLOW, 0);
	if (IS_ERR(opath)) {
		snprintf(err, errlen, "cannot open %s: %ld", name, PTR_ERR(opath));
		return PTR_ERR(opath);
	}
	mode = file_inode(opath)->i_mode;
	if (S_ISLNK(mode)) {
		/* What opening with O_NOFOLLOW says, and used to. */
		ret = -ELOOP;
		snprintf(err, errlen, "cannot open %s: %d (a symbolic link)", name, ret);
		goto out;
	}
	if (!S_ISREG(mode)) {
		snprintf(err, errlen, "%s: a private backing must be a regular file", name);
		ret = -EINVAL;
		goto out;
	}
	ret = evb_backing_may_open(opath, read_only);
	if (ret) {
		snprintf(err, errlen, "cannot open %s%s: %d", name,
			 read_only ? "" : " for writing", ret);
		goto out;
	}
	file = file_open_how(be, opath, flags);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		snprintf(err, errlen, "cannot open %s: %d", name, ret);
		goto out;
	}
	why = file_usable(file, read_only);
	if (why) {
		snprintf(err, errlen, "%s: %s", name, why);
		evb_fput_sync(file);
		ret = -EINVAL;
		goto out;
	}
	be->ops = &evb_file_ops;
	be->read_only = read_only;
	be->file = file;
	be->size = i_size_read(file_inode(file));
	file_choose_mode(be);
out:
	evb_fput_sync(opath);
	return ret;
}

/* Closed when this returns, also from a worker (blade del, umount). */
static void file_close(struct evb_backend *be)
{
	evb_fput_sync(be->file);
	be->file = NULL;
}

/* A short transfer is an error: the blade's size does not change. */
static int file_result(const struct evb_req *req, ssize_t ret)
{
	if (ret < 0)
		return ret;
	return ret == evb_req_bytes(req) ? 0 : -EIO;
}

static void file_aio_complete(struct kiocb *iocb, long ret)
{
	struct evb_req *req = container_of(iocb, struct evb_req, iocb);

	if (req->cmd.op == EVB_OP_WRITE)
		kiocb_end_write(iocb);
	evb_req_complete(req, file_result(req, ret));
}

static void file_direct_work(struct work_struct *work);

/*
 * A direct write holds freeze protection from submission to completion,
 * as io_uring and aio do.  The request worker serves every blade of its
 * CPU, so it never waits for a frozen filesystem: such a write is handed
 * to the I/O workqueue, which waits there (@wait).
 */
static bool file_start_direct_write(struct evb_req *req, bool wait)
{
	struct kiocb *iocb = &req->iocb;
	struct super_block *sb;

	if (wait) {
		kiocb_start_write(iocb);
		return true;
	}
	sb = file_inode(iocb->ki_filp)->i_sb;
	if (!sb_start_write_trylock(sb)) {
		evb_req_queue_blocking(req, file_direct_work);
		return false;
	}
	/* Completion, in another context, releases it: kiocb_start_write(). */
	__sb_writers_release(sb, SB_FREEZE_WRITE);
	return true;
}

static void file_submit_direct(struct evb_req *req, bool wait)
{
	struct evb_blade *blade = req->blade;
	struct file *file = req->be->file;
	bool write = req->cmd.op == EVB_OP_WRITE;
	struct kiocb *iocb = &req->iocb;
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_bvec(&iter, write ? ITER_SOURCE : ITER_DEST, req->bvec,
		      req->nr_pages, evb_req_bytes(req));
	memset(iocb, 0, sizeof(*iocb));
	iocb->ki_filp = file;
	iocb->ki_pos = req->be->off + evb_req_pos(req);
	iocb->ki_flags = IOCB_DIRECT;
	if (write && !READ_ONCE(blade->write_back))
		iocb->ki_flags |= IOCB_DSYNC;
	iocb->ki_complete = file_aio_complete;

	if (write) {
		if (!file_start_direct_write(req, wait))
			return;
		ret = file->f_op->write_iter(iocb, &iter);
	} else {
		ret = file->f_op->read_iter(iocb, &iter);
	}
	if (ret != -EIOCBQUEUED)
		file_aio_complete(iocb, ret);
}

/* A direct write that waits for its filesystem to thaw. */
static void file_direct_work(struct work_struct *work)
{
	file_submit_direct(container_of(work, struct evb_req, work), true);
}

/*
 * A read or write through the page cache, from the unbound I/O
 * workqueue.  The file may be open O_DIRECT (a 4Kn filesystem), so the
 * kiocb is built here rather than by vfs_iter_read()/vfs_iter_write(),
 * without IOCB_DIRECT.
 */
static ssize_t file_rw_buffered(struct evb_req *req, bool write)
{
	struct file *file = req->be->file;
	struct kiocb *iocb = &req->iocb;
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_bvec(&iter, write ? ITER_SOURCE : ITER_DEST, req->bvec,
		      req->nr_pages, evb_req_bytes(req));
	init_sync_kiocb(iocb, file);
	iocb->ki_flags &= ~IOCB_DIRECT;
	iocb->ki_pos = req->be->off + evb_req_pos(req);
	if (!write)
		return file->f_op->read_iter(iocb, &iter);

	if (!READ_ONCE(req->blade->write_back))
		iocb->ki_flags |= IOCB_DSYNC;
	/* Freeze protection, as newer vfs_iter_write() takes it itself. */
	file_start_write(file);
	ret = file->f_op->write_iter(iocb, &iter);
	file_end_write(file);
	return ret;
}

/* Buffered reads and writes, from the unbound I/O workqueue. */
static void file_buffered_work(struct work_struct *work)
{
	struct evb_req *req = container_of(work, struct evb_req, work);
	bool write = req->cmd.op == EVB_OP_WRITE;

	evb_req_complete(req, file_result(req, file_rw_buffered(req, write)));
}

/* fsync, from the unbound I/O workqueue. */
static void file_flush_work(struct work_struct *work)
{
	struct evb_req *req = container_of(work, struct evb_req, work);

	evb_req_complete(req, vfs_fsync(req->be->file, 0));
}

/**
 * evb_file_rw() - start a read or write on a file backend
 * @req: the request
 *
 * Also the block device backend's, for a device served through the page
 * cache.
 */
void evb_file_rw(struct evb_req *req)
{
	if (req->be->buffered)
		evb_req_queue_blocking(req, file_buffered_work);
	else
		file_submit_direct(req, false);
}

/**
 * evb_file_flush() - start a flush (fsync) on a file backend
 * @req: the request
 *
 * Also the block device backend's, for a device served through the page
 * cache.
 */
void evb_file_flush(struct evb_req *req)
{
	evb_req_queue_blocking(req, file_flush_work);
}

const struct evb_backend_ops evb_file_ops = {
	.kind = EVBLADE_BACKEND_FILE,
	.open = file_open,
	.close = file_close,
	.rw = evb_file_rw,
	.flush = evb_file_flush,
};
