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

blade_add e7.0 dev veth1 path "$tmp/fs/a" config "first" ||
	fail "blade add e7.0 failed"
blade_add e7.1 path "$tmp/fs/b" readonly || fail "blade add e7.1 failed"

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

# The kernel's rules, which evbladeadm no longer copies (tools/evbladeadm/
# test-args.sh sends these as given): each is refused with a reason.
long() { printf "%${1}s" "" | tr ' ' "$2"; }
tmpl="$tmp/fs/s-%m.img"
expect_error "bufcnt 1: integer out of range" blade set e7.0 bufcnt 1
expect_error "bufcnt 300: integer out of range" blade set e7.0 bufcnt 300
expect_error "integer out of range" blade add e7.3 path "$tmp/fs/b" bufcnt 0
expect_error "the config string is longer than 1024 bytes" blade set e7.0 config "$(long 1025 c)"
expect_error "the config string is longer than 1024 bytes" blade add e7.3 path "$tmp/fs/b" config "$(long 1025 c)"
expect_error "Attribute failed policy validation" blade add e7.3 path "/$(long 4095 x)"
expect_error "nothing to change" blade set e7.0
expect_error "either a list of interfaces or every interface, not both" blade set e7.0 dev veth1 alldevs
expect_error "either a new mask list or an empty one, not both" blade set e7.0 nomask mask 02:00:00:00:00:0a
expect_error "a mask list entry must be a unicast MAC address" blade set e7.0 mask ff:ff:ff:ff:ff:ff
expect_error "a mask list entry must be a unicast MAC address" blade set e7.0 mask 00:00:00:00:00:00
expect_error "autocreate and size are for private blades" blade add e7.3 path "$tmp/fs/b" size 1M
expect_error "autocreate and size are for private blades" blade add e7.3 path "$tmpl" autocreate
expect_error "autocreate and size are for private blades" blade add e7.3 path "$tmpl" size 1M autocreate
expect_error "autocreate needs the size of the files to create" blade add e7.3 private path "$tmpl" autocreate
expect_error "the size must be a non-zero multiple of 512 bytes" blade add e7.3 private path "$tmpl" size 1000
expect_error "the size must be a non-zero multiple of 512 bytes" blade add e7.3 private path "$tmpl" size 0
expect_error "the size must be a non-zero multiple of 512 bytes" blade add e7.3 private path "$tmpl" size 0G
expect_error "the size must be a non-zero multiple of 512 bytes" blade add e7.3 private path "$tmpl" size 8388608T
expect_error "the size must be a non-zero multiple of 512 bytes" blade add e7.3 private path "$tmpl" size 18446744073709551104
expect_error "the path template needs %m or %c" blade add e7.3 private path "$tmp/fs/swap.img"
expect_error "the path template needs %m or %c" blade add e7.3 private path "$tmp/fs/swap-%%m.img"
expect_error "unknown escape in the path template (only %m, %c and %%)" blade add e7.3 private path "$tmp/fs/swap-%m-%x.img"
expect_error "the path template ends in a lone %" blade add e7.3 private path "$tmp/fs/swap-%m%"
expect_error "escapes (%) are allowed only in the file name" blade add e7.3 private path "$tmp/%c/swap-%m.img"
expect_error "idle 0: integer out of range" blade add e7.3 path "$tmp/fs/b" idle 0
expect_error "the idle timeout is at most 86400 seconds" blade set e7.0 idle 86401
expect_error "an ACL rule's MAC address must be a unicast, non-zero address" blade set e7.0 allow ff:ff:ff:ff:ff:ff
expect_error "an ACL rule's MAC address must be a unicast, non-zero address" blade set e7.0 deny 01:00:5e:00:00:01
expect_error "an ACL rule's MAC address must be a unicast, non-zero address" blade set e7.0 allow 00:00:00:00:00:00
for who in 02:00:00:00:00 .hidden -x a/b "a b" ""; do
	expect_error "an ACL rule's client name is not a valid client name" blade set e7.0 allow "$who"
done
expect_error "Attribute failed policy validation" blade set e7.0 allow "x$(long 31 2)"
expect_error "an ACL has the same rule twice" blade set e7.0 allow tc1 allow tc1
expect_error "an ACL has the same rule twice" blade set e7.0 deny 02:00:00:00:00:0a deny 02:00:00:00:00:0A
expect_error "an ACL both allows and denies one MAC address or client" blade add e7.3 path "$tmp/fs/b" allow tc1 deny tc1
expect_error "an ACL both allows and denies one MAC address or client" blade set e7.0 deny 02:00:00:00:00:0a allow 02:00:00:00:00:0a
expect_error "either new ACL rules or none, not both" blade set e7.0 allow tc1 noacl
expect_error "either new ACL rules or none, not both" blade set e7.0 noacl deny tc1
expect_error "an ACL has at most 256 rules" blade set e7.0 $(for n in $(seq 0 256); do echo allow "c$n"; done)
for mac in ff:ff:ff:ff:ff:ff 03:00:00:00:00:01 00:00:00:00:00:00; do
	expect_error "a client's MAC address must be unicast and not zero" client add tc1 mac $mac
done
expect_error "a MAC address belongs to one client only" client add tc1 mac 02:00:00:00:00:0a mac 02:00:00:00:00:0A
expect_error "a client has at most 8 MAC addresses" client add tc1 $(for n in 1 2 3 4 5 6 7 8 9; do echo mac "02:00:00:00:00:0$n"; done)
for name in .tc -tc a/b "tc 1" ""; do
	expect_error "a client name is 1 to 31 characters" client add "$name" mac 02:00:00:00:00:0a
done
expect_error "Attribute failed policy validation" client add "x$(long 31 2)" mac 02:00:00:00:00:0a
expect_error "no client with this name" client delete a:b
expect_error "no client with this name" client show ..
expect_error "this client has no connection to the blade" conn show e7.0 mac ff:ff:ff:ff:ff:ff
adm client show | grep -q . && fail "a refused client add left a client: $(adm client show)"
log "the kernel's rules reach the admin as its extack messages"
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
