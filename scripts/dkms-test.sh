#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh KVER...: exercise dkms.conf with Debian's dkms the way an
# admin would: add the source under /usr/src, build and install for every
# given kernel, check the installed module, and remove everything again.
# Runs under a version of its own (<release>~selftest) so it never touches
# a real DKMS install of evblade.  Prints "PASS|FAIL dkms/<step>" lines.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
release=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
ver=$release~selftest
src=/usr/src/evblade-$ver
fails=0
installed=()

result() { echo "$1 dkms/$2${3:+ ($3)}"; [ "$1" = PASS ] || fails=$((fails + 1)); }
cleanup() {
	dkms remove -m evblade -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
}

[ "$(id -u)" = 0 ] || { echo "dkms-test: needs root" >&2; exit 1; }
command -v dkms >/dev/null || { echo "dkms-test: dkms missing (scripts/deps.sh)" >&2; exit 1; }
cleanup
trap cleanup EXIT

# What a source release holds: the files git knows, as in the work tree.
mkdir -p "$src"
(cd "$top" && git ls-files -z -c -o --exclude-standard) |
	(cd "$top" && rsync -a --from0 --files-from=- . "$src/")
sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$src/dkms.conf"

if out=$(dkms add -m evblade -v "$ver" 2>&1); then
	result PASS add
else
	echo "$out" >&2
	result FAIL add
	exit 1
fi

for kver in "$@"; do
	log=/var/lib/dkms/evblade/$ver/build/make.log
	if ! out=$(dkms build -m evblade -v "$ver" -k "$kver" 2>&1); then
		echo "$out" >&2
		[ -r "$log" ] && cat "$log" >&2
		result FAIL "build/$kver"
		continue
	fi
	result PASS "build/$kver"
	if ! out=$(dkms install -m evblade -v "$ver" -k "$kver" 2>&1); then
		echo "$out" >&2
		result FAIL "install/$kver"
		continue
	fi
	ko=$(ls /lib/modules/"$kver"/updates/dkms/evblade.ko* 2>/dev/null | head -n 1)
	[ -n "$ko" ] && installed+=("$ko")
	if [ -z "$ko" ]; then
		result FAIL "install/$kver" "no evblade.ko under /lib/modules/$kver/updates/dkms"
	elif ! modinfo -F vermagic "$ko" | grep -q "^$kver "; then
		result FAIL "install/$kver" "vermagic $(modinfo -F vermagic "$ko") is not for $kver"
	elif [ "$(modinfo -F version "$ko")" != "$ver" ]; then
		result FAIL "install/$kver" "module version $(modinfo -F version "$ko"), expected $ver"
	elif ! modinfo -F alias "$ko" | grep -qx "net-pf-16-proto-16-family-evblade"; then
		result FAIL "install/$kver" "genl family alias missing"
	elif ! modprobe -S "$kver" --show-depends evblade 2>/dev/null | grep -q "updates/dkms/evblade"; then
		result FAIL "install/$kver" "depmod does not resolve evblade to the DKMS module"
	else
		result PASS "install/$kver"
	fi
done

if ! dkms remove -m evblade -v "$ver" --all >/dev/null 2>&1; then
	result FAIL remove "dkms remove failed"
elif [ ${#installed[@]} -gt 0 ] && left=$(ls "${installed[@]}" 2>/dev/null); then
	result FAIL remove "left behind: $left"
elif dkms status -m evblade -v "$ver" | grep -q .; then
	result FAIL remove "dkms still lists evblade/$ver"
else
	result PASS remove
fi
[ $fails -eq 0 ]
