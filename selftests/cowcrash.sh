#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest's half of the power-cut test; selftests/qemu/powercut.sh, on
# the host, drives it (it is no test to run alone: without evb.crash.phase
# on the kernel command line it skips).  Both phases serve one client, a
# raw AoE host (aoeraw on veth0, fixed MAC 02:00:00:00:cc:01), from a COW
# blade whose base and overlay sit on an ext4 file system on the virtio
# disk /dev/vda (cache=none on the host):
#
#   initial netns                          netns evbt-crash (target)
#   aoeraw, aoe.ko on veth0 ---------------- veth1  e5.0 private cow
#   (02:00:00:00:cc:01, MTU 9000)                   base /mnt/pc/base.img
#                                                   path /mnt/pc/ovl/%m.cow
#
# Every sector's content names itself: a base sector reads
# "B lba=L", a written one "W lba=L seq=S" (space-padded to 511 bytes and
# a newline), so that any sector read back is either base data, one of
# the writes made to it, or garbage.
#
# Phase 1 (evb.crash.phase=1): make the base, serve it, and write a
# stream of writes (evb.crash.case=stream: pseudo-random from
# evb.crash.seed, 1 to 16 sectors anywhere, most into the first MiB so
# that chunks are written first and then overwritten, unaligned and
# across chunk boundaries), one at a time, each printed as
# "EVB-ACK SEQ LBA COUNT" on the console once its AoE response came.  The
# host kills QEMU hard at a point of its choosing.
#
# Phase 2 (evb.crash.phase=2, evb.crash.acked=M: the last write the host
# saw acknowledged): serve the same blade again, read the whole disk
# through the Linux initiator and check every sector: a sector some
# acknowledged write covered holds that write's data or a later write's
# (one after M: it may have landed, acknowledged or not), never an older
# write's and never base data; a sector no acknowledged write covered
# holds base data or a write after M; nothing else.  The base file's
# checksum is the one phase 1 recorded.
#
# The torn-metadata case (evb.crash.case=torn): phase 1 writes 20 first
# writes to distinct chunks, then one more to a fresh chunk (write 21),
# and is killed after that acknowledgment.  Phase 2 corrupts the map slot
# with the higher sequence number (kernel/ovl.h: page 0's slots A and B
# at 4096 and 8192) and checks that the blade serves the older image
# exactly: writes 1..20 read back, write 21's chunk reads base.  Then both
# slots are corrupted: the client must be refused (its connection failed,
# with a reason in `evbladeadm conn show`), not served base data.
#
# evb.crash.kind=plain runs the stream case on a plain private blade
# (a file of zeros, no base) instead: the rig's own sanity check; and
# evb.crash.kind=writeback the same with write-back on, acknowledging
# writes still in the guest's page cache: its phase 2 must fail (lost
# writes), which shows that the rig catches a lost write.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd evbladeadm aoeraw awk dd md5sum

phase= kind=cow case=stream seed=1 acked=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	evb.crash.phase=*) phase=${arg#*=} ;;
	evb.crash.kind=*) kind=${arg#*=} ;;
	evb.crash.case=*) case=${arg#*=} ;;
	evb.crash.seed=*) seed=${arg#*=} ;;
	evb.crash.acked=*) acked=${arg#*=} ;;
	esac
done
[ -n "$phase" ] || skip "run by selftests/qemu/powercut.sh (no evb.crash.phase)"

ns=evbt-crash
mnt=/mnt/pc
CMAC=02:00:00:00:cc:01
SECTORS=8192			# the disk: 4 MiB
HOT=2048			# most writes go to the first MiB
MAX=240				# the stream's length; the host kills before its end

new_tmp

# ---- the disk ------------------------------------------------------------------

modprobe virtio_pci 2>/dev/null || true
modprobe virtio_blk 2>/dev/null || true
wait_for 20 "the virtio disk /dev/vda" test -b /dev/vda
load_module ext4
mkdir -p $mnt
mount -t ext4 /dev/vda $mnt || fail "cannot mount /dev/vda (ext4, made by powercut.sh)"
on_exit unmount $mnt
mkdir -p $mnt/ovl

# ---- the writes ----------------------------------------------------------------

# writes CASE SEED: one line per write, "SEQ LBA COUNT".  A Lehmer
# generator (MINSTD) in integers awk holds exactly, so both phases (and
# any awk) agree.
writes() {
	awk -v c="$1" -v x="$2" -v max=$MAX -v n=$SECTORS -v hot=$HOT 'BEGIN {
		if (c == "torn") {
			for (i = 1; i <= 20; i++)
				print i, 16 * i + i % 7, 1 + i % 2
			print 21, 8 * 500 + 3, 2
			exit
		}
		x = x % 2147483647
		if (x <= 0)
			x += 2147482646
		for (i = 1; i <= max; i++) {
			x = (x * 48271) % 2147483647
			cnt = 1 + x % 16
			x = (x * 48271) % 2147483647
			span = (x % 4 == 0) ? n : hot
			x = (x * 48271) % 2147483647
			print i, x % (span - cnt + 1), cnt
		}
	}'
}
writes "$case" "$seed" > "$tmp/writes"

