// SPDX-License-Identifier: GPL-2.0
/*
 * The sysfs tree:
 *
 *   /sys/kernel/evblade/net-<inum>/e<shelf>.<slot>/<counter>
 *   /sys/kernel/evblade/net-<inum>/e<shelf>.<slot>/connections/<id>/<field>
 *
 * <inum> is the namespace's inode number (what /proc/<pid>/ns/net links
 * to), <id> a declared client's name or a lone client's MAC address.
 *
 * The net-<inum> directories are tagged with their network namespace, the
 * way /sys/class/net is: a sysfs mount shows only the directory of the
 * namespace that mounted it (ip netns exec mounts one for its namespace),
 * so no container sees another's clients, MACs or backing paths.
 * Everything is read-only.  Each directory is a small kobject of its own
 * pointing at what it describes; sysfs.c owns it and frees nothing else.
 * A show function runs with its object alive: kobject_del() waits for
 * running ones, and directories go before what they describe (a blade's
 * after its connections, a connection's when it leaves its blade's table,
 * before the table's reference on it is dropped).
 */
#include <linux/etherdevice.h>
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>

#include "blade.h"
#include "conn.h"
#include "sysfs.h"

static struct kobject *evb_root;

/* /sys/kernel/evblade: its children are tagged with a network namespace. */
static const struct kobj_ns_type_operations *
evb_root_child_ns_type(evb_kobj_const struct kobject *kobj)
{
	return &net_ns_type_operations;
}

static void evb_root_release(struct kobject *kobj)
{
	kfree(kobj);
}

static struct kobj_type evb_root_ktype = {
	.release = evb_root_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.child_ns_type = evb_root_child_ns_type,
};

/* net-<inum>: tagged with its namespace. */
struct evb_net_kobj {
	struct kobject kobj;
	struct net *net;
};

static const evb_kobj_ns_tag *
evb_net_kobj_namespace(evb_kobj_const struct kobject *kobj)
{
	return evb_net_ns_tag(container_of(kobj, struct evb_net_kobj, kobj)->net);
}

static void evb_net_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct evb_net_kobj, kobj));
}

static struct kobj_type evb_net_ktype = {
	.release = evb_net_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.namespace = evb_net_kobj_namespace,
};

/* Blades: a small kobject pointing at the blade, which outlives it. */
struct evb_blade_kobj {
	struct kobject kobj;
	struct evb_blade *blade;
};

static struct evb_blade *kobj_blade(struct kobject *kobj)
{
	return container_of(kobj, struct evb_blade_kobj, kobj)->blade;
}

static ssize_t blade_stat_show(struct evb_blade *blade, enum evb_blade_stat s,
			       char *buf)
{
	u64 v[EVB_NR_STATS];

	evb_blade_stats_read(blade, v);
	return sysfs_emit(buf, "%llu\n", v[s]);
}

#define BLADE_STAT(_name, _stat)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return blade_stat_show(kobj_blade(kobj), _stat, buf);		\
}									\
static struct kobj_attribute blade_##_name = __ATTR_RO(_name)

BLADE_STAT(rx_frames, EVB_STAT_RX);
BLADE_STAT(tx_frames, EVB_STAT_TX);
BLADE_STAT(read_ops, EVB_STAT_READ_OPS);
BLADE_STAT(read_bytes, EVB_STAT_READ_BYTES);
BLADE_STAT(write_ops, EVB_STAT_WRITE_OPS);
BLADE_STAT(write_bytes, EVB_STAT_WRITE_BYTES);
BLADE_STAT(flush_ops, EVB_STAT_FLUSH_OPS);
BLADE_STAT(ata_errors, EVB_STAT_ATA_ERRORS);
BLADE_STAT(aoe_errors, EVB_STAT_AOE_ERRORS);

static ssize_t conns_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kobj_blade(kobj)->nr_linked));
}

static struct kobj_attribute blade_conns = __ATTR_RO(conns);

