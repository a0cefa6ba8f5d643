#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# evblade.ko loads, answers on its generic netlink family, unloads cleanly,
# and is loaded on demand when evbladeadm asks for the family.
#
#   evbladeadm --(genl "evblade": status-get)--> evblade.ko
#
# Steps: modprobe; the version in the load banner, /sys/module and the
# netlink reply agree; JSON output parses to the same; rmmod; evbladeadm
# status loads the module again through MODULE_ALIAS_GENL_FAMILY; rmmod.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm

[ -d /sys/module/evblade ] && skip "evblade is already loaded; not touching it"

modprobe evblade || fail "modprobe evblade failed"
on_exit module_unload evblade
ver=$(cat /sys/module/evblade/version)
[ -n "$ver" ] || fail "/sys/module/evblade/version is empty"
dmesg | grep -q "evblade: evblade $ver loaded" || fail "no load banner with version $ver in the kernel log"
log "loaded evblade $ver"

out=$(evbladeadm status) || fail "evbladeadm status failed"
echo "$out"
echo "$out" | grep -qx "module: evblade $ver (netlink family version 1)" ||
	fail "evbladeadm status does not report module version $ver"

json=$(evbladeadm -j status) || fail "evbladeadm -j status failed"
echo "$json"
echo "$json" | grep -q "\"module\":{\"version\":\"$ver\",\"family-version\":1}" ||
	fail "evbladeadm -j status does not carry the module version"

if evbladeadm status extra 2>"/tmp/evb-err.$$"; then
	fail "evbladeadm accepted a stray argument"
fi
grep -q "unexpected argument 'extra'" "/tmp/evb-err.$$" || fail "no clear message for a stray argument"
rm -f "/tmp/evb-err.$$"

rmmod evblade || fail "rmmod evblade failed"
[ ! -d /sys/module/evblade ] || fail "evblade still present after rmmod"
dmesg | grep -q "evblade: evblade $ver unloaded" || fail "no unload banner"

# The tool asks the kernel for the family by name; the kernel then loads
# the module through its net-pf-16-proto-16-family-evblade alias.
evbladeadm status >/dev/null || fail "evbladeadm status did not autoload evblade"
[ -d /sys/module/evblade ] || fail "evblade not loaded by the family lookup"
log "family lookup autoloaded the module"

rmmod evblade || fail "second rmmod evblade failed"
log "load, status, unload and autoload all fine"
