#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The control plane against the real kernel: every rejection reaches the
# admin as the kernel's extack message and a non-zero exit, mutating
# operations need CAP_NET_ADMIN while showing does not, the monitor group
# reports additions, changes and deletions (text and JSON), and each
# network namespace sees only its own blades.
#
#   initial netns                 netns evbt-ctl
#   (no blades)                   e7.0 tmpfs file, e7.1 tmpfs file readonly
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm setpriv

ns=evbt-ctl

tmp=$(mktemp -d)
chmod 755 "$tmp"
on_exit "rm -rf $tmp"
mkdir "$tmp/fs"
mount -t tmpfs -o size=16m evbt-ctl "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/a" bs=1M count=4 2>/dev/null
dd if=/dev/zero of="$tmp/fs/b" bs=1M count=4 2>/dev/null

load_module evblade
new_netns $ns
"$IP" -n $ns link add veth1 type veth peer name veth2
"$IP" -n $ns link set veth1 up

adm() { "$IP" netns exec $ns evbladeadm "$@"; }

# The monitors, text and JSON, before anything changes.
adm monitor > "$tmp/mon" 2>&1 &
on_exit stop_pid $!
adm -j monitor > "$tmp/mon.json" 2>&1 &
on_exit stop_pid $!
# They have joined the group once an event sent now reaches them; add
# and delete a probe blade until one does.
probe() {
	adm blade add e7.9 path "$tmp/fs/b" >/dev/null 2>&1 &&
		adm blade del e7.9 >/dev/null 2>&1
	grep -q "blade del\] e7.9" "$tmp/mon" && grep -q '"e7.9"' "$tmp/mon.json"
}
wait_for 10 "the monitors to listen" probe

# expect_error EXPECTED-MESSAGE ARGS...: the tool fails (exit 1) and
# prints the kernel's message.
expect_error() {
	__msg=$1; shift
	if adm "$@" > "$tmp/out" 2>&1; then
		fail "evbladeadm $*: succeeded, expected '$__msg'"
	else
		__rc=$?
	fi
	[ "$__rc" -eq 1 ] || fail "evbladeadm $*: exit $__rc, expected 1: $(cat "$tmp/out")"
	grep -qF -- "$__msg" "$tmp/out" ||
		fail "evbladeadm $*: no '$__msg' in: $(cat "$tmp/out")"
}

adm blade add e7.0 dev veth1 path "$tmp/fs/a" config "first" ||
	fail "blade add e7.0 failed"
on_exit blade_undo adm e7.0
adm blade add e7.1 path "$tmp/fs/b" readonly || fail "blade add e7.1 failed"
on_exit blade_undo adm e7.1

# Rejections, each with the kernel's reason.
expect_error "a blade with this shelf.slot exists already" blade add e7.0 path "$tmp/fs/b"
expect_error "No such file or directory" blade add e7.2 path "$tmp/fs/missing"
expect_error "refuses shelf 4095" blade add e4095.0 path "$tmp/fs/b"
expect_error "no blade with this shelf.slot" blade set e7.5 readonly on
expect_error "no blade with this shelf.slot" blade del e7.5
expect_error "opened read-only" blade set e7.1 readonly off
expect_error "AoE needs an Ethernet interface" blade add e7.3 dev lo path "$tmp/fs/b"
expect_error "neither a block device nor a regular file" blade add e7.4 path /dev/null
head -c 100 /dev/zero > "$tmp/fs/tiny"
expect_error "smaller than one 512-byte sector" blade add e7.4 path "$tmp/fs/tiny"
log "rejections carry the kernel's extack message and exit 1"
adm blade show e7.2 >/dev/null 2>&1 && fail "a failed blade add left e7.2 behind"
[ "$(adm -j blade show | grep -o '"shelf"' | wc -l)" -eq 2 ] ||
	fail "the namespace should have exactly two blades: $(adm blade show)"

# Privilege: showing is for everyone, changing needs CAP_NET_ADMIN.
nobody() { "$IP" netns exec $ns setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all evbladeadm "$@"; }
nobody blade show e7.0 > "$tmp/out" 2>&1 || fail "an unprivileged blade show failed: $(cat "$tmp/out")"
grep -q "e7.0" "$tmp/out" || fail "an unprivileged blade show printed no blade"
for args in "blade add e7.6 path $tmp/fs/b" "blade set e7.0 readonly on" "blade del e7.0"; do
	# shellcheck disable=SC2086 # split on purpose
	if nobody $args > "$tmp/out" 2>&1; then
		fail "evbladeadm $args succeeded without CAP_NET_ADMIN"
	fi
	grep -q "Operation not permitted" "$tmp/out" ||
		fail "evbladeadm $args without CAP_NET_ADMIN: $(cat "$tmp/out")"
done
adm -j blade show e7.0 | grep -q '"read-only":false' ||
	fail "an unprivileged set changed e7.0"
log "show works unprivileged; add, set and delete need CAP_NET_ADMIN"

# Namespaces: the initial one sees none of these blades.
evbladeadm -j blade show > "$tmp/init.json"
grep -q '"e7' "$tmp/init.json" && fail "the initial namespace sees $ns's blades"
evbladeadm blade show e7.0 > "$tmp/out" 2>&1 &&
	fail "e7.0 is visible from the initial namespace"
log "the initial namespace does not see $ns's blades"

# The monitor: a change and a deletion, then the events in order (after
# those of the setup, and none for the rejected requests).
adm blade set e7.0 readonly on config "second" || fail "blade set e7.0 failed"
adm blade add e7.2 path "$tmp/fs/b" bufcnt 8 || fail "blade add e7.2 failed"
adm blade del e7.2 || fail "blade del e7.2 failed"
wait_for 10 "the monitor to see the deletion" grep -q "blade del\] e7.2" "$tmp/mon"
# The probes are done with; the rest, in order.
grep -v "e7\.9" "$tmp/mon" > "$tmp/events"
expect_event() { # LINE PATTERN WHAT
	sed -n "$1p" "$tmp/events" | grep -q "$2" ||
		fail "monitor event $1 is not $3: $(cat "$tmp/events")"
}
expect_event 1 '^\[blade add\] e7.0 .*dev veth1' "e7.0's creation"
expect_event 2 '^\[blade add\] e7.1 .*read-only on' "e7.1's creation"
expect_event 3 '^\[blade change\] e7.0 .*read-only on.*config-string "second"' "e7.0's change"
expect_event 4 '^\[blade add\] e7.2 .*bufcnt 8' "e7.2's creation"
expect_event 5 '^\[blade del\] e7.2\( \|$\)' "e7.2's deletion"
[ "$(wc -l < "$tmp/events")" -eq 5 ] ||
	fail "the monitor saw events for rejected requests: $(cat "$tmp/events")"
wait_for 10 "the JSON monitor to see the deletion" grep -q '"event":"del".*"e7.2"' "$tmp/mon.json"
grep -q '"event":"change".*"read-only":true' "$tmp/mon.json" ||
	fail "the JSON monitor missed the change: $(cat "$tmp/mon.json")"
grep -q '"event":"add".*"bufcnt":8' "$tmp/mon.json" ||
	fail "the JSON monitor missed the addition: $(cat "$tmp/mon.json")"
log "monitor: change, add, delete in order, text and JSON; nothing for failures"
