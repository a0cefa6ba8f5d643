#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a golden image for diskless thin clients that boot over AoE from
# evblade: iPXE sanboots the image's AoE address (`sanboot aoe:e1.0`),
# GRUB and the kernel are read through INT 13h, and Linux then mounts the
# same blade's root partition through the `aoe` driver.
#
#   mkgolden.sh [--kernel KVER] [--size MiB] [--add DIR]... [--append ARGS]
#               [--root BLADE] [--swap BLADE|none] [--mtu N] OUT.img
#
# Everything comes from Debian's packages on this machine: the kernel and
# its modules (linux-image-*), GRUB (grub-pc-bin), busybox-static,
# e2fsprogs, fdisk (sfdisk), kmod and cpio.  It runs as any user and
# mounts nothing: the root file system is made with `mke2fs -d` from a
# staging directory (under fakeroot when not root, so that its files
# belong to root), and GRUB is written with dd, the way grub-bios-setup
# would for a disk whose first partition starts at 1 MiB.
#
# The image (one MBR partition, ext4, label evbroot):
#   MBR        GRUB's boot.img (the partition table kept), core.img in the
#              gap before the partition (biosdisk, msdos, ext2, linux and
#              serial built in, so nothing is loaded before grub.cfg)
#   /boot      vmlinuz-KVER, initrd.img-KVER, grub/grub.cfg, grub/i386-pc
#   /          busybox-static: init, a getty on ttyS0 and tty1, rcS/rcK
#              and every executable /etc/rc.d/S* run at boot
#
# The initramfs (small on purpose: INT 13h through iPXE moves about
# 2 MB/s) loads the NIC drivers, aoe and ext4, brings every Ethernet
# interface up (MTU N with --mtu), discovers AoE targets every second until
# the root partition appears (60 s), mounts it read-write, makes swap on
# the swap blade and enables it (30 s for it to appear; none with
# --swap none), and switches to the root.  Its console lines start with
# "thin-initramfs: "; on a failure it prints "thin-initramfs: FATAL: ..."
# and reboots 10 s later, as a thin client should retry.
#
# Options:
#   --kernel KVER  a kernel installed here (/boot/vmlinuz-KVER and
#                  /lib/modules/KVER); default the newest one
#   --size MiB     the image's size (default 256); the root file system
#                  is the rest of it after the first MiB
#   --add DIR      copy DIR's contents into the root file system (your
#                  files, /etc/rc.d/S* scripts, an /etc/shadow with a
#                  password: root's is locked otherwise); repeatable
#   --append ARGS  more kernel command line arguments
#   --root BLADE   the AoE address of the root blade (default e1.0; the
#                  root is its first partition, /dev/etherd/BLADEp1)
#   --swap BLADE   the AoE address of the swap blade (default e2.0), or
#                  none
#   --mtu N        set every Ethernet interface's MTU to N (jumbo frames:
#                  the aoe driver then sends 8 KiB per frame at 9000)
set -euo pipefail

die() { echo "mkgolden: $*" >&2; exit 1; }
usage() { sed -n '/^#   mkgolden.sh/,/OUT.img$/s/^# \{0,3\}//p' "$0" >&2; exit 2; }

args=("$@")
kver= size=256 adds=() append= root=e1.0 swap=e2.0 mtu= out=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kver=${2:?}; shift 2 ;;
	--size) size=${2:?}; shift 2 ;;
	--add) adds+=("${2:?}"); shift 2 ;;
	--append) append=${2?}; shift 2 ;;
	--root) root=${2:?}; shift 2 ;;
	--swap) swap=${2:?}; shift 2 ;;
	--mtu) mtu=${2:?}; shift 2 ;;
	-h|--help) usage ;;
	-*) echo "mkgolden: unknown option $1" >&2; usage ;;
	*) [ -z "$out" ] || usage; out=$1; shift ;;
	esac
done
[ -n "$out" ] || usage
case $size in ''|*[!0-9]*) die "--size takes a number of MiB" ;; esac
[ "$size" -ge 64 ] || die "--size must be at least 64 MiB"
case ${mtu:-0} in *[!0-9]*) die "--mtu takes a number" ;; esac
blade_ok() { printf '%s\n' "$1" | grep -Eq '^e[0-9]+\.[0-9]+$'; }
blade_ok "$root" || die "--root takes an AoE address such as e1.0"
[ "$swap" = none ] || blade_ok "$swap" || die "--swap takes an AoE address such as e2.0, or none"
for d in "${adds[@]}"; do [ -d "$d" ] || die "--add $d: not a directory"; done

if [ -z "$kver" ]; then
	kver=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
	[ -n "$kver" ] || die "no kernel under /boot (install a linux-image-* package)"
fi
vmlinuz=/boot/vmlinuz-$kver moddir=/lib/modules/$kver
[ -r "$vmlinuz" ] || die "$vmlinuz missing or unreadable"
[ -d "$moddir" ] || die "$moddir missing"
grubdir=/usr/lib/grub/i386-pc
[ -f "$grubdir/boot.img" ] || die "$grubdir missing (apt install grub-pc-bin)"
for t in grub-mkimage mke2fs sfdisk cpio modprobe; do
	command -v "$t" >/dev/null || die "$t missing (see the admin guide, Thin clients)"
