// SPDX-License-Identifier: GPL-2.0
/*
 * evbladeadm -batch: run the commands of a file, one a line.
 *
 * evbladeadm apply: make the clients and blades of this network namespace
 * those of the configuration files.  Every file is read and every line
 * checked first (a syntax error anywhere: nothing is done); then the
 * kernel's lists are read and compared with the files in canonical form
 * (conf.c), and only the differences become commands: a blade that did
 * not change keeps its connections, one that changed in what blade set
 * can change keeps them too.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "conf.h"
#include "evbladeadm.h"
#include "nl.h"
#include "util.h"

#define WHERE_MAX 4200

/* A line of the files: a client or a blade. */
struct item {
	char where[WHERE_MAX];	/* "FILE:LINE: " */
	struct conf_line l;
	bool is_blade;
	struct adm_client c;	/* !is_blade; name points into l */
	struct adm_blade b;	/* is_blade */
	struct conf_blade cb;
	bool done;		/* found in the kernel */
};

/* A client or a blade in the kernel. */
struct kobj {
	char name[EVBLADE_CLIENT_NAME_MAX + 1];
	struct adm_client c;	/* name points to name */
	struct conf_blade cb;
	bool seen;		/* in the files */
};

struct apply {
	bool dry;			/* -n */
	bool quiet;			/* flush: no line per action */
	struct item *items;
	unsigned int n_items;
	struct kobj *kc, *kb;		/* the kernel's clients, blades */
	unsigned int n_kc, n_kb;
	unsigned int unchanged, added, changed, replaced, deleted, failed;
	bool stop;			/* an action failed, no -force */
	char *failed_list;		/* for the sd_notify status */
	size_t failed_len;
	FILE *failed_f;
};

/* ---- -batch ---- */

int batch_main(const char *file)
{
	bool in = !strcmp(file, "-"), failed = false;
	const char *name = in ? "stdin" : file;
	char why[EVB_WHY_MAX], where[4200];
	unsigned long lineno = 0;
	struct conf_line l;
	char *line = NULL;
	size_t size = 0;
	FILE *f;

	f = in ? stdin : fopen(file, "r");
	if (!f)
		return adm_err("-batch: cannot open %s: %s", file, strerror(errno));
	while (getline(&line, &size, f) >= 0) {
		lineno++;
		adm_where = conf_where(name, lineno, where, sizeof(where));
		if (conf_split(line, &l, why, sizeof(why)) < 0) {
			adm_err("%s", why);
			failed = true;
		} else if (l.argc) {
			adm_words_set(l.argv, l.len, l.argc);
			if (adm_run(l.argc, l.argv))
				failed = true;
			adm_words_set(NULL, NULL, 0);
			/* What the line printed comes before what it said. */
			fflush(stdout);
			conf_line_free(&l);
		}
		adm_where = "";
		if (failed && !opts.force)
			break;
	}
	if (ferror(f)) {
		adm_err("-batch: cannot read %s: %s", name, strerror(errno));
		failed = true;
	}
	free(line);
	if (!in)
		fclose(f);
	return failed ? 1 : 0;
}

/* ---- reading the files ---- */

static struct item *new_item(struct apply *a)
{
	struct item *it = realloc(a->items, (a->n_items + 1) * sizeof(*it));

	if (!it)
		return NULL;
	a->items = it;
	it = &a->items[a->n_items];
	memset(it, 0, sizeof(*it));
	return it;
}

/* One line's words into an item: 0, 1 if it has none, or 2 after an error. */
static int parse_item(struct item *it)
{
	struct conf_line *l = &it->l;
	int ret;

	if (l->argc < 2 || !matches(l->argv[1], "add") ||
	    (!matches(l->argv[0], "client") && !matches(l->argv[0], "blade"))) {
		adm_err("apply: only 'client add' and 'blade add' lines belong in a configuration file, not '%.32s%s%.32s'",
			l->argv[0], l->argc > 1 ? " " : "",
			l->argc > 1 ? l->argv[1] : "");
		return 2;
	}
	it->is_blade = matches(l->argv[0], "blade");
	if (!it->is_blade)
		return adm_client_from_args(l->argc - 2, l->argv + 2, &it->c);
	adm_words_set(l->argv, l->len, l->argc);
	ret = adm_blade_from_args(l->argc - 2, l->argv + 2, &it->b);
	adm_words_set(NULL, NULL, 0);
	if (!ret && conf_blade_init(&it->cb, &it->b))
		ret = 1;
	return ret;
}

