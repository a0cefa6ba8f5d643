/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EVB_RX_H
#define _EVB_RX_H

void evb_rx_init(void);
void evb_rx_uninit(void);

#endif /* _EVB_RX_H */
