/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A request: one AoE ATA frame that moves data or flushes, from the
 * receive path through the backend to the response.
 *
 * rx (softirq) allocates it from a mempool, evb_req_init() takes what it
 * holds, and evb_req_queue() queues it on the receiving CPU; that CPU's
 * worker (process context) gives it pages, copies write data out of the
 * frame, and starts the backend under a block plug.  The
 * backend completes it in any context onto the completing CPU's done
 * list; the worker then sends the response, pages attached as fragments
 * (no copy for reads), and frees it.  A request holds, from
 * evb_req_init() to evb_req_uninit() (called by evb_req_free()): a
 * reference on its blade and a place in the blade's in-flight count, a
 * reference on its connection (which keeps a private backing open), one
 * on the receiving net_device, and for a write its frame until the data
 * is copied out and its place among the writes to its backing.
 */
#ifndef _EVB_REQ_H
#define _EVB_REQ_H

#include <linux/bio.h>
#include <linux/fs.h>
#include <linux/llist.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "ata.h"
#include "order.h"
#include "proto.h"

struct evb_blade;
struct evb_backend;
struct evb_conn;

/* The most one 8-bit sector count can ask for: 255 sectors. */
#define EVB_MAX_DATA		(255 << AOE_SECTOR_SHIFT)
#define EVB_MAX_PAGES		DIV_ROUND_UP(EVB_MAX_DATA, PAGE_SIZE)
/*
 * The most read data one reply carries: a read's pages become the reply's
 * page fragments, one each, and an skb has MAX_SKB_FRAGS of them (17 with
 * 4 KiB pages: 136 sectors, fewer than 255).  What is advertised and what
 * is admitted are both bounded by it (evb_aoe_max_sectors(),
 * evb_aoe_read_fits()).
 */
#define EVB_REPLY_MAX_DATA	(min_t(unsigned int, MAX_SKB_FRAGS, EVB_MAX_PAGES) * PAGE_SIZE)

struct evb_req {
	struct llist_node node;
	struct evb_blade *blade;
	struct evb_conn *conn;		/* the client's connection */
	struct evb_backend *be;		/* the blade's, or the client's own */
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct sk_buff *skb;		/* a write's frame until copied */

	struct aoe_hdr hdr;		/* the request's headers, for the reply */
	struct aoe_atahdr ata;
	struct evb_ata_cmd cmd;
	unsigned int data_off;		/* offset of write data in skb */

	void (*execute)(struct evb_req *req);	/* the backend's ->rw or ->flush */
	struct evb_order_ent order;	/* a write's place on its backing */
	int result;			/* 0 or -errno, set on completion */
	unsigned int nr_pages;
	struct page *pages[EVB_MAX_PAGES];
	struct bio_vec bvec[EVB_MAX_PAGES];
	union {
		struct bio bio;
		struct kiocb iocb;
	};
	struct work_struct work;	/* blocking backend work */
};

int evb_req_module_init(void);
void evb_req_module_exit(void);

struct evb_req *evb_req_alloc(void);
int evb_req_init(struct evb_req *req, struct evb_blade *blade,
		 struct evb_conn *conn, struct sk_buff *skb,
		 const struct evb_ata_cmd *cmd);
void evb_req_uninit(struct evb_req *req);
void evb_req_free(struct evb_req *req);
void evb_req_queue(struct evb_req *req);
void evb_req_complete(struct evb_req *req, int result);
void evb_req_queue_blocking(struct evb_req *req, work_func_t fn);

static inline u32 evb_req_bytes(const struct evb_req *req)
{
	return req->cmd.nsect << AOE_SECTOR_SHIFT;
}

static inline loff_t evb_req_pos(const struct evb_req *req)
{
	return req->cmd.lba << AOE_SECTOR_SHIFT;
}

#endif /* _EVB_REQ_H */
