#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-stage.sh DEST: copy this tree's source files (scripts/source-files.sh:
# git's list in a checkout, MANIFEST in an unpacked release tarball) to DEST,
# a new directory, as `dkms add` wants them under /usr/src/evblade-<version>.
# DEST gets a MANIFEST too, so it knows its own file list.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: dkms-stage.sh DEST}
files=$("$top/scripts/source-files.sh")
rm -rf "$dest"
mkdir -p "$dest"
echo "$files" | rsync -a --files-from=- "$top/" "$dest/"
{ echo "$files"; echo MANIFEST; } | LC_ALL=C sort -u > "$dest/MANIFEST"
