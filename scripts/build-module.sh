#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR|KVER OUTDIR [MAKEVARS...]: build evblade.ko against
# the kernel build tree KDIR, or against the kernel release KVER (an
# installed Debian 12 kernel, or a Debian 13 one that
# scripts/debian13-kernels.sh made ready: built in its trixie chroot, with
# Debian's gcc-14), in a private copy of the sources under OUTDIR, so
# builds for several kernels do not trample each other's objects.  Fails on
# any compiler warning.  Prints the path of the built evblade.ko.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$1 chroot=
mkdir -p "$2" && out=$(cd "$2" && pwd)
shift 2
if [ ! -d "$kdir" ] && [[ "$kdir" != */* ]]; then
	# shellcheck source=scripts/kernel-env.sh
	. "$top/scripts/kernel-env.sh"
	evb_kernel "$kdir"
	kdir=$evb_kbuild chroot=$evb_chroot
fi
[ -d "$chroot$kdir" ] || { echo "build-module: no kernel build tree at $chroot$kdir" >&2; exit 1; }

mkdir -p "$out/src"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
	--exclude '*.mod*' --exclude 'modules.order' --exclude 'Module.symvers' \
	"$top/Kbuild" "$top/dkms.conf" "$top/kernel" "$top/include" "$out/src/"
# Keep the objects of the last build: rsync above only refreshes sources
# (rsync -a keeps mtimes, so make rebuilds only what changed).
git=$(git -C "$top" describe --always --dirty --abbrev=12 --exclude='*' 2>/dev/null || true)
# In a chroot, the copy is bind-mounted at /evb, and /proc mounted (objtool
# reads it), in a mount namespace of the build's own, so nothing stays
# mounted after it.
kmake() {
	if [ -z "$chroot" ]; then
		make -C "$kdir" M="$out/src" "$@"
		return
	fi
	unshare --mount --propagation private -- /bin/sh -c \
		'src=$1 root=$2; shift 2; mount --bind "$src" "$root/evb" &&
		 mount -t proc proc "$root/proc" &&
		 exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/ \
			LC_ALL=C.UTF-8 make M=/evb "$@"' \
		sh "$out/src" "$chroot" -C "$kdir" "$@"
}
if ! kmake EVB_GIT="$git" W=1 "$@" modules > "$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "build-module: build against $kdir failed" >&2
	exit 1
fi
# A kernel turns C=1/C=2 off, with only a make warning, when it finds the
# checker too old for its headers: that is a failure too.
if grep -E 'warning:|error:|specified, but .* not available' "$out/build.log" >&2; then
	echo "build-module: warnings building against $kdir" >&2
	exit 1
fi
echo "$out/src/kernel/evblade.ko"
