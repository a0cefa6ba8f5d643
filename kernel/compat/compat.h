/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every evblade object (kernel/Kbuild).  This is the
 * only place that looks at LINUX_VERSION_CODE: it makes older kernels look
 * like the newest one, so the rest of the module reads like mainline code.
 *
 * Every block names the upstream change and the first kernel that has it;
 * delete the block once the minimum supported kernel passes that version.
 * Where the shape of an API differs, a wrapper in compat-<area>.h hides it.
 */
#ifndef _EVB_COMPAT_H
#define _EVB_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "evblade needs Linux 6.1 or later"
#endif

/*
 * 6.2 const-ified the kobject callbacks: struct kobj_type's child_ns_type()
 * and namespace() take a const struct kobject.  Declare ours with
 * evb_kobj_const so they fit both.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define evb_kobj_const const
#else
#define evb_kobj_const
#endif

/*
 * "genetlink: introduce split op representation" (6.2): a family's
 * pre_doit and post_doit take a struct genl_split_ops, not the op itself.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define genl_split_ops genl_ops
#endif

/*
 * "workqueue: Add new WQ_PERCPU flag" (v6.17; in 6.12.y too): from 7.2 a
 * workqueue that is neither WQ_UNBOUND nor WQ_PERCPU warns when it is
 * allocated, on the way to unbound by default.  Before the flag, per-CPU
 * was the default, so the flag is nothing there.  Probed
 * (compat/Kbuild.include): WQ_PERCPU is an enumerator.
 */
#ifndef EVB_HAVE_WQ_PERCPU
#define WQ_PERCPU 0
#endif

/*
 * "workqueue: Add system_percpu_wq and system_dfl_wq" (v6.17; in 6.12.y
 * too): system_dfl_wq replaces system_unbound_wq, whose use now logs a
 * deprecation.  Probed: it is a variable.
 */
#ifndef EVB_HAVE_SYSTEM_DFL_WQ
#define system_dfl_wq system_unbound_wq
#endif

/*
 * Kobject namespace tags became a const struct ns_common * (7.x): a
 * network namespace is tagged with its &net->ns, where it was the struct
 * net itself.  kobj_type.namespace() returns an evb_kobj_ns_tag pointer;
 * evb_net_ns_tag() gives a namespace's tag.  Probed.
 */
#ifdef EVB_HAVE_KOBJ_NS_COMMON
#define evb_kobj_ns_tag struct ns_common
#define evb_net_ns_tag(net) (&(net)->ns)
#else
#define evb_kobj_ns_tag void
#define evb_net_ns_tag(net) (net)
#endif

#endif /* _EVB_COMPAT_H */
