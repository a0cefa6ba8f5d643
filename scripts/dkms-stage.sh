#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-stage.sh DEST: copy this tree's source files (scripts/source-files.sh:
# git's list in a checkout, MANIFEST in an unpacked release tarball) to DEST,
# a new directory, as `dkms add` wants them under /usr/src/evblade-<version>.
# DEST gets a MANIFEST too, so it knows its own file list.
#
# dkms-stage.sh --module-only DEST: only what DKMS builds evblade.ko from
# (Kbuild, dkms.conf, kernel/, include/) and the license (COPYING,
# LICENSES/): what `make dkms-install` and the evblade-dkms package put
# under /usr/src, where the tests, tools and packaging do not belong.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
module_only=0
if [ "${1:-}" = --module-only ]; then
	module_only=1
	shift
fi
dest=${1:?usage: dkms-stage.sh [--module-only] DEST}
files=$("$top/scripts/source-files.sh")
if [ $module_only = 1 ]; then
	files=$(grep -E '^(Kbuild|dkms\.conf|COPYING|LICENSES/.*|kernel/.*|include/.*)$' <<< "$files" |
		grep -v '\.gitignore$')
fi
rm -rf "$dest"
mkdir -p "$dest"
echo "$files" | rsync -a --files-from=- "$top/" "$dest/"
{ echo "$files"; echo MANIFEST; } | LC_ALL=C sort -u > "$dest/MANIFEST"
