#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checker-valid.sh CHECK [FLAGS...]: prints 1 if the checker (sparse) runs
# and understands __typeof_unqual__, which newer kernels' headers use (7.x;
# not 6.12), and 0 otherwise.  Such kernels ask their
# scripts/checker-valid.sh this before a C=1/C=2 build, but Debian's header
# packages do not ship that script, so C=2 would silently check nothing.
# scripts/debian13-kernels.sh puts this one where such a kernel looks.
command -v "$1" > /dev/null 2>&1 || { echo 0; exit 0; }
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
cat > "$tmp" <<'EOC'
static inline int u(const int *q)
{
	__typeof_unqual__(*q) v = *q;
	return v;
}
EOC
# sparse exits 0 on errors: look for them instead.
if "$@" "$tmp" 2>&1 | grep -q error; then
	echo 0
else
	echo 1
fi
