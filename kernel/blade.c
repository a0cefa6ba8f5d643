// SPDX-License-Identifier: GPL-2.0
/*
 * Blades and the per-network-namespace registry.  See blade.h for the
 * locking hierarchy and the lifetime rules.
 */
#include <linux/cred.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/netlink.h>

#include "blade.h"
#include "blade-state.h"
#include "compat/compat-fs.h"
#include "conn.h"
#include "proto.h"
#include "sysfs.h"
#include "tx.h"

static void blade_free(struct evb_blade *blade)
{
	/* Taken by blade_alloc(), or replaced by evb_blade_set_cred(). */
	put_cred(rcu_access_pointer(blade->cred));
	free_percpu(blade->stats);
	kfree(rcu_access_pointer(blade->ifs));
	kfree(rcu_access_pointer(blade->mask));
	kfree(rcu_access_pointer(blade->rsv));
	kfree(rcu_access_pointer(blade->acl));
	kfree(blade->path);
	kfree(blade->base_path);
	kfree(blade->state_dir_name);
	kfree(blade);
}

static void blade_release(struct kref *ref)
{
	struct evb_blade *blade = container_of(ref, struct evb_blade, ref);

	complete(&blade->released);
}

/**
 * evb_blade_put() - drop a reference; the last one wakes evb_blade_destroy()
 * @blade: the blade, or NULL
 *
 * Safe in any context.
 */
void evb_blade_put(struct evb_blade *blade)
{
	if (blade)
		kref_put(&blade->ref, blade_release);
}

/**
 * evb_blade_get_cred() - the credentials to open a blade's files with
 * @blade: the blade
 *
 * For work deferred to workers: old = override_creds(cred), the opens,
 * revert_creds(old), then put_cred(cred).  The reference taken here is
 * what keeps the credentials alive in between, on kernels whose
 * override_creds() takes one (before 6.14) and on those whose does not.
 *
 * Return: a reference to the credentials.
 */
const struct cred *evb_blade_get_cred(struct evb_blade *blade)
{
	const struct cred *cred;

	rcu_read_lock();
	do {
		/* Fails only for credentials being replaced: read again. */
		cred = get_cred_rcu(rcu_dereference(blade->cred));
	} while (!cred);
	rcu_read_unlock();
	return cred;
}

/**
 * evb_blade_set_cred() - from now on, open the blade's files as the caller
 * @blade: the blade
 *
 * Process context, en->lock held: the netlink handler that widens what
 * the blade opens (a private blade made writable).
 */
void evb_blade_set_cred(struct evb_blade *blade)
{
	const struct cred *old;

	lockdep_assert_held(&blade->en->lock);
	old = rcu_replace_pointer(blade->cred, get_current_cred(),
				  lockdep_is_held(&blade->en->lock));
	put_cred(old);	/* freed after a grace period */
}

/**
 * evb_blade_find() - look up a blade by its address
 * @en: the namespace
 * @shelf: shelf
 * @slot: slot
 *
 * Caller holds rcu_read_lock() or en->lock; the blade stays valid for as
 * long as that is held.
 *
 * Return: the blade or NULL.
 */
struct evb_blade *evb_blade_find(struct evb_net *en, u16 shelf, u8 slot)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held() && !lockdep_is_held(&en->lock),
			 "a blade lookup needs RCU or the config lock");
	return xa_load(&en->blades, evb_blade_key(shelf, slot));
}

/**
 * evb_blade_serves() - is the blade served on this interface?
 * @blade: the blade
 * @ifindex: the receiving interface
 *
 * Caller holds rcu_read_lock() or the config lock.
 *
 * Return: true if the blade answers frames arriving on @ifindex.
 */
bool evb_blade_serves(const struct evb_blade *blade, int ifindex)
{
	const struct evb_ifset *ifs;
	unsigned int i;

	ifs = rcu_dereference_check(blade->ifs,
				    lockdep_is_held(&blade->en->lock));
	if (!ifs)
		return true;
	for (i = 0; i < ifs->n; i++)
		if (ifs->ifindex[i] == ifindex)
			return true;
	return false;
}

static struct evb_ifset *ifset_alloc(const int *ifindex, unsigned int n)
{
	struct evb_ifset *ifs = kzalloc(struct_size(ifs, ifindex, n), GFP_KERNEL);

