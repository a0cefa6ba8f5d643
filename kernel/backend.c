// SPDX-License-Identifier: GPL-2.0
/*
 * Opening backing stores, and choosing a backend from what was opened.
 *
 * Whatever a path names is first opened O_PATH: that resolves it once,
 * runs no driver's or FIFO's ->open() and needs no permission on the
 * object itself.  Its type is then checked on that very inode, then the
 * permission open(2) would check (inode_permission() for the current
 * credentials, through the mount's idmapping; LSMs see it), and only then
 * is the same object opened for I/O: a regular file with dentry_open() of
 * the O_PATH file's path, a block device by its device number.  Nothing
 * can be swapped in between, and nothing but a regular file or a block
 * device is ever opened for I/O.
 *
 * The current credentials are the admin's: the netlink handler runs in the
 * process that sent the request, and deferred work runs with the
 * credentials captured at blade add (override_creds(), see blade.h).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/netlink.h>
#include <linux/path.h>

#include "backend.h"
#include "compat/compat-fs.h"

/**
 * evb_backing_may_open() - may the current credentials open it for I/O?
 * @opath: an O_PATH file of a regular file or a device node
 * @read_only: for reading only; else for reading and writing
 *
 * What open(2) checks before it opens (may_open()): the permission bits,
 * ACLs and LSMs, and that an append-only file is not opened for writing.
 *
 * Return: 0, -EACCES, -EPERM or -EROFS.
 */
int evb_backing_may_open(const struct file *opath, bool read_only)
{
	int ret;

	ret = evb_path_permission(&opath->f_path,
				  MAY_OPEN | MAY_READ | (read_only ? 0 : MAY_WRITE));
	if (ret)
		return ret;
	if (!read_only && IS_APPEND(file_inode(opath)))
		return -EPERM;
	return 0;
}

/**
 * evb_backend_open() - open the backing store at @path
 * @be: the backend to fill
 * @path: absolute path of a block device or a regular file
 * @read_only: open without write access
 * @holder: the exclusive holder of a block device
 * @extack: for the reason of a failure
 *
 * Process context, with the credentials of the admin: only what the admin
 * could open itself is opened.  A block device is served through bios, a
 * regular file through in-kernel file I/O; anything else is refused
 * without being opened.
 *
 * Return: 0 or -errno.
 */
int evb_backend_open(struct evb_backend *be, const char *path, bool read_only,
		     void *holder, struct netlink_ext_ack *extack)
{
	struct file *opath;
	umode_t mode;
	int ret;

	opath = filp_open(path, O_PATH, 0);
	if (IS_ERR(opath)) {
		NL_SET_ERR_MSG(extack, "cannot find the backing path");
		return PTR_ERR(opath);
	}
	mode = file_inode(opath)->i_mode;
	if (S_ISBLK(mode)) {
		be->ops = &evb_bdev_ops;
	} else if (S_ISREG(mode)) {
		be->ops = &evb_file_ops;
	} else {
		NL_SET_ERR_MSG(extack, "the backing path is neither a block device nor a regular file");
		ret = -EINVAL;
		goto out;
	}
	ret = evb_backing_may_open(opath, read_only);
	if (ret) {
		if (read_only)
			NL_SET_ERR_MSG(extack, "the caller may not open the backing store for reading");
		else
			NL_SET_ERR_MSG(extack, "the caller may not open the backing store for reading and writing (read-only needs reading only)");
		goto out;
	}
	be->read_only = read_only;
	ret = be->ops->open(be, opath, read_only, holder, extack);
out:
	evb_fput_sync(opath);
	return ret;
}

/**
 * evb_backend_close() - close what evb_backend_open() opened
 * @be: the backend; no request may be in flight
 */
void evb_backend_close(struct evb_backend *be)
{
	be->ops->close(be);
}