done
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || die "a static busybox is needed (apt install busybox-static)"
# As a user, the whole build runs under fakeroot, so that the root file
# system's files belong to root.
if [ "$(id -u)" != 0 ]; then
	command -v fakeroot >/dev/null || die "fakeroot missing (apt install fakeroot)"
	exec fakeroot -- "$0" "${args[@]}"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# busybox and every applet as a symbolic link, in DIR.
install_busybox() { # dir
	local a
	install -D -m 0755 "$busybox" "$1/bin/busybox"
	"$busybox" --list-full | while read -r a; do
		[ -e "$1/$a" ] || { mkdir -p "$(dirname "$1/$a")"; ln -s /bin/busybox "$1/$a"; }
	done
}

# ---- the initramfs ----------------------------------------------------------
ird=$work/initramfs
mkdir -p "$ird"/{proc,sys,dev,newroot,lib/modules}
install_busybox "$ird"
# The modules, in dependency order.  `modprobe --show-depends` only reads
# the module index; nothing is loaded.  NIC drivers this kernel lacks are
# left out.
mods="aoe ext4"
for m in virtio_pci virtio_net e1000 e1000e igb r8169 tg3 bnx2 ixgbe; do
	modprobe -S "$kver" --show-depends "$m" >/dev/null 2>&1 && mods="$mods $m"
done
modprobe -S "$kver" --show-depends -a $mods | while read -r verb path _; do
	[ "$verb" = insmod ] || continue
	name=$(basename "$path")
	case "$name" in
	*.ko.xz) xz -dc "$path" > "$ird/lib/modules/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) zstd -qdc "$path" > "$ird/lib/modules/${name%.zst}"; name=${name%.zst} ;;
	*) cp "$path" "$ird/lib/modules/$name" ;;
	esac
	grep -qx "$name" "$ird/lib/modules/order" 2>/dev/null || echo "$name" >> "$ird/lib/modules/order"
done
[ -s "$ird/lib/modules/order" ] || die "no modules found for $kver"

cat > "$ird/init" <<'EOF'
#!/bin/sh
# The thin client's initramfs (contrib/thin/mkgolden.sh): root and swap
# over AoE.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

say() { echo "thin-initramfs: $*"; }
fatal() {
	say "FATAL: $*"
	sleep 10
	reboot -f
}
uptime_s() { cut -d' ' -f1 /proc/uptime; }

root= swap= mtu=
for a in $(cat /proc/cmdline); do
	case $a in
	root=*) root=${a#root=} ;;
	aoeswap=*) swap=/dev/etherd/${a#aoeswap=} ;;
	aoemtu=*) mtu=${a#aoemtu=} ;;
	esac
done
[ -n "$root" ] || fatal "no root= on the kernel command line"
say "starting at $(uptime_s)s: root $root${swap:+, swap $swap}"

while read -r m; do
	# A module may refuse to load where it has nothing to do (a CPU
	# without SSE4.2 for crc32c-intel): what is missing shows below.
	insmod "/lib/modules/$m" 2>/dev/null || :
done < /lib/modules/order

# Every Ethernet interface up.  Drivers probe asynchronously: wait up to
# 10 s for the first one.
i=0
while :; do
	nics=
	for n in /sys/class/net/*; do
		[ "$(cat "$n/type" 2>/dev/null)" = 1 ] && nics="$nics ${n##*/}"
	done
	[ -n "$nics" ] && break
	i=$((i + 1))
	[ $i -le 100 ] || fatal "no Ethernet interface"
	sleep 0.1
done
for n in $nics; do
	[ -z "$mtu" ] || ip link set "$n" mtu "$mtu" || say "cannot set $n's MTU to $mtu"
	ip link set "$n" up
	say "$n up, $(cat "/sys/class/net/$n/address")"
done

# Discovery.  A link can come up seconds after `ip link set up` (e1000:
# about 2 s), so a single discovery may be lost: ask again every second.
wait_dev() { # dev seconds
	i=0
	while [ ! -b "$1" ]; do
		[ $i -lt "$2" ] || return 1
		[ -e /dev/etherd/discover ] && echo > /dev/etherd/discover
		sleep 1
		i=$((i + 1))
	done
}
wait_dev "$root" 60 || fatal "$root did not appear in 60 s (is the server up, and its blade on this segment?)"
mount -t ext4 -o rw "$root" /newroot || fatal "cannot mount $root"
say "root $root mounted rw at $(uptime_s)s"

if [ -n "$swap" ]; then
	if ! wait_dev "$swap" 30; then
		fatal "$swap did not appear in 30 s"
	elif mkswap "$swap" >/dev/null && swapon "$swap"; then
		say "swap on $swap"
	else
		fatal "cannot enable swap on $swap"
	fi
fi

[ -x /newroot/sbin/init ] || fatal "no /sbin/init on $root"
mount --move /dev /newroot/dev
umount /sys /proc
exec switch_root /newroot /sbin/init
EOF
chmod 0755 "$ird/init"