	if (ifs) {
		ifs->n = n;
		memcpy(ifs->ifindex, ifindex, n * sizeof(*ifindex));
	}
	return ifs;
}

static int blade_open_shared(struct evb_blade *blade,
			     struct netlink_ext_ack *extack)
{
	int ret;

	ret = evb_backend_open(&blade->be, blade->path, blade->read_only,
			       blade, extack);
	if (ret)
		return ret;
	blade->nsect = blade->be.size >> AOE_SECTOR_SHIFT;
	if (!blade->nsect) {
		NL_SET_ERR_MSG(extack, "the backing store is smaller than one 512-byte sector");
		evb_backend_close(&blade->be);
		return -EINVAL;
	}
	return 0;
}

/*
 * A private blade opens nothing yet: it holds the template's directory,
 * looked up with the caller's credentials, which must allow opening files
 * in it (search).  With autocreate the caller must be allowed to create
 * files there too: the worker will create them with its credentials (and
 * fail, should the permission go later).
 */
static int blade_open_private(struct evb_blade *blade,
			      struct netlink_ext_ack *extack)
{
	char *dir, *slash;
	int ret;

	dir = kstrdup(blade->path, GFP_KERNEL);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';	/* a file in / */
	else
		*slash = '\0';
	/* Put by blade_close(), or below on error. */
	ret = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &blade->tmpl_dir);
	kfree(dir);
	if (ret) {
		NL_SET_ERR_MSG(extack, "the path template's directory does not exist (or is not a directory)");
		return ret;
	}
	if (evb_path_permission(&blade->tmpl_dir, MAY_EXEC)) {
		NL_SET_ERR_MSG(extack, "the caller cannot open files in the template's directory (no search permission)");
		path_put(&blade->tmpl_dir);
		return -EACCES;
	}
	if (blade->autocreate &&
	    evb_path_permission(&blade->tmpl_dir, MAY_WRITE | MAY_EXEC)) {
		NL_SET_ERR_MSG(extack, "the caller cannot create files in the template's directory (autocreate)");
		path_put(&blade->tmpl_dir);
		return -EACCES;
	}
	if (blade->psize > blade->tmpl_dir.dentry->d_sb->s_maxbytes) {
		NL_SET_ERR_MSG(extack, "the size is larger than the template directory's filesystem allows for a file");
		path_put(&blade->tmpl_dir);
		return -EFBIG;
	}
	if (blade->cow) {
		/* Its size is the base's: blade->nsect. */
		ret = evb_cow_base_open(blade, blade->base_path, extack);
		if (ret)
			path_put(&blade->tmpl_dir);
		return ret;
	}
	blade->nsect = blade->psize >> AOE_SECTOR_SHIFT;
	return 0;
}

/* Undoes blade_open_private() or blade_open_shared(). */
static void blade_close(struct evb_blade *blade)
{
	if (blade->cow)
		evb_cow_base_close(blade);
	if (blade->private)
		path_put(&blade->tmpl_dir);
	else
		evb_backend_close(&blade->be);
}

/* Is the address free in the namespace?  Caller holds en->lock. */
static int blade_addr_free(struct evb_net *en, u16 shelf, u8 slot,
			   struct netlink_ext_ack *extack)
{
	struct evb_blade *blade;

	if (xa_load(&en->blades, evb_blade_key(shelf, slot))) {
		NL_SET_ERR_MSG(extack, "a blade with this shelf.slot exists already");
		return -EEXIST;
	}
	/* Its sysfs directory, state files and backing are not free yet. */
	list_for_each_entry(blade, &en->dying, dying_node) {
		if (blade->shelf == shelf && blade->slot == slot) {
			NL_SET_ERR_MSG(extack, "a blade with this shelf.slot is still being deleted; try again once its deletion has returned");
			return -EBUSY;
		}
	}
	return 0;
}

/*
 * A new blade with @conf's properties, its backing not open yet.  Undone
 * by evb_conn_blade_uninit() and blade_free().
 */
