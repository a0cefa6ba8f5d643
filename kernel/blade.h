/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A blade: one AoE shelf.slot in one network namespace, its backing (or
 * the template of its clients' private backings), properties and counters.
 *
 * Locks (after the namespace's en->lock, net.h):
 *   evb_blade.cfg_lock: BH spinlock for the state initiators edit
 *      from softirq: the AoE config string (Query Config set), and the
 *      MAC mask and reserve lists (commands 2 and 3), which are
 *      replaced as a whole, RCU-published, so the data path reads them
 *      without the lock
 *   RCU: the data path finds blades (xarray) and their interface sets
 *   under rcu_read_lock() and takes nothing else.
 *
 * Connections (conn.h) come after these: blade->sysfs_lock (mutex), then
 * blade->conn_lock, then conn->lock (BH spinlocks); a namespace's
 * en->lock is never taken by connection work.
 *
 * Lifetime of a blade: the registry holds one reference, every request
 * in flight one more.  evb_blade_unpublish(), under en->lock, takes the
 * blade out of the registry onto en->dying (its address stays taken);
 * then, without any lock, evb_blade_destroy() waits an RCU grace period
 * (after which no receive path can find it and take a new reference),
 * removes its connections, drops the registry's reference and waits for
 * the in-flight ones to drain, however long a hung backing takes, then
 * for the connections' release; only then is the backend closed, the
 * blade taken off en->dying and freed.
 * Connections and sysfs show functions keep pointers to a blade without a
 * reference: both are gone before it is freed.
 */
#ifndef _EVB_BLADE_H
#define _EVB_BLADE_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/path.h>
#include <linux/workqueue.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>

#include <uapi/linux/evblade.h>

#include <linux/rhashtable-types.h>

#include "acl.h"
#include "backend.h"
#include "cfg.h"
#include "client.h"
#include "cow.h"
#include "maclist.h"
#include "net.h"

#define EVB_MAX_IFS		16
#define EVB_DEFAULT_BUFCNT	64
/* Requests in flight per blade before frames are dropped as busy. */
#define EVB_INFLIGHT_FACTOR	8

/* The interfaces a blade is served on; NULL in the blade means all. */
struct evb_ifset {
	struct rcu_head rcu;
	unsigned int n;
	int ifindex[];
};

enum evb_blade_stat {
	EVB_STAT_RX,
	EVB_STAT_TX,
	EVB_STAT_READ_OPS,
	EVB_STAT_READ_BYTES,
	EVB_STAT_WRITE_OPS,
	EVB_STAT_WRITE_BYTES,
	EVB_STAT_FLUSH_OPS,
	EVB_STAT_ATA_ERRORS,
	EVB_STAT_AOE_ERRORS,
	EVB_NR_STATS,
};

struct evb_blade_stats {
	u64_stats_t v[EVB_NR_STATS];
	struct u64_stats_sync syncp;
};

struct evb_blade {
	struct kref ref;
	struct list_head dying_node;	/* on en->dying once unpublished */
	struct completion released;	/* the last reference is gone */
	struct evb_net *en;
	u16 shelf;
	u8 slot;
	char name[16];			/* "e<shelf>.<slot>" */
	char serial[24];		/* IDENTIFY shows 20 characters */

	struct evb_ifset __rcu *ifs;	/* under en->lock; RCU for readers */
	/*
	 * The credentials of the admin who added the blade (or last made a
	 * private blade writable): what workers open, create and write for
	 * it (private backings, state files), they do with these.  Under
	 * en->lock; RCU for the workers (evb_blade_get_cred()).
	 */
	const struct cred __rcu *cred;
	char *path;
	struct evb_backend be;
	u64 nsect;			/* capacity in 512-byte sectors */

	/* Changed under en->lock, read locklessly by the data path. */
	u16 bufcnt;			/* in flight: EVB_INFLIGHT_FACTOR times */
	bool read_only;
	bool write_back;
	bool locking;			/* Reserve/Release offered and enforced */

	spinlock_t cfg_lock;		/* writers of cfg, mask and rsv */
	struct evb_cfg cfg;
	struct evb_maclist __rcu *mask;	/* NULL: empty */
	struct evb_maclist __rcu *rsv;	/* NULL: empty */

	/* Where cfg, mask and rsv persist (blade-state.c), if anywhere. */
	char *state_dir_name;
	struct path state_dir;
	bool has_state_dir;
	struct list_head state_claim;	/* with has_state_dir (blade-state.c) */
	struct work_struct state_work;
	u64 state_gen;			/* only the state work touches it */

	struct evb_blade_stats __percpu *stats;
	atomic_t inflight;		/* requests (req.c) */

	/* A private blade: ->path is the template (conn.c opens backings). */
	bool private;
	bool autocreate;
	/*
	 * A copy-on-write blade (private too): ->be is the base, opened
	 * read-only; each client's backing is its overlay (cow.h).
	 */
	bool cow;
	char *base_path;
	struct evb_cow_base base;
	/*
	 * Overlays are opened (conn setup), closed (conn release) and reset
	 * one at a time; cow_conns lists the connections that have theirs
	 * open, cow_resetting names the overlay being reset (conn.c).
	 */
	struct mutex cow_lock;
	struct list_head cow_conns;
	const char *cow_resetting;
	atomic_t cow_closed;		/* overlays closed: a reset waits on it */
	u64 psize;			/* bytes, for autocreate; 0: not given */
	struct path tmpl_dir;		/* the template's directory */
	unsigned int idle_timeout;	/* seconds; READ_ONCE */

	struct evb_acl __rcu *acl;	/* NULL: everyone; under en->lock */

	/* Connections (conn.c). */
	struct rhashtable conns;
	spinlock_t conn_lock;		/* the table's members, conn_list */
	struct list_head conn_list;
	unsigned int nr_linked;		/* in the table; READ_ONCE */
	atomic_t nr_conns;		/* not yet released */
	struct delayed_work age_work;
	struct mutex sysfs_lock;	/* connection directories */
	struct kobject *kobj;		/* sysfs (sysfs.c) */
	struct kobject *conns_kobj;
};

/* What a blade is created with; validated by the netlink handler. */
struct evb_blade_conf {
	u16 shelf;
	u8 slot;
	const char *path;
	const int *ifindex;
	unsigned int nr_ifs;		/* 0: every interface */
	bool read_only;
	bool write_back;
	bool locking;
	u16 bufcnt;
	const u8 *cfg;			/* NULL: not given */
	unsigned int cfg_len;
	bool have_mask;			/* a mask list was given */
	struct evb_maclist *mask;	/* it, or NULL if empty; taken over on success */
	const char *state_dir;		/* NULL: none */
	bool private;			/* path is a template */
	bool autocreate;
	u64 psize;
	const char *base;		/* copy-on-write over this base; NULL: not */
	unsigned int idle_timeout;	/* 0: the default */
	struct evb_acl *acl;		/* taken over on success */
};

/*
 * What `blade set` changes; a field without its set_ flag stays as it is.
 * @mask and @acl are taken over by evb_blade_change() (set to NULL when it
 * does); the caller frees what is left.
 */
struct evb_blade_change {
	bool set_ifs;			/* nr_ifs 0: every interface */
	const int *ifindex;
	unsigned int nr_ifs;
	bool set_read_only, read_only;
	bool set_write_back, write_back;
	bool set_bufcnt;
	u16 bufcnt;
	bool set_locking, locking;
	bool set_idle_timeout;
	unsigned int idle_timeout;
	const u8 *cfg;			/* NULL: unchanged */
	unsigned int cfg_len;
	bool set_mask;			/* @mask, or NULL for an empty list */
	struct evb_maclist *mask;
	bool clear_rsv;
	bool set_acl;			/* @acl, or NULL for everyone */
	struct evb_acl *acl;
};

#define EVB_DEFAULT_IDLE_TIMEOUT	300
#define EVB_IDLE_TIMEOUT_MAX		86400

static inline unsigned long evb_blade_key(u16 shelf, u8 slot)
{
	return (unsigned long)shelf << 8 | slot;
}

struct evb_blade *evb_blade_create(struct evb_net *en,
				   const struct evb_blade_conf *conf,
				   struct netlink_ext_ack *extack);
int evb_blade_change(struct evb_blade *blade, struct evb_blade_change *chg,
		     struct netlink_ext_ack *extack);
void evb_blade_set_acl(struct evb_blade *blade, struct evb_acl *acl);
void evb_blade_unpublish(struct evb_blade *blade);
void evb_blade_destroy(struct evb_blade *blade);
struct evb_blade *evb_blade_find(struct evb_net *en, u16 shelf, u8 slot);
bool evb_blade_serves(const struct evb_blade *blade, int ifindex);
int evb_blade_set_ifs(struct evb_blade *blade, const int *ifindex,
		      unsigned int n);
void evb_blade_forget_ifindex(struct evb_net *en, int ifindex);

static inline void evb_blade_get(struct evb_blade *blade)
{
	kref_get(&blade->ref);
}

void evb_blade_put(struct evb_blade *blade);

static inline void evb_blade_stat_add(struct evb_blade *blade,
				      enum evb_blade_stat s, u64 n)
{
	struct evb_blade_stats *st = get_cpu_ptr(blade->stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&st->syncp);
	u64_stats_add(&st->v[s], n);
	u64_stats_update_end_irqrestore(&st->syncp, flags);
	put_cpu_ptr(blade->stats);
}

const struct cred *evb_blade_get_cred(struct evb_blade *blade);
void evb_blade_set_cred(struct evb_blade *blade);
void evb_blade_stats_read(const struct evb_blade *blade, u64 *out);
void evb_blade_publish_list(struct evb_blade *blade,
			    struct evb_maclist __rcu **slot,
			    struct evb_maclist *l);

#endif /* _EVB_BLADE_H */
