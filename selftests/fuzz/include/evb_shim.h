/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure units of kernel/ use of the kernel's headers, for a
 * userspace build under libFuzzer (selftests/fuzz).  Written for this
 * purpose, not copied: only the semantics the units rely on, and where
 * the kernel helper would WARN or BUG, an abort so that the fuzzer
 * reports it.  Every <linux/X.h> of this directory includes this one file.
 */
#ifndef _EVB_FUZZ_SHIM_H
#define _EVB_FUZZ_SHIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

/* types */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u16 __le16, __be16;
typedef u32 __le32, __be32;
typedef u64 __le64, __be64;
typedef unsigned int gfp_t;
#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		(~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define MAX_LFS_FILESIZE	((s64)S64_MAX)

/* compiler */
#define __packed	__attribute__((__packed__))
#define __printf(a, b)
#define __must_check
#define fallthrough	__attribute__((__fallthrough__))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c)	do { _Static_assert(!(c), #c); } while (0)
#undef static_assert
#define static_assert(e, ...) _Static_assert(e, #e)

/* bug: a kernel warning is a fuzzing failure */
#define evb_shim_warn(c, what) ({					\
	bool __c = !!(c);						\
	if (__c) {							\
		fprintf(stderr, "%s:%d: %s(%s)\n", __FILE__, __LINE__,	\
			what, #c);					\
		abort();						\
	}								\
	__c;								\
})
#define WARN_ON(c)		evb_shim_warn(c, "WARN_ON")
#define WARN_ON_ONCE(c)		evb_shim_warn(c, "WARN_ON_ONCE")
#define BUG_ON(c)		((void)evb_shim_warn(c, "BUG_ON"))

/* endianness: the fuzz build runs on little-endian hosts only */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "selftests/fuzz assumes a little-endian host"
#endif
#define cpu_to_le16(x)	((u16)(x))
#define cpu_to_le32(x)	((u32)(x))
#define cpu_to_le64(x)	((u64)(x))
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))
#define cpu_to_be16(x)	((u16)__builtin_bswap16(x))
#define cpu_to_be32(x)	((u32)__builtin_bswap32(x))
#define cpu_to_be64(x)	((u64)__builtin_bswap64(x))
#define be16_to_cpu(x)	cpu_to_be16(x)
#define be32_to_cpu(x)	cpu_to_be32(x)
#define be64_to_cpu(x)	cpu_to_be64(x)
#define htons(x)	cpu_to_be16(x)
#define ntohs(x)	be16_to_cpu(x)

/* unaligned */
#define EVB_SHIM_GET(t, p) ({ t __v; memcpy(&__v, (p), sizeof(__v)); __v; })
#define EVB_SHIM_PUT(t, v, p) do { t __v = (v); memcpy((p), &__v, sizeof(__v)); } while (0)
#define get_unaligned_le16(p)	EVB_SHIM_GET(u16, p)
#define get_unaligned_le32(p)	EVB_SHIM_GET(u32, p)
#define get_unaligned_le64(p)	EVB_SHIM_GET(u64, p)
#define get_unaligned_be16(p)	be16_to_cpu(EVB_SHIM_GET(u16, p))
#define get_unaligned_be32(p)	be32_to_cpu(EVB_SHIM_GET(u32, p))
#define put_unaligned_le16(v, p)	EVB_SHIM_PUT(u16, v, p)
#define put_unaligned_le32(v, p)	EVB_SHIM_PUT(u32, v, p)
#define put_unaligned_le64(v, p)	EVB_SHIM_PUT(u64, v, p)
#define put_unaligned_be16(v, p)	EVB_SHIM_PUT(u16, cpu_to_be16(v), p)
#define put_unaligned_be32(v, p)	EVB_SHIM_PUT(u32, cpu_to_be32(v), p)

/* minmax and math */
#define min(a, b)	({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a < __b ? __a : __b; })
#define max(a, b)	({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a > __b ? __a : __b; })
#define min_t(t, a, b)	({ t __a = (a); t __b = (b); __a < __b ? __a : __b; })
#define max_t(t, a, b)	({ t __a = (a); t __b = (b); __a > __b ? __a : __b; })
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define round_down(x, y) ((x) & ~(__typeof__(x))((y) - 1))
#define round_up(x, y)	((((x) - 1) | (__typeof__(x))((y) - 1)) + 1)
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(n, d)	((u64)(((u64)(n) + (d) - 1) / (d)))
static inline u64 div_u64(u64 n, u32 d) { return n / d; }
#define SZ_4K		0x00001000
#define SZ_1M		0x00100000

/* limits */
#ifndef NAME_MAX
#define NAME_MAX	255
#endif
#ifndef PATH_MAX
#define PATH_MAX	4096
#endif

