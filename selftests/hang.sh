#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A blade whose backing hangs must not hang the control plane.  Deleting
# such a blade waits for its I/O in flight; meanwhile every other blade
# stays manageable (show, add, delete) and every other generic netlink
# family of the machine (here nlctrl, through `genl ctrl list`) answers.
# The deletion completes once the backing answers again.
#
#   netns evbt-hsrc             initial netns              netns evbt-hang
#   vblade 9 0 veth3 <---> veth2  aoe.ko aoe_iflist=veth2
#   (SIGSTOP: hangs)               /dev/etherd/e9.0 ------> e5.0 dev veth1
#                                                           e5.1 /dev/ram0
#                                 aoeraw veth0  <------->  veth1
#
# The backing of e5.0 is the Linux initiator's disk e9.0, served by a
# vblade that the test stops (SIGSTOP) and resumes (SIGCONT): a device
# whose I/O hangs for as long as the test wants, on every kernel (no
# device-mapper needed).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm vblade aoeraw genl

ns=evbt-hang
src=evbt-hsrc
mib=8
quick=15	# seconds another command may take while e5.0 hangs

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=32m evbt-hang "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/e9.0" bs=1M count=$mib 2>/dev/null

load_module evblade
load_module brd rd_nr=2 rd_size=$((mib * 1024))

target_netns $ns
new_netns $src
"$IP" link add veth2 type veth peer name veth3 netns $src
on_exit link_del veth2
"$IP" link set veth2 up
"$IP" -n $src link set veth3 up

"$IP" netns exec $src vblade 9 0 veth3 "$tmp/fs/e9.0" > "$tmp/vblade.log" 2>&1 &
vblade=$!
on_exit stop_pid $vblade

initiator_start veth2
aoe_discover
wait_for 30 "the initiator to attach e9.0" test -b "$(aoe_blockdev 9.0)"
sized() { [ "$(dev_bytes 9.0)" -eq $((mib << 20)) ]; }
wait_for 10 "e9.0 to report its size" sized

blade_add e5.0 dev veth1 path "$(aoe_blockdev 9.0)" ||
	fail "blade add e5.0 (backed by the initiator's e9.0) failed"
blade_add e5.1 dev veth1 path /dev/ram0 || fail "blade add e5.1 failed"
mac=$(target_mac)

# A read of e5.0 works while the backing answers.
out=$(aoeraw -t 5000 -d "$mac" veth0 5 0 ata 0x24 --ext --count 1)
echo "$out" | grep -q 'status=0x40' || fail "e5.0: a read failed before the hang: $out"

dump_state() {
	echo "== blade del (pid ${del:-}): $(cat "/proc/${del:-0}/status" 2>/dev/null | grep State)"
	cat "/proc/${del:-0}/stack" 2>/dev/null
	dump_initiator
}

# Hang the backing, then put a read of e5.0 in flight on it.
kill -STOP $vblade
on_exit "kill -CONT $vblade 2>/dev/null || true"
aoeraw -t 200 -d "$mac" veth0 5 0 ata 0x24 --ext --count 1 --lba 8 > /dev/null
inflight() { set -- $(cat "$(aoe_sysfs 9.0)/inflight"); [ $(($1 + $2)) -gt 0 ]; }
wait_for 20 "e5.0's read to reach the hung e9.0" inflight
log "e9.0 hangs with e5.0's read in flight"

# Delete e5.0: it must wait for the read.
"$IP" netns exec $ns evbladeadm blade del e5.0 > "$tmp/del.out" 2>&1 &
del=$!
blocked() { grep -q '^State:.*D' "/proc/$del/status"; }
wait_for 20 "blade del e5.0 to wait for the hung read" blocked
log "blade del e5.0 waits for the hung backing"

# Meanwhile the rest of the machine answers.
run_bounded $quick "genl ctrl list (another genetlink family) during the deletion" \
	genl ctrl list > "$tmp/genl.out" || fail "genl ctrl list failed"
grep -q nlctrl "$tmp/genl.out" || fail "genl ctrl list shows no nlctrl: $(cat "$tmp/genl.out")"
run_bounded $quick "blade show during the deletion" adm blade show > "$tmp/show.out" ||
	fail "blade show failed during the deletion"
grep -q 'e5\.1' "$tmp/show.out" || fail "blade show does not list e5.1: $(cat "$tmp/show.out")"
grep -q 'e5\.0' "$tmp/show.out" && fail "blade show lists e5.0, which is being deleted"
run_bounded $quick "blade show e5.1 during the deletion" adm blade show e5.1 > /dev/null ||
	fail "blade show e5.1 failed during the deletion"
run_bounded $quick "blade add e5.2 during the deletion" adm blade add e5.2 path /dev/ram1 ||
	fail "blade add e5.2 failed during the deletion"
on_exit blade_undo adm e5.2
run_bounded $quick "blade del e5.2 during the deletion" adm blade del e5.2 ||
	fail "blade del e5.2 failed during the deletion"
run_bounded $quick "status during the deletion" adm status > /dev/null ||
	fail "status failed during the deletion"
kill -0 $del 2>/dev/null || fail "blade del e5.0 ended while its backing still hangs: $(cat "$tmp/del.out")"
log "other blades, evbladeadm and genetlink answer while e5.0's deletion waits"

# Resume the backing: the deletion completes.
kill -CONT $vblade
wait_for 90 "blade del e5.0 to complete once e9.0 answers" sh -c "! kill -0 $del"
wait $del || fail "blade del e5.0 failed: $(cat "$tmp/del.out")"
adm blade show e5.0 > /dev/null 2>&1 && fail "e5.0 is still there after its deletion"
log "the deletion completed once the backing answered"
