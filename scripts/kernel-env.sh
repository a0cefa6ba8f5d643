# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced: where the pieces of a kernel under test are.  evb_kernel KVER
# sets
#   evb_vmlinuz   the image to boot
#   evb_modroot   the root its lib/modules/KVER is under (/ if installed)
#   evb_kbuild    its build tree (inside evb_chroot when that is set)
#   evb_chroot    the chroot to build in, or empty to build on the machine
# for an installed Debian 12 kernel (scripts/kernels.sh) or a cached
# Debian 13 one (scripts/debian13-kernels.sh), and fails for any other.
# shellcheck disable=SC2034 # the variables are for the caller

evb_d13=${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}/debian13

evb_kernel() { # kver
	local k=$1
	if [ -e "/boot/vmlinuz-$k" ] && [ -e "/lib/modules/$k/build/Makefile" ]; then
		evb_vmlinuz=/boot/vmlinuz-$k
		evb_modroot=/
		evb_kbuild=/lib/modules/$k/build
		evb_chroot=
	elif [ -e "$evb_d13/kernels/$k/.evb-ready" ] &&
	     [ -e "$evb_d13/chroot/.evb-headers-$k" ]; then
		evb_modroot=$evb_d13/kernels/$k
		evb_vmlinuz=$evb_modroot/vmlinuz
		evb_chroot=$(readlink -f "$evb_d13/chroot")
		evb_kbuild=/usr/src/linux-headers-$k
	else
		echo "kernel-env: $k is neither installed nor in $evb_d13 (scripts/kernels.sh, scripts/debian13-kernels.sh)" >&2
		return 1
	fi
}