static struct evb_blade *blade_alloc(struct evb_net *en,
				     const struct evb_blade_conf *conf)
{
	struct evb_blade *blade = kzalloc(sizeof(*blade), GFP_KERNEL);

	if (!blade)
		return NULL;
	INIT_LIST_HEAD(&blade->dying_node);
	if (evb_conn_blade_init(blade)) {
		kfree(blade);
		return NULL;
	}
	/* Put by blade_free(). */
	RCU_INIT_POINTER(blade->cred, get_current_cred());
	/* The registry's reference: put by evb_blade_destroy(). */
	kref_init(&blade->ref);
	init_completion(&blade->released);
	spin_lock_init(&blade->cfg_lock);
	evb_order_init(&blade->be.order);
	evb_blade_state_init(blade);
	blade->en = en;
	blade->shelf = conf->shelf;
	blade->slot = conf->slot;
	snprintf(blade->name, sizeof(blade->name), "e%u.%u", conf->shelf, conf->slot);
	snprintf(blade->serial, sizeof(blade->serial), "%08x-e%u.%u",
		 en->net->ns.inum, conf->shelf, conf->slot);
	blade->read_only = conf->read_only;
	blade->write_back = conf->write_back;
	blade->locking = conf->locking;
	blade->bufcnt = conf->bufcnt ?: EVB_DEFAULT_BUFCNT;
	blade->idle_timeout = conf->idle_timeout ?: EVB_DEFAULT_IDLE_TIMEOUT;
	blade->private = conf->private;
	blade->autocreate = conf->autocreate;
	blade->psize = conf->psize;
	blade->cow = !!conf->base;
	memcpy(blade->cfg.str, conf->cfg, conf->cfg_len);
	blade->cfg.len = conf->cfg_len;

	blade->stats = alloc_percpu(struct evb_blade_stats);
	blade->path = kstrdup(conf->path, GFP_KERNEL);
	if (!blade->stats || !blade->path)
		goto err;
	if (conf->base) {
		blade->base_path = kstrdup(conf->base, GFP_KERNEL);
		if (!blade->base_path)
			goto err;
	}
	if (conf->state_dir) {
		blade->state_dir_name = kstrdup(conf->state_dir, GFP_KERNEL);
		if (!blade->state_dir_name)
			goto err;
	}
	if (conf->nr_ifs) {
		struct evb_ifset *ifs = ifset_alloc(conf->ifindex, conf->nr_ifs);

		if (!ifs)
			goto err;
		RCU_INIT_POINTER(blade->ifs, ifs);
	}
	return blade;

err:
	evb_conn_blade_uninit(blade);
	blade_free(blade);
	return NULL;
}

static void blade_log_serving(const struct evb_blade *blade)
{
	const char *kind;

	if (blade->cow) {
		pr_info("%s: serving %s copy-on-write (%llu sectors, identity %016llx), an overlay per client, %s%s%s\n",
			blade->name, blade->base_path, blade->nsect, blade->base.id,
			blade->path, blade->autocreate ? ", autocreate" : "",
			blade->read_only ? ", read-only" : "");
		return;
	}
	if (blade->private) {
		pr_info("%s: serving a private backing per client, %s%s%s\n",
			blade->name, blade->path,
			blade->autocreate ? ", autocreate" : "",
			blade->read_only ? ", read-only" : "");
		return;
	}
	if (blade->be.ops->kind == EVBLADE_BACKEND_BDEV)
		kind = blade->be.buffered ? "block device, buffered" : "block device";
	else
		kind = blade->be.buffered ? "file, buffered" : "file, direct";
	pr_info("%s: serving %s (%s, %llu sectors%s%s)\n", blade->name,
		blade->path, kind, blade->nsect,
		blade->read_only ? ", read-only" : "",
		blade->write_back ? ", write-back" : "");
}

/**
 * evb_blade_create() - open the backing store and publish a new blade
 * @en: the namespace
 * @conf: what to create; the caller validated addresses and ranges
 * @extack: for the reason of a failure
 *
 * Process context, with en->lock held.  The blade is published complete
 * (ACL, mask list, state): once this returns, frames reach it; the caller
 * announces it.
 *
 * Return: the blade, or an ERR_PTR.
 */
struct evb_blade *evb_blade_create(struct evb_net *en,
				   const struct evb_blade_conf *conf,
				   struct netlink_ext_ack *extack)
{
	unsigned long key = evb_blade_key(conf->shelf, conf->slot);
	struct evb_blade *blade;
	int ret;