# ---- the root file system ---------------------------------------------------
rootfs=$work/root
mkdir -p "$rootfs"/{proc,sys,dev,run,tmp,root,mnt,home,var/log,etc/init.d,etc/rc.d,boot/grub/i386-pc}
chmod 1777 "$rootfs/tmp"
chmod 0700 "$rootfs/root"
install_busybox "$rootfs"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:!:0:0:99999:7:::\n' > "$rootfs/etc/shadow"
chmod 0600 "$rootfs/etc/shadow"
printf 'root:x:0:\n' > "$rootfs/etc/group"
printf '/bin/sh\n' > "$rootfs/etc/shells"
printf 'thin\n' > "$rootfs/etc/hostname"
printf 'proc /proc proc defaults 0 0\n' > "$rootfs/etc/fstab"
cat > "$rootfs/etc/inittab" <<'EOF'
# The thin client's init (busybox).
::sysinit:/etc/init.d/rcS
ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100
tty1::respawn:/sbin/getty 38400 tty1
::ctrlaltdel:/sbin/reboot
::shutdown:/etc/init.d/rcK
EOF
cat > "$rootfs/etc/init.d/rcS" <<'EOF'
#!/bin/sh
# At boot: the virtual file systems, a hostname from the MAC address,
# then every executable /etc/rc.d/S* in order.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q '^[^ ]* /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
ip link set lo up
for n in /sys/class/net/*; do
	if [ "$(cat "$n/type")" = 1 ]; then
		hostname "thin-$(tr -d : < "$n/address")"
		break
	fi
done
for s in /etc/rc.d/S*; do
	[ -x "$s" ] && "$s"
done
EOF
cat > "$rootfs/etc/init.d/rcK" <<'EOF'
#!/bin/sh
# At shutdown and reboot: swap off, then the root read-only, so that the
# client's overlay is clean before the machine goes.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
for s in $(ls -r /etc/rc.d/K* 2>/dev/null); do
	[ -x "$s" ] && "$s"
done
swapoff -a
sync
mount -o remount,ro /
EOF
chmod 0755 "$rootfs/etc/init.d/rcS" "$rootfs/etc/init.d/rcK"
mkdir -p "$rootfs/usr/share/evblade-thin"
printf 'built %s by contrib/thin/mkgolden.sh, kernel %s\n' "$(date -u +%FT%TZ)" "$kver" \
	> "$rootfs/usr/share/evblade-thin/image"

install -m 0644 "$vmlinuz" "$rootfs/boot/vmlinuz-$kver"
(cd "$ird" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
	gzip -9 > "$rootfs/boot/initrd.img-$kver"
cp "$grubdir"/*.mod "$grubdir"/*.lst "$rootfs/boot/grub/i386-pc/"

cmdline="console=tty0 console=ttyS0,115200 root=/dev/etherd/${root}p1"
[ "$swap" = none ] || cmdline="$cmdline aoeswap=$swap"
[ -z "$mtu" ] || cmdline="$cmdline aoemtu=$mtu"
[ -z "$append" ] || cmdline="$cmdline $append"
cat > "$rootfs/boot/grub/grub.cfg" <<EOF
# The thin client's boot menu (contrib/thin/mkgolden.sh).
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=1
set default=0
menuentry "Debian $kver, root and swap over AoE" {
	linux /boot/vmlinuz-$kver $cmdline
	initrd /boot/initrd.img-$kver
}
EOF

for d in "${adds[@]}"; do
	cp -a "$d/." "$rootfs/"
done

# ---- the disk ---------------------------------------------------------------
img=$out.tmp
rm -f "$img"
truncate -s "${size}M" "$img"
echo 'start=2048, type=83, bootable' | sfdisk -q --label dos "$img"
part=$work/part.img
truncate -s "$((size - 1))M" "$part"
mke2fs -q -t ext4 -b 4096 -L evbroot -d "$rootfs" -E root_owner=0:0 "$part"
dd if="$part" of="$img" bs=1M seek=1 conv=notrunc,sparse status=none

# GRUB: core.img finds its partition (the first on the boot disk, which is
# the SAN disk iPXE hooks as 0x80) and reads /boot/grub/grub.cfg.  It goes
# right after the MBR; boot.img's code (its first 440 bytes, so the
# partition table stays) loads it from sector 1, and grub-mkimage has
# already written core.img's own sector count into its first sector.
grub-mkimage -O i386-pc -d "$grubdir" -o "$work/core.img" -p '(hd0,msdos1)/boot/grub' \
	biosdisk part_msdos ext2 linux normal serial terminal configfile echo test
[ "$(stat -c %s "$work/core.img")" -le $((2047 * 512)) ] || die "core.img does not fit before the partition"
dd if="$work/core.img" of="$img" bs=512 seek=1 conv=notrunc status=none
dd if="$grubdir/boot.img" of="$img" bs=440 count=1 conv=notrunc status=none
mv "$img" "$out"
echo "mkgolden: $out: $size MiB, kernel $kver, $(du -k "$rootfs/boot/initrd.img-$kver" | cut -f1) KiB initramfs, root /dev/etherd/${root}p1, swap $swap" >&2
