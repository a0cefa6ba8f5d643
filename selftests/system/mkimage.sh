#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkimage.sh: a Debian 12 (bookworm) system disk with evblade installed
# from its Debian packages, for the system test (selftests/system/run.sh):
#
#   mkimage.sh [--debs DIR] [--out DIR]
#
# 1. mmdebstrap (root mode, a directory) of bookworm from the machine's
#    Debian mirror (bookworm, bookworm-updates, bookworm-security; apt's
#    configuration and state are mmdebstrap's own: the machine's apt and
#    dpkg are never touched): systemd as init, udev, kmod, iproute2,
#    e2fsprogs, aoetools (used only inside the guest), jq, and the newest
#    Debian 12 kernel with its headers (linux-image-amd64,
#    linux-headers-amd64, resolved by apt, never a fixed version).
#    aoetools' initramfs hook is left out (dpkg path-exclude): it is for
#    a root on AoE, and without a NIC (-nic none) its script waits 180 s
#    for one.
# 2. In a customize hook: a listing of the tree, then
#    `apt-get install ./evblade-dkms_*.deb ./evbladeadm_*.deb` (DIR, by
#    default .build/deb/ after `make deb`): dkms builds evblade.ko there;
#    then a second kernel, bookworm's 6.12 (linux-image-6.12-amd64 and its
#    headers, resolved by apt-cache in the chroot): dkms must build
#    evblade.ko for it too.
# 3. The raw ext4 disk image (mkfs.ext4 -d; root=/dev/vda, no partition
#    table), and each kernel's vmlinuz and initrd (with virtio_blk) beside
#    it for QEMU's direct boot.
# 4. In the tree, after the image is made: `apt-get purge evblade-dkms
#    evbladeadm`, and nothing of them may be left (a listing compared with
#    the one taken before the install, apt/dpkg bookkeeping and logs
#    excluded; every new file must belong to a package still installed or
#    be one a kernel's installation generates).
#
# Output in DIR (default .build/system/): disk.img, vmlinuz-KVER,
# initrd.img-KVER, kernels (the two releases, the 6.1 one first), and
# mkimage.log.  Downloaded packages are kept under ~/.cache/evblade/system/
# debs (EVB_CACHE overrides ~/.cache/evblade) and given back to the next
# run: only a cold run downloads.  Prints "PASS|FAIL|SKIP system/<check>"
# lines; exits non-zero if a check failed.  Without packages (no DIR, no
# .build/deb/*.deb) the image is made without evblade and the package
# checks are skipped.  Needs root and mmdebstrap (scripts/deps.sh).
# EVB_DEBIAN_MIRROR and EVB_DEBIAN_SECURITY override the mirrors.
set -euo pipefail
export LC_ALL=C

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${EVB_BUILD:-$top/.build}
cache=${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}/system
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

debs= out=$build/system
while [ $# -gt 0 ]; do
	case "$1" in
	--debs) debs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "mkimage.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

msg() { echo "  [system] $*" >&2; }
die() { msg "$*"; exit 1; }

for t in mmdebstrap mkfs.ext4 unshare; do
	command -v $t >/dev/null || die "$t missing (scripts/deps.sh)"
done
[ -r "$keyring" ] || die "$keyring missing (debian-archive-keyring)"
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap's root mode, chroot)"

# The mirrors of the machine's apt sources.
mirror=$("$top/scripts/debian-mirror.sh") || exit 1
security=$("$top/scripts/debian-mirror.sh" --security) || exit 1

if [ -z "$debs" ] && compgen -G "$build/deb/evblade-dkms_*.deb" >/dev/null; then
	debs=$build/deb
fi
pkgs=()
if [ -n "$debs" ]; then
	for p in evblade-dkms evbladeadm; do
		f=$(ls "$debs/${p}_"*.deb 2>/dev/null | sort -V | tail -n 1)
		[ -n "$f" ] || die "no ${p}_*.deb in $debs (make deb)"
		pkgs+=("$f")
	done
fi

mkdir -p "$cache/debs" "$out"
exec 9> "$cache/.lock"
flock 9