	lockdep_assert_held(&en->lock);
	might_sleep();

	ret = blade_addr_free(en, conf->shelf, conf->slot, extack);
	if (ret)
		return ERR_PTR(ret);
	blade = blade_alloc(en, conf);
	if (!blade)
		return ERR_PTR(-ENOMEM);

	if (conf->private)
		ret = blade_open_private(blade, extack);
	else
		ret = blade_open_shared(blade, extack);
	if (ret)
		goto err_free;
	ret = evb_blade_state_load(blade, conf->state_dir, !!conf->cfg,
				   conf->have_mask, extack);
	if (ret)
		goto err_close;
	ret = evb_sysfs_blade_add(blade);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot create the blade's sysfs directory");
		goto err_close;
	}

	/*
	 * Complete before it is published: a frame that finds the blade
	 * must find its ACL and mask list too, or it would be served (and
	 * its connection would cache "allowed" for this ACL generation).
	 * xa_store() publishes with release semantics.
	 */
	RCU_INIT_POINTER(blade->acl, conf->acl);
	if (conf->mask) {
		spin_lock_bh(&blade->cfg_lock);
		rcu_assign_pointer(blade->mask, conf->mask);
		spin_unlock_bh(&blade->cfg_lock);
	}
	ret = xa_err(xa_store(&en->blades, key, blade, GFP_KERNEL));
	if (ret) {
		/* the caller still owns them */
		RCU_INIT_POINTER(blade->acl, NULL);
		if (conf->mask)
			RCU_INIT_POINTER(blade->mask, NULL);
		goto err_sysfs;
	}
	en->nr_blades++;
	en->gen++;
	blade_log_serving(blade);
	return blade;

err_sysfs:
	evb_sysfs_blade_del(blade);
err_close:
	evb_blade_state_uninit(blade);
	blade_close(blade);
err_free:
	evb_conn_blade_uninit(blade);
	blade_free(blade);
	return ERR_PTR(ret);
}

/**
 * evb_blade_unpublish() - take a blade out of its namespace's registry
 * @blade: a published blade
 *
 * Process context, with en->lock held.  Frames already on their way may
 * still find it until a grace period has passed; configuration, dumps and
 * interface events no longer see it.  Until evb_blade_destroy() is done
 * with it, the blade stays on the namespace's list of dying blades, and
 * its address cannot be taken again (its sysfs directory, state files
 * and backing are still in use).  The caller must call
 * evb_blade_destroy() next, after dropping en->lock.
 */
void evb_blade_unpublish(struct evb_blade *blade)
{
	struct evb_net *en = blade->en;

	lockdep_assert_held(&en->lock);
	xa_erase(&en->blades, evb_blade_key(blade->shelf, blade->slot));
	en->nr_blades--;
	en->gen++;
	list_add_tail(&blade->dying_node, &en->dying);
}

/**
 * evb_blade_destroy() - stop serving an unpublished blade and free it
 * @blade: a blade taken out of the registry by evb_blade_unpublish()
 *
 * Process context, without en->lock: this waits for the blade's I/O, which
 * on a hung backing can take as long as the backing hangs, and nothing
 * else of the namespace (other blades, clients, dumps) may wait with it.
 * It waits a grace period, after which no receive path can still find the
 * blade; removes its connections, drops the registry's reference and waits
 * until the requests in flight, each holding a reference, have completed
 * and replied, and until the connections are released (which closes
 * private backings).  Only then are the backend closed, the blade's
 * address freed for a new blade, and the memory freed.
 */
void evb_blade_destroy(struct evb_blade *blade)
{
	struct evb_net *en = blade->en;

	might_sleep();
	synchronize_net();

	evb_conn_blade_stop(blade);
	/* The registry's reference, from blade_alloc()'s kref_init(). */
	evb_blade_put(blade);
	wait_for_completion(&blade->released);
	evb_conn_blade_uninit(blade);

	evb_sysfs_blade_del(blade);
	evb_blade_state_uninit(blade);
	blade_close(blade);
	pr_info("%s: deleted\n", blade->name);
	mutex_lock(&en->lock);
	list_del(&blade->dying_node);
	mutex_unlock(&en->lock);
	blade_free(blade);
}

