// SPDX-License-Identifier: GPL-2.0
/*
 * A blade's state directory: the config string, MAC mask list and reserve
 * list that initiators (or the admin) set are kept in <dir>/eS.L.state.0
 * and .1 (format in state.h), so they survive the blade being re-created
 * and the module being reloaded.
 *
 * The directory is resolved once, when the blade is created, in the
 * caller's context (its mount namespace and credentials), and held; every
 * later file access is relative to it.  The caller must be allowed to
 * create files there.
 *
 * The file names hold the blade's address but not its network namespace:
 * namespaces have no name that survives a reboot (their inode numbers
 * change), and an admin expects the blade that has this address and this
 * directory to find its state again, in whatever namespace it is created
 * after the reboot.  So one directory and address belong to one live blade
 * at a time, machine-wide: a second blade with the same address and state
 * directory, in another namespace, is refused with -EBUSY instead of
 * overwriting the first one's state.  Changes come from any context,
 * softirq included, and only queue the blade's state work, which writes
 * the whole state to the older slot and fsyncs it, with the credentials
 * of the blade's admin (the files belong to it), and closes it before it
 * ends.  Only regular files are read or written.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "blade.h"
#include "blade-state.h"
#include "compat/compat-fs.h"
#include "state.h"

/* Live blades with a state directory, all namespaces; under state_claims_lock. */
static DEFINE_MUTEX(state_claims_lock);
static LIST_HEAD(state_claims);

/* Claim the directory for the blade's address, unless another blade has. */
static int state_claim(struct evb_blade *blade)
{
	struct evb_blade *b;
	int ret = 0;

	mutex_lock(&state_claims_lock);
	list_for_each_entry(b, &state_claims, state_claim)
		if (b->state_dir.dentry == blade->state_dir.dentry &&
		    b->shelf == blade->shelf && b->slot == blade->slot)
			ret = -EBUSY;
	if (!ret)
		list_add(&blade->state_claim, &state_claims);
	mutex_unlock(&state_claims_lock);
	return ret;
}

static void slot_name(const struct evb_blade *blade, unsigned int slot,
		      char *buf, size_t size)
{
	snprintf(buf, size, "%s.state.%u", blade->name, slot);
}

/* Read and parse one slot; a missing file is -ENOENT. */
static int state_read(struct evb_blade *blade, unsigned int slot,
		      struct evb_state *st, char *buf)
{
	const char *why = NULL;
	struct file *opath, *f;
	loff_t pos = 0;
	char name[32];
	ssize_t n;
	int ret;

	slot_name(blade, slot, name, sizeof(name));
	opath = file_open_root(&blade->state_dir, name, O_PATH | O_NOFOLLOW, 0);
	if (IS_ERR(opath))
		return PTR_ERR(opath);
	if (!S_ISREG(file_inode(opath)->i_mode)) {
		evb_fput_sync(opath);
		pr_warn("%s: ignoring state file %s: not a regular file\n",
			blade->name, name);
		return -EINVAL;
	}
	ret = evb_backing_may_open(opath, true);
	f = ret ? ERR_PTR(ret) : dentry_open(&opath->f_path, O_RDONLY, current_cred());
	evb_fput_sync(opath);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, EVB_STATE_MAX, &pos);
	evb_fput_sync(f);
	if (n < 0)
		return n;
	if (n == EVB_STATE_MAX) {
		why = "too long";
		ret = -EFBIG;
	} else {
		ret = evb_state_parse(buf, n, st, &why);
	}
	if (ret)
		pr_warn("%s: ignoring state file %s: %s\n", blade->name, name, why);
	return ret;
}

/**
 * evb_blade_state_load() - take hold of the state directory, read the state
 * @blade: a blade being created, not yet published
 * @dir: the state directory (absolute), or NULL for none
 * @have_cfg: the blade was created with a config string
 * @have_mask: the blade was created with a mask list
 * @extack: for the reason of a failure
 *
 * Process context.  The newer valid slot wins; with none, the blade starts
 * with what it was created with.  What it was created with also wins over
 * the file for the config string and the mask list, when given.
 *
 * Return: 0 or -errno (the directory is unusable, or -EBUSY: a live blade
 * with the same address in another namespace uses it).
 */
int evb_blade_state_load(struct evb_blade *blade, const char *dir,
			 bool have_cfg, bool have_mask,
			 struct netlink_ext_ack *extack)
{
	struct evb_state *st[2];
	struct evb_maclist *l;
	int ret, ok[2], best;
	char *buf;

