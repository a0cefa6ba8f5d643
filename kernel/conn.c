// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: lookup and creation from the receive path, the setup work
 * that opens a private backing and publishes the connection, aging, and
 * teardown.  See conn.h for the lifetime and locking rules.
 */
#include <linux/cred.h>
#include <linux/etherdevice.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>

#include "acl.h"
#include "blade.h"
#include "compat/compat-fs.h"
#include "conn.h"
#include "netlink.h"
#include "sysfs.h"
#include "tmpl.h"
#include "tx.h"

static struct workqueue_struct *evb_conn_wq;

static void evb_conn_setup_work(struct work_struct *work);
static void evb_conn_release_work(struct work_struct *work);

static const struct rhashtable_params conn_params = {
	.key_len = sizeof(struct evb_conn_key),
	.key_offset = offsetof(struct evb_conn, key),
	.head_offset = offsetof(struct evb_conn, node),
	.automatic_shrinking = true,
};

static void conn_key(struct evb_conn_key *key, const u8 *mac,
		     const struct evb_client *client)
{
	memset(key, 0, sizeof(*key));
	if (client)
		strscpy(key->name, client->name, sizeof(key->name));
	else
		ether_addr_copy(key->mac, mac);
}

/* The connection's name in sysfs and the log: client name or MAC. */
static void conn_id(struct evb_conn *conn)
{
	if (conn->key.name[0])
		strscpy(conn->id, conn->key.name, sizeof(conn->id));
	else
		snprintf(conn->id, sizeof(conn->id), "%pM", conn->key.mac);
}

/**
 * evb_conn_put() - drop a reference; the last one releases the connection
 * @conn: the connection, or NULL
 *
 * Any context: the release itself runs from the connection workqueue
 * (evb_conn_release_work(), which frees it).  Drops what
 * refcount_set() in conn_create() (the table's) or evb_conn_tryget() (the
 * setup work's, or a request's) took.
 */
void evb_conn_put(struct evb_conn *conn)
{
	if (conn && refcount_dec_and_test(&conn->ref))
		queue_work(evb_conn_wq, &conn->release_work);
}

/**
 * evb_conn_tryget() - take a reference, unless the connection is going
 * @conn: a connection found under RCU
 *
 * Any context.  An RCU lookup can find a connection whose last reference
 * is already gone (its backing may be closing); it must not be used then.
 * The reference is dropped by evb_conn_put().
 *
 * Return: true if the reference was taken.
 */
bool evb_conn_tryget(struct evb_conn *conn)
{
	return refcount_inc_not_zero(&conn->ref);
}

/*
 * Queue the setup work, unless the connection is already on its way out.
 * The work's reference is dropped at the end of evb_conn_setup_work(), or
 * here if the work was queued already (and holds its own).
 */
static void conn_kick(struct evb_conn *conn)
{
	if (!evb_conn_tryget(conn))
		return;
	if (!queue_work(evb_conn_wq, &conn->setup_work))
		evb_conn_put(conn);
}

/* What the blade's ACL says of @conn's client now; under rcu_read_lock(). */
static bool conn_decide(const struct evb_conn *conn,
			const struct evb_client *client, const u8 *mac)
{
	const struct evb_acl *acl = rcu_dereference(conn->blade->acl);

	if (client)
		return evb_acl_allows_client(acl, client->mac, client->nmacs,
					     client->name);
	return evb_acl_allows(acl, mac, NULL);
}

/*
 * The ACL decision for @conn, recomputed after any ACL or client change.
 * Frames on several CPUs may recompute it at once: the cache takes a
 * decision only for a generation newer than the one it holds, so a late
 * writer never puts an old decision back under a new generation.
 */
static bool conn_acl(struct evb_conn *conn, const struct evb_client *client,
		     const u8 *mac)
{
	/* Pairs with evb_net_acl_changed(): the new ACL or table first. */
	unsigned int gen = smp_load_acquire(&conn->blade->en->acl_gen);
	unsigned long v = READ_ONCE(conn->acl);

	if (likely(evb_acl_cache_valid(v, gen)))
		return evb_acl_cache_allowed(v);
	return evb_acl_cache_store(&conn->acl, gen, conn_decide(conn, client, mac));
}

/* The cached decision, as the last frame (or the creation) left it. */
static bool conn_was_allowed(const struct evb_conn *conn)
{
	return evb_acl_cache_allowed(READ_ONCE(conn->acl));
}

/*
 * The decision to show: the cached one, or after an ACL or client change
 * that no frame has applied yet, what the ACL says now.  Changes nothing:
 * the next frame stores the decision and announces a change.
 */
static bool conn_allowed_now(const struct evb_conn *conn)
{
	struct evb_net *en = conn->blade->en;
	/* Pairs with evb_net_acl_changed(): the new ACL or table first. */
	unsigned int gen = smp_load_acquire(&en->acl_gen);
	unsigned long v = READ_ONCE(conn->acl);
	const struct evb_client *client = NULL;
	bool allowed = evb_acl_cache_allowed(v);

	if (evb_acl_cache_valid(v, gen))
		return allowed;
	rcu_read_lock();
	if (conn->key.name[0])
		client = evb_client_find(rcu_dereference(en->clients),
					 conn->key.name);
	/* a client removed meanwhile: its connection is on its way out */
	if (client || !conn->key.name[0])
		allowed = conn_decide(conn, client, conn->key.mac);
	rcu_read_unlock();
	return allowed;
}

