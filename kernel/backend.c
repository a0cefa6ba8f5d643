// SPDX-License-Identifier: GPL-2.0
/* Choosing a backend from what the path is. */
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/netlink.h>
#include <linux/path.h>

#include "backend.h"

/**
 * evb_backend_open() - open the backing store at @path
 * @be: the backend to fill
 * @path: absolute path of a block device or a regular file
 * @read_only: open without write access
 * @holder: the exclusive holder of a block device
 * @extack: for the reason of a failure
 *
 * Process context.  A block device is served through bios, a regular file
 * through in-kernel file I/O; anything else is refused.
 *
 * Return: 0 or -errno.
 */
int evb_backend_open(struct evb_backend *be, const char *path, bool read_only,
		     void *holder, struct netlink_ext_ack *extack)
{
	struct path p;
	umode_t mode;
	int ret;

	ret = kern_path(path, LOOKUP_FOLLOW, &p);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot find the backing path");
		return ret;
	}
	mode = d_backing_inode(p.dentry)->i_mode;
	path_put(&p);

	if (S_ISBLK(mode)) {
		be->ops = &evb_bdev_ops;
	} else if (S_ISREG(mode)) {
		be->ops = &evb_file_ops;
	} else {
		NL_SET_ERR_MSG(extack, "the backing path is neither a block device nor a regular file");
		return -EINVAL;
	}
	be->read_only = read_only;
	return be->ops->open(be, path, read_only, holder, extack);
}

/**
 * evb_backend_close() - close what evb_backend_open() opened
 * @be: the backend; no request may be in flight
 */
void evb_backend_close(struct evb_backend *be)
{
	be->ops->close(be);
}