/* An object named twice in the files is an error. */
static bool is_dup(struct apply *a, const struct item *it)
{
	unsigned int i;

	for (i = 0; i < a->n_items; i++) {
		const struct item *o = &a->items[i];

		if (o->is_blade != it->is_blade)
			continue;
		if (it->is_blade ? o->b.shelf == it->b.shelf &&
				   o->b.slot == it->b.slot :
				   !strcmp(o->c.name, it->c.name)) {
			if (it->is_blade)
				adm_err("apply: blade e%u.%u is already at %.*s",
					it->b.shelf, it->b.slot,
					(int)strlen(o->where) - 2, o->where);
			else
				adm_err("apply: client %s is already at %.*s",
					it->c.name, (int)strlen(o->where) - 2,
					o->where);
			return true;
		}
	}
	return false;
}

/* Every line of a file: 0, or 1 after printing why (each bad line). */
static int read_file(struct apply *a, const char *path)
{
	char why[EVB_WHY_MAX], where[WHERE_MAX];
	unsigned long lineno = 0;
	char *line = NULL;
	size_t size = 0;
	struct item *it;
	int ret = 0, r;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return adm_err("apply: cannot read %s: %s", path, strerror(errno));
	while (getline(&line, &size, f) >= 0) {
		lineno++;
		it = new_item(a);
		if (!it) {
			ret = adm_err("out of memory");
			break;
		}
		adm_where = conf_where(path, lineno, where, sizeof(where));
		snprintf(it->where, sizeof(it->where), "%s", where);
		if (conf_split(line, &it->l, why, sizeof(why)) < 0) {
			ret = adm_err("%s", why);
			continue;
		}
		if (!it->l.argc) {
			conf_line_free(&it->l);
			continue;
		}
		r = parse_item(it);
		if (!r && is_dup(a, it))
			r = 2;
		if (!r) {
			a->n_items++;
			continue;
		}
		ret = 1;
		adm_blade_free(&it->b);
		conf_blade_free(&it->cb);
		conf_line_free(&it->l);
	}
	adm_where = "";
	if (ferror(f))
		ret = adm_err("apply: cannot read %s: %s", path, strerror(errno));
	free(line);
	fclose(f);
	return ret;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool is_conf_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".conf");
}

