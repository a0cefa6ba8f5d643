// SPDX-License-Identifier: GPL-2.0
/*
 * The table of declared clients; see client.h.  Pure: plain buffers in,
 * a table out, no locking (the caller publishes the table).
 */
#include <linux/errno.h>
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "client.h"

static int idx_cmp(const void *a, const void *b)
{
	return memcmp(((const struct evb_client_idx *)a)->mac,
		      ((const struct evb_client_idx *)b)->mac, ETH_ALEN);
}

static int cl_cmp(const void *a, const void *b)
{
	return strncmp(((const struct evb_client *)a)->name,
		       ((const struct evb_client *)b)->name, EVB_CLIENT_NAME_MAX);
}

/* Why evb_client_name_fault() refuses a name: its characters, or a MAC's. */
static const char * const name_faults[] = {
	"a client name is 1 to 31 characters of lower case a-z, 0-9, _ . - and starts with a letter or digit",
	"a client name cannot be 12 hex digits: %c makes that of a lone MAC address (names are lower case a-z, 0-9, _ . -)",
};

/**
 * evb_client_name_fault() - why a name cannot be declared as a client's
 * @name: the name
 *
 * A declared client's name is a valid client name (evb_client_name_valid():
 * lower case, so that a case-folding filesystem cannot merge two clients'
 * files) and not 12 hex digits: that is what %c makes of a lone MAC
 * address, so the client would share the lone MAC's file.
 *
 * Return: NULL if @name may be declared, else a static reason.
 */
const char *evb_client_name_fault(const char *name)
{
	size_t i;

	if (!evb_client_name_valid(name))
		return name_faults[0];
	if (strlen(name) != ETH_ALEN * 2)
		return NULL;
	for (i = 0; i < ETH_ALEN * 2; i++)
		if (!isxdigit(name[i]))
			return NULL;
	return name_faults[1];
}

static const char *client_fault(const struct evb_client *c)
{
	const char *why;
	unsigned int i;

	why = evb_client_name_fault(c->name);
	if (why)
		return why;
	if (!c->nmacs)
		return "a client needs at least one MAC address";
	if (c->nmacs > EVB_CLIENT_MACS)
		return "a client has at most 8 MAC addresses";
	for (i = 0; i < c->nmacs; i++)
		if (!is_valid_ether_addr(c->mac[i]))
			return "a client's MAC address must be unicast and not zero";
	return NULL;
}

/**
 * evb_client_tab_build() - check clients and index their MAC addresses
 * @cl: the clients, in any order
 * @n: how many; 0 gives an empty table
 * @gfp: allocation flags
 * @bad: set to the index (in @cl) of the faulty client on failure
 * @why: set to a static reason on failure
 *
 * Every client must be valid (name, 1 to EVB_CLIENT_MACS unicast MACs),
 * no two clients may share a name, and no MAC address may appear twice,
 * in one client or in two.
 *
 * Return: the table (free with evb_client_tab_free() or kfree_rcu()), or
 * an ERR_PTR: -EINVAL, -EEXIST (a duplicate name or MAC), -E2BIG or
 * -ENOMEM.
 */
struct evb_client_tab *evb_client_tab_build(const struct evb_client *cl,
					    unsigned int n, gfp_t gfp,
					    unsigned int *bad,
					    const char **why)
{
	struct evb_client_tab *t;
	unsigned int i, j, k, nidx = 0;
	const char *fault;
	size_t size;

	*bad = 0;
	if (n > EVB_CLIENTS_MAX) {
		*bad = n;
		*why = "a network namespace has at most 4096 declared clients";
		return ERR_PTR(-E2BIG);
	}
	for (i = 0; i < n; i++) {
		fault = client_fault(&cl[i]);
		if (fault) {
			*bad = i;
			*why = fault;
			return ERR_PTR(-EINVAL);
		}
		nidx += cl[i].nmacs;
	}

	size = struct_size(t, cl, n);
	t = kvzalloc(size + nidx * sizeof(*t->idx), gfp);
	if (!t) {
		*why = "out of memory";
		return ERR_PTR(-ENOMEM);
	}
	t->n = n;
	t->nidx = nidx;
	t->idx = (void *)t + size;
	memcpy(t->cl, cl, n * sizeof(*cl));
	sort(t->cl, n, sizeof(*cl), cl_cmp, NULL);
	for (i = 0; i + 1 < n; i++) {
		if (!cl_cmp(&t->cl[i], &t->cl[i + 1])) {
			for (*bad = 0; *bad < n && cl_cmp(&cl[*bad], &t->cl[i]); (*bad)++)
				;
			*why = "two clients have the same name";
			kvfree(t);
			return ERR_PTR(-EEXIST);
		}
	}
	for (i = 0, k = 0; i < n; i++) {
		for (j = 0; j < t->cl[i].nmacs; j++, k++) {
			ether_addr_copy(t->idx[k].mac, t->cl[i].mac[j]);
			t->idx[k].client = i;
		}
	}
	sort(t->idx, nidx, sizeof(*t->idx), idx_cmp, NULL);
	for (k = 0; k + 1 < nidx; k++) {
		if (!idx_cmp(&t->idx[k], &t->idx[k + 1])) {
			const char *name = t->cl[t->idx[k + 1].client].name;

			for (*bad = 0; *bad < n && strcmp(cl[*bad].name, name); (*bad)++)
				;
			*why = "a MAC address belongs to one client only";
			kvfree(t);
			return ERR_PTR(-EEXIST);
		}
	}
	return t;
}

/**
 * evb_client_find_mac() - the declared client a MAC address belongs to
 * @t: the table, or NULL for none
 * @mac: the address
 *
 * Return: the client, or NULL if @mac is a client of its own.
 */
const struct evb_client *evb_client_find_mac(const struct evb_client_tab *t,
					     const u8 *mac)
{
	unsigned int lo = 0, hi = t ? t->nidx : 0;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = memcmp(t->idx[mid].mac, mac, ETH_ALEN);

		if (!c)
			return &t->cl[t->idx[mid].client];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * evb_client_find() - a declared client by name
 * @t: the table, or NULL for none
 * @name: the name
 *
 * Return: the client, or NULL.
 */
const struct evb_client *evb_client_find(const struct evb_client_tab *t,
					 const char *name)
{
	unsigned int lo = 0, hi = t ? t->n : 0;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = strncmp(t->cl[mid].name, name, EVB_CLIENT_NAME_MAX);

		if (!c)
			return &t->cl[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * evb_client_tab_free() - free a table nobody reads any more
 * @t: the table, or NULL
 */
void evb_client_tab_free(struct evb_client_tab *t)
{
	kvfree(t);
}