/**
 * evb_conn_state() - the state a connection shows
 * @conn: the connection
 *
 * Changes nothing (hence the const): after an ACL or client change no
 * frame has applied yet, the decision is computed for the caller only;
 * evb_conn_admit() stores it and queues the work that announces it.
 *
 * Return: EVBLADE_CONN_STATE_DENIED if the ACL denies it, else where its
 * backing stands.
 */
u8 evb_conn_state(const struct evb_conn *conn)
{
	if (!conn_allowed_now(conn))
		return EVBLADE_CONN_STATE_DENIED;
	return READ_ONCE(conn->state);
}

static struct evb_conn *conn_create(struct evb_blade *blade,
				    const struct evb_conn_key *key,
				    const u8 *mac,
				    const struct evb_client *client,
				    int ifindex)
{
	struct evb_conn *conn, *old;

	if (READ_ONCE(blade->nr_linked) >= EVB_CONNS_MAX)
		return ERR_PTR(-ENOSPC);
	conn = kzalloc(sizeof(*conn), GFP_ATOMIC);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	conn->key = *key;
	conn_id(conn);
	conn->blade = blade;
	refcount_set(&conn->ref, 1);	/* the table's: put by conn_put_list() */
	conn->notified = EVB_CONN_NOT_NOTIFIED;
	INIT_LIST_HEAD(&conn->list);
	spin_lock_init(&conn->lock);
	evb_order_init(&conn->pbe.order);
	INIT_WORK(&conn->setup_work, evb_conn_setup_work);
	INIT_WORK(&conn->release_work, evb_conn_release_work);
	ether_addr_copy(conn->tmpl_mac, client ? client->mac[0] : mac);
	ether_addr_copy(conn->mac[0], mac);
	conn->nmacs = 1;
	conn->ifindex = ifindex;
	conn->first_seen = ktime_get_real_seconds();
	conn->last_seen = jiffies;
	atomic64_set(&conn->frames, 0);
	atomic64_set(&conn->bytes, 0);
	atomic64_set(&conn->errors, 0);
	if (blade->private) {
		conn->state = EVBLADE_CONN_STATE_PENDING;
	} else {
		conn->state = EVBLADE_CONN_STATE_READY;
		conn->be = &blade->be;
		conn->nsect = blade->nsect;
	}
	/* Decided before anyone can see it: the setup work needs it. */
	conn->acl = evb_acl_cache(smp_load_acquire(&blade->en->acl_gen) - 1, false);
	conn_acl(conn, client, mac);

	spin_lock_bh(&blade->conn_lock);
	if (blade->nr_linked >= EVB_CONNS_MAX) {
		spin_unlock_bh(&blade->conn_lock);
		kfree(conn);		/* never published */
		return ERR_PTR(-ENOSPC);
	}
	old = rhashtable_lookup_get_insert_fast(&blade->conns, &conn->node,
						conn_params);
	if (old) {
		/* Another CPU created it first, or the table is full. */
		spin_unlock_bh(&blade->conn_lock);
		kfree(conn);
		return old;
	}
	list_add_tail(&conn->list, &blade->conn_list);
	conn->linked = true;
	/* nr_linked: dropped by conn_unlink() */
	WRITE_ONCE(blade->nr_linked, blade->nr_linked + 1);
	atomic_inc(&blade->en->conn_gen);	/* for dumps */
	/* nr_conns: dropped by evb_conn_release_work(), the connection freed */
	atomic_inc(&blade->nr_conns);
	spin_unlock_bh(&blade->conn_lock);

	conn_kick(conn);
	if (!delayed_work_pending(&blade->age_work))
		queue_delayed_work(evb_conn_wq, &blade->age_work,
				   evb_conn_age_period(blade));
	return conn;
}

/**
 * evb_conn_find_or_create() - the connection of a frame's sender, created
 * if new
 * @blade: the blade the frame is for
 * @mac: the sender's MAC address
 * @client: the declared client @mac belongs to, or NULL
 * @ifindex: the receiving interface
 *
 * Softirq, under rcu_read_lock(): the connection stays valid until that is
 * dropped; take a reference (evb_conn_tryget()) to keep it longer.
 *
 * Return: the connection, or an ERR_PTR: -ENOMEM, or -ENOSPC when the
 * blade has EVB_CONNS_MAX connections.
 */
struct evb_conn *evb_conn_find_or_create(struct evb_blade *blade,
					 const u8 *mac,
					 const struct evb_client *client,
					 int ifindex)
{
	struct evb_conn_key key;
	struct evb_conn *conn;

	conn_key(&key, mac, client);
	conn = rhashtable_lookup(&blade->conns, &key, conn_params);
	if (likely(conn))
		return conn;
	return conn_create(blade, &key, mac, client, ifindex);
}

/**
 * evb_conn_find() - the connection of a MAC address's client, if any
 * @blade: the blade
 * @mac: the address
 * @client: the declared client @mac belongs to, or NULL
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the connection or NULL.
 */
struct evb_conn *evb_conn_find(struct evb_blade *blade, const u8 *mac,
			       const struct evb_client *client)
{
	struct evb_conn_key key;

	conn_key(&key, mac, client);
	return rhashtable_lookup(&blade->conns, &key, conn_params);
}

