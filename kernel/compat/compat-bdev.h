/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening a block device exclusively, by number, across the API changes
 * of 6.5, 6.7 and 6.9.  Core code only sees evb_bdev_open()/evb_bdev_close() and
 * ->bdev, so the next change of this API is one more branch here.
 */
#ifndef _EVB_COMPAT_BDEV_H
#define _EVB_COMPAT_BDEV_H

#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/version.h>

struct evb_bdev {
	struct block_device *bdev;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	struct file *file;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	struct bdev_handle *handle;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	void *holder;
#else
	fmode_t mode;
#endif
};

static inline void evb_bdev_close(struct evb_bdev *b)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	/* bdev_fput() gives up the exclusive claim at once, so the device
	 * can be claimed again right after a blade is deleted.
	 */
	bdev_fput(b->file);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	bdev_release(b->handle);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	blkdev_put(b->bdev, b->holder);
#else
	blkdev_put(b->bdev, b->mode);
#endif
	b->bdev = NULL;
}

/*
 * Claim the block device @dev exclusively for @holder.  By number, not by
 * path: the caller opened the device node (O_PATH), checked that it is a
 * block device, that the caller may open it (inode_permission()) and that
 * its mount allows devices; opening by number then claims exactly that
 * device, with nothing to swap in between.  The device cgroup is checked
 * here, as by every open.
 */
static inline int evb_bdev_open(struct evb_bdev *b, dev_t dev,
				bool read_only, void *holder)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	/* "bdev: open block device as files": a file (v6.9) */
	struct file *f = bdev_file_open_by_dev(dev, BLK_OPEN_READ |
				(read_only ? 0 : BLK_OPEN_WRITE), holder, NULL);

	if (IS_ERR(f))
		return PTR_ERR(f);
	b->file = f;
	b->bdev = file_bdev(f);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	/* "block: Provide bdev_open_* functions": a handle (v6.7) */
	struct bdev_handle *h = bdev_open_by_dev(dev, BLK_OPEN_READ |
				(read_only ? 0 : BLK_OPEN_WRITE), holder, NULL);

	if (IS_ERR(h))
		return PTR_ERR(h);
	b->handle = h;
	b->bdev = h->bdev;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	/* "block: use the holder as indication for exclusive opens" (v6.5) */
	struct block_device *bdev = blkdev_get_by_dev(dev, BLK_OPEN_READ |
				(read_only ? 0 : BLK_OPEN_WRITE), holder, NULL);

	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	b->holder = holder;
	b->bdev = bdev;
#else
	struct block_device *bdev;

	b->mode = FMODE_READ | FMODE_EXCL | (read_only ? 0 : FMODE_WRITE);
	bdev = blkdev_get_by_dev(dev, b->mode, holder);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	b->bdev = bdev;
#endif
	/* What opening by path does: no writer on a read-only device. */
	if (!read_only && bdev_read_only(b->bdev)) {
		evb_bdev_close(b);
		return -EACCES;
	}
	return 0;
}

#endif /* _EVB_COMPAT_BDEV_H */
