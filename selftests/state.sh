#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What initiators set on a blade outlives it when the blade has a state
# directory: the config string (Query Config set), the MAC mask list
# (command 2) and the reservation (command 3) come back after the blade is
# deleted and added again, and after the module is reloaded; a torn or
# edited state file is ignored in favour of the other slot.
#
#   initial netns (aoeraw)          netns evbt-state (target)
#   veth0  <--------------------->  veth1   e8.0 tmpfs file, locking,
#                                           state $tmp/state
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw

ns=evbt-state
new_tmp
mkdir "$tmp/fs" "$tmp/state"
mount -t tmpfs -o size=16m evbt-state "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/disk" bs=1M count=4 2>/dev/null

load_module evblade
target_netns $ns
me=$(cat /sys/class/net/veth0/address)
add() { adm blade add e8.0 dev veth1 path "$tmp/fs/disk" locking state "$tmp/state" "$@"; }
add || fail "blade add e8.0 with a state directory failed"
on_exit blade_undo adm e8.0
adm blade show e8.0 | grep -q "state-dir $tmp/state" || fail "blade show does not name the state directory"

ask() { out=$(aoeraw -t 1000 veth0 8 0 "$@" 2>&1) || fail "aoeraw $*: $out"; }
expect() { # WHAT PATTERN
	case " $out " in *" $2 "*) ;; *) fail "$1: expected $2 in: $out" ;; esac
}

# Initiators set all three.
ask cfg set "owner=host-a"
expect "config set" 'str=owner=host-a'
ask mask edit add "$me"
expect "mask edit" "macs=$me"
ask rsv set "$me"
expect "reserve set" "macs=$me"

# restored WHEN: the blade answers with all three.
restored() {
	ask cfg
	expect "$1: config string" 'str=owner=host-a'
	ask mask read
	expect "$1: mask list" "macs=$me"
	ask rsv read
	expect "$1: reservation" "macs=$me"
	adm -j blade show e8.0 | grep -q "\"reserve-mac\":\[\"$me\"\]" ||
		fail "$1: blade show lacks the reservation: $(adm -j blade show e8.0)"
}

# The state is written by a work item: wait until a slot holds all three.
saved() { grep -qs "^reserve $me" "$tmp/state"/e8.0.state.*; }
wait_for 10 "the state to be written" saved
for f in "$tmp/state"/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "state file $f has mode $(stat -c %a "$f"), not 0600"
done

adm blade del e8.0
add || fail "adding e8.0 again failed"
restored "re-created"
log "config string, mask list and reservation survive the blade's re-creation"

adm blade del e8.0
rmmod evblade
modprobe evblade || fail "modprobe evblade failed"
add || fail "adding e8.0 after the reload failed"
restored "after a module reload"
log "... and a module reload"

# Release; the newer slot then says unreserved.  Damage it: the older slot
# (still reserved) is what comes back, and the kernel says why.
ask rsv set
expect "release" "nmacs=0"
# The slot with the higher generation.
newest() {
	grep -H '^gen ' "$tmp/state"/e8.0.state.* | sed 's/:gen / /' |
		sort -k2 -n | tail -n 1 | cut -d' ' -f1
}
released() { ! grep -qs "^reserve" "$(newest)"; }
wait_for 10 "the release to be written" released
newest=$(newest)
sed -i 's/^gen \([0-9]*\)$/gen 9\1/' "$newest"
adm blade del e8.0
add || fail "adding e8.0 with a damaged slot failed"
dmesg | grep -q "ignoring state file ${newest##*/}: the checksum does not match" ||
	fail "the kernel did not say why it ignored ${newest##*/}"
restored "with the newer slot damaged"
log "a damaged slot is ignored with a reason; the other one is used"

# Given at creation, a config string and a mask list win over the file.
adm blade del e8.0
add config "fresh" mask 02:00:00:00:00:0f mask "$me" ||
	fail "adding e8.0 with config and mask failed"
ask cfg
expect "explicit config" 'str=fresh'
adm -j blade show e8.0 | grep -q "\"mask-mac\":\[\"02:00:00:00:00:0f\",\"$me\"\]" ||
	fail "the mask given at creation did not win: $(adm -j blade show e8.0)"
log "a config string and mask list given at creation win over the saved ones"

# ... and are saved at once, even when nothing changes afterwards: a blade
# added with a config string (and no mask list) to an empty state
# directory, deleted and added again without it, has it back (evbladeadm
# save leaves it to the state files).
mkdir "$tmp/state2"
adm blade add e8.2 dev veth1 path "$tmp/fs/disk" state "$tmp/state2" config "fresh" ||
	fail "adding e8.2 with a config string failed"
on_exit blade_undo adm e8.2
# The state file holds the config string in hex: "fresh" is 6672657368.
saved_fresh() { grep -qs "^config 6672657368$" "$tmp/state2"/e8.2.state.*; }
wait_for 10 "the config string given at creation to be written" saved_fresh
adm blade del e8.2
adm blade add e8.2 dev veth1 path "$tmp/fs/disk" state "$tmp/state2" ||
	fail "adding e8.2 again failed"
out=$(aoeraw -t 1000 veth0 8 2 cfg 2>&1) || fail "aoeraw cfg: $out"
expect "config given at the last creation" 'str=fresh'
adm blade del e8.2
log "a config string given at creation is saved in the state files"

# A state directory that is not there is refused with a reason.
adm blade add e8.1 path "$tmp/fs/disk" state "$tmp/nonexistent" > "$tmp/out" 2>&1 &&
	fail "a missing state directory was accepted"
grep -q "state directory does not exist" "$tmp/out" ||
	fail "no reason for the missing state directory: $(cat "$tmp/out")"
log "a missing state directory is refused"
