// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line part of the userspace shim (include/evb_shim.h): bitmap
 * searches, hex, kstrtox, a vsnprintf that knows %pM, and bitwise CRC32
 * and CRC32C.  Written from the kernel's documented behaviour; a
 * constructor checks the CRCs against their standard check values, so that
 * a shim bug cannot hide the parsers' checksum paths.
 */
#include <evb_shim.h>

#undef vsnprintf
#undef snprintf

/* A long at a time, so that fuzzing large maps stays fast. */
static unsigned long find_next(const unsigned long *a, unsigned long size,
			       unsigned long off, unsigned long invert)
{
	while (off < size) {
		unsigned long w = (a[off / BITS_PER_LONG] ^ invert) >> (off % BITS_PER_LONG);

		if (w) {
			off += __builtin_ctzl(w);
			return off < size ? off : size;
		}
		off = (off / BITS_PER_LONG + 1) * BITS_PER_LONG;
	}
	return size;
}

unsigned long find_next_bit(const unsigned long *a, unsigned long size,
			    unsigned long off)
{
	return find_next(a, size, off, 0);
}

unsigned long find_next_zero_bit(const unsigned long *a, unsigned long size,
				 unsigned long off)
{
	return find_next(a, size, off, ~0UL);
}

bool bitmap_empty(const unsigned long *s, unsigned int nbits)
{
	return find_next_bit(s, nbits, 0) >= nbits;
}

void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits)
{
	unsigned long i;

	for (i = start; i < (unsigned long)start + nbits; i++)
		__clear_bit(i, map);
}

void bitmap_to_arr64(u64 *buf, const unsigned long *bitmap, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < nbits; i += 64) {
		u64 w = bitmap[i / BITS_PER_LONG];

		if (nbits - i < 64)
			w &= (1ULL << (nbits - i)) - 1;
		buf[i / 64] = w;
	}
}

void bitmap_from_arr64(unsigned long *bitmap, const u64 *buf, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < nbits; i += 64) {
		u64 w = buf[i / 64];

		if (nbits - i < 64)
			w &= (1ULL << (nbits - i)) - 1;
		bitmap[i / BITS_PER_LONG] = w;
	}
}

void *memchr_inv(const void *s, int c, size_t n)
{
	const u8 *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)c)
			return (void *)(p + i);
	return NULL;
}

const char hex_asc[] = "0123456789abcdef";

int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int hex2bin(u8 *dst, const char *src, size_t count)
{
	while (count--) {
		int hi = hex_to_bin(*src++), lo;

		if (hi < 0)
			return -EINVAL;
		lo = hex_to_bin(*src++);
		if (lo < 0)
			return -EINVAL;
		*dst++ = (hi << 4) | lo;
	}
	return 0;
}

char *bin2hex(char *dst, const void *src, size_t count)
{
	const u8 *s = src;

	while (count--)
		dst = hex_byte_pack(dst, *s++);
	return dst;
}

bool mac_pton(const char *s, u8 *mac)
{
	int i;

	if (strnlen(s, 17) < 17)
		return false;
	for (i = 0; i < 6; i++) {
		if (!isxdigit(s[i * 3]) || !isxdigit(s[i * 3 + 1]))
			return false;
		if (i != 5 && s[i * 3 + 2] != ':')
			return false;
	}
	for (i = 0; i < 6; i++)
		mac[i] = hex_to_bin(s[i * 3]) << 4 | hex_to_bin(s[i * 3 + 1]);
	return true;
}

/*
 * kstrtoull(): an optional '+', for base 16 an optional "0x", at least one
 * digit, one optional trailing newline, nothing else; -ERANGE on overflow.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	int n = 0;

	if (*s == '+')
		s++;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			base = 8;
			if ((s[1] | 0x20) == 'x' && isxdigit(s[2])) {
				base = 16;
				s += 2;
			}
		}
	} else if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		s += 2;
	}
	for (;; s++, n++) {
		int d = hex_to_bin(*s);

		if (d < 0 || (unsigned int)d >= base)
			break;
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, (unsigned int)d, &v))
			return -ERANGE;
	}
	if (!n)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	return kstrtoull(s, base, res);
}

int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > U32_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

/* Append @n bytes of @s at *len, truncating to @size as vsnprintf does. */
static void out(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len < size) {
		size_t room = size - *len - 1;

		memcpy(buf + *len, s, n < room ? n : room);
	}
	*len += n;
}

/*
 * The conversions the units use, each handed to the C library one at a
 * time with its own argument, and the kernel's %pM (a MAC address as
 * xx:xx:xx:xx:xx:xx) done here.
 */