static struct attribute *blade_attrs[] = {
	&blade_rx_frames.attr,
	&blade_tx_frames.attr,
	&blade_read_ops.attr,
	&blade_read_bytes.attr,
	&blade_write_ops.attr,
	&blade_write_bytes.attr,
	&blade_flush_ops.attr,
	&blade_ata_errors.attr,
	&blade_aoe_errors.attr,
	&blade_conns.attr,
	NULL,
};
ATTRIBUTE_GROUPS(blade);

static void blade_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct evb_blade_kobj, kobj));
}

static struct kobj_type blade_ktype = {
	.release = blade_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = blade_groups,
};

/*
 * Connections: a small kobject pointing at the connection.  It may outlive
 * the connection (a kobject is freed on its last put), but not its
 * directory: evb_sysfs_conn_del() removes that, waiting for running show
 * functions, before the connection's table reference is dropped.
 */
struct evb_conn_kobj {
	struct kobject kobj;
	struct evb_conn *conn;
};

static struct evb_conn *kobj_conn(struct kobject *kobj)
{
	return container_of(kobj, struct evb_conn_kobj, kobj)->conn;
}

#define CONN_SHOW(_name)						\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return conn_##_name(kobj_conn(kobj), buf);			\
}									\
static struct kobj_attribute conn_attr_##_name = __ATTR_RO(_name)

static ssize_t conn_client(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%s\n", conn->key.name);
}

static ssize_t conn_macs(struct evb_conn *conn, char *buf)
{
	unsigned int i;
	ssize_t n = 0;

	spin_lock_bh(&conn->lock);
	for (i = 0; i < conn->nmacs; i++)
		n += sysfs_emit_at(buf, n, "%s%pM", i ? " " : "", conn->mac[i]);
	spin_unlock_bh(&conn->lock);
	return n + sysfs_emit_at(buf, n, "\n");
}

static ssize_t conn_ifname(struct evb_conn *conn, char *buf)
{
	struct net_device *dev;
	ssize_t n;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(conn->blade->en->net, READ_ONCE(conn->ifindex));
	n = sysfs_emit(buf, "%s\n", dev ? dev->name : "");
	rcu_read_unlock();
	return n;
}

static const char *const conn_state_name[] = {
	[EVBLADE_CONN_STATE_PENDING] = "pending",
	[EVBLADE_CONN_STATE_READY] = "ready",
	[EVBLADE_CONN_STATE_FAILED] = "failed",
	[EVBLADE_CONN_STATE_DENIED] = "denied",
};

static ssize_t conn_state(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%s\n", conn_state_name[evb_conn_state(conn)]);
}

static ssize_t conn_authorised(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  evb_conn_state(conn) != EVBLADE_CONN_STATE_DENIED);
}

static ssize_t conn_error(struct evb_conn *conn, char *buf)
{
	ssize_t n;

	spin_lock_bh(&conn->lock);
	n = sysfs_emit(buf, "%s\n",
		       conn->state == EVBLADE_CONN_STATE_FAILED ? conn->error : "");
	spin_unlock_bh(&conn->lock);
	return n;
}

static ssize_t conn_backing(struct evb_conn *conn, char *buf)
{
	ssize_t n;

	spin_lock_bh(&conn->lock);
	n = sysfs_emit(buf, "%s\n", conn->backing ?: "");
	spin_unlock_bh(&conn->lock);
	return n;
}

static ssize_t conn_size(struct evb_conn *conn, char *buf)
{
	u64 nsect = 0;

	/* Pairs with the setup work's release store: the size first. */
	if (smp_load_acquire(&conn->state) == EVBLADE_CONN_STATE_READY)
		nsect = conn->nsect;
	return sysfs_emit(buf, "%llu\n", nsect << AOE_SECTOR_SHIFT);
}

static ssize_t conn_first_seen(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)conn->first_seen);
}

static ssize_t conn_last_seen(struct evb_conn *conn, char *buf)
{
	unsigned long idle = jiffies - READ_ONCE(conn->last_seen);

	return sysfs_emit(buf, "%lld\n",
			  (long long)(ktime_get_real_seconds() - idle / HZ));
}

static ssize_t conn_frames(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&conn->frames));
}

