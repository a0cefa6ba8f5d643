/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /sys/kernel/evblade: namespaces, blades and their connections, one value
 * per file.  Documented in Documentation/ABI/testing/sysfs-kernel-evblade.
 */
#ifndef _EVB_SYSFS_H
#define _EVB_SYSFS_H

struct evb_net;
struct evb_blade;
struct evb_conn;

int evb_sysfs_init(void);
void evb_sysfs_uninit(void);
int evb_sysfs_net_add(struct evb_net *en);
void evb_sysfs_net_del(struct evb_net *en);
int evb_sysfs_blade_add(struct evb_blade *blade);
void evb_sysfs_blade_del(struct evb_blade *blade);
int evb_sysfs_conn_add(struct evb_conn *conn);
void evb_sysfs_conn_del(struct evb_conn *conn);

#endif /* _EVB_SYSFS_H */
