/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVB_NETLINK_H
#define _EVB_NETLINK_H

int evb_nl_init(void);
void evb_nl_close(void);
void evb_nl_uninit(void);

struct evb_conn;
void evb_nl_conn_notify(struct evb_conn *conn, u8 cmd);

#endif /* _EVB_NETLINK_H */