/**
 * evb_blade_publish_list() - replace a blade's mask or reserve list
 * @blade: the blade
 * @slot: &blade->mask or &blade->rsv
 * @l: the new list (kmalloc()ed; taken over), or NULL for empty
 *
 * Caller holds blade->cfg_lock; any context.  The old list is freed after
 * a grace period: frames may still be reading it.
 */
void evb_blade_publish_list(struct evb_blade *blade,
			    struct evb_maclist __rcu **slot,
			    struct evb_maclist *l)
{
	struct evb_maclist *old;

	lockdep_assert_held(&blade->cfg_lock);
	if (l && !l->n) {
		kfree(l);
		l = NULL;
	}
	old = rcu_replace_pointer(*slot, l, lockdep_is_held(&blade->cfg_lock));
	if (old)
		kfree_rcu(old, rcu);
}

/**
 * evb_blade_set_acl() - replace a blade's ACL
 * @blade: the blade; caller holds en->lock
 * @acl: the new ACL (taken over), or NULL to allow everyone
 *
 * Frames see the new ACL from their next one: connections decide again.
 */
void evb_blade_set_acl(struct evb_blade *blade, struct evb_acl *acl)
{
	struct evb_net *en = blade->en;
	struct evb_acl *old;

	lockdep_assert_held(&en->lock);
	old = rcu_replace_pointer(blade->acl, acl, lockdep_is_held(&en->lock));
	evb_net_acl_changed(en);
	if (old)
		kfree_rcu(old, rcu);
}

/**
 * evb_blade_change() - apply `blade set` to a blade
 * @blade: the blade; caller holds en->lock
 * @chg: what to change; its mask and ACL are taken over when applied
 * @extack: why it was refused
 *
 * Either nothing changes (an error) or everything does.  Initiators learn
 * a new buffer count or config string from the announcement the caller
 * sends after.
 *
 * Return: 0, -EINVAL if there is nothing to change, -EROFS to make a
 * blade writable whose backing was opened read-only, or -ENOMEM.
 */
int evb_blade_change(struct evb_blade *blade, struct evb_blade_change *chg,
		     struct netlink_ext_ack *extack)
{
	struct evb_net *en = blade->en;
	bool state;
	int ret;

	lockdep_assert_held(&en->lock);
	if (!chg->set_ifs && !chg->set_read_only && !chg->set_write_back &&
	    !chg->set_bufcnt && !chg->set_locking && !chg->set_idle_timeout &&
	    !chg->cfg && !chg->set_mask && !chg->clear_rsv && !chg->set_acl) {
		NL_SET_ERR_MSG(extack, "nothing to change");
		return -EINVAL;
	}
	if (chg->set_write_back && chg->write_back && blade->cow) {
		NL_SET_ERR_MSG(extack,
			       "a copy-on-write blade cannot be write-back: its overlays' crash safety needs ordered durable writes");
		return -EINVAL;
	}
	if (chg->set_read_only && !chg->read_only && !blade->private &&
	    blade->be.read_only) {
		NL_SET_ERR_MSG(extack,
			       "the backing store was opened read-only; delete the blade and add it again without read-only");
		return -EROFS;
	}
	if (chg->set_ifs) {
		ret = evb_blade_set_ifs(blade, chg->ifindex, chg->nr_ifs);
		if (ret)
			return ret;
	}

	if (chg->set_read_only) {
		/*
		 * A private blade made writable opens its files for writing,
		 * from now on as the caller may: with its credentials.
		 */
		if (blade->private && blade->read_only && !chg->read_only)
			evb_blade_set_cred(blade);
		WRITE_ONCE(blade->read_only, chg->read_only);
	}
	if (chg->set_write_back)
		WRITE_ONCE(blade->write_back, chg->write_back);
	if (chg->set_bufcnt)
		WRITE_ONCE(blade->bufcnt, chg->bufcnt);
	if (chg->set_locking)
		WRITE_ONCE(blade->locking, chg->locking);
	if (chg->set_idle_timeout) {
		WRITE_ONCE(blade->idle_timeout, chg->idle_timeout);
		evb_conn_reage(blade);
	}
	if (chg->set_acl) {
		evb_blade_set_acl(blade, chg->acl);
		chg->acl = NULL;
	}
	spin_lock_bh(&blade->cfg_lock);
	if (chg->cfg) {
		blade->cfg.len = chg->cfg_len;
		memcpy(blade->cfg.str, chg->cfg, chg->cfg_len);
	}
	if (chg->set_mask) {
		evb_blade_publish_list(blade, &blade->mask, chg->mask);
		chg->mask = NULL;
	}
	if (chg->clear_rsv) {
		if (rcu_access_pointer(blade->rsv))
			pr_info("%s: reservation broken by the administrator\n",
				blade->name);
		evb_blade_publish_list(blade, &blade->rsv, NULL);
	}
	spin_unlock_bh(&blade->cfg_lock);
	state = chg->cfg || chg->set_mask || chg->clear_rsv;
	if (state)
		evb_blade_state_changed(blade);
	en->gen++;
	return 0;
}

