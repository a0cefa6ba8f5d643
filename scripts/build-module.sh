#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [MAKEVARS...]: build evblade.ko against the
# kernel build tree KDIR in a private copy of the sources under OUTDIR, so
# builds for several kernels do not trample each other's objects.  Fails on
# any compiler warning.  Prints the path of the built evblade.ko.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$1
mkdir -p "$2" && out=$(cd "$2" && pwd)
shift 2
[ -d "$kdir" ] || { echo "build-module: no kernel build tree at $kdir" >&2; exit 1; }

mkdir -p "$out/src"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
	--exclude '*.mod*' --exclude 'modules.order' --exclude 'Module.symvers' \
	"$top/Kbuild" "$top/dkms.conf" "$top/kernel" "$top/include" "$out/src/"
# Keep the objects of the last build: rsync above only refreshes sources
# (rsync -a keeps mtimes, so make rebuilds only what changed).
git=$(git -C "$top" describe --always --dirty --abbrev=12 --exclude='*' 2>/dev/null || true)
if ! make -C "$kdir" M="$out/src" EVB_GIT="$git" W=1 "$@" modules > "$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "build-module: build against $kdir failed" >&2
	exit 1
fi
if grep -E 'warning:|error:' "$out/build.log" >&2; then
	echo "build-module: warnings building against $kdir" >&2
	exit 1
fi
echo "$out/src/kernel/evblade.ko"
