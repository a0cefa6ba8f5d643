// SPDX-License-Identifier: GPL-2.0
/*
 * Request lifecycle and the per-CPU queues between the receive path, the
 * backends and the transmit path.  See req.h for the flow.
 *
 * Each CPU has a list of requests to start and a list of completed ones,
 * both lockless (llist), and one work item on a bound workqueue that
 * drains both: it starts every queued request under one
 * block plug, then sends the responses of everything that completed,
 * in batches.  A list only schedules the work when it goes from empty to
 * non-empty, so a busy CPU pays one queue_work() per batch, not per frame.
 */
#include <linux/blkdev.h>
#include <linux/gfp.h>
#include <linux/mempool.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "blade.h"
#include "conn.h"
#include "req.h"
#include "tx.h"

/* Requests kept in reserve so I/O makes progress under memory pressure. */
#define EVB_REQ_RESERVE		64

struct evb_queue {
	struct llist_head todo;
	struct llist_head done;
	struct work_struct work;
};

static DEFINE_PER_CPU(struct evb_queue, evb_queues);
static struct kmem_cache *evb_req_cache;
static mempool_t *evb_req_pool;
static struct workqueue_struct *evb_wq;
static struct workqueue_struct *evb_blocking_wq;

/**
 * evb_req_alloc() - a request from the mempool, in any context
 *
 * Return: a request that holds nothing yet, or NULL.
 */
struct evb_req *evb_req_alloc(void)
{
	struct evb_req *req = mempool_alloc(evb_req_pool, GFP_ATOMIC);

	if (req) {
		req->skb = NULL;
		req->nr_pages = 0;
		req->result = 0;
		req->blade = NULL;
		req->conn = NULL;
		req->be = NULL;
		req->dev = NULL;
		req->execute = NULL;
		evb_order_ent_init(&req->order);
	}
	return req;
}

/**
 * evb_req_init() - make a request of an admitted ATA frame
 * @req: from evb_req_alloc()
 * @blade: the blade the frame is for
 * @conn: the sender's connection to it, ready
 * @skb: the frame; a write's is kept until its data is copied out (the
 *	caller then does not free it)
 * @cmd: the decoded command: a read, a write or a flush
 *
 * Softirq context, under rcu_read_lock().  Takes what the request holds
 * until evb_req_uninit(): a place in the blade's in-flight count, a
 * reference on the blade, the connection and the receiving device, and
 * for a write its place among the writes in flight to its backing, in
 * arrival order.  Picks the backend operation.
 *
 * Return: 0; -EBUSY if the blade has as many requests in flight as it
 * allows; -ESHUTDOWN if the connection is on its way out (its backing may
 * be closing).  On error the request holds nothing: free it.
 */
int evb_req_init(struct evb_req *req, struct evb_blade *blade,
		 struct evb_conn *conn, struct sk_buff *skb,
		 const struct evb_ata_cmd *cmd)
{
	unsigned int limit = READ_ONCE(blade->bufcnt) * EVB_INFLIGHT_FACTOR;
	const struct aoe_hdr *h = (const void *)skb_mac_header(skb);

	/* Dropped in evb_req_uninit(). */
	if (atomic_inc_return(&blade->inflight) > limit) {
		atomic_dec(&blade->inflight);
		return -EBUSY;
	}
	/* Put in evb_req_uninit(), by evb_conn_put(). */
	if (!evb_conn_tryget(conn)) {
		atomic_dec(&blade->inflight);
		return -ESHUTDOWN;
	}
	req->conn = conn;
	req->be = conn->be;
	/* Put in evb_req_uninit(), by evb_blade_put(). */
	evb_blade_get(blade);
	req->blade = blade;
	/* Put in evb_req_uninit(). */
	netdev_hold(skb->dev, &req->dev_tracker, GFP_ATOMIC);
	req->dev = skb->dev;

	req->hdr = *h;
	req->ata = *(const struct aoe_atahdr *)(h + 1);
	req->cmd = *cmd;
	if (cmd->op == EVB_OP_FLUSH) {
		req->execute = req->be->ops->flush;
		return 0;
	}
	req->execute = req->be->ops->rw;
	if (cmd->op == EVB_OP_WRITE) {
		/* Freed once copied (req_prepare_data()), or by uninit. */
		req->skb = skb;
		req->data_off = AOE_ATA_MIN_LEN - ETH_HLEN;
		u64 lba = cmd->lba;
		u32 nsect = cmd->nsect;

		if (req->be->ops->write_range)
			req->be->ops->write_range(req->be, &lba, &nsect);
		/* Left in evb_req_uninit(), by req_order_done(). */
		evb_order_add(&req->be->order, &req->order, lba, nsect);
	}
	return 0;
}

