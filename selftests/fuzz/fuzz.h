/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every harness shares: a reader of the fuzzer's bytes (past the end
 * it reads zeros, so every input is a complete test) and CHECK(), which
 * aborts on a broken invariant so that libFuzzer saves the input.
 */
#ifndef _EVB_FUZZ_H
#define _EVB_FUZZ_H

#include <evb_shim.h>

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
			__FILE__, __LINE__, #c);			\
		abort();						\
	}								\
} while (0)

struct fz {
	const u8 *p;
	size_t n;
};

static inline bool fz_left(const struct fz *f)
{
	return f->n != 0;
}

static inline u8 fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline u16 fz_u16(struct fz *f)
{
	return fz_u8(f) | (u16)fz_u8(f) << 8;
}

static inline u32 fz_u32(struct fz *f)
{
	return fz_u16(f) | (u32)fz_u16(f) << 16;
}

static inline u64 fz_u64(struct fz *f)
{
	return fz_u32(f) | (u64)fz_u32(f) << 32;
}

/* @n bytes into @dst, zero past the input's end. */
static inline void fz_bytes(struct fz *f, void *dst, size_t n)
{
	size_t k = n < f->n ? n : f->n;

	memcpy(dst, f->p, k);
	memset((u8 *)dst + k, 0, n - k);
	f->p += k;
	f->n -= k;
}

/* A NUL-terminated string of at most @max bytes, malloc'd to its size. */
static inline char *fz_str(struct fz *f, size_t max)
{
	size_t n = fz_u16(f) % (max + 1);
	char *s = malloc(n + 1);

	fz_bytes(f, s, n);
	s[n] = 0;
	return s;
}

/* A copy of @n input bytes in an allocation of exactly @n (ASan sees it). */
static inline u8 *fz_dup(struct fz *f, size_t n)
{
	u8 *b = malloc(n ? n : 1);

	fz_bytes(f, b, n);
	return b;
}

#endif /* _EVB_FUZZ_H */
