#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing evblade needs, from Debian's archive
# only, non-interactively.  Quick when everything is there already.
set -euo pipefail

pkgs=(
	# building the module, the tool and the sanitizer kernel
	build-essential bc bison flex libelf-dev libssl-dev pkg-config libmnl-dev
	sparse dkms rsync cpio xz-utils git
	# the kernels under test, their headers, and kernel sources (sanitizer
	# kernel from 6.1, the YNL generator from 6.12)
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1 linux-source-6.12
	python3-yaml python3-jsonschema
	# the guest rig
	qemu-system-x86 busybox-static kmod iproute2 vblade aoetools fio bash-completion
	# Debian 13's kernels (scripts/debian13-kernels.sh): a trixie chroot,
	# the archive keys that sign trixie, zstd-compressed modules
	mmdebstrap debian-archive-keyring zstd util-linux
	# the thin clients (selftests/thin, contrib/thin/mkgolden.sh): iPXE,
	# GRUB's BIOS images, the golden image's partition table and file
	# system, fakeroot for building it as a user, jq for the server's JSON
	ipxe grub-pc-bin fdisk e2fsprogs fakeroot jq
	# the host fuzzers (selftests/fuzz): clang 14, libFuzzer and the
	# sanitizers' runtimes
	clang-14 libclang-rt-14-dev
	# the Debian packages (make deb, scripts/deb.sh)
	debhelper dh-dkms lintian
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# The keys that sign trixie came to Debian 12's debian-archive-keyring in
# a point release: upgrade one that lacks them.
upgrade=()
if [ ! -e /usr/share/keyrings/debian-archive-trixie-automatic.gpg ]; then
	upgrade+=(debian-archive-keyring)
fi
if [ ${#missing[@]} -eq 0 ] && [ ${#upgrade[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "deps: missing ${missing[*]} ${upgrade[*]}; run as root to install" >&2; exit 1; }
echo "deps: installing ${missing[*]} ${upgrade[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" "${upgrade[@]}" < /dev/null