/*
 * A write leaves its backing's order: start the writes that waited for it
 * (process context: the request worker, see req_start()).
 */
static void req_order_done(struct evb_req *req)
{
	struct evb_req *next, *tmp;
	LIST_HEAD(run);

	evb_order_del(&req->be->order, &req->order, &run);
	list_for_each_entry_safe(next, tmp, &run, order.run) {
		list_del(&next->order.run);
		next->execute(next);
	}
}

/**
 * evb_req_uninit() - drop what evb_req_init() took
 * @req: the request; nothing if evb_req_init() was not called or failed
 *
 * Process context (the request worker) once initialised: a write that
 * leaves its backing's order may start the writes that waited for it.
 */
void evb_req_uninit(struct evb_req *req)
{
	struct evb_blade *blade = req->blade;

	if (!blade)
		return;
	/* Each taken by evb_req_init(). */
	if (req->order.linked)
		req_order_done(req);
	consume_skb(req->skb);
	req->skb = NULL;
	netdev_put(req->dev, &req->dev_tracker);
	evb_conn_put(req->conn);
	atomic_dec(&blade->inflight);
	/* Last: the blade may go once its requests are gone. */
	evb_blade_put(blade);
	req->blade = NULL;
}

/**
 * evb_req_free() - release a request and everything it holds
 * @req: the request; pages handed to a response skb are already NULL
 */
void evb_req_free(struct evb_req *req)
{
	unsigned int i;

	evb_req_uninit(req);
	for (i = 0; i < req->nr_pages; i++)
		if (req->pages[i])
			__free_page(req->pages[i]);
	mempool_free(req, evb_req_pool);
}

/**
 * evb_req_queue() - hand a request from the receive path to this CPU's worker
 * @req: a request, evb_req_init() done
 *
 * Softirq context.
 */
void evb_req_queue(struct evb_req *req)
{
	struct evb_queue *q = this_cpu_ptr(&evb_queues);

	if (llist_add(&req->node, &q->todo))
		queue_work_on(smp_processor_id(), evb_wq, &q->work);
}

/**
 * evb_req_complete() - the backend is done with a request
 * @req: the request
 * @result: 0, or a negative errno for the ATA error
 *
 * Any context: bio end_io, ki_complete, or the worker itself.  The
 * response goes out from the worker of the completing CPU.
 */
void evb_req_complete(struct evb_req *req, int result)
{
	struct evb_queue *q;

	req->result = result;
	q = get_cpu_ptr(&evb_queues);
	if (llist_add(&req->node, &q->done))
		queue_work_on(smp_processor_id(), evb_wq, &q->work);
	put_cpu_ptr(&evb_queues);
}

/**
 * evb_req_queue_blocking() - run a backend step that blocks (buffered file
 * I/O, fsync) on the unbound I/O workqueue, one work item per request
 * @req: the request
 * @fn: the step; it completes the request
 */
void evb_req_queue_blocking(struct evb_req *req, work_func_t fn)
{
	INIT_WORK(&req->work, fn);
	queue_work(evb_blocking_wq, &req->work);
}