# ---- the target ------------------------------------------------------------------

load_module evblade
target_netns $ns
"$IP" link set veth0 address $CMAC
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
tmac=$(target_mac)

if [ "$phase" = 1 ] && [ "$kind" = cow ]; then
	awk -v n=$SECTORS 'BEGIN { for (s = 0; s < n; s++) printf "%-511s\n", "B lba=" s }' \
		> $mnt/base.img
	md5sum < $mnt/base.img > $mnt/base.md5
	sync
fi
serve() {
	if [ "$kind" = cow ]; then
		blade_add e5.0 dev veth1 private cow base $mnt/base.img path "$mnt/ovl/%m.cow" autocreate
	else
		blade_add e5.0 dev veth1 private path "$mnt/ovl/%m.img" size 4M autocreate \
			$([ "$kind" = writeback ] && echo write-back on)
	fi
}

# aoe ARGS...: one exchange with e5.0 from the client, the reply in $rsp.
aoe() {
	what="aoeraw $*"
	rsp=$(aoeraw -n 1 -t 5000 -d "$tmac" veth0 5 0 "$@" 2>&1) || fail "$what: $rsp"
}

if [ "$phase" = 1 ]; then
	serve || fail "blade add e5.0 ($kind) failed"
	aoe cfg read
	want err=0 cmd=1
	# Every payload made before the first write: the stream is then
	# one aoeraw after the other.
	mkdir "$tmp/w"
	awk -v d="$tmp/w" '{
		f = d "/" $1
		for (j = 0; j < $3; j++)
			printf "%-511s\n", "W lba=" ($2 + j) " seq=" $1 > f
		close(f)
	}' "$tmp/writes"
	log "phase 1 ($kind, $case, seed $seed): $(wc -l < "$tmp/writes") writes"
	while read -r i lba cnt; do
		aoe ata 0x34 --ext --lba "$lba" --count "$cnt" --data "$tmp/w/$i"
		want err=0 status=0x40
		echo "EVB-ACK $i $lba $cnt"
	done < "$tmp/writes"
	echo "EVB-ACK-END"
	# The host kills us before this ends.
	sleep 240
	fail "phase 1 was not killed by the host"
fi

# ---- phase 2: check what reads back --------------------------------------------

# check_disk M STRICT: read all of e5.0 through the initiator and judge
# every sector against the writes up to M acknowledged; STRICT=1 allows no
# write after M at all (the torn case: the image must be M's exactly).
check_disk() {
	drop_caches
	run_bounded 120 "reading e5.0" dd if="$(aoe_blockdev 5.0)" of="$tmp/disk" bs=1M \
		iflag=direct 2>/dev/null || fail "reading e5.0 through the initiator failed"
	[ "$(wc -c < "$tmp/disk")" -eq $((SECTORS * 512)) ] ||
		fail "e5.0 read back $(wc -c < "$tmp/disk") bytes, not $((SECTORS * 512))"
	# Zero sectors (a plain blade's unwritten ones) have no newline: they
	# become runs of 512 "Z" before the next line's sector.
	tr '\000' Z < "$tmp/disk" | awk -v m="$1" -v strict="$2" -v kind=$kind -v n=$SECTORS \
		-v wl="$tmp/writes" '
	function bad(s, why) {
		nbad++
		if (nbad <= 8)
			print "sector " s ": " why
	}
	function judge(s, t,    f, l, q) {
		if (t == zero) {
			if (kind == "cow")
				bad(s, "zeros, neither base nor written data")
			else if (s in last)
				bad(s, "zeros (the base) though write " last[s] " was acknowledged")
			else
				nbase++
			return
		}
		if (substr(t, 1, 6) == "B lba=") {
			split(t, f, " ")
			l = substr(f[2], 5)
			if (kind != "cow" || l != s)
				bad(s, "base data of sector " l)
			else if (s in last)
				bad(s, "reverted to base: write " last[s] " was acknowledged")
			else
				nbase++
			return
		}
		if (substr(t, 1, 6) != "W lba=" || length(t) != 511) {
			bad(s, "garbage: " substr(t, 1, 40))
			return
		}
		split(t, f, " ")
		l = substr(f[2], 5)
		q = substr(f[3], 5) + 0
		if (l != s || !((s, q) in covers))
			bad(s, "garbage: holds \"" f[2] " " f[3] "\", which no write put there")
		else if (s in last && q < last[s])
			bad(s, "reverted: write " q " where acknowledged write " last[s] " came later")
		else if (q > m && strict)
			bad(s, "holds write " q ", not part of the image of write " m)
		else if (q > m)
			nlate++
		else
			nacked++
	}
	BEGIN {
		while ((getline w < wl) > 0) {
			split(w, f, " ")
			for (j = 0; j < f[3]; j++) {
				covers[f[2] + j, f[1]] = 1
				if (f[1] <= m)
					last[f[2] + j] = f[1]
			}
		}
		zero = sprintf("%512s", "")
		gsub(/ /, "Z", zero)
		s = 0
	}
	{
		line = $0
		p = 1
		len = length(line)
		while (len - p + 1 > 511) {
			judge(s++, substr(line, p, 512))
			p += 512
		}
		if (p > 1)
			line = substr(line, p)
		if (length(line) == 511 || substr(line, 1, 2) == "W " || substr(line, 1, 2) == "B ")
			judge(s++, line)
		else if (line != "")
			bad(s++, "garbage: " substr(line, 1, 40))
	}
	END {
		if (s != n)
			bad(s, "the disk holds " s " sectors by its lines, not " n)
		printf "%d sectors: %d hold acknowledged writes, %d later writes, %d base\n", \
			s, nacked, nlate, nbase
		exit (nbad > 0 ? 1 : 0)
	}' > "$tmp/verdict" || {
		tr -c '[:print:]\n' '?' < "$tmp/verdict"
		fail "e5.0 after the power cut: acknowledged writes lost, reverted or garbage (above)"
	}
	log "$(tail -n 1 "$tmp/verdict")"
}

