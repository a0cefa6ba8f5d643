// SPDX-License-Identifier: GPL-2.0
/*
 * state.c: the state-file parser on any bytes (the file is on disk and
 * anyone with root may have edited it), and the round trips: a file the
 * parser accepts is written back and read again equal, and any state the
 * kernel can hold is written (EVB_STATE_MAX always suffices), read back
 * equal, and written short without overrunning its buffer.
 */
#include "fuzz.h"
#include "state.h"

static void check_state(const struct evb_state *st)
{
	unsigned int i, j;

	CHECK(st->cfg.len <= AOE_CFG_STR_MAX);
	CHECK(st->mask.n <= EVB_MACLIST_MAX && st->rsv.n <= EVB_MACLIST_MAX);
	for (i = 0; i < st->mask.n; i++)
		for (j = 0; j < i; j++)
			CHECK(memcmp(st->mask.mac[i], st->mask.mac[j], ETH_ALEN));
	for (i = 0; i < st->rsv.n; i++)
		for (j = 0; j < i; j++)
			CHECK(memcmp(st->rsv.mac[i], st->rsv.mac[j], ETH_ALEN));
}

static void check_equal(const struct evb_state *a, const struct evb_state *b)
{
	CHECK(a->gen == b->gen);
	CHECK(a->cfg.len == b->cfg.len && !memcmp(a->cfg.str, b->cfg.str, a->cfg.len));
	CHECK(a->mask.n == b->mask.n &&
	      !memcmp(a->mask.mac, b->mask.mac, a->mask.n * ETH_ALEN));
	CHECK(a->rsv.n == b->rsv.n &&
	      !memcmp(a->rsv.mac, b->rsv.mac, a->rsv.n * ETH_ALEN));
}

/* Write @st, read it back equal; then short buffers fail cleanly. */
static void round_trip(const struct evb_state *st, const char *name, size_t short_size)
{
	char *buf = malloc(EVB_STATE_MAX), *sb;
	struct evb_state *back = malloc(sizeof(*back));
	const char *why = NULL;
	int len, n;

	len = evb_state_format(st, name, buf, EVB_STATE_MAX);
	CHECK(len > 0 && len < EVB_STATE_MAX && (size_t)len == strlen(buf));
	if (evb_state_parse(buf, len, back, &why)) {
		fprintf(stderr, "state written is refused: %s\n%s", why, buf);
		abort();
	}
	check_equal(st, back);

	short_size %= len + 2;
	sb = malloc(short_size ? short_size : 1);
	n = evb_state_format(st, name, sb, short_size);
	if ((size_t)len < short_size)
		CHECK(n == len && !memcmp(sb, buf, len + 1));
	else
		CHECK(n == -ENOSPC);
	free(sb);
	free(back);
	free(buf);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	struct evb_state *st = malloc(sizeof(*st));
	char name[16];
	u8 mode = fz_u8(&f);

	snprintf(name, sizeof(name), "e%u.%u", fz_u16(&f), fz_u8(&f));
	if (!(mode & 1)) {
		/* the rest is a file's text, in an allocation of its size */
		size_t n = f.n;
		char *text = (char *)fz_dup(&f, n);
		const char *why = NULL;

		/*
		 * Half the time, make the last crc32 line's checksum right, so
		 * that edited files get past it and round-trip too.
		 */
		if (mode & 2) {
			size_t at;

			for (at = n; at-- > 0;)
				if ((at == 0 || text[at - 1] == '\n') &&
				    n - at >= 15 && !memcmp(text + at, "crc32 ", 6))
					break;
			if (at < n) {
				char hex[9];

				snprintf(hex, sizeof(hex), "%08x",
					 crc32_le(~0U, text, at) ^ ~0U);
				memcpy(text + at + 6, hex, 8);
			}
		}
		if (!evb_state_parse(text, n, st, &why)) {
			check_state(st);
			round_trip(st, name, mode >> 2);
		} else {
			CHECK(why != NULL);
		}
		free(text);
	} else {
		/* a state the kernel can hold: lists without repeats */
		unsigned int i, nm, nr;
		u8 mac[ETH_ALEN];

		memset(st, 0, sizeof(*st));
		st->gen = fz_u64(&f);
		st->cfg.len = fz_u16(&f) % (AOE_CFG_STR_MAX + 1);
		fz_bytes(&f, st->cfg.str, st->cfg.len);
		nm = fz_u8(&f) % (EVB_MACLIST_MAX + 1);
		nr = fz_u8(&f) % (EVB_MACLIST_MAX + 1);
		for (i = 0; i < nm; i++) {
			fz_bytes(&f, mac, ETH_ALEN);
			mac[5] ^= i;
			evb_maclist_add(&st->mask, mac);
		}
		for (i = 0; i < nr; i++) {
			fz_bytes(&f, mac, ETH_ALEN);
			mac[4] ^= i;
			evb_maclist_add(&st->rsv, mac);
		}
		round_trip(st, name, fz_u16(&f));
	}
	free(st);
	return 0;
}