/**
 * evb_blade_set_ifs() - replace the interfaces a blade is served on
 * @blade: the blade
 * @ifindex: the new interfaces, checked by the caller
 * @n: how many; 0 serves the blade on every interface
 *
 * Process context, with en->lock held.  Frames already past the check
 * finish on the old set.
 *
 * Return: 0 or -ENOMEM (the old set stays).
 */
int evb_blade_set_ifs(struct evb_blade *blade, const int *ifindex,
		      unsigned int n)
{
	struct evb_ifset *old, *ifs = NULL;

	lockdep_assert_held(&blade->en->lock);
	if (n) {
		ifs = ifset_alloc(ifindex, n);
		if (!ifs)
			return -ENOMEM;
	}
	old = rcu_dereference_protected(blade->ifs,
					lockdep_is_held(&blade->en->lock));
	rcu_assign_pointer(blade->ifs, ifs);
	if (old)
		kfree_rcu(old, rcu);
	blade->en->gen++;
	return 0;
}

/**
 * evb_blade_forget_ifindex() - an interface is going away
 * @en: its namespace
 * @ifindex: the interface
 *
 * Blades bound to it stop being served there; a blade whose last
 * interface goes is served nowhere until it is deleted and created again.
 * Process context (the netdevice notifier, under RTNL).
 */
void evb_blade_forget_ifindex(struct evb_net *en, int ifindex)
{
	struct evb_blade *blade;
	struct evb_ifset *old, *ifs;
	unsigned long key;
	unsigned int i, n;

	mutex_lock(&en->lock);
	/* Queries held for the interface, on every blade, dying ones too. */
	xa_for_each(&en->blades, key, blade)
		evb_conn_forget_ifindex(blade, ifindex);
	list_for_each_entry(blade, &en->dying, dying_node)
		evb_conn_forget_ifindex(blade, ifindex);
	xa_for_each(&en->blades, key, blade) {
		old = rcu_dereference_protected(blade->ifs,
						lockdep_is_held(&en->lock));
		if (!old || !evb_blade_serves(blade, ifindex))
			continue;
		ifs = kzalloc(struct_size(ifs, ifindex, old->n), GFP_KERNEL);
		if (!ifs) {
			/* Keep the stale index: it only ever fails to match. */
			continue;
		}
		for (i = 0, n = 0; i < old->n; i++)
			if (old->ifindex[i] != ifindex)
				ifs->ifindex[n++] = old->ifindex[i];
		ifs->n = n;
		rcu_assign_pointer(blade->ifs, ifs);
		kfree_rcu(old, rcu);
		en->gen++;
		if (!n)
			pr_warn("%s: its last interface is gone; the blade is served nowhere\n",
				blade->name);
	}
	mutex_unlock(&en->lock);
}

/**
 * evb_blade_stats_read() - sum a blade's per-CPU counters
 * @blade: the blade
 * @out: EVB_NR_STATS values
 */
void evb_blade_stats_read(const struct evb_blade *blade, u64 *out)
{
	unsigned int start;
	int cpu, i;

	memset(out, 0, EVB_NR_STATS * sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct evb_blade_stats *st = per_cpu_ptr(blade->stats, cpu);
		u64 v[EVB_NR_STATS];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i < EVB_NR_STATS; i++)
				v[i] = u64_stats_read(&st->v[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < EVB_NR_STATS; i++)
			out[i] += v[i];
	}
}

