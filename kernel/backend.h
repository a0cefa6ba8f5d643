/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between requests and backing stores, after the NVMe target's
 * ->execute model: a blade's backend is chosen once, when the blade is
 * created, and the data path calls through the ops without ever looking
 * at what kind of backend it is.
 */
#ifndef _EVB_BACKEND_H
#define _EVB_BACKEND_H

#include <linux/file.h>
#include <linux/sched.h>
#include <linux/types.h>

#include <uapi/linux/evblade.h>

#include "compat/compat-bdev.h"
#include "order.h"

struct evb_req;
struct evb_backend;
struct evb_cow;
struct file;
struct netlink_ext_ack;
struct path;

struct evb_backend_ops {
	enum evblade_backend kind;
	/*
	 * Process context; may sleep.  Opens for I/O what @opath (O_PATH,
	 * of the right type, permission checked) names.  Sets be->size.
	 */
	int (*open)(struct evb_backend *be, struct file *opath, bool read_only,
		    void *holder, struct netlink_ext_ack *extack);
	void (*close)(struct evb_backend *be);
	/*
	 * Start a request: ->rw a READ or WRITE of req->cmd, ->flush a
	 * FLUSH CACHE.  evb_req_init() picks one when it parses the frame
	 * (req->execute).  Called from the request worker in process
	 * context; completes, in any context, through evb_req_complete().
	 */
	void (*rw)(struct evb_req *req);
	void (*flush)(struct evb_req *req);
	/*
	 * Optional, any context: the sectors a write of [*lba, *lba +
	 * *nsect) will write, if more; its range in the write order
	 * (order.h), fixed when it arrives.
	 */
	void (*write_range)(struct evb_backend *be, u64 *lba, u32 *nsect);
};

struct evb_backend {
	const struct evb_backend_ops *ops;
	u64 size;			/* bytes */
	bool read_only;			/* opened without write access */
	/*
	 * Through the page cache: a file without direct I/O, or a backing
	 * whose blocks are larger than a 512-byte sector.
	 */
	bool buffered;
	struct evb_bdev bdev;
	struct file *file;		/* also a buffered block device's */
	/* Where the client's sector 0 is in the file: a COW overlay's data. */
	u64 off;
	struct evb_order order;		/* its writes in flight (order.h) */
	struct evb_cow *cow;		/* a COW overlay's state (cow.c), or NULL */
};

extern const struct evb_backend_ops evb_bdev_ops;
extern const struct evb_backend_ops evb_file_ops;

/*
 * Drop a file reference and, if it was the last, close the file now.  In
 * a worker fput() leaves the close to delayed_fput, a jiffy later: a
 * blade deleted would still hold its files open, and an umount right
 * after fail with EBUSY.  In process context fput() closes before the
 * return to user space.
 */
static inline void evb_fput_sync(struct file *file)
{
	if (current->flags & PF_KTHREAD)
		__fput_sync(file);
	else
		fput(file);
}

int evb_backing_may_open(const struct file *opath, bool read_only);
int evb_file_open_at(struct evb_backend *be, const struct path *dir,
		     const char *name, bool read_only, char *err, size_t errlen);
int evb_backend_open(struct evb_backend *be, const char *path, bool read_only,
		     void *holder, struct netlink_ext_ack *extack);
void evb_backend_close(struct evb_backend *be);
void evb_file_rw(struct evb_req *req);
void evb_file_flush(struct evb_req *req);

#endif /* _EVB_BACKEND_H */