static ssize_t conn_bytes(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&conn->bytes));
}

static ssize_t conn_errors(struct evb_conn *conn, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&conn->errors));
}

/* A copy-on-write client's overlay usage: @bytes, or else its chunks. */
static ssize_t conn_cow(struct evb_conn *conn, char *buf, bool want_bytes)
{
	u64 chunks = 0, bytes = 0;

	/* Pairs with the setup work's release store: the overlay first. */
	if (smp_load_acquire(&conn->state) == EVBLADE_CONN_STATE_READY)
		evb_cow_usage(&conn->pbe, &chunks, &bytes);
	return sysfs_emit(buf, "%llu\n", want_bytes ? bytes : chunks);
}

static ssize_t conn_cow_chunks(struct evb_conn *conn, char *buf)
{
	return conn_cow(conn, buf, false);
}

static ssize_t conn_cow_bytes(struct evb_conn *conn, char *buf)
{
	return conn_cow(conn, buf, true);
}

CONN_SHOW(client);
CONN_SHOW(macs);
CONN_SHOW(ifname);
CONN_SHOW(state);
CONN_SHOW(authorised);
CONN_SHOW(error);
CONN_SHOW(backing);
CONN_SHOW(size);
CONN_SHOW(first_seen);
CONN_SHOW(last_seen);
CONN_SHOW(frames);
CONN_SHOW(bytes);
CONN_SHOW(errors);
CONN_SHOW(cow_chunks);
CONN_SHOW(cow_bytes);

static struct attribute *conn_attrs[] = {
	&conn_attr_client.attr,
	&conn_attr_macs.attr,
	&conn_attr_ifname.attr,
	&conn_attr_state.attr,
	&conn_attr_authorised.attr,
	&conn_attr_error.attr,
	&conn_attr_backing.attr,
	&conn_attr_size.attr,
	&conn_attr_first_seen.attr,
	&conn_attr_last_seen.attr,
	&conn_attr_frames.attr,
	&conn_attr_bytes.attr,
	&conn_attr_errors.attr,
	NULL,
};

static const struct attribute_group conn_group = {
	.attrs = conn_attrs,
};

static struct attribute *conn_cow_attrs[] = {
	&conn_attr_cow_chunks.attr,
	&conn_attr_cow_bytes.attr,
	NULL,
};

/* Only a copy-on-write blade's connections have an overlay. */
static umode_t conn_cow_visible(struct kobject *kobj, struct attribute *attr,
				int n)
{
	return kobj_conn(kobj)->blade->cow ? attr->mode : 0;
}

static const struct attribute_group conn_cow_group = {
	.attrs = conn_cow_attrs,
	.is_visible = conn_cow_visible,
};

static const struct attribute_group *conn_groups[] = {
	&conn_group,
	&conn_cow_group,
	NULL,
};

static void conn_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct evb_conn_kobj, kobj));
}

static struct kobj_type conn_ktype = {
	.release = conn_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = conn_groups,
};

/**
 * evb_sysfs_conn_add() - give a connection its directory
 * @conn: the connection, in its blade's table, without a directory
 *
 * Process context, under the blade's sysfs_lock.  Sets conn->kobj; the
 * caller must call evb_sysfs_conn_del() before the connection can go.
 *
 * Return: 0 or -errno (then the connection has no directory).
 */
int evb_sysfs_conn_add(struct evb_conn *conn)
{
	struct evb_blade *blade = conn->blade;
	struct evb_conn_kobj *ck;
	int ret;

	lockdep_assert_held(&blade->sysfs_lock);
	if (!blade->conns_kobj)
		return -ENOENT;
	ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	if (!ck)
		return -ENOMEM;
	ck->conn = conn;
	/* put by evb_sysfs_conn_del() */
	ret = kobject_init_and_add(&ck->kobj, &conn_ktype, blade->conns_kobj,
				   "%s", conn->id);
	if (ret) {
		kobject_put(&ck->kobj);
		return ret;
	}
	conn->kobj = &ck->kobj;
	return 0;
}

