// SPDX-License-Identifier: GPL-2.0
/*
 * notifyrecv: the receiving end of systemd's sd_notify protocol, for the
 * tests of a program that reports to $NOTIFY_SOCKET (evbladeadm apply):
 *
 *   notifyrecv [-t MS] [-n COUNT] SOCKET
 *
 * binds an AF_UNIX SOCK_DGRAM socket at SOCKET (a path, or an abstract
 * name if it starts with @, as systemd spells them), says "listening" on
 * stderr, and prints every datagram it receives on stdout, as it is, then
 * a line "--".  It ends after COUNT datagrams (default 1) or when MS
 * milliseconds (default 10000) have passed without one; exit status 0
 * if it got COUNT, 3 on the timeout, 1 on a system error, 2 on a usage
 * error.  A path it bound is removed at the end.  Only libc, so it runs
 * in the test guest, which has no python3 and no socat.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: notifyrecv [-t MS] [-n COUNT] SOCKET\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int timeout = 10000, count = 1, got = 0, opt, fd;
	static char buf[65536];
	const char *name;
	socklen_t len;
	size_t n;

	while ((opt = getopt(argc, argv, "t:n:")) != -1) {
		switch (opt) {
		case 't':
			timeout = atoi(optarg);
			break;
		case 'n':
			count = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || timeout <= 0 || count <= 0)
		usage();
	name = argv[optind];
	n = strlen(name);
	if (n < 1 || n >= sizeof(sun.sun_path))
		usage();
	memcpy(sun.sun_path, name, n);
	len = offsetof(struct sockaddr_un, sun_path) + n;
	if (name[0] == '@')
		sun.sun_path[0] = '\0';		/* abstract: no NUL at the end */
	else
		len++;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, len)) {
		fprintf(stderr, "notifyrecv: %s: %s\n", name, strerror(errno));
		return 1;
	}
	fprintf(stderr, "listening on %s\n", name);
	while (got < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;
		int ret = poll(&p, 1, timeout);

		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "notifyrecv: poll: %s\n", strerror(errno));
			break;
		}
		if (!ret)
			break;
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0) {
			fprintf(stderr, "notifyrecv: recv: %s\n", strerror(errno));
			break;
		}
		fwrite(buf, 1, r, stdout);
		printf("%s--\n", r && buf[r - 1] == '\n' ? "" : "\n");
		fflush(stdout);
		got++;
	}
	if (name[0] != '@')
		unlink(name);
	return got == count ? 0 : 3;
}
