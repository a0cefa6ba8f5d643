#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the uapi header and the kernel policy/ops tables from the YNL
# spec, with the generator shipped in Debian's linux-source-6.12 package.
# Nothing of the generator is vendored: it is unpacked into the cache.
#
#   scripts/ynl-regen.sh           rewrite the generated files
#   scripts/ynl-regen.sh --check   fail if the committed files are stale
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
spec=Documentation/netlink/specs/evblade.yaml
cache=${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}
tarball=${EVB_YNL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
py=/usr/bin/python3	# Debian's python, which has python3-yaml and python3-jsonschema

mode=write
[ "${1:-}" = "--check" ] && mode=check

[ -r "$tarball" ] || { echo "ynl-regen: $tarball missing (apt-get install linux-source-6.12)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %Y-%s "$tarball")
ynl=$cache/ynl/$srcver
if [ ! -e "$ynl/.done" ]; then
	echo "ynl-regen: unpacking the YNL generator from $tarball" >&2
	rm -rf "$ynl.tmp"
	mkdir -p "$ynl.tmp"
	tar -C "$ynl.tmp" --strip-components=1 -xJf "$tarball" \
		--wildcards '*/tools/net/ynl/*' '*/Documentation/netlink/*.yaml'
	touch "$ynl.tmp/.done"
	rm -rf "$ynl"
	mv "$ynl.tmp" "$ynl"
fi

# The generator takes the schema from the spec's grandparent directory and
# names the spec relative to the nearest MAINTAINERS file, so stage the spec
# in a scratch tree of that shape.
stage=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$stage" "$out"' EXIT
mkdir -p "$stage/Documentation/netlink/specs"
cp "$top/MAINTAINERS" "$stage/"
cp "$ynl"/Documentation/netlink/*.yaml "$stage/Documentation/netlink/"
cp "$top/$spec" "$stage/$spec"

gen() { # mode header|source output
	"$py" "$ynl/tools/net/ynl/ynl-gen-c.py" --mode "$1" "--$2" \
		--spec "$stage/$spec" -o "$out/$(basename "$3")"
	if [ $mode = check ]; then
		if ! cmp -s "$out/$(basename "$3")" "$top/$3"; then
			echo "ynl-regen: $3 is stale; run 'make regen' and commit the result" >&2
			diff -u "$top/$3" "$out/$(basename "$3")" >&2 || true
			return 1
		fi
	else
		cp "$out/$(basename "$3")" "$top/$3"
		echo "	GEN	$3"
	fi
}

gen uapi header include/uapi/linux/evblade.h
gen kernel header kernel/netlink-gen.h
gen kernel source kernel/netlink-gen.c
