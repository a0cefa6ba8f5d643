// SPDX-License-Identifier: GPL-2.0
/*
 * Regular file backend, after the loop driver and the NVMe target's file
 * backend.  The file is opened O_DIRECT when its filesystem allows, and
 * requests then go down as asynchronous kiocbs over a bvec iterator of
 * the request's pages, completing in any context.  Otherwise (tmpfs on
 * older kernels, for one) every request is a buffered read or write run
 * from the unbound I/O workqueue.  Writes are IOCB_DSYNC/RWF_DSYNC unless
 * the blade is write-back; FLUSH CACHE is vfs_fsync() from the workqueue.
 */
#include <linux/fs.h>
#include <linux/netlink.h>
#include <linux/uio.h>

#include "backend.h"
#include "blade.h"
#include "req.h"

static int file_open(struct evb_backend *be, const char *path, bool read_only,
		     void *holder, struct netlink_ext_ack *extack)
{
	int flags = (read_only ? O_RDONLY : O_RDWR) | O_LARGEFILE;
	struct file *file;

	file = filp_open(path, flags | O_DIRECT, 0);
	if (IS_ERR(file) && PTR_ERR(file) == -EINVAL) {
		/* This filesystem has no direct I/O: buffered it is. */
		file = filp_open(path, flags, 0);
		be->buffered = true;
	}
	if (IS_ERR(file)) {
		NL_SET_ERR_MSG(extack, "cannot open the backing file");
		return PTR_ERR(file);
	}
	if (!file->f_op->read_iter || (!read_only && !file->f_op->write_iter)) {
		NL_SET_ERR_MSG(extack, "the backing file does not support in-kernel I/O");
		fput(file);
		return -EOPNOTSUPP;
	}
	be->file = file;
	be->size = i_size_read(file_inode(file));
	return 0;
}

static void file_close(struct evb_backend *be)
{
	fput(be->file);
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

	evb_req_complete(req, file_result(req, ret));
}

static void file_submit_direct(struct evb_req *req)
{
	struct evb_blade *blade = req->blade;
	struct file *file = blade->be.file;
	bool write = req->cmd.op == EVB_OP_WRITE;
	struct kiocb *iocb = &req->iocb;
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_bvec(&iter, write ? ITER_SOURCE : ITER_DEST, req->bvec,
		      req->nr_pages, evb_req_bytes(req));
	memset(iocb, 0, sizeof(*iocb));
	iocb->ki_filp = file;
	iocb->ki_pos = evb_req_pos(req);
	iocb->ki_flags = IOCB_DIRECT;
	if (write && !READ_ONCE(blade->write_back))
		iocb->ki_flags |= IOCB_DSYNC;
	iocb->ki_complete = file_aio_complete;

	if (write)
		ret = file->f_op->write_iter(iocb, &iter);
	else
		ret = file->f_op->read_iter(iocb, &iter);
	if (ret != -EIOCBQUEUED)
		file_aio_complete(iocb, ret);
}

/* Buffered I/O and fsync, from the unbound I/O workqueue. */
static void file_blocking_work(struct work_struct *work)
{
	struct evb_req *req = container_of(work, struct evb_req, work);
	struct evb_blade *blade = req->blade;
	struct file *file = blade->be.file;
	loff_t pos = evb_req_pos(req);
	struct iov_iter iter;
	ssize_t ret;

	switch (req->cmd.op) {
	case EVB_OP_READ:
		iov_iter_bvec(&iter, ITER_DEST, req->bvec, req->nr_pages,
			      evb_req_bytes(req));
		ret = vfs_iter_read(file, &iter, &pos, 0);
		evb_req_complete(req, file_result(req, ret));
		break;
	case EVB_OP_WRITE:
		iov_iter_bvec(&iter, ITER_SOURCE, req->bvec, req->nr_pages,
			      evb_req_bytes(req));
		ret = vfs_iter_write(file, &iter, &pos,
				     READ_ONCE(blade->write_back) ? 0 : RWF_DSYNC);
		evb_req_complete(req, file_result(req, ret));
		break;
	default:	/* EVB_OP_FLUSH */
		evb_req_complete(req, vfs_fsync(file, 0));
		break;
	}
}

static void file_execute(struct evb_req *req)
{
	if (req->cmd.op == EVB_OP_FLUSH || req->blade->be.buffered)
		evb_req_queue_blocking(req, file_blocking_work);
	else
		file_submit_direct(req);
}

const struct evb_backend_ops evb_file_ops = {
	.kind = EVBLADE_BACKEND_FILE,
	.open = file_open,
	.close = file_close,
	.execute = file_execute,
};
