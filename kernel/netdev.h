/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVB_NETDEV_H
#define _EVB_NETDEV_H

int evb_netdev_init(void);
void evb_netdev_uninit(void);

#endif /* _EVB_NETDEV_H */
