/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Permission checks on a path across the idmapped-mount API change of 6.3.
 */
#ifndef _EVB_COMPAT_FS_H
#define _EVB_COMPAT_FS_H

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/version.h>

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