work=$out/work
root=$work/root
log=$out/mkimage.log
# A tree of an earlier run may still have the purge step's mounts if it
# was interrupted: they were made in a private mount namespace, so
# nothing is mounted there from here.
rm -rf "$work" "$out/disk.img" "$out"/vmlinuz-* "$out"/initrd.img-* "$out/kernels"
mkdir -p "$work/hook"
: > "$log"
[ ${#pkgs[@]} -eq 0 ] || cp "${pkgs[@]}" "$work/hook/"

fails=0
result() { # verdict name [detail]
	echo "$1 system/$2${3:+ ($3)}"
	[ "$1" != FAIL ] || fails=$((fails + 1))
}

# The listing of a tree for the purge check: every path, without what
# apt and dpkg keep about themselves, caches, logs, and the run-time
# directories.
cat > "$work/hook/listing.sh" <<'EOF'
#!/bin/bash
cd "$1" && find . -xdev \( -path ./var/lib/dpkg -o -path ./var/lib/apt \
	-o -path ./var/cache -o -path ./var/log -o -path ./tmp -o -path ./var/tmp \
	-o -path ./run -o -path ./proc -o -path ./sys -o -path ./dev \
	-o -path ./etc/ld.so.cache \) -prune -o -print | sed 's|^\.||' | LC_ALL=C sort
EOF
chmod +x "$work/hook/listing.sh"

# The customize hook: runs on the host with the tree as $1 (mmdebstrap
# has mounted /proc, /sys and /dev in it).
cat > "$work/hook/customize.sh" <<'EOF'
#!/bin/bash
set -euo pipefail
export LC_ALL=C
root=$1 hook=$2
inch() { chroot "$root" env DEBIAN_FRONTEND=noninteractive "$@"; }
echo "evb-system" > "$root/etc/hostname"
printf '/dev/vda\t/\text4\terrors=remount-ro\t0\t1\n' > "$root/etc/fstab"
"$hook/listing.sh" "$root" > "$hook/before.list"
kv() { ls "$root/lib/modules" | grep "^$1\." | sort -V | tail -n 1; }
echo "$(kv 6.1)" > "$hook/kernels"
debs=$(cd "$hook" && ls ./*.deb 2>/dev/null || true)
if [ -n "$debs" ]; then
	mkdir -p "$root/tmp/evb-debs"
	cp "$hook"/*.deb "$root/tmp/evb-debs/"
	echo "== apt-get install $debs"
	inch apt-get install -y $(for d in $debs; do echo "/tmp/evb-debs/${d#./}"; done)
	rm -rf "$root/tmp/evb-debs"
fi
# The second kernel, installed after evblade: bookworm's 6.12.
echo "== apt-get install linux-image-6.12-amd64 linux-headers-6.12-amd64"
inch apt-get install -y linux-image-6.12-amd64 linux-headers-6.12-amd64
echo "$(kv 6.12)" >> "$hook/kernels"
EOF
chmod +x "$work/hook/customize.sh"

msg "mmdebstrap bookworm ($mirror, $security) into $root"
start=$(date +%s)
rc=0
mmdebstrap --mode=root --variant=minbase --skip=essential/unlink --skip=download/empty \
	--include=systemd-sysv,udev,kmod,iproute2,e2fsprogs,aoetools,jq,procps,linux-image-amd64,linux-headers-amd64 \
	--aptopt='Acquire::Languages "none"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/initramfs-tools/*/aoe' \
	--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
	--setup-hook="sync-in '$cache/debs' /var/cache/apt/archives/" \
	--customize-hook="sync-out /var/cache/apt/archives '$cache/debs'" \
	--customize-hook="'$work/hook/customize.sh' \"\$1\" '$work/hook'" \
	--customize-hook="sync-out /var/cache/apt/archives '$cache/debs'" \
	bookworm "$root" \
	"deb [signed-by=$keyring] $mirror bookworm main" \
	"deb [signed-by=$keyring] $mirror bookworm-updates main" \
	"deb [signed-by=$keyring] $security bookworm-security main" \
	>> "$log" 2>&1 || rc=$?
# Only the newest version of each package is worth keeping.
(cd "$cache/debs" && rm -f lock && rm -rf partial &&
	ls ./*.deb 2>/dev/null | sed 's|^\./\([^_]*\)_.*|\1|' | sort | uniq -d |
	while read -r p; do ls "${p}"_*.deb | sort -V | head -n -1 | xargs rm -f; done) || true
msg "mmdebstrap took $(( $(date +%s) - start )) s (exit $rc, log $log)"
if [ $rc != 0 ]; then
	tail -n 40 "$log" >&2
	result FAIL image "mmdebstrap failed"
	exit 1
fi
result PASS image "bookworm, $(du -sm "$root" | cut -f1) MiB, $(( $(date +%s) - start )) s"

mapfile -t kernels < "$work/hook/kernels"
[ ${#kernels[@]} = 2 ] && [ -n "${kernels[0]}" ] && [ -n "${kernels[1]}" ] ||
	die "not two kernels in the tree: ${kernels[*]}"
printf '%s\n' "${kernels[@]}" > "$out/kernels"

# The module of each kernel, built by dkms from the package.
if [ ${#pkgs[@]} -gt 0 ]; then
	for i in 0 1; do
		k=${kernels[$i]}
		name=$([ $i = 0 ] && echo dkms-install || echo dkms-new-kernel)
		# Compressed as the kernel's own modules are (6.12: xz).
		ko=$(ls "$root/lib/modules/$k/updates/dkms/evblade.ko"* 2>/dev/null | head -n 1)
		vm=$([ -z "$ko" ] || modinfo -F vermagic "$ko" 2>/dev/null)
		if [ "${vm%% *}" = "$k" ]; then
			result PASS "$name" "$k: $(modinfo -F version "$ko")"
		else
			result FAIL "$name" "no evblade.ko for $k in updates/dkms"
		fi
	done
else
	result SKIP dkms-install "no packages: make deb"
fi

# The disk image: the tree plus room for the blades' files.
mb=$(( $(du -sm "$root" | cut -f1) + 1024 ))
for k in "${kernels[@]}"; do
	cp "$root/boot/vmlinuz-$k" "$root/boot/initrd.img-$k" "$out/"
	if lsinitramfs "$out/initrd.img-$k" > "$work/initrd.list" &&
	   grep -q '/virtio_blk\.ko' "$work/initrd.list"; then
		result PASS "initramfs-$k" "virtio_blk in it"
	else
		result FAIL "initramfs-$k" "no virtio_blk in the initramfs"
	fi
done
rm -f "$out/disk.img"
mkfs.ext4 -q -F -L evb-root -d "$root" "$out/disk.img" "${mb}M" >> "$log" 2>&1 ||
	{ result FAIL image "mkfs.ext4 -d failed"; exit 1; }
msg "disk image $out/disk.img: $mb MiB, kernels ${kernels[*]}"

# The purge, in the tree the image was made from.
if [ ${#pkgs[@]} -gt 0 ]; then
	rc=0
	unshare --mount --propagation private bash -c '
		set -e
		r=$1
		mount -t proc proc "$r/proc"
		mount -t sysfs sysfs "$r/sys"
		mount --bind /dev "$r/dev"
		chroot "$r" env DEBIAN_FRONTEND=noninteractive apt-get purge -y evblade-dkms evbladeadm
	' purge "$root" >> "$log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		result FAIL purge "apt-get purge failed (exit $rc, $log)"
	else
		"$work/hook/listing.sh" "$root" > "$work/after.list"
		# What a file may be: in the listing before, or of a package
		# still installed, or made by a kernel's installation
		# (initramfs, depmod's indexes, the /vmlinuz links), or a link
		# of update-alternatives.  dpkg's lists name /bin for
		# /usr/bin (merged /usr): compared as /usr/bin.
		norm() { sed -E 's#^/(bin|sbin|lib|lib32|lib64|libx32)(/|$)#/usr/\1\2#' | sort -u; }
		dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${binary:Package}\n' |
			xargs dpkg-query --admindir="$root/var/lib/dpkg" -L 2>/dev/null | norm > "$work/owned.list"
		norm < "$work/hook/before.list" > "$work/before.norm"
		norm < "$work/after.list" > "$work/after.norm"
		comm -13 "$work/before.norm" "$work/after.norm" | comm -23 - "$work/owned.list" |
			grep -v -E '^/boot/initrd\.img-|^/usr/lib/modules/[^/]*/modules\.|^/var/lib/initramfs-tools/|^/(vmlinuz|initrd\.img)(\.old)?$|^/etc/alternatives/' |
			while read -r p; do
				case "$(readlink "$root$p" 2>/dev/null)" in
				/etc/alternatives/*) ;;
				*) echo "$p" ;;
				esac
			done > "$work/left.list" || true
		for p in /usr/src/evblade-* /var/lib/dkms/evblade /lib/modules/*/updates/dkms/evblade.ko* /etc/evblade; do
			[ ! -e "$root$p" ] || echo "$p" >> "$work/left.list"
		done
		if [ -s "$work/left.list" ]; then
			result FAIL purge "left behind: $(sort -u "$work/left.list" | head -n 20 | tr '\n' ' ')"
		else
			result PASS purge "nothing of evblade-dkms and evbladeadm left"
		fi
	fi
else
	result SKIP purge "no packages: make deb"
fi
rm -rf "$root"
msg "image built in $(( $(date +%s) - start )) s"
[ $fails = 0 ]