/**
 * evb_conn_seen() - note a frame from a connection's client
 * @conn: the connection
 * @mac: the frame's source address
 * @ifindex: its receiving interface
 *
 * Counts the frame and keeps the fields that rarely change without
 * writing them (and bouncing their cache line) on every frame.
 */
void evb_conn_seen(struct evb_conn *conn, const u8 *mac, int ifindex)
{
	unsigned long now = jiffies;
	unsigned int i;

	atomic64_inc(&conn->frames);
	if (READ_ONCE(conn->last_seen) != now)
		WRITE_ONCE(conn->last_seen, now);
	if (READ_ONCE(conn->ifindex) != ifindex)
		WRITE_ONCE(conn->ifindex, ifindex);
	if (likely(ether_addr_equal(conn->mac[0], mac)))
		return;
	spin_lock(&conn->lock);
	for (i = 0; i < conn->nmacs; i++)
		if (ether_addr_equal(conn->mac[i], mac))
			break;
	if (i == conn->nmacs && i < EVB_CLIENT_MACS)
		ether_addr_copy(conn->mac[conn->nmacs++], mac);
	spin_unlock(&conn->lock);
}

/**
 * evb_conn_error() - count a request answered with an error
 * @conn: the connection
 */
void evb_conn_error(struct evb_conn *conn)
{
	atomic64_inc(&conn->errors);
}

/**
 * evb_conn_req_done() - count a request the backend has completed
 * @conn: the request's connection
 * @result: its result: 0, or a negative errno answered as an ATA error
 * @bytes: the data it moved, if it succeeded
 *
 * Process context (the request worker), before the response goes out.
 */
void evb_conn_req_done(struct evb_conn *conn, int result, u32 bytes)
{
	if (result)
		evb_conn_error(conn);
	else
		atomic64_add(bytes, &conn->bytes);
}

/**
 * evb_conn_admit() - may the connection's client be served now?
 * @conn: the connection
 * @client: the declared client of the frame's sender, or NULL
 * @mac: the frame's source address
 *
 * Softirq, under rcu_read_lock().  Applies the (cached) ACL decision, and
 * for a private blade starts opening the client's backing (or tries again
 * after a failure).  A change of the decision is announced from process
 * context.
 *
 * Return: true if the ACL allows the client and its backing is ready.
 */
bool evb_conn_admit(struct evb_conn *conn, const struct evb_client *client,
		    const u8 *mac)
{
	bool was = conn_was_allowed(conn);
	bool allowed = conn_acl(conn, client, mac);
	u8 state = smp_load_acquire(&conn->state);	/* then ->be, ->nsect */

	if (allowed && state == EVBLADE_CONN_STATE_READY) {
		if (unlikely(!was))
			conn_kick(conn);	/* tell the monitor */
		return true;
	}
	if (!allowed) {
		if (was)
			conn_kick(conn);
		return false;
	}
	if (state == EVBLADE_CONN_STATE_FAILED &&
	    time_after(jiffies, READ_ONCE(conn->failed_at) + EVB_CONN_RETRY)) {
		spin_lock(&conn->lock);
		if (conn->state == EVBLADE_CONN_STATE_FAILED)
			WRITE_ONCE(conn->state, EVBLADE_CONN_STATE_PENDING);
		spin_unlock(&conn->lock);
		state = EVBLADE_CONN_STATE_PENDING;
	}
	if (state == EVBLADE_CONN_STATE_PENDING)
		conn_kick(conn);
	return false;
}

/**
 * evb_conn_hold_query() - keep a Query Config until the backing is ready
 * @conn: a private blade's connection
 * @dev: the receiving interface
 * @h: the request's header
 * @ccmd: its sub-command
 *
 * Softirq.  At most one query per sender address and interface is kept
 * (the latest), and EVB_CONN_QUERIES in all; the setup work answers them
 * once the backing is ready.  A query that finds no room is dropped: the
 * initiator asks again.
 *
 * Return: EVB_QUERY_KEPT, EVB_QUERY_FULL (dropped), or EVB_QUERY_READY if
 * the backing became ready meanwhile: the caller answers.
 */
enum evb_query evb_conn_hold_query(struct evb_conn *conn, struct net_device *dev,
				   const struct aoe_hdr *h, u8 ccmd)
{
	enum evb_query ret = EVB_QUERY_FULL;
	struct evb_conn_query *q = NULL;
	unsigned int i;

	spin_lock(&conn->lock);
	if (conn->state == EVBLADE_CONN_STATE_READY) {
		ret = EVB_QUERY_READY;
		goto out;
	}
	for (i = 0; i < conn->nqueries; i++)
		if (conn->query[i].ifindex == dev->ifindex &&
		    ether_addr_equal(conn->query[i].hdr.src, h->src))
			q = &conn->query[i];
	if (!q && conn->nqueries < EVB_CONN_QUERIES)
		q = &conn->query[conn->nqueries++];
	if (q) {
		q->ifindex = dev->ifindex;
		q->ccmd = ccmd;
		q->hdr = *h;
		ret = EVB_QUERY_KEPT;
	}
out:
	spin_unlock(&conn->lock);
	return ret;
}

/*
 * Take the queries that waited for the backing, each with a reference on
 * its interface (dev_hold(), put by conn_answer_queries()); conn->lock
 * held.  A query keeps only an ifindex, which is safe to look up here:
 * when an interface is unregistered, the netdevice notifier drops its
 * queries under this lock (evb_conn_forget_ifindex()) before its index can
 * be given to a new interface.
 */