/**
 * evb_sysfs_conn_del() - remove a connection's directory, if it has one
 * @conn: the connection
 *
 * Process context, under the blade's sysfs_lock.  Waits for running show
 * functions: none runs, or starts, once this returns.
 */
void evb_sysfs_conn_del(struct evb_conn *conn)
{
	lockdep_assert_held(&conn->blade->sysfs_lock);
	if (!conn->kobj)
		return;
	kobject_del(conn->kobj);
	kobject_put(conn->kobj);	/* evb_sysfs_conn_add()'s */
	conn->kobj = NULL;
}

/**
 * evb_sysfs_blade_add() - a blade's directory and its connections/
 * @blade: the blade
 *
 * Process context.  A namespace without a directory gives its blades none.
 *
 * Return: 0 or -errno.
 */
int evb_sysfs_blade_add(struct evb_blade *blade)
{
	struct evb_blade_kobj *bk;
	int ret;

	if (!blade->en->kobj)
		return 0;
	bk = kzalloc(sizeof(*bk), GFP_KERNEL);
	if (!bk)
		return -ENOMEM;
	bk->blade = blade;
	/* both put by evb_sysfs_blade_del() */
	ret = kobject_init_and_add(&bk->kobj, &blade_ktype, blade->en->kobj,
				   "%s", blade->name);
	if (ret) {
		kobject_put(&bk->kobj);
		return ret;
	}
	blade->conns_kobj = kobject_create_and_add("connections", &bk->kobj);
	if (!blade->conns_kobj) {
		kobject_del(&bk->kobj);
		kobject_put(&bk->kobj);
		return -ENOMEM;
	}
	blade->kobj = &bk->kobj;
	return 0;
}

/**
 * evb_sysfs_blade_del() - remove a blade's directory
 * @blade: the blade, whose connections are all gone from sysfs
 */
void evb_sysfs_blade_del(struct evb_blade *blade)
{
	if (!blade->kobj)
		return;
	kobject_del(blade->conns_kobj);
	kobject_put(blade->conns_kobj);	/* kobject_create_and_add()'s */
	kobject_del(blade->kobj);
	kobject_put(blade->kobj);	/* kobject_init_and_add()'s */
	blade->conns_kobj = NULL;
	blade->kobj = NULL;
}

/**
 * evb_sysfs_net_add() - a namespace's directory, seen from it only
 * @en: the namespace
 *
 * Return: 0 or -errno.
 */
int evb_sysfs_net_add(struct evb_net *en)
{
	struct evb_net_kobj *nk;
	int ret;

	nk = kzalloc(sizeof(*nk), GFP_KERNEL);
	if (!nk)
		return -ENOMEM;
	nk->net = en->net;
	/* put by evb_sysfs_net_del() */
	ret = kobject_init_and_add(&nk->kobj, &evb_net_ktype, evb_root,
				   "net-%u", en->net->ns.inum);
	if (ret) {
		kobject_put(&nk->kobj);
		return ret;
	}
	en->kobj = &nk->kobj;
	return 0;
}

/**
 * evb_sysfs_net_del() - remove a namespace's directory
 * @en: the namespace, without blades
 */
void evb_sysfs_net_del(struct evb_net *en)
{
	kobject_put(en->kobj);	/* evb_sysfs_net_add()'s */
	en->kobj = NULL;
}

/**
 * evb_sysfs_init() - /sys/kernel/evblade
 *
 * Return: 0 or -errno.
 */
int __init evb_sysfs_init(void)
{
	struct kobject *root;
	int ret;

	root = kzalloc(sizeof(*root), GFP_KERNEL);
	if (!root)
		return -ENOMEM;
	/* put by evb_sysfs_uninit() */
	ret = kobject_init_and_add(root, &evb_root_ktype, kernel_kobj, "evblade");
	if (ret) {
		kobject_put(root);
		return ret;
	}
	evb_root = root;
	return 0;
}

/**
 * evb_sysfs_uninit() - remove /sys/kernel/evblade; every namespace is gone
 */
void evb_sysfs_uninit(void)
{
	kobject_put(evb_root);	/* evb_sysfs_init()'s */
}