/* Pages for the data, and for a write the data copied out of the frame. */
static int req_prepare_data(struct evb_req *req)
{
	u32 left = evb_req_bytes(req);
	unsigned int i, len;
	int ret;

	req->nr_pages = DIV_ROUND_UP(left, PAGE_SIZE);
	for (i = 0; i < req->nr_pages; i++) {
		req->pages[i] = alloc_page(GFP_NOIO);
		if (!req->pages[i]) {
			req->nr_pages = i;
			return -ENOMEM;
		}
		len = min_t(u32, left, PAGE_SIZE);
		bvec_set_page(&req->bvec[i], req->pages[i], len, 0);
		left -= len;
	}
	if (req->cmd.op != EVB_OP_WRITE)
		return 0;

	for (i = 0; i < req->nr_pages; i++) {
		ret = skb_copy_bits(req->skb, req->data_off + i * PAGE_SIZE,
				    page_address(req->pages[i]),
				    req->bvec[i].bv_len);
		if (ret)
			return ret;
	}
	consume_skb(req->skb);
	req->skb = NULL;
	return 0;
}

static void req_start(struct evb_req *req)
{
	struct evb_blade *blade = req->blade;

	if (req->cmd.op != EVB_OP_FLUSH && req_prepare_data(req)) {
		/* Dropped: the initiator retransmits once memory is back. */
		evb_net_drop(blade->en, EVB_DROP_NOMEM);
		evb_req_free(req);
		return;
	}
	/* An earlier overlapping write in flight starts it when it is done. */
	if (req->order.linked && !evb_order_ready(&req->be->order, &req->order))
		return;
	req->execute(req);
}

static void evb_queue_work(struct work_struct *work)
{
	struct evb_queue *q = container_of(work, struct evb_queue, work);
	struct evb_req *req, *tmp;
	struct llist_node *list;
	struct blk_plug plug;

	list = llist_del_all(&q->todo);
	if (list) {
		/* llist pushes at the head: restore arrival order */
		list = llist_reverse_order(list);
		blk_start_plug(&plug);
		llist_for_each_entry_safe(req, tmp, list, node)
			req_start(req);
		blk_finish_plug(&plug);
	}

	list = llist_del_all(&q->done);
	if (list) {
		list = llist_reverse_order(list);
		llist_for_each_entry_safe(req, tmp, list, node) {
			evb_conn_req_done(req->conn, req->result, evb_req_bytes(req));
			evb_tx_ata_done(req);
			evb_req_free(req);
		}
	}
}

/**
 * evb_req_module_init() - caches, mempool, queues and workqueues
 *
 * Return: 0 or -ENOMEM.
 */
int __init evb_req_module_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct evb_queue *q = per_cpu_ptr(&evb_queues, cpu);

		init_llist_head(&q->todo);
		init_llist_head(&q->done);
		INIT_WORK(&q->work, evb_queue_work);
	}

	evb_req_cache = KMEM_CACHE(evb_req, 0);
	if (!evb_req_cache)
		goto err;
	evb_req_pool = mempool_create_slab_pool(EVB_REQ_RESERVE, evb_req_cache);
	if (!evb_req_pool)
		goto err_cache;
	/*
	 * Normal priority on purpose.  When the initiator shares the CPUs
	 * (a guest, or a host serving itself), a high-priority worker and
	 * the softirq it drives starve the Linux initiator's completion
	 * thread (aoe_ktio, nice -10): its backlog then exhausts the
	 * initiator's 512 frames, and drivers/block/aoe can stall a request
	 * for good (see Documentation/design.rst, "Sharing CPUs").
	 */
	evb_wq = alloc_workqueue("evblade", WQ_PERCPU | WQ_MEM_RECLAIM, 0);
	if (!evb_wq)
		goto err_pool;
	evb_blocking_wq = alloc_workqueue("evblade_io", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!evb_blocking_wq)
		goto err_wq;
	return 0;

err_wq:
	destroy_workqueue(evb_wq);
err_pool:
	mempool_destroy(evb_req_pool);
err_cache:
	kmem_cache_destroy(evb_req_cache);
err:
	return -ENOMEM;
}

/**
 * evb_req_module_exit() - tear down; every blade is gone, so no request is left
 */
void evb_req_module_exit(void)
{
	destroy_workqueue(evb_blocking_wq);
	destroy_workqueue(evb_wq);
	mempool_destroy(evb_req_pool);
	kmem_cache_destroy(evb_req_cache);
}