	if (!dir)
		return 0;
	/* Put by evb_blade_state_uninit(), or below on error. */
	ret = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &blade->state_dir);
	if (ret) {
		NL_SET_ERR_MSG(extack, "the state directory does not exist or is not a directory");
		return ret;
	}
	ret = evb_path_permission(&blade->state_dir, MAY_WRITE | MAY_EXEC);
	if (ret) {
		NL_SET_ERR_MSG(extack, "the caller cannot create files in the state directory");
		path_put(&blade->state_dir);
		return ret;
	}
	ret = state_claim(blade);
	if (ret) {
		path_put(&blade->state_dir);
		NL_SET_ERR_MSG(extack, "a live blade with this shelf.slot in another network namespace keeps its state in this state directory");
		return ret;
	}
	blade->has_state_dir = true;

	st[0] = kmalloc(sizeof(*st[0]), GFP_KERNEL);
	st[1] = kmalloc(sizeof(*st[1]), GFP_KERNEL);
	buf = kvmalloc(EVB_STATE_MAX, GFP_KERNEL);
	ret = -ENOMEM;
	if (!st[0] || !st[1] || !buf)
		goto out;
	ok[0] = !state_read(blade, 0, st[0], buf);
	ok[1] = !state_read(blade, 1, st[1], buf);
	ret = 0;
	if (!ok[0] && !ok[1])
		goto out;
	best = ok[0] && ok[1] ? st[1]->gen > st[0]->gen : ok[1];

	blade->state_gen = st[best]->gen;
	spin_lock_bh(&blade->cfg_lock);
	if (!have_cfg)
		blade->cfg = st[best]->cfg;
	if (!have_mask && st[best]->mask.n) {
		l = kmemdup(&st[best]->mask, sizeof(*l), GFP_ATOMIC);
		if (l)
			evb_blade_publish_list(blade, &blade->mask, l);
	}
	if (st[best]->rsv.n) {
		l = kmemdup(&st[best]->rsv, sizeof(*l), GFP_ATOMIC);
		if (l)
			evb_blade_publish_list(blade, &blade->rsv, l);
	}
	spin_unlock_bh(&blade->cfg_lock);
	pr_info("%s: state restored from %s (generation %llu): %u mask, %u reserve entries\n",
		blade->name, dir, st[best]->gen, st[best]->mask.n, st[best]->rsv.n);
out:
	kvfree(buf);
	kfree(st[1]);
	kfree(st[0]);
	return ret;
}

static void state_write(struct work_struct *work)
{
	struct evb_blade *blade = container_of(work, struct evb_blade, state_work);
	const struct cred *cred, *old_cred;
	const struct evb_maclist *l;
	struct evb_state *st;
	struct file *f;
	loff_t pos = 0;
	char name[32];
	char *buf;
	int len, ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	buf = kvmalloc(EVB_STATE_MAX, GFP_KERNEL);
	ret = -ENOMEM;
	if (!st || !buf)
		goto out;

	spin_lock_bh(&blade->cfg_lock);
	st->cfg = blade->cfg;
	l = rcu_dereference_protected(blade->mask, lockdep_is_held(&blade->cfg_lock));
	if (l)
		st->mask = *l;
	l = rcu_dereference_protected(blade->rsv, lockdep_is_held(&blade->cfg_lock));
	if (l)
		st->rsv = *l;
	spin_unlock_bh(&blade->cfg_lock);

	/* The work never runs twice at once: the generation needs no lock. */
	st->gen = ++blade->state_gen;
	len = evb_state_format(st, blade->name, buf, EVB_STATE_MAX);
	ret = len;
	if (len < 0)
		goto out;
	slot_name(blade, st->gen & 1, name, sizeof(name));
	cred = evb_blade_get_cred(blade);
	old_cred = override_creds(cred);
	/*
	 * O_NONBLOCK: a FIFO put there fails (ENXIO) or is refused below
	 * instead of blocking the work; O_TRUNC does nothing to it.
	 */
	f = file_open_root(&blade->state_dir, name,
			   O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0600);
	ret = PTR_ERR_OR_ZERO(f);
	if (!ret) {
		if (!S_ISREG(file_inode(f)->i_mode))
			ret = -EINVAL;
		else
			ret = kernel_write(f, buf, len, &pos);
		if (ret == len)
			ret = vfs_fsync(f, 0);
		else if (ret >= 0)
			ret = -EIO;
		evb_fput_sync(f);
	}
	revert_creds(old_cred);
	put_cred(cred);
out:
	if (ret < 0)
		pr_warn_ratelimited("%s: could not save its state: %d\n",
				    blade->name, ret);
	kvfree(buf);
	kfree(st);
}

/**
 * evb_blade_state_init() - prepare a blade's state work
 * @blade: a blade being created
 */
void evb_blade_state_init(struct evb_blade *blade)
{
	INIT_WORK(&blade->state_work, state_write);
}

/**
 * evb_blade_state_changed() - the config string or a MAC list changed
 * @blade: the blade
 *
 * Any context.  A blade without a state directory keeps its state in
 * memory only.
 */
void evb_blade_state_changed(struct evb_blade *blade)
{
	if (blade->has_state_dir)
		queue_work(system_dfl_wq, &blade->state_work);
}

/**
 * evb_blade_state_uninit() - write what is pending and let go of the directory
 * @blade: a blade no frame or request can reach any more
 *
 * Process context.
 */
void evb_blade_state_uninit(struct evb_blade *blade)
{
	if (!blade->has_state_dir)
		return;
	flush_work(&blade->state_work);
	mutex_lock(&state_claims_lock);
	list_del(&blade->state_claim);
	mutex_unlock(&state_claims_lock);
	path_put(&blade->state_dir);
	blade->has_state_dir = false;
}
