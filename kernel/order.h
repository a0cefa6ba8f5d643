/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Write ordering: overlapping writes to one backing run in arrival order.
 *
 * AoE has no sequence numbers and its tags carry no order, so nothing on
 * the wire tells a target which of two writes to the same sectors is the
 * newer.  What evblade can and does keep is the order in which they
 * arrived: a write that overlaps an earlier write still in flight on the
 * same backing waits until that one has completed.  Without it a write
 * queued on one CPU (or stuck on a slow backing) could land after a later
 * write to the same sectors, queued on another CPU, had been acknowledged:
 * an initiator that retransmitted the first, got the retransmission's
 * answer and wrote new data would find its old data back (design.rst,
 * "Late retransmitted writes").  Writes that overlap nothing in flight,
 * and reads, never wait.
 *
 * A write joins its backing's list when it arrives (the receive path,
 * softirq), which fixes its place; it counts the earlier overlapping
 * writes in the list as its blockers.  Once its data is copied the worker
 * asks evb_order_ready(): it starts now if nothing blocks it.  Otherwise
 * the last blocker to leave (evb_order_del(), when its request is freed)
 * hands it back to be started.  The list holds only requests in flight, at
 * most the blade's in-flight limit, so a linear scan is enough.
 *
 * Locking: evb_order.lock, a spinlock taken with interrupts off (it is
 * cheap, and safe from any context), innermost: nothing is called under
 * it.  Writes handed back by evb_order_del() are started after it is
 * dropped.
 */
#ifndef _EVB_ORDER_H
#define _EVB_ORDER_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct evb_order {
	spinlock_t lock;		/* guards the list and its entries */
	struct list_head writes;	/* in flight, in arrival order */
};

struct evb_order_ent {
	struct list_head node;		/* in evb_order.writes */
	struct list_head run;		/* on evb_order_del()'s @run list */
	u64 lba;
	u32 nsect;
	unsigned int blockers;		/* earlier overlapping writes in flight */
	bool linked;
	bool prepared;			/* its data is ready: may start */
	bool started;
};

void evb_order_init(struct evb_order *o);
void evb_order_add(struct evb_order *o, struct evb_order_ent *e, u64 lba,
		   u32 nsect);
bool evb_order_ready(struct evb_order *o, struct evb_order_ent *e);
void evb_order_del(struct evb_order *o, struct evb_order_ent *e,
		   struct list_head *run);

static inline void evb_order_ent_init(struct evb_order_ent *e)
{
	e->linked = false;
}

#endif /* _EVB_ORDER_H */
