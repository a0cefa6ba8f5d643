/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copy-on-write blades: a shared read-only base and, per client, an
 * overlay file that holds the chunks the client wrote (format: ovl.h;
 * design and crash-safety argument: Documentation/design.rst,
 * "Copy-on-write").
 *
 * The base is the blade's backend (blade->be), opened read-only at blade
 * add; cow.c adds a page-cache file of it for partial reads, its identity,
 * and for a regular file the denial of writers.  A client's overlay is its
 * connection's private backend (conn->pbe): evb_cow_open() reads (or
 * makes) the overlay and switches the backend to evb_cow_ops, whose ->rw
 * routes every request between base and overlay.
 *
 * Lifetime: the overlay state (struct evb_cow) belongs to the overlay's
 * backend: made by evb_cow_open(), freed by its ->close (the connection's
 * release, once no request is in flight).  It points at the blade's base,
 * which outlives every connection.
 *
 * Locking: evb_cow.commit_mutex serialises map commits (one map write in
 * flight per overlay); evb_cow.lock (a spinlock, innermost) guards the
 * pending bits, the dirty pages and joining a commit.  The durable map is
 * read without a lock (a chunk's bit only ever goes from 0 to 1, after its
 * data is durable) and written only by the commit, under commit_mutex.
 * Two writes to one new chunk never run concurrently: a write's range in
 * the backing's write order (order.h) covers its new chunks whole
 * (cow_write_range()).
 */
#ifndef _EVB_COW_H
#define _EVB_COW_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "ovl.h"

struct evb_backend;
struct evb_blade;
struct file;
struct netlink_ext_ack;

/* A client's overlay, open. */
struct evb_cow {
	struct evb_backend *base;	/* the blade's */
	struct file *base_file;		/* the blade's page-cache file of it */
	struct evb_backend *ovl;	/* the overlay: the connection's pbe */
	struct evb_ovl_geom geom;
	u64 tag;

	unsigned long *map;		/* durable chunks: read locklessly */
	unsigned long *pending;		/* data durable, bit not yet: ->lock */
	unsigned long *dirty;		/* map pages with pending bits: ->lock */
	u64 *seq;			/* per page, its durable image's: commit_mutex */
	unsigned long *img;		/* a page image being built: commit_mutex */
	void *slot_buf;			/* a slot being written: commit_mutex */

	spinlock_t lock;		/* pending, dirty, joining a commit */
	struct mutex commit_mutex;	/* one map commit at a time */
	struct evb_ovl_commit commit;	/* started: both locks; done: commit_mutex */
	int err;			/* a map write failed: no first write any more */
	atomic64_t chunks;		/* in the durable map */
};

/* What a COW blade keeps of its base, beside blade->be. */
struct evb_cow_base {
	struct file *file;		/* page-cache reads of the base */
	bool denied_write;		/* a regular file: deny_write_access() */
	u64 id;				/* identity (overlays record it) */
};

int evb_cow_base_open(struct evb_blade *blade, const char *path,
		      struct netlink_ext_ack *extack);
void evb_cow_base_close(struct evb_blade *blade);

int evb_cow_open(struct evb_backend *ovl, struct evb_blade *blade,
		 bool read_only, char *err, size_t errlen);
int evb_cow_reset(struct evb_blade *blade, const char *name, bool only_ours,
		  char *err, size_t errlen);
bool evb_cow_usage(const struct evb_backend *be, u64 *chunks, u64 *bytes);

#endif /* _EVB_COW_H */