/* The *.conf files of a directory, in lexical order. */
static int read_dir(struct apply *a, const char *path)
{
	char **names = NULL, **nn, *file;
	unsigned int n = 0, i;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	d = opendir(path);
	if (!d)
		return adm_err("apply: cannot read %s: %s", path, strerror(errno));
	while ((de = readdir(d))) {
		if (!is_conf_name(de->d_name))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (nn)
			names = nn;
		if (nn)
			nn[n] = strdup(de->d_name);
		if (!nn || !nn[n]) {
			ret = adm_err("out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if (!ret && asprintf(&file, "%s/%s", path, names[i]) >= 0) {
			ret |= read_file(a, file);
			free(file);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/*
 * A path that does not exist: a directory (its name ends in ".d" or "/")
 * is skipped, a file is an error.
 */
static bool names_dir(const char *path)
{
	size_t n = strlen(path);

	return (n && path[n - 1] == '/') ||
	       (n > 2 && !strcmp(path + n - 2, ".d"));
}

static int read_path(struct apply *a, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT && names_dir(path))
			return 0;
		return adm_err("apply: cannot read %s: %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return read_dir(a, path);
	return read_file(a, path);
}

/* ---- reading the kernel ---- */

static struct kobj *new_kobj(struct kobj **list, unsigned int *n)
{
	struct kobj *k = realloc(*list, (*n + 1) * sizeof(*k));

	if (!k)
		return NULL;
	*list = k;
	k = &k[(*n)++];
	memset(k, 0, sizeof(*k));
	return k;
}

static int kclient_cb(const struct nlmsghdr *nlh, void *data)
{
	struct apply *a = data;
	struct adm_client c;
	struct kobj *k;

	if (adm_client_parse(nlh, &c) < 0 || !c.name)
		return MNL_CB_ERROR;
	k = new_kobj(&a->kc, &a->n_kc);
	if (!k)
		return MNL_CB_ERROR;
	snprintf(k->name, sizeof(k->name), "%s", c.name);
	k->c = c;
	return MNL_CB_OK;
}

static int kblade_cb(const struct nlmsghdr *nlh, void *data)
{
	struct apply *a = data;
	struct adm_blade b;
	struct kobj *k;
	int ret;

	if (adm_blade_parse(nlh, &b) < 0)
		return MNL_CB_ERROR;
	k = new_kobj(&a->kb, &a->n_kb);
	ret = k ? conf_blade_init(&k->cb, &b) : -1;
	adm_blade_free(&b);
	if (ret)
		a->n_kb -= !!k;
	return ret ? MNL_CB_ERROR : MNL_CB_OK;
}

static int read_kernel(struct apply *a)
{
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	unsigned int i;
	int ret;

	if (adm_nl_open(&nl) < 0)
		return 1;
	/* Blades first, the order in which flush deletes them. */
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_GET, NLM_F_DUMP);
	ret = adm_nl_talk(&nl, nlh, kblade_cb, a, "blade show");
	if (!ret) {
		nlh = adm_nl_msg(&nl, EVBLADE_CMD_CLIENT_GET, NLM_F_DUMP);
		ret = adm_nl_talk(&nl, nlh, kclient_cb, a, "client show");
	}
	adm_nl_close(&nl);
	/* The names point into the array, which may have moved. */
	for (i = 0; i < a->n_kc; i++)
		a->kc[i].c.name = a->kc[i].name;
	return ret ? 1 : 0;
}

/* ---- the actions ---- */

/*
 * Run a command as a line of the files would, unless -n; len: the lengths
 * of its words, NULL if they hold no NUL.
 */
static int run(struct apply *a, const char *where, char **argv,
	       const size_t *len)
{
	int argc = 0, ret;

	if (a->dry)
		return 0;
	while (argv[argc])
		argc++;
	adm_where = where;
	adm_words_set(argv, len, len ? argc : 0);
	ret = adm_run(argc, argv);
	adm_words_set(NULL, NULL, 0);
	adm_where = "";
	return ret;
}

/* After an action: count it, or its failure; say what was done. */
static void done(struct apply *a, int ret, unsigned int *count,
		 const char *what, const char *name, const char *detail)
{
	if (ret) {
		a->failed++;
		if (a->failed_f)
			fprintf(a->failed_f, " %s", name);
		a->stop = !opts.force;
		return;
	}
	(*count)++;
	if (a->quiet)
		return;
	printf("%s %s%s%s\n", what, name, detail ? ": " : "",
	       detail ? detail : "");
	fflush(stdout);
}

static bool same_client(const struct adm_client *x, const struct adm_client *y)
{
	return x->n_mac == y->n_mac &&
	       !memcmp(x->mac, y->mac, x->n_mac * sizeof(x->mac[0]));
}

static int client_del(struct apply *a, const char *where, const char *name)
{
	char *argv[] = { "client", "delete", (char *)name, NULL };

	return run(a, where, argv, NULL);
}

static void apply_client(struct apply *a, struct item *it)
{
	const char *name = it->c.name;
	struct kobj *k = NULL;
	unsigned int i;
	int ret;

	for (i = 0; i < a->n_kc && !k; i++)
		if (!strcmp(a->kc[i].name, name))
			k = &a->kc[i];
	if (k)
		k->seen = true;
	if (k && same_client(&k->c, &it->c)) {
		a->unchanged++;
		return;
	}
	ret = k ? client_del(a, it->where, name) : 0;
	if (!ret)
		ret = run(a, it->where, it->l.argv, it->l.len);
	done(a, ret, k ? &a->replaced : &a->added,
	     k ? "client replace" : "client add", name, k ? "mac" : NULL);
}

static int blade_del(struct apply *a, const char *where, const char *name)
{
	char *argv[] = { "blade", "delete", (char *)name, NULL };

	return run(a, where, argv, NULL);
}

/* blade set NAME and the words of every property in diff. */
static int blade_set(struct apply *a, struct item *it, const char *name,
		     const bool *diff)
{
	struct conf_words w = { .n = 0 };
	char **argv;
	unsigned int i;
	int p, ret = 0;

	ret = conf_words_add(&w, "blade", 5) ?: conf_words_add(&w, "set", 3) ?:
	      conf_words_add(&w, name, strlen(name));
	for (p = 0; !ret && p < CP_MAX; p++)
		if (diff[p])
			ret = conf_set_words(&it->cb, p, &w);
	argv = ret ? NULL : calloc(w.n + 1, sizeof(*argv));
	if (!argv) {
		conf_words_free(&w);
		return adm_err("out of memory");
	}
	for (i = 0; i < w.n; i++)
		argv[i] = w.w[i];
	ret = run(a, it->where, argv, w.len);
	free(argv);
	conf_words_free(&w);
	return ret;
}

/* "read-only, dev": the properties in diff. */
static void diff_names(const bool *diff, char *buf, size_t len)
{
	size_t off = 0;
	int p;

	buf[0] = '\0';
	for (p = 0; p < CP_MAX && off < len; p++)
		if (diff[p])
			off += snprintf(buf + off, len - off, "%s%s",
					off ? ", " : "", conf_prop_name(p));
}

static void apply_blade(struct apply *a, struct item *it)
{
	bool diff[CP_MAX] = { false }, settable = true, any = false;
	char name[16], what[256];
	struct kobj *k = NULL;
	unsigned int i;
	int p, ret;

	snprintf(name, sizeof(name), "e%u.%u", it->cb.shelf, it->cb.slot);
	for (i = 0; i < a->n_kb && !k; i++)
		if (a->kb[i].cb.shelf == it->cb.shelf &&
		    a->kb[i].cb.slot == it->cb.slot)
			k = &a->kb[i];
	if (!k) {
		ret = run(a, it->where, it->l.argv, it->l.len);
		done(a, ret, &a->added, "blade add", name, NULL);
		return;
	}
	k->seen = true;
	for (p = 0; p < CP_MAX; p++) {
		diff[p] = !conf_words_equal(&k->cb.p[p], &it->cb.p[p]) ||
			  (p == CP_DEV && k->cb.no_ifs != it->cb.no_ifs);
		any |= diff[p];
		if (diff[p] && !conf_prop_settable(p))
			settable = false;
	}
	if (!any) {
		a->unchanged++;
		return;
	}
	if (settable) {
		diff_names(diff, what, sizeof(what));
		done(a, blade_set(a, it, name, diff), &a->changed, "blade set",
		     name, what);
		return;
	}
	/* A replace names why: what blade set cannot change. */
	for (p = 0; p < CP_MAX; p++)
		diff[p] &= !conf_prop_settable(p);
	diff_names(diff, what, sizeof(what));
	ret = blade_del(a, it->where, name);
	if (!ret)
		ret = run(a, it->where, it->l.argv, it->l.len);
	done(a, ret, &a->replaced, "blade replace", name, what);
}

/* In order: blades gone, clients, blades, clients gone. */
static void apply_all(struct apply *a)
{
	char name[16];
	unsigned int i;

	for (i = 0; i < a->n_items && !a->stop; i++)
		if (!a->items[i].is_blade)
			apply_client(a, &a->items[i]);
	for (i = 0; i < a->n_items; i++) {
		unsigned int j;

		for (j = 0; j < a->n_kb; j++)
			if (a->items[i].is_blade &&
			    a->kb[j].cb.shelf == a->items[i].cb.shelf &&
			    a->kb[j].cb.slot == a->items[i].cb.slot)
				a->kb[j].seen = true;
	}
	/* Blades not in the files first: they may hold a backing. */
	for (i = 0; i < a->n_kb && !a->stop; i++) {
		if (a->kb[i].seen)
			continue;
		snprintf(name, sizeof(name), "e%u.%u", a->kb[i].cb.shelf,
			 a->kb[i].cb.slot);
		done(a, blade_del(a, "", name), &a->deleted, "blade del", name,
		     NULL);
	}
	for (i = 0; i < a->n_items && !a->stop; i++)
		if (a->items[i].is_blade)
			apply_blade(a, &a->items[i]);
	/* Clients last: the blades that named them have changed. */
	for (i = 0; i < a->n_kc && !a->stop; i++)
		if (!a->kc[i].seen)
			done(a, client_del(a, "", a->kc[i].name), &a->deleted,
			     "client del", a->kc[i].name, NULL);
}

/*
 * systemd's sd_notify(), without libsystemd: one datagram to
 * $NOTIFY_SOCKET, a path or an abstract name (@...).
 */
static void notify(const char *status)
{
	const char *sock = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	size_t n;
	int fd;

	if (!sock || (sock[0] != '/' && sock[0] != '@'))
		return;
	n = strlen(sock);
	if (n >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, sock, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, status, strlen(status), MSG_NOSIGNAL,
		   (struct sockaddr *)&sa, len) < 0)
		adm_err("apply: warning: cannot notify systemd: %s",
			strerror(errno));
	close(fd);
}

static void summary(struct apply *a)
{
	char line[256], *status = NULL;

	snprintf(line, sizeof(line),
		 "%u unchanged, %u added, %u changed, %u replaced, %u deleted, %u failed",
		 a->unchanged, a->added, a->changed, a->replaced, a->deleted,
		 a->failed);
	printf("%s\n", line);
	fflush(stdout);
	if (a->dry)
		return;
	if (a->failed_f)
		fclose(a->failed_f);
	a->failed_f = NULL;
	if (asprintf(&status, "STATUS=%s%s%s%s", line,
		     a->failed ? " (failed:" : "",
		     a->failed && a->failed_list ? a->failed_list : "",
		     a->failed ? ")" : "") < 0)
		return;
	notify(status);
	free(status);
}

static void apply_free(struct apply *a)
{
	unsigned int i;

	for (i = 0; i < a->n_items; i++) {
		adm_blade_free(&a->items[i].b);
		conf_blade_free(&a->items[i].cb);
		conf_line_free(&a->items[i].l);
	}
	free(a->items);
	for (i = 0; i < a->n_kb; i++)
		conf_blade_free(&a->kb[i].cb);
	free(a->kb);
	free(a->kc);
	if (a->failed_f)
		fclose(a->failed_f);
	free(a->failed_list);
}

static void apply_usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [ -force ] apply [ -n ] { FILE | DIR }...\n"
		"Make the clients and blades of this network namespace those of the\n"
		"files ('client add' and 'blade add' lines, as save writes them; a DIR\n"
		"means its *.conf files).  -n: print the plan, change nothing.\n"
		"Exit status: 0 all applied, 2 some actions failed, 1 nothing done.\n",
		prog);
}