attach() {
	initiator_start veth0
	aoe_discover
	wait_for 30 "the initiator to attach e5.0" test -b "$(aoe_blockdev 5.0)"
	wait_for 10 "e5.0 to be $((SECTORS / 2)) KiB" test "$(dev_bytes 5.0)" -eq $((SECTORS * 512))
}

if [ "$kind" = cow ]; then
	[ "$(md5sum < $mnt/base.img)" = "$(cat $mnt/base.md5)" ] ||
		fail "the base changed: md5 $(md5sum < $mnt/base.img), phase 1 made $(cat $mnt/base.md5)"
fi
ovl=$(find $mnt/ovl -type f | head -n 1)
[ -n "$ovl" ] || fail "no overlay or private file in $mnt/ovl after phase 1"

if [ "$case" = stream ]; then
	log "phase 2 ($kind, seed $seed): the host saw $acked writes acknowledged"
	serve || fail "blade add e5.0 ($kind) failed after the power cut"
	attach
	check_disk "$acked" 0
	[ "$kind" != cow ] || [ "$(md5sum < $mnt/base.img)" = "$(cat $mnt/base.md5)" ] ||
		fail "serving changed the base"
	log "every acknowledged write read back, nothing reverted, no garbage"
	exit 0
fi

# The torn case.  slot_seq N: the sequence number in page 0's slot N (0: A).
[ "$acked" -ge 21 ] || fail "torn case: the host saw $acked acknowledgments, not all 21"
slot_seq() { od -An -tu8 -j $((4096 * ($1 + 1) + 8)) -N 8 "$ovl" | tr -d ' '; }
corrupt() { # SLOT: flip bytes in its chunk bits, as a torn write would leave them
	printf 'torn' | dd of="$ovl" bs=1 seek=$((4096 * ($1 + 1) + 64)) conv=notrunc 2>/dev/null
	sync
}
sa=$(slot_seq 0) sb=$(slot_seq 1)
log "page 0: slot A seq $sa, slot B seq $sb"
if [ "$sa" -gt "$sb" ]; then newer=0 older=1; else newer=1 older=0; fi
corrupt $newer
serve || fail "blade add e5.0 failed with page 0's newer slot corrupted"
attach
check_disk 20 1
log "newer slot corrupted: the blade serves the older image (writes 1..20, write 21's chunk is base)"
initiator_stop
adm blade del e5.0 || fail "blade del e5.0 failed"

corrupt $older
corrupt $newer
serve || fail "blade add e5.0 failed"
rsp=$(aoeraw -n 1 -t 3000 -d "$tmac" veth0 5 0 ata 0x24 --ext --lba 0 --count 1 2>&1) || true
case "$rsp" in
*" err=0 "*"status=0x40"*) fail "both slots corrupted, the client was served: $rsp" ;;
esac
failed() { adm conn show e5.0 2>&1 | grep -q 'state failed'; }
wait_for 10 "the client's connection to show state failed" failed
log "both slots corrupted: refused: $(adm conn show e5.0 2>&1 | head -n 1)"
adm conn show e5.0 | grep -q 'error "..*"' ||
	fail "conn show gives no reason for the failed connection: $(adm conn show e5.0)"