static unsigned int conn_take_queries(struct evb_conn *conn,
				      struct evb_conn_query *q,
				      struct net_device **dev)
{
	unsigned int i, n = conn->nqueries;

	lockdep_assert_held(&conn->lock);
	memcpy(q, conn->query, n * sizeof(*q));
	conn->nqueries = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		dev[i] = dev_get_by_index_rcu(conn->blade->en->net, q[i].ifindex);
		if (dev[i])
			dev_hold(dev[i]);
	}
	rcu_read_unlock();
	return n;
}

/*
 * Have the receive path answer the queries that waited for the backing,
 * and drop the interface references conn_take_queries() took; process
 * context.
 */
static void conn_answer_queries(struct evb_conn *conn,
				const struct evb_conn_query *q,
				struct net_device **dev, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (dev[i])
			evb_tx_cfg_held(conn->blade, dev[i], &q[i].hdr,
					q[i].ccmd);
		dev_put(dev[i]);	/* conn_take_queries()'s dev_hold() */
	}
}

/**
 * evb_conn_forget_ifindex() - drop the queries held for an interface
 * @blade: the blade
 * @ifindex: the interface, being unregistered
 *
 * Process context (the netdevice notifier).  A query held for the
 * interface would otherwise be answered from whatever interface gets its
 * index next.
 */
void evb_conn_forget_ifindex(struct evb_blade *blade, int ifindex)
{
	struct evb_conn *conn;
	unsigned int i, n;

	spin_lock_bh(&blade->conn_lock);
	list_for_each_entry(conn, &blade->conn_list, list) {
		spin_lock(&conn->lock);
		for (i = 0, n = 0; i < conn->nqueries; i++)
			if (conn->query[i].ifindex != ifindex)
				conn->query[n++] = conn->query[i];
		conn->nqueries = n;
		spin_unlock(&conn->lock);
	}
	spin_unlock_bh(&blade->conn_lock);
}

/*
 * The path of a client's private backing in @path (PATH_MAX bytes): the
 * template expanded for the client's name (@key_name, "" for a lone MAC,
 * which then stands for itself) and MAC (@tmpl_mac).
 */
static int conn_backing_path(const struct evb_blade *blade, const u8 *tmpl_mac,
			     const char *key_name, char *path)
{
	char name[EVB_CLIENT_NAME_MAX];

	if (key_name[0])
		strscpy(name, key_name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%*phN", ETH_ALEN, tmpl_mac);
	return evb_tmpl_expand(blade->path, tmpl_mac, name, path, PATH_MAX);
}

/*
 * Open (and with autocreate, first create) a client's private backing.
 * Process context, with the credentials of the blade's admin: the file is
 * created and opened as the admin could, and belongs to it.  A read-only
 * blade creates nothing and truncates nothing.  On failure, @err says
 * why, for the log, sysfs and netlink.
 */
static int conn_open_private(struct evb_conn *conn, char **pathp, char *err,
			     size_t errlen)
{
	struct evb_blade *blade = conn->blade;
	bool read_only = READ_ONCE(blade->read_only);
	char *path, *base;
	struct file *f;
	int ret;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	*pathp = path;	/* conn->backing: freed by the next try or the release */
	ret = conn_backing_path(blade, conn->tmpl_mac, conn->key.name, path);
	if (ret < 0) {
		snprintf(err, errlen,
			 "the path template does not expand for this client (%d)", ret);
		return ret;
	}
	base = strrchr(path, '/') + 1;

	if (blade->autocreate && !read_only) {
		f = file_open_root(&blade->tmpl_dir, base,
				   O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_LARGEFILE,
				   0600);
		if (!IS_ERR(f)) {
			/* An overlay is made by evb_cow_open(), from empty. */
			ret = blade->cow ? 0 : vfs_truncate(&f->f_path, blade->psize);
			evb_fput_sync(f);
			if (ret) {
				snprintf(err, errlen, "cannot size the new file %s: %d", path, ret);
				return ret;
			}
			pr_info_ratelimited("%s: created %s (%llu bytes) for %s\n",
					    blade->name, path,
					    blade->cow ? 0 : blade->psize, conn->id);
		} else if (PTR_ERR(f) != -EEXIST) {
			ret = PTR_ERR(f);
			snprintf(err, errlen, "cannot create %s: %d", path, ret);
			return ret;
		}
	}
	ret = evb_file_open_at(&conn->pbe, &blade->tmpl_dir, base, read_only,
			       err, errlen);
	if (ret)
		return ret;
	if (blade->cow) {
		ret = evb_cow_open(&conn->pbe, blade, read_only, err, errlen);
		if (ret) {
			evb_backend_close(&conn->pbe);
			return ret;
		}
	} else if (blade->autocreate && !conn->pbe.size && !conn->pbe.read_only) {
		/* Left empty by a failed attempt: nothing in it to lose. */
		ret = vfs_truncate(&conn->pbe.file->f_path, blade->psize);
		if (ret) {
			snprintf(err, errlen, "cannot size %s: %d", path, ret);
			evb_backend_close(&conn->pbe);
			return ret;
		}
		conn->pbe.size = blade->psize;
	}
	conn->nsect = conn->pbe.size >> AOE_SECTOR_SHIFT;
	if (!conn->nsect) {
		snprintf(err, errlen, "%s is smaller than one 512-byte sector", path);
		evb_backend_close(&conn->pbe);
		return -EINVAL;
	}
	return 0;
}

/* The file name of a path: what follows its last '/'. */
static const char *conn_file_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? slash + 1 : NULL;
}

