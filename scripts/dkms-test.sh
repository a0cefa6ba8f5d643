#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh KVER...: exercise dkms.conf with Debian's dkms the way an
# admin would: add the source under /usr/src, build and install for every
# given kernel, check the installed module, and remove everything again.
# Nothing is loaded: the checks read the installed file (modinfo) and
# depmod's answer (modprobe --show-depends).
#
# The source is staged twice, as `make dkms-install` does it
# (scripts/dkms-stage.sh): from this git checkout, for every KVER; then
# from the release tarball (`make dist`, unpacked where there is no git),
# for the first KVER; the tarball's file list must be the one its
# MANIFEST names.  Runs under a version of its own (<release>~selftest)
# so it never touches a real DKMS install of evblade.  Prints
# "PASS|FAIL dkms/<step>" lines (dkms/tarball/<step> for the tarball).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
release=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
ver=$release~selftest
src=/usr/src/evblade-$ver
fails=0
tmp=

result() { echo "$1 dkms/$2${3:+ ($3)}"; [ "$1" = PASS ] || fails=$((fails + 1)); }
cleanup() {
	dkms remove -m evblade -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
}

[ "$(id -u)" = 0 ] || { echo "dkms-test: needs root" >&2; exit 1; }
command -v dkms >/dev/null || { echo "dkms-test: dkms missing (scripts/deps.sh)" >&2; exit 1; }
cleanup
trap 'cleanup; [ -z "$tmp" ] || rm -rf "$tmp"' EXIT

# cycle PREFIX TREE KVER...: stage TREE's source at $src with TREE's own
# scripts/dkms-stage.sh, then dkms add, build and install for every KVER,
# check each installed module, and remove.
cycle() {
	local p=$1 tree=$2 kver log out ko installed=()
	shift 2
	if ! out=$("$tree/scripts/dkms-stage.sh" --module-only "$src" 2>&1); then
		echo "$out" >&2
		result FAIL "${p}stage"
		return
	fi
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$src/dkms.conf"

	if out=$(dkms add -m evblade -v "$ver" 2>&1); then
		result PASS "${p}add"
	else
		echo "$out" >&2
		result FAIL "${p}add"
		cleanup
		return
	fi

	for kver in "$@"; do
		log=/var/lib/dkms/evblade/$ver/build/make.log
		if ! out=$(dkms build -m evblade -v "$ver" -k "$kver" 2>&1); then
			echo "$out" >&2
			[ -r "$log" ] && cat "$log" >&2
			result FAIL "${p}build/$kver"
			continue
		fi
		result PASS "${p}build/$kver"
		if ! out=$(dkms install -m evblade -v "$ver" -k "$kver" 2>&1); then
			echo "$out" >&2
			result FAIL "${p}install/$kver"
			continue
		fi
		ko=$(ls /lib/modules/"$kver"/updates/dkms/evblade.ko* 2>/dev/null | head -n 1)
		[ -n "$ko" ] && installed+=("$ko")
		if [ -z "$ko" ]; then
			result FAIL "${p}install/$kver" "no evblade.ko under /lib/modules/$kver/updates/dkms"
		elif ! modinfo -F vermagic "$ko" | grep -q "^$kver "; then
			result FAIL "${p}install/$kver" "vermagic $(modinfo -F vermagic "$ko") is not for $kver"
		elif [ "$(modinfo -F version "$ko")" != "$ver" ]; then
			result FAIL "${p}install/$kver" "module version $(modinfo -F version "$ko"), expected $ver"
		elif ! modinfo -F alias "$ko" | grep -qx "net-pf-16-proto-16-family-evblade"; then
			result FAIL "${p}install/$kver" "genl family alias missing"
		elif ! modprobe -S "$kver" --show-depends evblade 2>/dev/null | grep -q "updates/dkms/evblade"; then
			result FAIL "${p}install/$kver" "depmod does not resolve evblade to the DKMS module"
		else
			result PASS "${p}install/$kver"
		fi
	done

	if ! dkms remove -m evblade -v "$ver" --all >/dev/null 2>&1; then
		result FAIL "${p}remove" "dkms remove failed"
	elif [ ${#installed[@]} -gt 0 ] && left=$(ls "${installed[@]}" 2>/dev/null); then
		result FAIL "${p}remove" "left behind: $left"
	elif dkms status -m evblade -v "$ver" | grep -q .; then
		result FAIL "${p}remove" "dkms still lists evblade/$ver"
	else
		result PASS "${p}remove"
	fi
	rm -rf "$src"
}

# 1. From this checkout: the files git knows, as in the work tree.
cycle "" "$top" "$@"

# 2. From the release tarball, unpacked outside any git checkout.
tmp=$(mktemp -d /tmp/evblade-dist.XXXXXX)
if ! tarball=$("$top/scripts/dist.sh" "$tmp" 2>"$tmp/dist.err"); then
	cat "$tmp/dist.err" >&2
	result FAIL tarball/dist
elif ! tar -xzf "$tarball" -C "$tmp"; then
	result FAIL tarball/dist "cannot unpack $tarball"
else
	tree=$tmp/evblade-$release
	if [ ! -f "$tree/MANIFEST" ]; then
		result FAIL tarball/dist "no MANIFEST in $tarball"
	elif ! diff=$(diff <(tar -tzf "$tarball" | grep -v '/$' | sed "s|^evblade-$release/||" | LC_ALL=C sort) \
			"$tree/MANIFEST"); then
		result FAIL tarball/dist "MANIFEST is not the tarball's file list: $diff"
	elif [ -e "$tree/.git" ]; then
		result FAIL tarball/dist "the tarball has a .git"
	else
		result PASS tarball/dist
		cycle tarball/ "$tree" "${@:1:1}"
	fi
fi
[ $fails -eq 0 ]
