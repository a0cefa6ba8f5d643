/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connections: one client talking to one blade.
 *
 * The receive path finds a frame's connection in the blade's hash table
 * (RCU, no lock), creating it on the client's first frame (GFP_ATOMIC).
 * A connection carries what is per client: the cached ACL decision, the
 * backing it is served from (the blade's own, or for a private blade the
 * client's file, opened from process context by the setup work), the
 * Query Config requests that wait for that file, and counters.
 *
 * Lifetime.  One refcount (->ref), and conn.c alone frees the connection.
 * The blade's table holds one reference, every request in flight and a
 * queued setup work one each.  A connection leaves the table when it has
 * been idle for the blade's idle timeout (the aging work), when the client
 * table changes under it, or when the blade goes; its sysfs directory is
 * removed then, before the table's reference is dropped (kernfs waits for
 * running show functions, so none outlives the connection).  The last
 * reference queues the release work, which closes a private backing, tells
 * the monitor group and frees the connection after an RCU grace period.
 * The blade counts its connections (->nr_conns) and waits for the count
 * to drop to zero before it is freed; connection works never take the
 * namespace's config lock.
 *
 * Locking: blade->sysfs_lock (mutex) guards the connections' directories;
 * blade->conn_lock (BH spinlock) guards the table's membership and
 * blade->conn_list; conn->lock (BH spinlock) guards the backing state and
 * path, the list of MACs seen and the waiting queries.  In that order:
 * sysfs_lock, then conn_lock, then conn->lock, never the other way round;
 * a copy-on-write blade's blade->cow_lock (overlays opened, closed and
 * reset) comes before all of them.
 * conn-get finds a connection under RCU alone, possibly one being
 * released: what it reads under conn->lock the release work takes away
 * under conn->lock too.  Reads (sysfs, netlink) change nothing: the ACL
 * decision they show after a change is computed for the show, and stored
 * by the next frame.
 */
#ifndef _EVB_CONN_H
#define _EVB_CONN_H

#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>

#include <uapi/linux/evblade.h>

#include "backend.h"
#include "client.h"
#include "proto.h"

struct evb_blade;
struct kobject;
struct netlink_ext_ack;

/* Connections one blade keeps at most: frames from more clients drop. */
#define EVB_CONNS_MAX		4096
/* Query Config requests waiting for a private backing, per connection. */
#define EVB_CONN_QUERIES	4
/* A private backing that failed to open is tried again after this. */
#define EVB_CONN_RETRY		(10 * HZ)
#define EVB_CONN_ERROR_MAX	128
#define EVB_CONN_NOT_NOTIFIED	0xff

/* Who a connection is for: a declared client by name, or a lone MAC. */
struct evb_conn_key {
	char name[EVB_CLIENT_NAME_MAX];	/* "" for a lone MAC */
	u8 mac[ETH_ALEN];		/* zero for a declared client */
} __packed;

struct evb_conn_query {
	int ifindex;			/* dropped when it is unregistered */
	u8 ccmd;
	struct aoe_hdr hdr;
};

struct evb_conn {
	struct rhash_head node;
	struct evb_conn_key key;
	char id[EVB_CLIENT_NAME_MAX];	/* sysfs and log: name, or the MAC */
	struct rcu_head rcu;
	struct evb_blade *blade;
	refcount_t ref;			/* see Lifetime; evb_conn_put() */
	struct list_head list;		/* blade->conn_list, under conn_lock */
	bool linked;			/* in the table; under conn_lock */
	struct kobject *kobj;		/* its directory; under sysfs_lock */
	struct work_struct setup_work;
	struct work_struct release_work;
	u8 notified;			/* state last announced; setup work */

	/*
	 * The cached ACL decision and the ACL generation it was made for, in
	 * one word (evb_acl_cache()): written with cmpxchg, read with
	 * READ_ONCE, never a decision of one generation under another.
	 */
	unsigned long acl;

	spinlock_t lock;		/* state, error, MACs seen, queries, backing */
	u8 state;			/* enum evblade_conn_state, no DENIED */
	unsigned long failed_at;	/* jiffies */
	char error[EVB_CONN_ERROR_MAX];
	unsigned int nmacs;
	u8 mac[EVB_CLIENT_MACS][ETH_ALEN];	/* seen; under ->lock */
	u8 tmpl_mac[ETH_ALEN];		/* %m: a declared client's first MAC */
	unsigned int nqueries;
	struct evb_conn_query query[EVB_CONN_QUERIES];

	/* What requests use once ->state is READY (set before it). */
	struct evb_backend *be;
	u64 nsect;
	struct evb_backend pbe;		/* a private blade's own backing */
	char *backing;			/* its path; set and freed under ->lock */
	/* An open overlay: on blade->cow_conns, its path (blade->cow_lock). */
	struct list_head cow_node;
	const char *cow_path;

	int ifindex;			/* of the latest frame */
	time64_t first_seen;		/* real time */
	unsigned long last_seen;	/* jiffies */
	atomic64_t frames;
	atomic64_t bytes;
	atomic64_t errors;
};

int evb_conn_init(void);
void evb_conn_uninit(void);

int evb_conn_blade_init(struct evb_blade *blade);
void evb_conn_blade_stop(struct evb_blade *blade);
void evb_conn_blade_uninit(struct evb_blade *blade);
void evb_conn_flush(struct evb_blade *blade, const struct evb_client *client);
unsigned long evb_conn_age_period(const struct evb_blade *blade);
void evb_conn_reage(struct evb_blade *blade);
void evb_conn_forget_ifindex(struct evb_blade *blade, int ifindex);

struct evb_conn *evb_conn_find_or_create(struct evb_blade *blade,
					 const u8 *mac,
					 const struct evb_client *client,
					 int ifindex);
struct evb_conn *evb_conn_find(struct evb_blade *blade, const u8 *mac,
			       const struct evb_client *client);
bool evb_conn_admit(struct evb_conn *conn, const struct evb_client *client,
		    const u8 *mac);
enum evb_query {
	EVB_QUERY_KEPT,		/* answered once the backing is ready */
	EVB_QUERY_FULL,		/* no room: dropped, the initiator asks again */
	EVB_QUERY_READY,	/* ready meanwhile: answer it now */
};

enum evb_query evb_conn_hold_query(struct evb_conn *conn, struct net_device *dev,
				   const struct aoe_hdr *h, u8 ccmd);
bool evb_conn_tryget(struct evb_conn *conn);
void evb_conn_put(struct evb_conn *conn);
void evb_conn_seen(struct evb_conn *conn, const u8 *mac, int ifindex);
u8 evb_conn_state(const struct evb_conn *conn);
void evb_conn_error(struct evb_conn *conn);
void evb_conn_req_done(struct evb_conn *conn, int result, u32 bytes);
int evb_conn_cow_reset(struct evb_blade *blade, const u8 *tmpl_mac,
		       const char *key_name, bool force,
		       struct netlink_ext_ack *extack);

#endif /* _EVB_CONN_H */