/*
 * A copy-on-write client's overlay, opened under blade->cow_lock and
 * listed on blade->cow_conns until the release work has closed it: a
 * reset waits for that (conn_reset_one()), and an overlay being reset is
 * not opened meanwhile (the connection fails, to be retried).
 */
static int conn_open_overlay(struct evb_conn *conn, char **pathp, char *err,
			     size_t errlen)
{
	struct evb_blade *blade = conn->blade;
	const char *resetting;
	int ret;

	mutex_lock(&blade->cow_lock);
	ret = conn_open_private(conn, pathp, err, errlen);
	resetting = blade->cow_resetting;
	if (!ret && resetting && !strcmp(resetting, conn_file_name(*pathp))) {
		evb_backend_close(&conn->pbe);
		snprintf(err, errlen, "the overlay is being reset; try again");
		ret = -EAGAIN;
	}
	if (!ret) {
		conn->cow_path = *pathp;	/* ->backing, freed after the release */
		list_add_tail(&conn->cow_node, &blade->cow_conns);
	}
	mutex_unlock(&blade->cow_lock);
	return ret;
}

/*
 * Set a connection up, or bring it up to date: open a private backing the
 * client is allowed to use, answer the queries that waited for it, add the
 * sysfs directory, and tell the monitor group.  Process context; holds a
 * reference.
 */
static void evb_conn_setup_work(struct work_struct *work)
{
	struct evb_conn *conn = container_of(work, struct evb_conn, setup_work);
	struct evb_conn_query q[EVB_CONN_QUERIES];
	struct net_device *qdev[EVB_CONN_QUERIES];
	struct evb_blade *blade = conn->blade;
	char err[EVB_CONN_ERROR_MAX] = "";
	char *path = NULL, *old;
	unsigned int nq = 0;
	bool open;
	u8 state;
	int ret;

	spin_lock_bh(&conn->lock);
	open = conn_was_allowed(conn) && conn->state == EVBLADE_CONN_STATE_PENDING;
	spin_unlock_bh(&conn->lock);

	if (open) {
		/* put_cred() below */
		const struct cred *cred = evb_blade_get_cred(blade), *old_cred;

		old_cred = override_creds(cred);	/* revert_creds() */
		if (blade->cow)
			ret = conn_open_overlay(conn, &path, err, sizeof(err));
		else
			ret = conn_open_private(conn, &path, err, sizeof(err));
		revert_creds(old_cred);
		put_cred(cred);
		spin_lock_bh(&conn->lock);
		old = conn->backing;	/* from an earlier failure */
		conn->backing = path;
		if (ret) {
			strscpy(conn->error, err, sizeof(conn->error));
			conn->failed_at = jiffies;
			WRITE_ONCE(conn->state, EVBLADE_CONN_STATE_FAILED);
			conn->nqueries = 0;	/* no answer at all */
		} else {
			conn->error[0] = '\0';
			conn->be = &conn->pbe;
			/* requests read ->be and ->nsect once they see READY */
			smp_store_release(&conn->state, EVBLADE_CONN_STATE_READY);
			nq = conn_take_queries(conn, q, qdev);
		}
		spin_unlock_bh(&conn->lock);
		kfree(old);
		if (ret)
			pr_warn_ratelimited("%s: no backing for client %s: %s\n",
					    blade->name, conn->id, err);
		else
			conn_answer_queries(conn, q, qdev, nq);
	}

	/*
	 * Not once it has left the table: its directory would stay.  Removed
	 * by conn_put_list() (evb_sysfs_conn_del()) before the table's
	 * reference goes, so no show function outlives the connection.
	 */
	mutex_lock(&blade->sysfs_lock);
	if (conn->linked && !conn->kobj)
		evb_sysfs_conn_add(conn);	/* no directory is no error */
	mutex_unlock(&blade->sysfs_lock);
	/* Once set up, and then on every change of state. */
	state = evb_conn_state(conn);
	if (state != conn->notified) {
		conn->notified = state;
		evb_nl_conn_notify(conn, EVBLADE_CMD_CONN_ADD_NTF);
	}
	evb_conn_put(conn);	/* conn_kick()'s */
}

/*
 * The last reference is gone: nothing but this work uses the connection,
 * and it has no sysfs directory (removed before the table's reference
 * went).  Only RCU readers that found it in the table before it left may
 * still look at it: it is freed after a grace period.
 */
