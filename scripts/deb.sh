#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make deb`: build the Debian packages evblade-dkms and evbladeadm with
# Debian's tooling (dpkg-buildpackage -us -uc -b, debhelper, dh-dkms) and
# run lintian over them.  The build runs in a copy of this tree under
# .build/deb/evblade-VERSION (the files scripts/dkms-stage.sh copies for
# `make dkms-install`: git's list in a checkout, MANIFEST in a release
# tarball), so the checkout stays clean; the .debs, .changes and
# .buildinfo land in .build/deb/.  Prints the paths of the two .debs.
#
#   scripts/deb.sh            build, then lintian (its output is shown)
#   scripts/deb.sh --check    the same, for scripts/check.sh: "PASS|FAIL
#                             deb/..." lines, and fail unless lintian
#                             reports nothing (each override in
#                             debian/*.lintian-overrides has a comment
#                             saying why), the packages hold the files they
#                             should, the DKMS source is the tree's and
#                             the unit parses (systemd-analyze verify)
#
# EVB_DEB_OUT overrides the output directory (emptied first).
#
# Installing them on a Debian 12 machine (never on the build host of the
# test suite: it must not load modules):
#   apt install ./.build/deb/evblade-dkms_VERSION_all.deb \
#               ./.build/deb/evbladeadm_VERSION_amd64.deb
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${EVB_DEB_OUT:-${EVB_BUILD:-$top/.build}/deb}
check=0
case "${1:-}" in
"") ;;
--check) check=1 ;;
*) echo "usage: deb.sh [--check]" >&2; exit 2 ;;
esac

fails=0
result() { echo "$1 deb/$2${3:+ ($3)}"; [ "$1" != FAIL ] || fails=$((fails + 1)); }
# die MESSAGE: give up (with --check, as a FAIL line of its own).
die() {
	echo "deb: $*" >&2
	[ "$check" = 0 ] || echo "FAIL deb/build ($*)"
	exit 1
}

for cmd in dpkg-buildpackage dh dh_dkms lintian rsync; do
	command -v "$cmd" >/dev/null ||
		die "$cmd missing: apt-get install debhelper dh-dkms lintian rsync (scripts/deps.sh)"
done
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
[ -n "$ver" ] || die "no PACKAGE_VERSION in dkms.conf"
chver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version) ||
	die "cannot read debian/changelog"
[ "$chver" = "$ver" ] ||
	die "debian/changelog is at $chver, dkms.conf at $ver: add a changelog entry (dch -v $ver)"

# The copy: exactly the source files, plus the MANIFEST that names them.
rm -rf "$out"
mkdir -p "$out"
src=$out/evblade-$ver
"$top/scripts/dkms-stage.sh" "$src" || die "cannot copy the tree to $src"
arch=$(dpkg --print-architecture)
dkms_deb=$out/evblade-dkms_${ver}_all.deb
adm_deb=$out/evbladeadm_${ver}_${arch}.deb

# The source package too (from the pristine copy), for lintian's checks of
# debian/ itself (control, copyright, Standards-Version).
if ! (cd "$out" && dpkg-source -b "evblade-$ver") > "$out/source.log" 2>&1; then
	tail -n 30 "$out/source.log" >&2
	die "dpkg-source failed (log: $out/source.log)"
fi
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	die "dpkg-buildpackage failed (log: $out/build.log)"
fi
[ "$check" = 1 ] && result PASS build

# lintian over the binary packages (the .changes) and the source: everything
# it reports, down to info and pedantic tags; overridden tags are not shown.
# (lintian's note that it runs as root is not about the packages.)
lint=$(lintian --display-info --pedantic --tag-display-limit 0 \
	"$out/evblade_${ver}_${arch}.changes" "$out/evblade_${ver}.dsc" 2>&1)
lint_rc=$?
lint=$(echo "$lint" | grep -vx 'running with root privileges is not recommended!')
echo "lintian:${lint:+$'\n'}$lint"
if [ "$check" = 0 ]; then
	echo "$dkms_deb"
	echo "$adm_deb"
	exit 0
fi

if [ $lint_rc -ne 0 ] || [ -n "$lint" ]; then
	result FAIL lintian "$(echo "$lint" | wc -l) lines"
else
	result PASS lintian
fi