int evb_shim_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len = 0;
	char tmp[128], spec[32];

	while (*fmt) {
		const char *start = fmt;
		int lng = 0, n;
		size_t sl;

		if (*fmt != '%') {
			out(buf, size, &len, fmt++, 1);
			continue;
		}
		fmt++;
		while (*fmt && strchr("-+ #0123456789.", *fmt))
			fmt++;
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
			lng += *fmt == 'l' || *fmt == 'z' ? 1 : 0;
			fmt++;
		}
		sl = fmt + 1 - start;
		if (sl >= sizeof(spec))
			abort();
		memcpy(spec, start, sl);
		spec[sl] = 0;
		switch (*fmt) {
		case '%':
			out(buf, size, &len, "%", 1);
			break;
		case 'c':
			n = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, int));
			out(buf, size, &len, tmp, n);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (strcmp(spec, "%s"))
				abort();	/* not used with flags */
			out(buf, size, &len, s, strlen(s));
			break;
		}
		case 'd': case 'i':
			n = lng >= 2 ? snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long long)) :
			    lng ? snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long)) :
			    snprintf(tmp, sizeof(tmp), spec, va_arg(ap, int));
			out(buf, size, &len, tmp, n);
			break;
		case 'u': case 'x': case 'X': case 'o':
			n = lng >= 2 ? snprintf(tmp, sizeof(tmp), spec, va_arg(ap, unsigned long long)) :
			    lng ? snprintf(tmp, sizeof(tmp), spec, va_arg(ap, unsigned long)) :
			    snprintf(tmp, sizeof(tmp), spec, va_arg(ap, unsigned int));
			out(buf, size, &len, tmp, n);
			break;
		case 'p':
			if (fmt[1] == 'M') {
				const u8 *m = va_arg(ap, const u8 *);

				n = snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x",
					     m[0], m[1], m[2], m[3], m[4], m[5]);
				out(buf, size, &len, tmp, n);
				fmt++;
				break;
			}
			n = snprintf(tmp, sizeof(tmp), "%p", va_arg(ap, void *));
			out(buf, size, &len, tmp, n);
			break;
		default:
			fprintf(stderr, "shim vsnprintf: unsupported conversion %s\n", spec);
			abort();
		}
		fmt++;
	}
	if (size)
		buf[len < size ? len : size - 1] = 0;
	return len > INT32_MAX ? -1 : (int)len;
}

int evb_shim_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = evb_shim_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static u32 crc_reflected(u32 crc, const void *p, size_t len, u32 poly)
{
	static u32 table[2][256];
	static u32 polys[2];
	const u8 *b = p;
	int t = poly != 0xedb88320, k;
	u32 i;

	if (polys[t] != poly) {
		for (i = 0; i < 256; i++) {
			u32 c = i;

			for (k = 0; k < 8; k++)
				c = c >> 1 ^ (c & 1 ? poly : 0);
			table[t][i] = c;
		}
		polys[t] = poly;
	}
	while (len--)
		crc = crc >> 8 ^ table[t][(crc ^ *b++) & 0xff];
	return crc;
}

/* Neither inverts: the caller seeds with ~0 and inverts, as in the kernel. */
u32 crc32_le(u32 crc, const void *p, size_t len)
{
	return crc_reflected(crc, p, len, 0xedb88320);
}

u32 crc32c(u32 crc, const void *p, size_t len)
{
	return crc_reflected(crc, p, len, 0x82f63b78);
}

__attribute__((constructor)) static void shim_selftest(void)
{
	static const char check[] = "123456789";
	char b[64];
	u64 v;

	if ((crc32_le(~0U, check, 9) ^ ~0U) != 0xcbf43926 ||
	    (crc32c(~0U, check, 9) ^ ~0U) != 0xe3069283) {
		fprintf(stderr, "shim: CRC self-test failed\n");
		abort();
	}
	evb_shim_snprintf(b, sizeof(b), "%pM %08x %llu|%s", "\x02\x00\xab\x00\x00\x0a",
			  0xabcU, 18446744073709551615ULL, "x");
	if (strcmp(b, "02:00:ab:00:00:0a 00000abc 18446744073709551615|x") ||
	    kstrtou64("18446744073709551616", 10, &v) != -ERANGE ||
	    kstrtou64("+0x", 16, &v) != -EINVAL) {
		fprintf(stderr, "shim: format self-test failed: %s\n", b);
		abort();
	}
}