static void evb_conn_release_work(struct work_struct *work)
{
	struct evb_conn *conn = container_of(work, struct evb_conn, release_work);
	struct evb_blade *blade = conn->blade;
	char *backing;

	evb_nl_conn_notify(conn, EVBLADE_CMD_CONN_DEL_NTF);
	/*
	 * conn-get can still find the connection (RCU) and read the path,
	 * and with it an overlay's usage, under ->lock until the grace period
	 * ends: take the path away under the lock before the backing closes.
	 */
	spin_lock_bh(&conn->lock);
	backing = conn->backing;
	conn->backing = NULL;
	spin_unlock_bh(&conn->lock);
	if (conn->be == &conn->pbe)	/* opened by conn_open_private() */
		evb_backend_close(&conn->pbe);
	if (conn->cow_path) {	/* conn_open_overlay() */
		mutex_lock(&blade->cow_lock);
		list_del(&conn->cow_node);
		atomic_inc(&blade->cow_closed);
		mutex_unlock(&blade->cow_lock);
		wake_up_var(&blade->cow_closed);	/* conn_reset_one() */
	}
	kfree(backing);
	WARN_ON_ONCE(conn->kobj);	/* removed before the table's put */
	/* the receive path and conn-get may still be looking at it */
	kfree_rcu(conn, rcu);
	/* conn_create()'s atomic_inc(); evb_conn_blade_uninit() waits */
	if (atomic_dec_and_test(&blade->nr_conns))
		wake_up_var(&blade->nr_conns);
}

/* Take a connection out of its blade's table onto @dead; conn_lock held. */
static void conn_unlink(struct evb_conn *conn, struct list_head *dead)
{
	struct evb_blade *blade = conn->blade;

	lockdep_assert_held(&blade->conn_lock);
	rhashtable_remove_fast(&blade->conns, &conn->node, conn_params);
	list_move_tail(&conn->list, dead);
	conn->linked = false;
	WRITE_ONCE(blade->nr_linked, blade->nr_linked - 1);	/* conn_create() */
	atomic_inc(&blade->en->conn_gen);	/* for dumps */
	/* Out of the table, out of the notifier's reach: no more answers. */
	spin_lock(&conn->lock);
	conn->nqueries = 0;
	spin_unlock(&conn->lock);
}

/*
 * Remove the directories of unlinked connections, under the blade's
 * sysfs_lock (so that a new connection of the same client cannot take
 * the name first), and drop the table's references.
 */
static void conn_put_list(struct evb_blade *blade, struct list_head *dead)
{
	struct evb_conn *conn, *tmp;

	lockdep_assert_held(&blade->sysfs_lock);
	list_for_each_entry_safe(conn, tmp, dead, list) {
		list_del_init(&conn->list);
		/* drains its show functions: none runs after this */
		evb_sysfs_conn_del(conn);
		evb_conn_put(conn);	/* the table's, from conn_create() */
	}
}

/**
 * evb_conn_age_period() - how often a blade's connections are aged
 * @blade: the blade
 *
 * Return: a quarter of the idle timeout, between 1/4 s and 30 s.
 */
unsigned long evb_conn_age_period(const struct evb_blade *blade)
{
	unsigned long t = READ_ONCE(blade->idle_timeout) * HZ / 4;

	return clamp_t(unsigned long, t, HZ / 4, 30 * HZ);
}

static void evb_conn_age_work(struct work_struct *work)
{
	struct evb_blade *blade = container_of(to_delayed_work(work),
					       struct evb_blade, age_work);
	unsigned long timeout = READ_ONCE(blade->idle_timeout) * HZ;
	struct evb_conn *conn, *tmp;
	LIST_HEAD(dead);
	bool more;

	mutex_lock(&blade->sysfs_lock);
	spin_lock_bh(&blade->conn_lock);
	list_for_each_entry_safe(conn, tmp, &blade->conn_list, list)
		if (time_after(jiffies, READ_ONCE(conn->last_seen) + timeout))
			conn_unlink(conn, &dead);
	more = !list_empty(&blade->conn_list);
	spin_unlock_bh(&blade->conn_lock);
	conn_put_list(blade, &dead);
	mutex_unlock(&blade->sysfs_lock);
	if (more)
		queue_delayed_work(evb_conn_wq, &blade->age_work,
				   evb_conn_age_period(blade));
}

/**
 * evb_conn_reage() - the idle timeout changed: age connections now
 * @blade: the blade
 */
void evb_conn_reage(struct evb_blade *blade)
{
	mod_delayed_work(evb_conn_wq, &blade->age_work, 0);
}

static bool conn_of_client(const struct evb_conn *conn,
			   const struct evb_client *client)
{
	unsigned int i;

	if (conn->key.name[0])
		return !strncmp(conn->key.name, client->name, EVB_CLIENT_NAME_MAX);
	for (i = 0; i < client->nmacs; i++)
		if (ether_addr_equal(conn->key.mac, client->mac[i]))
			return true;
	return false;
}

/**
 * evb_conn_flush() - remove connections from a blade's table
 * @blade: the blade
 * @client: remove the connections of this client's name and MACs (it was
 *	    declared or removed); NULL removes every connection
 *
 * Process context.  Connections with requests in flight are released when
 * those complete; the next frame of the client starts a new connection.
 */
void evb_conn_flush(struct evb_blade *blade, const struct evb_client *client)
{
	struct evb_conn *conn, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&blade->sysfs_lock);
	spin_lock_bh(&blade->conn_lock);
	list_for_each_entry_safe(conn, tmp, &blade->conn_list, list)
		if (!client || conn_of_client(conn, client))
			conn_unlink(conn, &dead);
	spin_unlock_bh(&blade->conn_lock);
	conn_put_list(blade, &dead);
	mutex_unlock(&blade->sysfs_lock);
}

/**
 * evb_conn_blade_init() - a new blade's empty connection table
 * @blade: the blade
 *
 * Return: 0 or -errno.
 */
