#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test guest's initramfs from Debian packages only, in two
# uncompressed cpio archives that the kernel unpacks one after the other
# (an uncompressed cpio boots faster than a gzipped one under TCG):
#
#   mkinitramfs.sh base OUT.cpio EVBLADEADM
#       userland: busybox-static, iproute2's ip and genl, kmod, aoetools, vblade, setpriv,
#       fio, mke2fs, bash with bash-completion and evbladeadm's completion,
#       evbladeadm, aoeraw, notifyrecv, the selftests and /init
#   mkinitramfs.sh modules OUT.cpio KVER MODROOT EVBLADE_KO
#       the kernel modules the tests need (dependencies resolved with
#       `modprobe -S KVER --show-depends`, decompressed) plus evblade.ko,
#       indexed with `depmod -b`; MODROOT is / for an installed Debian
#       kernel or the modules_install root of a built one
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
MODULES="aoe veth brd loop null_blk ext4"

die() { echo "mkinitramfs: $*" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

pack() { # out
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$1.tmp"
	mv "$1.tmp" "$1"
}

# Copy an executable and the shared libraries it needs, keeping paths.
copy_bin() { # path [dest]
	local src=$1 dst=${2:-$1} lib
	[ -x "$src" ] || die "$src missing (see scripts/deps.sh)"
	install -D -m 0755 "$src" "$stage$dst"
	ldd "$src" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		[ -e "$stage$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$stage$lib"
	done
}

base() {
	local out=$1 adm=$2 a
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,mnt,var,lib/modules,selftests}
	ln -s ../run "$stage/var/run"

	install -m 0755 /bin/busybox "$stage/bin/busybox"
	# Every applet, except those a real tool provides: ip (iproute2) and
	# the module tools (kmod, which also serves the kernel's modprobe calls).
	busybox --list-full | while read -r a; do
		case "${a##*/}" in
		ip|setpriv|chrt|taskset|modprobe|insmod|rmmod|lsmod|depmod|modinfo) continue ;;
		esac
		[ -e "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
	done

	copy_bin "$(readlink -f /sbin/ip)" /sbin/ip
	copy_bin "$(readlink -f /sbin/genl)" /sbin/genl
	copy_bin /bin/kmod
	for a in modprobe insmod rmmod lsmod depmod modinfo; do
		ln -sf /bin/kmod "$stage/sbin/$a"
	done
	for a in $(dpkg -L aoetools | grep '^/sbin/\|^/usr/sbin/'); do
		if file -b "$a" 2>/dev/null | grep -q ELF || head -c4 "$a" | grep -q ELF; then
			copy_bin "$a"
		else
			install -D -m 0755 "$a" "$stage$a"
		fi
	done
	copy_bin /usr/bin/setpriv
	copy_bin /usr/bin/chrt
	copy_bin /usr/bin/taskset
	copy_bin /usr/sbin/vblade
	copy_bin /usr/bin/fio
	copy_bin /sbin/mke2fs
	ln -sf mke2fs "$stage/sbin/mkfs.ext4"
	copy_bin "$adm" /usr/sbin/evbladeadm
	# bash, bash-completion's helpers and evbladeadm's completion where
	# the package installs it (selftests/completion.sh).
	copy_bin /bin/bash
	install -D -m 0644 /usr/share/bash-completion/bash_completion \
		"$stage/usr/share/bash-completion/bash_completion" ||
		die "/usr/share/bash-completion/bash_completion missing (see scripts/deps.sh)"
	install -D -m 0644 "$top/tools/evbladeadm/completion/evbladeadm" \
		"$stage/usr/share/bash-completion/completions/evbladeadm"
	copy_bin "$top/selftests/aoeraw/aoeraw" /usr/bin/aoeraw
	copy_bin "$top/selftests/aoeraw/notifyrecv" /usr/bin/notifyrecv

	printf 'root:x:0:0:root:/root:/bin/sh\n' > "$stage/etc/passwd"
	printf 'root:x:0:\n' > "$stage/etc/group"
	install -m 0755 "$top/selftests/qemu/init.sh" "$stage/init"
	cp "$top"/selftests/*.sh "$stage/selftests/"
	pack "$out"
}

modules() {
	local out=$1 kver=$2 modroot=$3 ko=$4 line path rel dst
	local moddir=$modroot/lib/modules/$kver
	[ -d "$moddir" ] || die "no modules for $kver under $modroot"
	[ -f "$ko" ] || die "$ko missing"
	mkdir -p "$stage/lib/modules/$kver"
	# Optional modules: tun (selftests/wire.sh skips its TUN checks
	# without it; the sanitizer kernel has no TUN), virtio_pci and
	# virtio_blk (the power cut's disk, selftests/cowcrash.sh; built in
	# or absent on some kernels).  EVB_EXTRA_MODULES adds more (the
	# thin-client server's NIC drivers, selftests/thin/run.sh).
	local mods=$MODULES m
	for m in tun virtio_pci virtio_blk ${EVB_EXTRA_MODULES:-}; do
		if modprobe -d "$modroot" -S "$kver" --show-depends $m >/dev/null 2>&1; then
			mods="$mods $m"
		fi
	done
	modprobe -d "$modroot" -S "$kver" --show-depends -a $mods | while read -r line; do
		case "$line" in
		insmod\ *) path=${line#insmod }; path=${path%% *} ;;
		builtin\ *) continue ;;
		*) die "unexpected modprobe output: $line" ;;
		esac
		rel=${path#"$moddir"/}
		dst="$stage/lib/modules/$kver/${rel%.xz}"
		dst=${dst%.zst}
		mkdir -p "$(dirname "$dst")"
		case "$path" in
		*.xz) xz -dc "$path" > "$dst" ;;
		*.zst) zstd -qdc "$path" > "$dst" ;;
		*) cp "$path" "$dst" ;;
		esac
	done
	install -D -m 0644 "$ko" "$stage/lib/modules/$kver/updates/evblade.ko"
	cp "$moddir"/modules.builtin* "$moddir"/modules.order "$stage/lib/modules/$kver/" 2>/dev/null || true
	depmod -b "$stage" "$kver"
	pack "$out"
}

case "${1:-}" in
base) [ $# -eq 3 ] || die "usage: $0 base OUT.cpio EVBLADEADM"; base "$2" "$3" ;;
modules) [ $# -eq 5 ] || die "usage: $0 modules OUT.cpio KVER MODROOT EVBLADE_KO"; modules "$2" "$3" "$4" "$5" ;;
*) die "usage: $0 {base|modules} ..." ;;
esac
