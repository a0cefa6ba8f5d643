// SPDX-License-Identifier: GPL-2.0
/*
 * Write ordering: overlapping writes to one backing run in arrival order.
 * See order.h.
 */
#include "order.h"

void evb_order_init(struct evb_order *o)
{
	spin_lock_init(&o->lock);
	INIT_LIST_HEAD(&o->writes);
}

static bool order_overlap(const struct evb_order_ent *a,
			  const struct evb_order_ent *b)
{
	return a->lba < b->lba + b->nsect && b->lba < a->lba + a->nsect;
}

/**
 * evb_order_add() - a write arrives: take its place after every write in flight
 * @o: the backing's order
 * @e: the request's entry, not linked
 * @lba: first sector
 * @nsect: sectors, at least one
 *
 * Any context.  The range is what the write will write, which a backend
 * may make wider than the request (evb_backend_ops.write_range).
 */
void evb_order_add(struct evb_order *o, struct evb_order_ent *e, u64 lba,
		   u32 nsect)
{
	struct evb_order_ent *w;
	unsigned long flags;

	e->lba = lba;
	e->nsect = nsect;
	e->blockers = 0;
	e->prepared = false;
	e->started = false;
	e->linked = true;
	spin_lock_irqsave(&o->lock, flags);
	list_for_each_entry(w, &o->writes, node)
		if (order_overlap(w, e))
			e->blockers++;
	list_add_tail(&e->node, &o->writes);
	spin_unlock_irqrestore(&o->lock, flags);
}

/**
 * evb_order_ready() - the write could start: may it?
 * @o: the backing's order
 * @e: a linked entry
 *
 * Return: true if the caller starts it now; false if an earlier
 * overlapping write is still in flight, whose evb_order_del() will hand
 * it back on its @run list.
 */
bool evb_order_ready(struct evb_order *o, struct evb_order_ent *e)
{
	unsigned long flags;
	bool start;

	spin_lock_irqsave(&o->lock, flags);
	e->prepared = true;
	start = !e->blockers;
	if (start)
		e->started = true;
	spin_unlock_irqrestore(&o->lock, flags);
	return start;
}

/**
 * evb_order_del() - the write is done (or was dropped before it started)
 * @o: the backing's order
 * @e: a linked entry; unlinked on return
 * @run: writes it was the last to block and that are ready are added
 *	 here (through their ->run), marked started: the caller starts them
 */
void evb_order_del(struct evb_order *o, struct evb_order_ent *e,
		   struct list_head *run)
{
	struct evb_order_ent *w;
	unsigned long flags;

	spin_lock_irqsave(&o->lock, flags);
	w = e;
	list_for_each_entry_continue(w, &o->writes, node) {
		if (!order_overlap(w, e))
			continue;
		if (WARN_ON_ONCE(!w->blockers))
			continue;
		if (--w->blockers || !w->prepared)
			continue;
		w->started = true;
		list_add_tail(&w->run, run);
	}
	list_del(&e->node);
	e->linked = false;
	spin_unlock_irqrestore(&o->lock, flags);
}