int evb_conn_blade_init(struct evb_blade *blade)
{
	spin_lock_init(&blade->conn_lock);
	mutex_init(&blade->sysfs_lock);
	mutex_init(&blade->cow_lock);
	INIT_LIST_HEAD(&blade->cow_conns);
	atomic_set(&blade->cow_closed, 0);
	INIT_LIST_HEAD(&blade->conn_list);
	atomic_set(&blade->nr_conns, 0);
	INIT_DELAYED_WORK(&blade->age_work, evb_conn_age_work);
	return rhashtable_init(&blade->conns, &conn_params);
}

/**
 * evb_conn_blade_stop() - remove every connection of a blade going away
 * @blade: the blade, which no receive path can find any more
 *
 * Process context.  Connections still used by requests in flight go when
 * those complete; evb_conn_blade_uninit() waits for that.
 */
void evb_conn_blade_stop(struct evb_blade *blade)
{
	cancel_delayed_work_sync(&blade->age_work);
	evb_conn_flush(blade, NULL);
}

/**
 * evb_conn_blade_uninit() - wait for a blade's last connection to go
 * @blade: the blade, stopped, with no request in flight
 */
void evb_conn_blade_uninit(struct evb_blade *blade)
{
	wait_var_event(&blade->nr_conns, !atomic_read(&blade->nr_conns));
	rhashtable_destroy(&blade->conns);
}

/**
 * evb_conn_init() - the workqueue of connection setup, aging and release
 *
 * Return: 0 or -ENOMEM.
 */
int __init evb_conn_init(void)
{
	evb_conn_wq = alloc_workqueue("evblade_conn", WQ_UNBOUND, 0);
	return evb_conn_wq ? 0 : -ENOMEM;
}

/**
 * evb_conn_uninit() - every blade, and so every connection, is gone
 */
void evb_conn_uninit(void)
{
	destroy_workqueue(evb_conn_wq);
}

/* How long a reset waits for the closed connections' overlays to close. */
#define EVB_CONN_DRAIN		(10 * HZ)

/* Does @conn, in the blade's table, serve from the file @name? */
static bool conn_uses(struct evb_conn *conn, const char *name)
{
	const char *file;
	bool uses;

	spin_lock(&conn->lock);
	file = conn_file_name(conn->backing);
	uses = file && !strcmp(file, name);
	spin_unlock(&conn->lock);
	return uses;
}

/* Is the overlay @name open for a ready connection in the table? */
static bool conn_overlay_busy(struct evb_blade *blade, const char *name)
{
	struct evb_conn *conn;
	bool busy = false;

	spin_lock_bh(&blade->conn_lock);
	list_for_each_entry(conn, &blade->conn_list, list)
		if (READ_ONCE(conn->state) == EVBLADE_CONN_STATE_READY &&
		    conn_uses(conn, name))
			busy = true;
	spin_unlock_bh(&blade->conn_lock);
	return busy;
}

/* Is the overlay @name open at all, for any connection, linked or not? */
static bool conn_overlay_open(struct evb_blade *blade, const char *name)
{
	struct evb_conn *conn;

	lockdep_assert_held(&blade->cow_lock);
	list_for_each_entry(conn, &blade->cow_conns, cow_node)
		if (!strcmp(conn_file_name(conn->cow_path), name))
			return true;
	return false;
}

/* Take the connections that serve from @name out of the table. */
static void conn_close_overlay(struct evb_blade *blade, const char *name)
{
	struct evb_conn *conn, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&blade->sysfs_lock);
	spin_lock_bh(&blade->conn_lock);
	list_for_each_entry_safe(conn, tmp, &blade->conn_list, list)
		if (conn_uses(conn, name))
			conn_unlink(conn, &dead);
	spin_unlock_bh(&blade->conn_lock);
	conn_put_list(blade, &dead);
	mutex_unlock(&blade->sysfs_lock);
}

/*
 * Reset the overlay @name: with blade->cow_resetting naming it (a setup
 * work opening it meanwhile fails, to be retried), close the connections
 * that serve from it, wait until every one of them, linked or not, has
 * closed it (their requests are done), then make it new.  The connections
 * that failed meanwhile go too, so that the client's next frame opens the
 * new overlay at once.  Called with blade->cow_lock held, which it drops
 * while it waits.
 */
static int conn_reset_one(struct evb_blade *blade, const char *name,
			  bool only_ours, struct netlink_ext_ack *extack)
{
	unsigned long deadline = jiffies + EVB_CONN_DRAIN;
	char err[EVB_CONN_ERROR_MAX];
	int ret;

	lockdep_assert_held(&blade->cow_lock);
	blade->cow_resetting = name;
	while (conn_overlay_open(blade, name)) {
		int closed = atomic_read(&blade->cow_closed);
		long left = deadline - jiffies;

		mutex_unlock(&blade->cow_lock);
		conn_close_overlay(blade, name);
		/* Woken by the release work of any overlay: look again. */
		if (left <= 0 ||
		    !wait_var_event_timeout(&blade->cow_closed,
					    atomic_read(&blade->cow_closed) != closed,
					    left)) {
			mutex_lock(&blade->cow_lock);
			blade->cow_resetting = NULL;
			NL_SET_ERR_MSG(extack,
				       "the client's requests did not complete within 10 s of closing its connection (a hung backing?)");
			return -ETIMEDOUT;
		}
		mutex_lock(&blade->cow_lock);
	}
	ret = evb_cow_reset(blade, name, only_ours, err, sizeof(err));
	blade->cow_resetting = NULL;
	conn_close_overlay(blade, name);
	if (!ret) {
		pr_info("%s: overlay %s reset\n", blade->name, name);
		return 0;
	}
	if (ret == -ENOTBLK)
		return ret;
	pr_warn("%s: cannot reset overlay %s: %s\n", blade->name, name, err);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG(extack, "the client has no overlay file");
	else if (ret == -EACCES || ret == -EPERM)
		NL_SET_ERR_MSG(extack, "the caller may not write the overlay file");
	else
		NL_SET_ERR_MSG(extack, "cannot reset the overlay (the kernel log says why)");
	return ret;
}