/* bits and bitmaps */
#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define BITS_TO_LONGS(n)	DIV_ROUND_UP((size_t)(n), (size_t)BITS_PER_LONG)
#define BIT(n)			(1UL << (n))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline bool test_bit(unsigned long nr, const unsigned long *a)
{
	return (a[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}
static inline void __set_bit(unsigned long nr, unsigned long *a)
{
	a[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}
static inline void __clear_bit(unsigned long nr, unsigned long *a)
{
	a[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}
#define set_bit __set_bit
#define clear_bit __clear_bit

unsigned long find_next_bit(const unsigned long *a, unsigned long size,
			    unsigned long off);
unsigned long find_next_zero_bit(const unsigned long *a, unsigned long size,
				 unsigned long off);
#define find_first_bit(a, size) find_next_bit(a, size, 0)
#define for_each_set_bit(bit, a, size)					\
	for ((bit) = find_next_bit(a, size, 0); (bit) < (size);		\
	     (bit) = find_next_bit(a, size, (bit) + 1))

/* Whole longs, as the kernel's do for a size not known at compile time. */
static inline void bitmap_zero(unsigned long *d, unsigned int nbits)
{
	memset(d, 0, BITS_TO_LONGS(nbits) * sizeof(long));
}
static inline void bitmap_copy(unsigned long *d, const unsigned long *s,
			       unsigned int nbits)
{
	memcpy(d, s, BITS_TO_LONGS(nbits) * sizeof(long));
}
static inline void bitmap_or(unsigned long *d, const unsigned long *a,
			     const unsigned long *b, unsigned int nbits)
{
	size_t i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		d[i] = a[i] | b[i];
}
bool bitmap_empty(const unsigned long *s, unsigned int nbits);
void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits);
void bitmap_to_arr64(u64 *buf, const unsigned long *bitmap, unsigned int nbits);
void bitmap_from_arr64(unsigned long *bitmap, const u64 *buf, unsigned int nbits);

/* string */
void *memchr_inv(const void *s, int c, size_t n);

/* ctype, on the byte's unsigned value as the kernel's */
static inline int evb_shim_isxdigit(int c)
{
	c = (unsigned char)c;
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}
#define isxdigit(c)	evb_shim_isxdigit(c)

/* hex */
extern const char hex_asc[];
#define hex_asc_lo(x)	hex_asc[((x) & 0x0f)]
#define hex_asc_hi(x)	hex_asc[((x) & 0xf0) >> 4]
static inline char *hex_byte_pack(char *buf, u8 byte)
{
	*buf++ = hex_asc_hi(byte);
	*buf++ = hex_asc_lo(byte);
	return buf;
}
int hex_to_bin(unsigned char ch);
int __must_check hex2bin(u8 *dst, const char *src, size_t count);
char *bin2hex(char *dst, const void *src, size_t count);
bool mac_pton(const char *s, u8 *mac);

/* kstrtox and printf, with %pM */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtou64(const char *s, unsigned int base, u64 *res);
int kstrtou32(const char *s, unsigned int base, u32 *res);
int evb_shim_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int evb_shim_snprintf(char *buf, size_t size, const char *fmt, ...);
#define vsnprintf evb_shim_vsnprintf
#define snprintf evb_shim_snprintf

/* crc */
u32 crc32_le(u32 crc, const void *p, size_t len);
u32 crc32c(u32 crc, const void *p, size_t len);

/* err.h */
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long e) { return (void *)e; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p) { return IS_ERR_VALUE(p); }
static inline bool IS_ERR_OR_NULL(const void *p) { return !p || IS_ERR(p); }

/* slab: malloc, so that ASan sees every allocation's bounds */
#define kmalloc(n, gfp)		malloc(n)
#define kzalloc(n, gfp)		calloc(1, n)
#define kvmalloc(n, gfp)	malloc(n)
#define kvzalloc(n, gfp)	calloc(1, n)
#define kcalloc(n, s, gfp)	calloc(n, s)
#define kfree(p)		free((void *)(p))
#define kvfree(p)		free((void *)(p))
#define kfree_rcu(p, f)		free(p)

/* overflow: saturating, as the kernel's */
static inline size_t evb_shim_struct_size(size_t base, size_t n, size_t each)
{
	size_t r;

	if (__builtin_mul_overflow(n, each, &r) ||
	    __builtin_add_overflow(r, base, &r))
		return SIZE_MAX;
	return r;
}
#define struct_size(p, member, n) \
	evb_shim_struct_size(sizeof(*(p)), n, sizeof((p)->member[0]))
#define array_size(a, b) evb_shim_struct_size(0, a, b)
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* sort: the kernel's is not stable either */
static inline void sort(void *base, size_t num, size_t size,
			int (*cmp)(const void *, const void *), void *swap)
{
	(void)swap;
	if (num)
		qsort(base, num, size, cmp);
}

/* rcu: plain pointers, one thread */
struct rcu_head {
	void *next;
	void (*func)(struct rcu_head *);
};
#define rcu_dereference(p)		(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_access_pointer(p)		(p)
#define rcu_assign_pointer(p, v)	((p) = (v))
#define RCU_INIT_POINTER(p, v)		((p) = (v))
#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define __rcu

/* atomic: plain ints, one thread */
typedef struct { int counter; } atomic_t;
#define atomic_read(v)		((v)->counter)
#define atomic_set(v, i)	((v)->counter = (i))
#define atomic_inc(v)		((v)->counter++)
#define try_cmpxchg(p, oldp, new) \
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg(p, o, n) ({ __typeof__(*(p)) __o = (o); \
	__atomic_compare_exchange_n(p, &__o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); __o; })

/* etherdevice */
static inline bool ether_addr_equal_unaligned(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, 6);
}
#define ether_addr_equal ether_addr_equal_unaligned
static inline void ether_addr_copy(u8 *d, const u8 *s)
{
	memcpy(d, s, 6);
}
static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}
static inline bool is_multicast_ether_addr(const u8 *a)
{
	return a[0] & 0x01;
}
static inline bool is_broadcast_ether_addr(const u8 *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

#endif /* _EVB_FUZZ_SHIM_H */
