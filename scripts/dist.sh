#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make dist` [OUTDIR]: the release tarball evblade-<version>.tar.gz
# (version from dkms.conf) of the committed tree (git archive HEAD), all
# under evblade-<version>/, with a MANIFEST that lists its files: a tree
# unpacked from it knows its own file list without git
# (scripts/source-files.sh).  Prints the tarball's path.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
outdir=$(cd "${1:-$top}" && pwd)
cd "$top"
[ -e .git ] || { echo "dist: $top is not a git checkout" >&2; exit 1; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
[ -n "$ver" ] || { echo "dist: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
out=$outdir/evblade-$ver.tar.gz

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "dist: warning: uncommitted changes are not in the tarball (it is HEAD's tree)" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{ git ls-tree -r --name-only HEAD; echo MANIFEST; } | LC_ALL=C sort > "$tmp/MANIFEST"
git archive --format=tar.gz --prefix="evblade-$ver/" --add-file="$tmp/MANIFEST" \
	-o "$out" HEAD
echo "$out"
