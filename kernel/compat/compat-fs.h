/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File helpers across kernel versions: freeze protection for async
 * writes that older kernels lack, and permission checks on a path across
 * the idmapped-mount API change of 6.3.
 */
#ifndef _EVB_COMPAT_FS_H
#define _EVB_COMPAT_FS_H

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/version.h>

/*
 * "fs: create kiocb_{start,end}_write() helpers" (v6.6), backported to
 * 6.1.y in 6.1.116 (with the io_uring change that uses them).  Before,
 * io_uring and aio open-coded the same: freeze protection taken at
 * submission, and lockdep told that the completion, in another context,
 * releases it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 116) || \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0) && \
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0))
static inline void kiocb_start_write(struct kiocb *iocb)
{
	struct inode *inode = file_inode(iocb->ki_filp);

	sb_start_write(inode->i_sb);
	__sb_writers_release(inode->i_sb, SB_FREEZE_WRITE);
}

static inline void kiocb_end_write(struct kiocb *iocb)
{
	struct inode *inode = file_inode(iocb->ki_filp);

	__sb_writers_acquired(inode->i_sb, SB_FREEZE_WRITE);
	sb_end_write(inode->i_sb);
}
#endif

/*
 * inode_permission() of @path's inode for the current credentials, through
 * its mount's idmapping: what open(2) checks (may_open()).
 */
static inline int evb_path_permission(const struct path *path, int mask)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	/* "fs: port inode_permission() to mnt_idmap" (v6.3) */
	return inode_permission(mnt_idmap(path->mnt), d_inode(path->dentry), mask);
#else
	return inode_permission(mnt_user_ns(path->mnt), d_inode(path->dentry), mask);
#endif
}

#endif /* _EVB_COMPAT_FS_H */