int apply_main(int argc, char **argv)
{
	struct apply a = { .dry = false };
	int i, ret = 0;

	argc--, argv++;
	if (argc && !strcmp(argv[0], "-n")) {
		a.dry = true;
		argc--, argv++;
	}
	if (argc && !strcmp(argv[0], "help")) {
		apply_usage(stdout);
		return 0;
	}
	if (!argc) {
		usage_err("help", "apply: missing FILE or DIR (e.g. /etc/evblade/evblade.conf /etc/evblade/conf.d)");
		return 1;
	}
	for (i = 0; i < argc; i++)
		ret |= read_path(&a, argv[i]);
	if (ret) {
		adm_err("apply: nothing done: fix the files first");
		if (!a.dry)
			notify("STATUS=nothing applied: the configuration files have errors (see the journal)");
		goto out;
	}
	ret = read_kernel(&a);
	if (ret) {
		if (!a.dry)
			notify("STATUS=nothing applied: the evblade module cannot be reached (see the journal)");
		goto out;
	}
	a.failed_f = a.dry ? NULL : open_memstream(&a.failed_list,
						    &a.failed_len);
	apply_all(&a);
	summary(&a);
	ret = a.failed ? 2 : 0;
out:
	apply_free(&a);
	return ret;
}

/*
 * flush: an apply of no files, quietly: every blade of the namespace is
 * deleted, then every client (apply_all()'s order: the blades' ACLs may
 * name the clients).
 */
int flush_main(int argc, char **argv)
{
	struct apply a = { .quiet = true };
	int ret;

	if (argc > 1 && !strcmp(argv[1], "help")) {
		printf("Usage: %s flush\n"
		       "Delete every blade, then every client, of this network namespace.\n",
		       prog);
		return 0;
	}
	if (argc > 1)
		return usage_err("help", "flush: unexpected argument '%.64s'",
				 argv[1]);
	ret = read_kernel(&a);
	if (!ret) {
		apply_all(&a);
		ret = a.failed ? 1 : 0;
	}
	apply_free(&a);
	return ret;
}