/* The names of a template directory's files that the template matches. */
struct conn_names {
	struct dir_context ctx;
	const char *tmpl;
	struct list_head list;
	unsigned int n;
	int err;
};

struct conn_name {
	struct list_head node;
	char name[];
};

static bool conn_name_actor(struct dir_context *ctx, const char *name,
			    int len, loff_t off, u64 ino, unsigned int type)
{
	struct conn_names *cn = container_of(ctx, struct conn_names, ctx);
	struct conn_name *e;

	if (type != DT_REG && type != DT_UNKNOWN)
		return true;
	e = kmalloc(struct_size(e, name, len + 1), GFP_KERNEL);
	if (!e) {
		cn->err = -ENOMEM;
		return false;
	}
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	if (!evb_tmpl_match(cn->tmpl, e->name) || cn->n == EVB_CONNS_MAX * 16) {
		kfree(e);
		return true;
	}
	list_add_tail(&e->node, &cn->list);
	cn->n++;
	return true;
}

/* Every overlay of the blade: the template directory's matching files. */
static int conn_reset_all(struct evb_blade *blade, bool force,
			  struct netlink_ext_ack *extack)
{
	struct conn_names cn = {
		.ctx.actor = conn_name_actor,
		.tmpl = blade->path,
		.list = LIST_HEAD_INIT(cn.list),
	};
	unsigned int done = 0, failed = 0;
	struct conn_name *e, *tmp;
	struct file *dir;
	int ret, first = 0;

	if (evb_path_permission(&blade->tmpl_dir, MAY_READ | MAY_EXEC)) {
		NL_SET_ERR_MSG(extack, "the caller may not list the template's directory");
		return -EACCES;
	}
	dir = dentry_open(&blade->tmpl_dir, O_RDONLY | O_DIRECTORY, current_cred());
	if (IS_ERR(dir)) {
		NL_SET_ERR_MSG(extack, "cannot open the template's directory");
		return PTR_ERR(dir);
	}
	ret = iterate_dir(dir, &cn.ctx) ?: cn.err;
	evb_fput_sync(dir);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot list the template's directory");
		goto out;
	}
	/* All or nothing while clients are connected: none is reset. */
	list_for_each_entry(e, &cn.list, node)
		if (!force && conn_overlay_busy(blade, e->name))
			ret = -EBUSY;
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "clients are connected (their overlays are open); force closes their connections first");
		goto out;
	}
	list_for_each_entry(e, &cn.list, node) {
		ret = conn_reset_one(blade, e->name, true,
				     failed ? NULL : extack);
		if (!ret)
			done++;
		else if (ret != -ENOTBLK && !failed++)
			first = ret;
	}
	pr_info("%s: %u overlays reset, %u failed\n", blade->name, done, failed);
	ret = first;
out:
	list_for_each_entry_safe(e, tmp, &cn.list, node)
		kfree(e);
	return ret;
}

/**
 * evb_conn_cow_reset() - reset overlays of a copy-on-write blade
 * @blade: the blade, referenced by the caller
 * @tmpl_mac: the client's %m (a declared client's first MAC); NULL: all
 * @key_name: the declared client's name, "" for a lone MAC
 * @force: close the client's connection rather than refuse
 * @extack: for the reason of a failure
 *
 * Process context, with the caller's credentials (which must allow
 * writing the overlays), without en->lock.  The client sees the pristine
 * base on its next frame.  Every overlay file in the template's directory
 * that the template matches is reset when @tmpl_mac is NULL; files that
 * are not overlays are left alone.
 *
 * Return: 0 or -errno (the first failure, for all).
 */
int evb_conn_cow_reset(struct evb_blade *blade, const u8 *tmpl_mac,
		       const char *key_name, bool force,
		       struct netlink_ext_ack *extack)
{
	char *path;
	int ret;

	mutex_lock(&blade->cow_lock);
	if (!tmpl_mac) {
		ret = conn_reset_all(blade, force, extack);
		goto out;
	}
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	ret = path ? conn_backing_path(blade, tmpl_mac, key_name, path) : -ENOMEM;
	if (ret >= 0 && !force && conn_overlay_busy(blade, conn_file_name(path))) {
		NL_SET_ERR_MSG(extack,
			       "the client is connected (its overlay is open); force closes its connection first");
		ret = -EBUSY;
	} else if (ret >= 0) {
		ret = conn_reset_one(blade, conn_file_name(path), false, extack);
	} else if (ret != -ENOMEM) {
		NL_SET_ERR_MSG(extack, "the path template does not expand for this client");
	}
	kfree(path);
out:
	mutex_unlock(&blade->cow_lock);
	return ret;
}
