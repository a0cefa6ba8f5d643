#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian13-kernels.sh: the Debian 13 (trixie) kernels evblade is tested on,
# as kernel releases, one a line: the newest of trixie-backports, then
# trixie's own.  Each is made ready first, in caches under
# ~/.cache/evblade/debian13 (EVB_CACHE overrides ~/.cache/evblade, as for
# the other caches):
#
#   apt/                a private apt configuration (its own sources, state
#                       and package cache): the trixie suites, from the
#                       Debian mirror the machine's own sources name.  The
#                       machine's apt sources and dpkg database are never
#                       touched, and nothing is installed on the machine.
#   kernels/KVER/       the kernel's packages unpacked: lib/modules/KVER
#                       (indexed with depmod) and the image, linked as
#                       vmlinuz: the "modroot" selftests/qemu/run.sh uses
#   chroot-ID/          a trixie chroot made with mmdebstrap, with Debian's
#                       gcc-14 (and sid's sparse, see below), into which
#                       each kernel's header packages are unpacked:
#                       scripts/build-module.sh builds evblade.ko there
#                       (ID: a hash of its recipe)
#
# Everything is made once and reused; a kernel that is newer than the
# cached ones is fetched beside them.  scripts/kernel-env.sh tells where a
# kernel's pieces are.  Needs root (chroot), mmdebstrap and zstd
# (scripts/deps.sh).  Prints progress on standard error.
#
# EVB_DEBIAN_MIRROR overrides the mirror; EVB_DEBIAN13_OFFLINE=1 uses the
# package lists fetched last instead of updating them.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernel-env.sh
. "$top/scripts/kernel-env.sh"
cache=$evb_d13
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
suites=(trixie trixie-backports)

msg() { echo "debian13: $*" >&2; }
die() { msg "$*"; exit 1; }

for t in mmdebstrap zstd depmod; do
	command -v $t >/dev/null || die "$t missing (scripts/deps.sh)"
done
[ -r "$keyring" ] || die "$keyring missing (debian-archive-keyring)"
[ "$(id -u)" = 0 ] || die "needs root (the build chroot)"

mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9

# The private apt configuration.
apt=$cache/apt
# The Debian mirror of the machine's own apt sources.
m=$("$top/scripts/debian-mirror.sh")
mkdir -p "$apt"/etc/{apt.conf.d,preferences.d,sources.list.d} "$apt"/state/lists/partial \
	"$apt"/cache/archives/partial "$apt/debs"
[ -e "$apt/state/status" ] || : > "$apt/state/status"
{
	for s in "${suites[@]}"; do
		echo "deb [signed-by=$keyring] $m $s main"
	done
	# sid, for sparse only (below).  A mirror that is a snapshot serves
	# an expired sid Release; its signature is still checked.
	echo "deb [signed-by=$keyring check-valid-until=no] $m sid main"
} > "$apt/etc/sources.list.new"
cmp -s "$apt/etc/sources.list.new" "$apt/etc/sources.list" 2>/dev/null ||
	{ mv "$apt/etc/sources.list.new" "$apt/etc/sources.list"; rm -f "$apt/updated"; }
rm -f "$apt/etc/sources.list.new"
cat > "$apt/apt.conf" <<EOF
Dir::Etc "$apt/etc";
Dir::Etc::sourcelist "$apt/etc/sources.list";
Dir::Etc::sourceparts "$apt/etc/sources.list.d";
Dir::Etc::parts "$apt/etc/apt.conf.d";
Dir::Etc::preferences "$apt/etc/preferences";
Dir::Etc::preferencesparts "$apt/etc/preferences.d";
Dir::State "$apt/state";
Dir::State::status "$apt/state/status";
Dir::Cache "$apt/cache";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Sandbox::User "root";
Acquire::Languages "none";
EOF
export APT_CONFIG=$apt/apt.conf
# The lists are refreshed when an hour old, so that a new backports kernel
# is seen; EVB_DEBIAN13_OFFLINE=1 keeps the ones there are.
if [ ! -e "$apt/updated" ] || { [ "${EVB_DEBIAN13_OFFLINE:-0}" != 1 ] &&
	[ -n "$(find "$apt/updated" -mmin +60 2>/dev/null)" ]; }; then
	msg "apt-get update (private configuration, $m)"
	apt-get -q update > "$apt/update.log" 2>&1 ||
		{ cat "$apt/update.log" >&2; die "apt-get update failed"; }
	touch "$apt/updated"
fi

# The release a suite's meta package linux-image-amd64 points to.
newest() { # suite
	local v dep k
	v=$(apt-cache madison linux-image-amd64 | awk -F' *[|] *' -v s="$1" \
		'{ split($3, a, " "); if (a[2] == s "/main") print $2 }' | head -n 1)
	[ -n "$v" ] || die "no linux-image-amd64 in $1"
	dep=$(apt-cache show "linux-image-amd64=$v" | sed -n 's/^Depends: //p' | head -n 1)
	k=$(tr ',' '\n' <<< "$dep" | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n 1)
	k=${k%-unsigned}
	[ -n "$k" ] || die "linux-image-amd64 $v of $1 names no kernel"
	echo "$k"
}

# The packages of a kernel release KVER (7.3.4+deb13-amd64) whose names
# carry its version (7.3.4+deb13), from the given roots and their
# dependencies.
pkgs_of() { # kver root-packages...
	local ver=${1%-*}
	shift
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$@" |
		grep -v '^ ' | grep -F -- "$ver" | sort -u
}

