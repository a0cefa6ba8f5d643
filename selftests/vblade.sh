#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reference test: the real Linux AoE initiator uses a blade served by vblade
# (the userspace reference target) over a veth pair.  It proves the rig,
# and stays beside every evblade test as the known-good baseline.
#
#   initial netns (initiator)                netns evbt-vblade (target)
#   +---------------------------+            +-------------------------------+
#   | aoe.ko aoe_iflist=veth0   |            | vblade 1 0 veth1 <tmp>/backing |
#   | /dev/etherd/e1.0          |            |                               |
#   |              veth0  ------+------------+------  veth1                 |
#   +---------------------------+            +-------------------------------+
#
# Steps: discover e1.0 and check its size; write 8 MiB of random data at a
# 4 MiB offset through /dev/etherd/e1.0; read it back with the page cache
# dropped; check the backing file holds exactly that data, with zeroes
# around it.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd vblade modprobe dd cmp

ns=evbt-vblade
size_mib=16

new_tmp
backing=$tmp/backing
dd if=/dev/zero of="$backing" bs=1M count=$size_mib 2>/dev/null
dd if=/dev/urandom of="$tmp/pattern" bs=1M count=8 2>/dev/null

target_netns $ns

initiator_start veth0

log "starting vblade 1 0 on veth1"
"$IP" netns exec $ns vblade 1 0 veth1 "$backing" > "$tmp/vblade.log" 2>&1 &
vblade_pid=$!
on_exit stop_pid $vblade_pid

aoe_discover
wait_for 20 "the initiator to attach e1.0" test -b "$(aoe_blockdev 1.0)"
dev=$(aoe_blockdev 1.0)
wait_for 10 "e1.0 to report its size" test "$(dev_bytes 1.0)" -eq $((size_mib << 20))
log "e1.0 attached, $(dev_bytes 1.0) bytes"

log "writing 8 MiB of random data at 4 MiB"
dd if="$tmp/pattern" of="$dev" bs=1M seek=4 conv=fsync 2>/dev/null || fail "write to $dev failed"
drop_caches
dd if="$dev" of="$tmp/readback" bs=1M skip=4 count=8 2>/dev/null || fail "read from $dev failed"
cmp "$tmp/pattern" "$tmp/readback" || fail "data read back through e1.0 differs from what was written"

dd if="$backing" of="$tmp/stored" bs=1M skip=4 count=8 2>/dev/null
cmp "$tmp/pattern" "$tmp/stored" || fail "the backing file does not hold the written data"
dd if=/dev/zero of="$tmp/zero" bs=1M count=4 2>/dev/null
dd if="$backing" of="$tmp/head" bs=1M count=4 2>/dev/null
dd if="$backing" of="$tmp/tail" bs=1M skip=12 count=4 2>/dev/null
cmp "$tmp/zero" "$tmp/head" || fail "data outside the written range changed (head)"
cmp "$tmp/zero" "$tmp/tail" || fail "data outside the written range changed (tail)"

log "8 MiB round trip through the initiator and vblade verified byte for byte"