# Every override says why: a comment line right above it.
bad=$(awk 'FNR == 1 { prev = "" }
	/^[[:space:]]*$/ { prev = ""; next }
	!/^#/ && prev !~ /^#/ { print FILENAME ":" FNR ": " $0 }
	{ prev = $0 }' "$top"/debian/*.lintian-overrides 2>/dev/null)
if [ -n "$bad" ]; then
	result FAIL overrides "without a comment: $bad"
else
	result PASS overrides
fi

# evblade-dkms: /usr/src/evblade-VERSION holds the files `make
# dkms-install` stages (scripts/dkms-stage.sh --module-only), and the
# tree's dkms.conf.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$dkms_deb" "$tmp/dkms"
usrsrc=$tmp/dkms/usr/src/evblade-$ver
"$top/scripts/dkms-stage.sh" --module-only "$tmp/staged"
if [ ! -d "$usrsrc" ]; then
	result FAIL dkms/files "no /usr/src/evblade-$ver in $dkms_deb"
elif ! diff=$(diff <(cd "$tmp/staged" && find . -type f -printf '%P\n' | LC_ALL=C sort) \
		<(cd "$usrsrc" && find . -type f -printf '%P\n' | LC_ALL=C sort)); then
	result FAIL dkms/files "not the staged file list: $diff"
elif ! cmp -s "$top/dkms.conf" "$usrsrc/dkms.conf"; then
	result FAIL dkms/files "dkms.conf differs from the tree's"
else
	result PASS dkms/files
fi
if ! dpkg-deb -f "$dkms_deb" Depends | grep -q 'dkms'; then
	result FAIL dkms/depends "$(dpkg-deb -f "$dkms_deb" Depends)"
elif ! dpkg-deb -e "$dkms_deb" "$tmp/dkms-ctl" ||
		! grep -qx "DKMS_NAME=evblade" "$tmp/dkms-ctl/postinst" ||
		! grep -qx "DKMS_VERSION=$ver" "$tmp/dkms-ctl/postinst" ||
		! grep -q "/usr/lib/dkms/common.postinst" "$tmp/dkms-ctl/postinst" ||
		! grep -qx "DKMS_VERSION=$ver" "$tmp/dkms-ctl/prerm" ||
		! grep -q 'dkms remove -m $DKMS_NAME -v $DKMS_VERSION --all' "$tmp/dkms-ctl/prerm"; then
	result FAIL dkms/scripts "postinst/prerm do not add and remove evblade/$ver"
else
	result PASS dkms/scripts
fi

# evbladeadm: the files an admin expects, the conffile, the unit enabled.
dpkg-deb -x "$adm_deb" "$tmp/adm"
missing=
for f in usr/sbin/evbladeadm usr/share/man/man8/evbladeadm.8.gz \
		lib/systemd/system/evblade.service lib/udev/rules.d/60-evblade.rules \
		etc/evblade/evblade.conf usr/share/doc/evbladeadm/copyright \
		usr/share/man/man5/evblade.conf.5.gz \
		usr/share/bash-completion/completions/evbladeadm; do
	[ -e "$tmp/adm/$f" ] || missing="$missing /$f"
done
[ -d "$tmp/adm/etc/evblade/conf.d" ] || missing="$missing /etc/evblade/conf.d/"
if [ -n "$missing" ]; then
	result FAIL evbladeadm/files "missing:$missing"
elif ! cmp -s "$top/tools/evblade.conf" "$tmp/adm/etc/evblade/evblade.conf" ||
		! cmp -s "$top/tools/systemd/evblade.service" "$tmp/adm/lib/systemd/system/evblade.service" ||
		! cmp -s "$top/tools/udev/60-evblade.rules" "$tmp/adm/lib/udev/rules.d/60-evblade.rules"; then
	result FAIL evbladeadm/files "an installed file differs from the tree's"
else
	result PASS evbladeadm/files
fi
dpkg-deb -e "$adm_deb" "$tmp/adm-ctl"
if ! grep -qx /etc/evblade/evblade.conf "$tmp/adm-ctl/conffiles"; then
	result FAIL evbladeadm/conffile "/etc/evblade/evblade.conf is not a conffile"
elif ! grep -q "deb-systemd-helper.*enable 'evblade.service'" "$tmp/adm-ctl/postinst" ||
		grep -q "restart 'evblade.service'" "$tmp/adm-ctl/postinst"; then
	result FAIL evbladeadm/service "postinst must enable evblade.service and never restart it"
else
	result PASS evbladeadm/service
fi

# The unit parses, with systemd's own parser, against a root holding the
# programs it runs (systemd-analyze verify checks that they exist).
if command -v systemd-analyze >/dev/null; then
	root=$tmp/root
	mkdir -p "$root/lib/systemd" "$root/usr/sbin" "$root/sbin" "$root/etc/systemd/system"
	cp -a /lib/systemd/system "$root/lib/systemd/"
	cp "$tmp/adm/lib/systemd/system/evblade.service" "$root/lib/systemd/system/"
	cp "$tmp/adm/usr/sbin/evbladeadm" "$root/usr/sbin/"
	cp "$(command -v modprobe)" "$root/sbin/modprobe"
	if ! v=$(systemd-analyze verify --man=no --root="$root" \
			/lib/systemd/system/evblade.service 2>&1) || [ -n "$v" ]; then
		result FAIL evbladeadm/unit "$v"
	else
		result PASS evbladeadm/unit
	fi
else
	result SKIP evbladeadm/unit "no systemd-analyze"
fi
[ $fails -eq 0 ]