# Download packages into the package cache, print their files.
fetch() { # packages...
	local p f
	(cd "$apt/debs" && apt-get -q download "$@" > /dev/null) ||
		die "apt-get download $* failed"
	for p in "$@"; do
		f=$(ls "$apt/debs/${p}_"*.deb 2>/dev/null | tail -n 1)
		[ -n "$f" ] || die "no package file for $p"
		echo "$f"
	done
}

# The trixie build chroot.  Its recipe names the chroot, so changing the
# recipe makes a new one beside the old.
chroot_pkgs="gcc-14 make libc6-dev libelf1t64 sparse dwarves"
id=$(echo "trixie $chroot_pkgs $m" | sha256sum | cut -c1-16)
root=$cache/chroot-$id
if [ ! -e "$root/.evb-ready" ]; then
	msg "making the trixie build chroot $root (mmdebstrap)"
	rm -rf "$root" "$root.tmp"
	mmdebstrap --quiet --variant=minbase --include="${chroot_pkgs// /,}" \
		--aptopt='Acquire::Languages "none"' \
		trixie "$root.tmp" "deb [signed-by=$keyring] $m trixie main" \
		> "$cache/mmdebstrap.log" 2>&1 ||
		{ tail -n 30 "$cache/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
	mkdir -p "$root.tmp/evb"
	touch "$root.tmp/.evb-ready"
	mv "$root.tmp" "$root"
fi
ln -sfn "chroot-$id" "$cache/chroot"

# sparse: trixie's (0.6.4) does not understand the __typeof_unqual__ of
# 7.x's headers, and the kernel then turns C=2 off; the newest Debian's
# (sid) does.  Its sparse needs only libc: it goes into the chroot's
# /usr/local/bin, ahead of trixie's on the build's PATH.
sv=$(apt-cache madison sparse | awk -F' *[|] *' '$3 ~ / sid\/main / { print $2; exit }')
[ -n "$sv" ] || die "no sparse in sid"
if [ "$(cat "$root/.evb-sparse" 2>/dev/null)" != "$sv" ]; then
	msg "sparse $sv (sid) into the chroot"
	(cd "$apt/debs" && apt-get -q download "sparse=$sv" > /dev/null) || die "apt-get download sparse=$sv failed"
	f=$(ls "$apt/debs/sparse_${sv/:/%3a}_"*.deb | tail -n 1)
	rm -rf "$cache/sparse.tmp"
	dpkg-deb -x "$f" "$cache/sparse.tmp"
	install -D -m 0755 "$cache/sparse.tmp/usr/bin/sparse" "$root/usr/local/bin/sparse"
	rm -rf "$cache/sparse.tmp"
	echo "$sv" > "$root/.evb-sparse"
fi

ready() { # kver
	local k=$1 kdir=$cache/kernels/$1 f stage p
	if [ ! -e "$kdir/.evb-ready" ]; then
		msg "fetching and unpacking linux-image-$k"
		rm -rf "$kdir"
		stage=$kdir.tmp
		rm -rf "$stage"
		mkdir -p "$stage"
		mapfile -t p < <(pkgs_of "$k" "linux-image-$k" | grep -v -e '^linux-headers-' -e '^linux-kbuild-')
		for f in $(fetch "${p[@]}"); do
			dpkg-deb -x "$f" "$stage"
		done
		# Debian 13's kernels ship under /usr/lib (the image as
		# modules/KVER/vmlinuz from 7.x, /boot/vmlinuz-KVER before);
		# the rig's modroot wants lib/modules, and the image is linked
		# as vmlinuz beside it.
		if [ -d "$stage/usr/lib/modules/$k" ] && [ ! -e "$stage/lib" ]; then
			ln -s usr/lib "$stage/lib"
		fi
		[ -d "$stage/lib/modules/$k/kernel" ] || die "linux-image-$k has no modules"
		for f in "boot/vmlinuz-$k" "lib/modules/$k/vmlinuz" ""; do
			[ -z "$f" ] || [ ! -e "$stage/$f" ] || break
		done
		[ -n "$f" ] || die "linux-image-$k has no kernel image"
		ln -s "$f" "$stage/vmlinuz"
		depmod -b "$stage" "$k"
		touch "$stage/.evb-ready"
		mv "$stage" "$kdir"
	fi
	if [ ! -e "$root/.evb-headers-$k" ]; then
		msg "unpacking linux-headers-$k into the chroot"
		mapfile -t p < <(pkgs_of "$k" "linux-headers-$k" | grep -e '^linux-headers-' -e '^linux-kbuild-')
		for f in $(fetch "${p[@]}"); do
			dpkg-deb -x "$f" "$root"
		done
		[ -e "$root/usr/src/linux-headers-$k/Makefile" ] || die "no headers for $k"
		# Newer kernels check the checker with a script that Debian's
		# headers lack (scripts/checker-valid.sh).
		common=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$root/usr/src/linux-headers-$k/Makefile")
		if [ -n "$common" ] && grep -q 'scripts/checker-valid.sh' "$root$common/Makefile" &&
		   [ ! -e "$root$common/scripts/checker-valid.sh" ]; then
			install -m 0755 "$top/scripts/checker-valid.sh" "$root$common/scripts/checker-valid.sh"
		fi
		touch "$root/.evb-headers-$k"
	fi
}

kernels=()
for s in trixie-backports trixie; do
	k=$(newest "$s")
	ready "$k"
	kernels+=("$k")
done
# What is unpacked is the cache; the packages are not needed again.
rm -f "$apt/debs/"*.deb
printf '%s\n' "${kernels[@]}"
