#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The saved configuration against the real kernel: `evbladeadm save`,
# `-batch`, `apply` and `flush` (Documentation/admin-guide.rst, "The
# configuration file"; evbladeadm(8)), the commands the systemd unit runs.
#
#   initial netns                         netns evbt-pers (target)
#   +------------------------------+      +--------------------------------------+
#   | aoeraw -s M (client of e1.2) |      | evblade.ko                           |
#   |   veth0 ---------------------+------+- veth1  clients c1 (3 MACs) c2 c3    |
#   |   veth2 ---------------------+------+- veth3  e1.0 file, 2 devs, every prop|
#   |   vnew0 (made late) ---------+------+- vnew   e1.1 /dev/ram0, no dev,      |
#   | e9.0 (a blade of the initial |      |         state-dir                    |
#   |  netns: apply/flush in the   |      |  e1.2 file (the connected one)       |
#   |  target must not touch it)   |      |  e2.0 private size autocreate        |
#   +------------------------------+      |  e3.0 private cow base, e3.1 private |
#                                         +--------------------------------------+
#
# Steps:
#   1. Round trip: every configurable property; `save FILE` (atomic, 0644,
#      the same as save to stdout, the same when saved twice); flush, then
#      `-batch FILE` gives the same `blade show -j` and `client show -j`;
#      rmmod + modprobe, then `-batch -` (stdin) gives them again; a save
#      after that is the same file.  A blade on no interface is saved as a
#      comment, with a warning.
#   2. -batch: comments, blank lines, quotes; a bad line reports FILE:LINE
#      and the kernel's extack message and stops the batch (later lines not
#      applied) unless -force; exit statuses.
#   3. apply: objects not in the file deleted; an unchanged file touches
#      nothing (a connected client keeps its connection, its frame counter
#      grows on); another blade changed, set or replaced, leaves the
#      connected one alone; read-only on the connected blade is a
#      `blade set` (connection kept), a new path a replace; removed blades
#      and clients are deleted; -n changes nothing; a missing backing or
#      interface fails that blade only (exit 2), and once the interface
#      exists, apply again serves it; a syntax error anywhere applies
#      nothing (exit 1); a directory's *.conf in order; sd_notify STATUS=
#      to a path and an abstract socket.
#   4. flush empties the namespace; the initial namespace's blade outlived
#      every apply and flush of the target's.
#
# The JSON compared is `blade show -j` without the runtime fields "stats"
# (the counters) and "conns" (live connections): everything else (paths,
# sizes, ifindex, base-id, every property) must be identical.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe rmmod evbladeadm aoeraw stat cmp diff

ns=evbt-pers
M=02:00:00:00:4d:01
C1A=02:00:00:00:c1:01 C1B=02:00:00:00:c1:02 C1C=02:00:00:00:c1:03
C2=02:00:00:00:c2:01 C3=02:00:00:00:c3:01

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=96m evbt-pers "$tmp/fs"
on_exit unmount "$tmp/fs"
fs=$tmp/fs
mkdir "$fs/sp ace" "$fs/state" "$fs/priv" "$fs/priv2" "$fs/cow"
disk0="$fs/sp ace/disk \"a\" b"
for f in "$disk0" "$fs/plain" "$fs/plain2" "$fs/plain3" "$fs/plain4" "$fs/base"; do
	dd if=/dev/zero of="$f" bs=1M count=4 2>/dev/null
done

# Load order: brd before evblade, so that evblade (holding /dev/ram0) is
# unloaded first at exit.
load_module brd rd_nr=1 rd_size=4096
[ -b /dev/ram0 ] || fail "brd made no /dev/ram0"
load_module evblade
target_netns $ns
veth_pair $ns veth2 veth3
tmac=$(target_mac)

# bad WHY: a finding; the test goes on, and fails at the end.
nbad=0
bad() { echo "[$TEST_NAME] FAIL: $*" >&2; nbad=$((nbad + 1)); }

# The namespace's configuration, as JSON without the runtime fields.
norm() {
	sed -e 's/,"stats":{[^}]*}//g' -e 's/"stats":{[^}]*},\{0,1\}//g' \
		-e 's/,"conns":[0-9]*//g' -e 's/"conns":[0-9]*,\{0,1\}//g'
}
# snap NAME: the blades and clients of $ns in $tmp/NAME.blades, .clients.
snap() {
	adm -j blade show | norm > "$tmp/$1.blades" || fail "blade show -j failed"
	adm -j client show > "$tmp/$1.clients" || fail "client show -j failed"
}
# same A B WHAT: snapshots A and B are equal; the difference if not.
same() {
	for __k in blades clients; do
		cmp -s "$tmp/$1.$__k" "$tmp/$2.$__k" && continue
		tr ',' '\n' < "$tmp/$1.$__k" > "$tmp/a.split"
		tr ',' '\n' < "$tmp/$2.$__k" > "$tmp/b.split"
		bad "$3: $__k -j differs ($1 vs $2): $(diff "$tmp/a.split" "$tmp/b.split" | grep '^[-+][^-+]' | tr '\n' ' ')"
	done
}
# runadm NAME [ENV=VALUE...] ARGS...: evbladeadm ARGS in $ns, its stdout
# in $tmp/NAME.out, stderr in $tmp/NAME.err, exit status in $rc; logged.
runadm() {
	__n=$1; shift
	rc=0
	"$IP" netns exec $ns env "$@" > "$tmp/$__n.out" 2> "$tmp/$__n.err" || rc=$?
	log "$* -> exit $rc"
	sed 's/^/    out: /' "$tmp/$__n.out"
	sed 's/^/    err: /' "$tmp/$__n.err"
}
# want_rc N WHAT: the last runadm exited with N.
want_rc() { [ "$rc" = "$1" ] || bad "$2: exit status $rc, expected $1"; }
# out_has NAME REGEX WHAT, err_has NAME TEXT WHAT: stdout has a line
# matching REGEX; stderr holds TEXT.
out_has() { grep -q -- "$2" "$tmp/$1.out" || bad "$3: no line '$2' on stdout: $(cat "$tmp/$1.out")"; }
out_lacks() { ! grep -q -- "$2" "$tmp/$1.out" || bad "$3: unexpected '$2' on stdout: $(cat "$tmp/$1.out")"; }
err_has() { grep -qF -- "$2" "$tmp/$1.err" || bad "$3: no '$2' on stderr: $(cat "$tmp/$1.err")"; }
# nlines REGEX NAME: how many lines of $tmp/NAME.out match.
nlines() { grep -cE "$1" "$tmp/$2.out" || true; }
# summary NAME TEXT WHAT: the last line of stdout holds TEXT (the counts),
# and its counts of added, changed, replaced and deleted objects are
# those of the action lines above it.
summary() {
	__l=$(tail -n 1 "$tmp/$1.out")
	case "$__l" in
	*"$2"*) ;;
	*) bad "$3: last line '$__l', expected it to hold '$2'" ;;
	esac
	__c=$(echo "$__l" | sed -n 's/.* \([0-9]*\) added, \([0-9]*\) changed, \([0-9]*\) replaced, \([0-9]*\) deleted.*/\1 \2 \3 \4/p')
	__w="$(nlines '^(blade|client) add ' "$1") $(nlines '^blade set ' "$1")"
	__w="$__w $(nlines '^blade replace ' "$1") $(nlines '^(blade|client) del ' "$1")"
	[ "$__c" = "$__w" ] ||
		bad "$3: the summary counts (added changed replaced deleted) '$__c' are not those of the action lines, '$__w'"
}
exists() { adm blade show "$1" >/dev/null 2>&1; }
client_exists() { adm client show "$1" >/dev/null 2>&1; }
jval() { printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" | head -n 1; }

# aoe IFACE DST SHELF SLOT ARGS...: one exchange from M through IFACE
# to DST; the reply in $rsp, false if none came (in 3 s).
aoe() {
	__if=$1 __dst=$2 __sh=$3 __sl=$4; shift 4
	rsp=$(aoeraw -n 1 -t 3000 -s $M -d "$__dst" "$__if" "$__sh" "$__sl" "$@" 2>&1) ||
		fail "aoeraw e$__sh.$__sl $*: $rsp"
	case "$rsp" in
	"rsp "*) ;;
	*) return 1 ;;
	esac
}
# conn_of MAC: frames and first-seen of MAC's connection to e1.2 in
# $frames, $first; empty if it has none.  conn_now: M's.
conn_of() {
	__j=$(adm -j conn show e1.2 mac "$1" 2>/dev/null) || __j=
	frames=$(jval "$__j" frames) first=$(jval "$__j" first-seen)
}
conn_now() { conn_of $M; }
# iread: the Linux initiator reads 64 KiB of e1.2, past its page cache.
iread() {
	run_bounded 60 "the initiator's read of e1.2" dd if=/dev/etherd/e1.2 of=/dev/null \
		bs=64k count=1 iflag=direct 2>/dev/null || fail "the initiator could not read e1.2"
}
# iconn: the initiator's connection to e1.2 after a read, as the baseline.
iconn() {
	iread
	conn_of "$V0"
	iframes0=$frames ifirst0=$first
	[ -n "$iframes0" ] || fail "conn show -j shows no connection of the initiator ($V0) to e1.2"
}
# talk: one frame from M to e1.2, answered.
talk() { aoe veth0 "$tmac" 1 2 identify || fail "e1.2 did not answer $M: $rsp"; }
# kept WHAT: M's connection to e1.2 is the one of before ($frames0,
# $first0): one more frame makes its counter grow by one.
# The initiator's connection likewise: the same first-seen, more frames
# after a read.
kept() {
	talk
	conn_now
	if [ "$first" != "$first0" ] || [ "$frames" != $((frames0 + 1)) ]; then
		bad "$1: $M's connection to e1.2 was not kept: frames $frames0 -> $frames (expected $((frames0 + 1))), first-seen $first0 -> $first"
	fi
	frames0=$frames
	iread
	conn_of "$V0"
	if [ "$first" != "$ifirst0" ] || [ "${frames:-0}" -le "$iframes0" ]; then
		bad "$1: the initiator's connection to e1.2 was not kept: frames $iframes0 -> $frames, first-seen $ifirst0 -> $first"
	fi
	iframes0=${frames:-0}
}

dump_state() {
	dump_initiator
	adm blade show
	adm client show
	adm conn show
}

# ---- 1. round trip --------------------------------------------------------------

log "configuring every property"
adm client add c1 mac $C1A mac $C1B mac $C1C || fail "client add c1 failed"
adm client add c2 mac $C2 || fail "client add c2 failed"
adm client add c3 mac $C3 || fail "client add c3 failed"
cfg0='he said "hi", it'\''s a \ back  slash'
adm blade add e1.0 dev veth1 dev veth3 path "$disk0" read-only config-string "$cfg0" \
	bufcnt 8 locking on mask-mac 02:00:00:00:0d:01 mask-mac 02:00:00:00:0d:02 \
	idle-timeout 60 acl-policy deny allow c1 allow 02:00:00:00:0e:01 \
	deny 02:00:00:00:0e:02 || fail "blade add e1.0 failed"
adm blade add e1.1 path /dev/ram0 write-back on state-dir "$fs/state" \
	config-string "kept in the state files" mask-mac 02:00:00:00:0d:03 ||
	fail "blade add e1.1 failed"
adm blade add e1.2 dev veth1 path "$fs/plain" || fail "blade add e1.2 failed"
adm blade add e2.0 dev veth1 private path "$fs/priv/%m.img" size 1M autocreate \
	deny c2 deny 02:00:00:00:0e:03 idle-timeout 120 || fail "blade add e2.0 failed"
adm blade add e3.0 dev veth1 dev veth3 private cow base "$fs/base" path "$fs/cow/%m.cow" \
	autocreate || fail "blade add e3.0 failed"
adm blade add e3.1 dev veth3 private path "$fs/priv2/%c.img" || fail "blade add e3.1 failed"
adm blade show
snap orig
[ "$(grep -o '"name":"e[0-9.]*"' "$tmp/orig.blades" | wc -l)" = 6 ] ||
	fail "blade show -j, runtime fields filtered out, does not list the 6 blades: $(cat "$tmp/orig.blades")"
grep -q '"config-string":"he said' "$tmp/orig.blades" ||
	fail "blade show -j, runtime fields filtered out, lost e1.0's config-string: $(cat "$tmp/orig.blades")"

log "save FILE, save to stdout, save twice"
runadm save evbladeadm save "$tmp/saved.conf"
want_rc 0 "save FILE"
[ -f "$tmp/saved.conf" ] || fail "save FILE wrote no file"
sed 's/^/    saved: /' "$tmp/saved.conf"
[ "$(stat -c %a "$tmp/saved.conf")" = 644 ] ||
	bad "save FILE: mode $(stat -c %a "$tmp/saved.conf"), expected 644"
[ ! -e "$tmp/saved.conf.tmp" ] || bad "save FILE left $tmp/saved.conf.tmp behind"
runadm save2 evbladeadm save
want_rc 0 "save (stdout)"
cmp -s "$tmp/save2.out" "$tmp/saved.conf" || bad "save to stdout differs from save FILE"
runadm save3 evbladeadm save "$tmp/saved2.conf"
cmp -s "$tmp/saved.conf" "$tmp/saved2.conf" || bad "saving twice gave two different files"
head -n 1 "$tmp/saved.conf" | grep -q '^# evblade configuration saved by evbladeadm ' ||
	bad "save: the first line is not the header comment: $(head -n 1 "$tmp/saved.conf")"
line() { grep "^blade add $1 " "$tmp/saved.conf" || true; }
[ "$(grep -c '^client add ' "$tmp/saved.conf")" = 3 ] || bad "save: expected 3 client add lines"
[ "$(grep -c '^blade add ' "$tmp/saved.conf")" = 6 ] || bad "save: expected 6 blade add lines"
grep -q '^client add c1 mac '"$C1A"' mac '"$C1B"' mac '"$C1C"'$' "$tmp/saved.conf" ||
	bad "save: c1 is not 'client add c1 mac $C1A mac $C1B mac $C1C'"
case "$(line e1.0)" in
*" dev veth1 dev veth3 "*) ;;
*) bad "save: e1.0 does not have dev veth1 dev veth3: $(line e1.0)" ;;
esac
case "$(line e1.1)" in
"") bad "save: no line for e1.1" ;;
*" dev "*) bad "save: e1.1 (every interface) has a dev: $(line e1.1)" ;;
*config-string* | *mask-mac*) bad "save: e1.1 has a state-dir, yet its config-string or mask-mac was saved: $(line e1.1)" ;;
esac
case "$(line e3.0)" in
*" size "*) bad "save: e3.0 (copy-on-write) has a size: $(line e3.0)" ;;
esac
case "$(line e2.0)" in
*" size "*) ;;
*) bad "save: e2.0 (private, size 1M) has no size: $(line e2.0)" ;;
esac

log "flush, then -batch FILE: the same configuration"
runadm flush evbladeadm flush
want_rc 0 "flush"
adm -j blade show | grep -q '"name"' && bad "flush left blades: $(adm blade show)"
adm -j client show | grep -q '"name"' && bad "flush left clients: $(adm client show)"
runadm flush2 evbladeadm flush
want_rc 0 "flush of an empty namespace"
runadm batch1 evbladeadm -batch "$tmp/saved.conf"
want_rc 0 "-batch of the saved file"
snap batch1
same orig batch1 "save, flush, -batch"
runadm save4 evbladeadm save "$tmp/saved3.conf"
cmp -s "$tmp/saved.conf" "$tmp/saved3.conf" || bad "a save after the -batch differs from the first"

log "rmmod with the blades configured, modprobe, -batch - (stdin)"
run_bounded 60 "rmmod evblade" rmmod evblade || fail "rmmod evblade failed"
modprobe evblade || fail "modprobe evblade failed"
adm -j blade show | grep -q '"name"' && fail "blades survived rmmod"
rc=0
"$IP" netns exec $ns evbladeadm -batch - < "$tmp/saved.conf" > "$tmp/batch2.out" 2>&1 || rc=$?
want_rc 0 "-batch - after rmmod + modprobe: $(cat "$tmp/batch2.out")"
snap batch2
same orig batch2 "save, rmmod + modprobe, -batch -"

log "a blade served on no interface is saved as a comment, with a warning"
"$IP" -n $ns link add vgone type veth peer name vgone1
adm blade add e6.0 dev vgone path "$fs/plain4" || fail "blade add e6.0 dev vgone failed"
"$IP" -n $ns link del vgone
runadm gone evbladeadm save
want_rc 0 "save with a blade on no interface"
grep -q '^# *blade add e6.0 .*path' "$tmp/gone.out" ||
	bad "save: e6.0 (no interface left) is not a commented blade add line"
grep -q '^blade add e6.0' "$tmp/gone.out" && bad "save: e6.0 (no interface left) saved as an active line"
err_has gone e6.0 "save: no warning about e6.0 on stderr"
adm blade del e6.0

log "config strings of any bytes survive save and -batch"
# e8.0's from the command line: a tab, a newline, UTF-8; e8.1's set by
# an initiator (AoE Query Config, force set), with control bytes and NULs
# (cslen 6 covers the frame's zero padding).
adm blade add e8.0 dev veth1 path "$fs/plain3" config-string "$(printf 'tab\there\nnew line \303\251t\303\251')" ||
	fail "blade add e8.0 failed"
adm blade add e8.1 dev veth1 path "$fs/plain3" || fail "blade add e8.1 failed"
rsp=$(aoeraw -n 1 -t 3000 -d "$tmac" veth0 8 1 cfg fset "$(printf 'a\001b\177')" --cslen 6 2>&1)
log "e8.1: config string set by AoE: $rsp"
cs8() { adm -j blade show "$1" | sed -n 's/.*"config-string":\("\([^"\\]\|\\.\)*"\).*/\1/p'; }
c80=$(cs8 e8.0) c81=$(cs8 e8.1)
log "e8.0 $c80, e8.1 $c81"
runadm save8 evbladeadm save
grep '^blade add e8\.' "$tmp/save8.out" > "$tmp/e8.conf" || true
[ "$(wc -l < "$tmp/e8.conf")" = 2 ] || bad "save: e8.0 and e8.1 are not two lines: $(cat "$tmp/e8.conf")"
adm blade del e8.0
adm blade del e8.1
runadm batch8 evbladeadm -force -batch "$tmp/e8.conf"
want_rc 0 "-batch of the saved e8.0 and e8.1 (save must write lines that -batch and apply accept, whatever bytes an initiator put in a config string)"
[ "$(cs8 e8.0)" = "$c80" ] || bad "save + -batch: e8.0's config-string $c80 came back as $(cs8 e8.0)"
[ "$(cs8 e8.1)" = "$c81" ] || bad "save + -batch: e8.1's config-string $c81 (set by AoE) came back as $(cs8 e8.1)"
blade_undo adm e8.0
blade_undo adm e8.1

# ---- 2. -batch manners --------------------------------------------------------

log "-batch: comments, blank lines, quotes"
cat > "$tmp/b1.conf" <<EOF
# a comment

   # an indented comment
client add b1 mac 02:00:00:00:b1:01   # a trailing comment
blade add e5.0 path $fs/plain2 config-string "a # not a comment"
blade add e5.1 path '$fs/plain2' config-string 'single "quoted"' bufcnt 4
blade add e5.2 path $fs/plain2 config-string back\\ slash\\"
EOF
cat "$tmp/b1.conf"
runadm b1 evbladeadm -batch "$tmp/b1.conf"
want_rc 0 "-batch with comments and quotes"
client_exists b1 || bad "-batch: a line with a trailing comment was not applied"
cs() { jval "$(adm -j blade show "$1")" config-string; }
[ "$(cs e5.0)" = '"a # not a comment"' ] || bad "-batch: e5.0's config-string is $(cs e5.0)"
[ "$(cs e5.1)" = '"single \"quoted\""' ] || bad "-batch: e5.1's config-string is $(cs e5.1)"
[ "$(cs e5.2)" = '"back slash\""' ] || bad "-batch: e5.2's config-string is $(cs e5.2)"
[ "$(jval "$(adm -j blade show e5.1)" bufcnt)" = 4 ] || bad "-batch: e5.1's bufcnt is not 4"

log "-batch: a bad line stops the batch, -force goes on"
cat > "$tmp/b2.conf" <<EOF
blade add e5.3 path $fs/plain2
blade add e5.4 path $fs/plain2 size 1M
blade add e5.5 path $fs/plain2
EOF
runadm b2 evbladeadm -batch "$tmp/b2.conf"
want_rc 1 "-batch with a bad line"
err_has b2 "evbladeadm: $tmp/b2.conf:2: " "-batch: the error does not name FILE:LINE"
err_has b2 "autocreate and size are for private blades" "-batch: the error lacks the kernel's message"
exists e5.3 || bad "-batch: the line before the bad one was not applied"
exists e5.5 && bad "-batch without -force: the line after the bad one was applied"
adm blade del e5.3
runadm b2f evbladeadm -force -batch "$tmp/b2.conf"
want_rc 1 "-force -batch with a bad line"
err_has b2f "$tmp/b2.conf:2: " "-force -batch: the error does not name FILE:LINE"
exists e5.3 && exists e5.5 || bad "-force -batch: the lines around the bad one were not all applied"
adm blade del e5.3
adm blade del e5.5
rc=0
"$IP" netns exec $ns evbladeadm -batch - < "$tmp/b2.conf" > "$tmp/b3.out" 2> "$tmp/b3.err" || rc=$?
want_rc 1 "-batch - with a bad line"
err_has b3 ":2: " "-batch -: the error does not name the line"
exists e5.5 && bad "-batch - without -force: the line after the bad one was applied"
printf 'blade add e5.6 path %s frobnicate\nblade add e5.7 path %s\n' "$fs/plain2" "$fs/plain2" > "$tmp/b4.conf"
runadm b4 evbladeadm -force -batch "$tmp/b4.conf"
want_rc 1 "-force -batch with a syntax error"
err_has b4 "$tmp/b4.conf:1: " "-batch: a syntax error does not name FILE:LINE"
exists e5.7 || bad "-force -batch: the line after a syntax error was not applied"
runadm b5 evbladeadm -batch "$tmp/none.conf"
want_rc 1 "-batch of a missing file"
[ -s "$tmp/b5.err" ] || bad "-batch of a missing file: no message"

# ---- 3. apply ----------------------------------------------------------------------

# The initial namespace's own blade, which nothing in $ns may touch.
evbladeadm blade add e9.0 path "$fs/plain4" || fail "blade add e9.0 in the initial netns failed"
on_exit blade_undo evbladeadm e9.0

log "apply the saved file: what it lacks is deleted, the rest untouched"
runadm a1 evbladeadm apply "$tmp/saved.conf"
want_rc 0 "apply of the saved file"
for b in e5.0 e5.1 e5.2 e5.3 e5.7; do
	out_has a1 "^blade del $b\$" "apply"
done
out_has a1 "^client del b1\$" "apply"
out_lacks a1 "e[123]\.[0-9]" "apply: an action on a blade of the file"
out_lacks a1 "client [a-z]* c[123]\$" "apply: an action on a client of the file"
# 5 blades and a client: whether the summary counts clients is the
# tool's choice, but it must match the lines (summary checks).
summary a1 "0 added, 0 changed, 0 replaced, " "apply of the saved file"
summary a1 " deleted, 0 failed" "apply of the saved file"
snap a1
same orig a1 "apply of the saved file"

log "a client connects to e1.2"
talk
conn_now
frames0=$frames first0=$first
[ -n "$frames0" ] || fail "conn show -j shows no connection of $M to e1.2: $(adm -j conn show)"
log "the Linux initiator attaches e1.2 through veth0"
V0=$(cat /sys/class/net/veth0/address)
initiator_start veth0
attached() { [ -b /dev/etherd/e1.2 ] && [ "$(dev_bytes 1.2)" -gt 0 ]; }
aoe_discover
wait_for 30 "the initiator to attach e1.2" attached
iconn

# The configuration by hand, as an admin writes it: other property
# order, aliases, one property per feature.
q_disk0=$(printf '%s' "$disk0" | sed 's/["\\]/\\&/g')
q_cfg0=$(printf '%s' "$cfg0" | sed 's/["\\]/\\&/g')
cat > "$tmp/a.conf" <<EOF
# clients
client add c3 mac $C3
client add c1 mac $C1A mac $C1B mac $C1C
client add c2 mac $C2
# blades
blade add e1.2 path $fs/plain dev veth1
blade add e1.0 dev veth1 dev veth3 path "$q_disk0" readonly on bufcnt 8 config "$q_cfg0" locking on mask 02:00:00:00:0d:01 mask 02:00:00:00:0d:02 idle 60 policy deny allow c1 allow 02:00:00:00:0e:01 deny 02:00:00:00:0e:02
blade add e1.1 path /dev/ram0 state $fs/state writeback on
blade add e2.0 dev veth1 private path $fs/priv/%m.img autocreate size 1M idle 120 deny c2 deny 02:00:00:00:0e:03
blade add e3.0 dev veth1 dev veth3 private cow path $fs/cow/%m.cow base $fs/base autocreate
blade add e3.1 dev veth3 private path $fs/priv2/%c.img
EOF
cat "$tmp/a.conf"

log "apply of the same configuration written by hand: nothing changes"
runadm a2 evbladeadm apply "$tmp/a.conf"
want_rc 0 "apply of an unchanged configuration"
[ "$(wc -l < "$tmp/a2.out")" = 1 ] || bad "apply of an unchanged configuration acted: $(cat "$tmp/a2.out")"
summary a2 "0 added, 0 changed, 0 replaced, 0 deleted, 0 failed" "apply of an unchanged configuration"
kept "apply of an unchanged configuration"
snap a2
same orig a2 "apply of an unchanged configuration"

log "another blade changed: e1.0 bufcnt (set), e2.0 size (replace)"
sed -e '/^blade add e1.0 /s/bufcnt 8/bufcnt 16/' -e '/^blade add e2.0 /s/size 1M/size 2M/' \
	"$tmp/a.conf" > "$tmp/b.conf"
runadm a3 evbladeadm apply "$tmp/b.conf"
want_rc 0 "apply with e1.0 and e2.0 changed"
out_has a3 "^blade set e1.0: .*bufcnt" "apply: e1.0's bufcnt"
out_has a3 "^blade replace e2.0: .*size" "apply: e2.0's size"
out_lacks a3 "e1.2" "apply: e1.2 did not change"
summary a3 "0 added, 1 changed, 1 replaced, 0 deleted, 0 failed" "apply with e1.0 and e2.0 changed"
kept "apply with other blades changed"
[ "$(jval "$(adm -j blade show e1.0)" bufcnt)" = 16 ] || bad "apply: e1.0's bufcnt is not 16"
[ "$(jval "$(adm -j blade show e2.0)" size)" = $((2 << 20)) ] || bad "apply: e2.0's size is not 2M"

log "e1.2 read-only: a blade set, the connection stays"
sed '/^blade add e1.2 /s/$/ read-only/' "$tmp/b.conf" > "$tmp/c.conf"
runadm a4 evbladeadm apply "$tmp/c.conf"
want_rc 0 "apply with e1.2 read-only"
out_has a4 "^blade set e1.2: read-only\$" "apply: e1.2 read-only"
summary a4 "0 added, 1 changed, 0 replaced, 0 deleted, 0 failed" "apply with e1.2 read-only"
kept "apply of read-only on the connected blade"
adm -j blade show e1.2 | grep -q '"read-only":true' || bad "apply: e1.2 is not read-only"

log "e1.2 with another path: a replace"
sed "/^blade add e1.2 /s|$fs/plain |$fs/plain2 |" "$tmp/c.conf" > "$tmp/d.conf"
runadm a5 evbladeadm apply "$tmp/d.conf"
want_rc 0 "apply with e1.2's path changed"
out_has a5 "^blade replace e1.2: path\$" "apply: e1.2's path"
summary a5 "0 added, 0 changed, 1 replaced, 0 deleted, 0 failed" "apply with e1.2's path changed"
adm -j blade show e1.2 | grep -qF "\"path\":\"$fs/plain2\"" || bad "apply: e1.2's path is not $fs/plain2"
talk
conn_now
[ "$frames" = 1 ] || bad "apply: e1.2 was replaced, yet $M's connection counts $frames frames, not 1"
frames0=$frames first0=$first
iconn

log "e1.0 and client c3 removed from the file: deleted"
grep -v -e '^blade add e1.0 ' -e '^client add c3 ' "$tmp/d.conf" > "$tmp/e.conf"
runadm a6 evbladeadm apply "$tmp/e.conf"
want_rc 0 "apply with e1.0 and c3 removed"
out_has a6 "^blade del e1.0\$" "apply: e1.0 removed"
out_has a6 "^client del c3\$" "apply: c3 removed"
summary a6 "0 added, 0 changed, 0 replaced, " "apply with e1.0 and c3 removed"
summary a6 " deleted, 0 failed" "apply with e1.0 and c3 removed"
exists e1.0 && bad "apply: e1.0 is still there"
client_exists c3 && bad "apply: client c3 is still there"
kept "apply with another blade deleted"

log "apply -n: the plan, and nothing changes"
snap before_n
runadm a7 evbladeadm apply -n "$tmp/a.conf"
want_rc 0 "apply -n"
out_has a7 "^blade add e1.0\$" "apply -n: the plan"
out_has a7 "^client add c3\$" "apply -n: the plan"
out_has a7 "^blade replace e1.2: path" "apply -n: the plan"
snap after_n
same before_n after_n "apply -n"
kept "apply -n"

log "a missing backing and a missing interface fail those blades only (exit 2)"
cp "$tmp/e.conf" "$tmp/f.conf"
cat >> "$tmp/f.conf" <<EOF
blade add e4.0 path $fs/missing
blade add e4.1 dev vnew path $fs/plain3
blade add e4.2 path $fs/plain4
client add c4 mac 02:00:00:00:c4:01
EOF
l40=$(grep -n '^blade add e4.0 ' "$tmp/f.conf" | cut -d: -f1)
l41=$(grep -n '^blade add e4.1 ' "$tmp/f.conf" | cut -d: -f1)
runadm a8 evbladeadm -force apply "$tmp/f.conf"
want_rc 2 "apply with a missing backing and interface"
err_has a8 "evbladeadm: $tmp/f.conf:$l40: " "apply: e4.0's failure does not name FILE:LINE"
err_has a8 "evbladeadm: $tmp/f.conf:$l41: " "apply: e4.1's failure does not name FILE:LINE"
out_has a8 "^blade add e4.2\$" "apply: e4.2"
out_has a8 "^client add c4\$" "apply: c4"
summary a8 "2 failed" "apply with a missing backing and interface"
exists e4.2 || bad "apply: e4.2 was not added"
client_exists c4 || bad "apply: c4 was not added"
exists e4.0 && bad "apply: e4.0 exists, its backing does not"
kept "apply with failing lines"

log "the interface appears: apply again serves e4.1 (sd_notify STATUS= to a path)"
"$IP" link add vnew0 type veth peer name vnew netns $ns
on_exit link_del vnew0
"$IP" link set vnew0 up
"$IP" -n $ns link set vnew up
notify=0
if command -v notifyrecv >/dev/null 2>&1; then
	notify=1
	notifyrecv -t 15000 "$tmp/notify.sock" > "$tmp/notify" 2> "$tmp/notify.err" &
	nr=$!
	on_exit stop_pid $nr
	wait_for 10 "notifyrecv to listen" grep -q '^listening' "$tmp/notify.err"
	runadm a9 NOTIFY_SOCKET="$tmp/notify.sock" evbladeadm -force apply "$tmp/f.conf"
else
	log "SKIP: sd_notify: no notifyrecv in the guest (selftests/aoeraw)"
	runadm a9 evbladeadm -force apply "$tmp/f.conf"
fi
want_rc 2 "apply after the interface appeared (e4.0 still fails)"
out_has a9 "^blade add e4.1\$" "apply: e4.1 once vnew exists"
summary a9 "1 added, 0 changed, 0 replaced, 0 deleted, 1 failed" "apply after the interface appeared"
tmac2=$("$IP" netns exec $ns cat /sys/class/net/vnew/address)
aoe vnew0 "$tmac2" 4 1 cfg read || bad "e4.1 is not served on vnew: $rsp"
if [ $notify = 1 ]; then
	wait_for 20 "notifyrecv to end" eval "! running $nr"
	log "sd_notify: $(tr '\n' '|' < "$tmp/notify")"
	grep -q '^STATUS=.*1 added, 0 changed, 0 replaced, 0 deleted, 1 failed' "$tmp/notify" ||
		bad "sd_notify: no STATUS= with the summary: $(cat "$tmp/notify")"
	grep -q 'e4.0' "$tmp/notify" || bad "sd_notify: the STATUS does not name the failed e4.0: $(cat "$tmp/notify")"
fi
touch "$fs/missing" && truncate -s 1M "$fs/missing"
runadm a10 evbladeadm -force apply "$tmp/f.conf"
want_rc 0 "apply once the backing exists"
out_has a10 "^blade add e4.0\$" "apply: e4.0 once its backing exists"

log "a syntax error anywhere: nothing applied, exit 1"
grep -v '^blade add e4.2 ' "$tmp/f.conf" > "$tmp/g.conf"
echo "blade add e4.9 path $fs/plain3 frobnicate" >> "$tmp/g.conf"
sed -i '/^blade add e1.2 /s/ read-only//' "$tmp/g.conf"
snap before_g
runadm a11 evbladeadm -force apply "$tmp/g.conf"
want_rc 1 "apply with a syntax error"
err_has a11 "$tmp/g.conf:$(wc -l < "$tmp/g.conf"): " "apply: the syntax error does not name FILE:LINE"
snap after_g
same before_g after_g "apply with a syntax error"
grep -v '^blade add e4.2 ' "$tmp/f.conf" > "$tmp/h.conf"
echo "blade set e1.2 read-only off" >> "$tmp/h.conf"
runadm a12 evbladeadm -force apply "$tmp/h.conf"
want_rc 1 "apply of a file with a blade set line"
snap after_h
same before_g after_h "apply of a file with a blade set line"
grep -v '^blade add e4.2 ' "$tmp/f.conf" > "$tmp/i.conf"
runadm a13 evbladeadm apply "$tmp/i.conf" "$tmp/none.conf"
want_rc 1 "apply with a missing FILE"
snap after_m
same before_g after_m "apply with a missing FILE"
kept "failed applies"

log "a directory: its *.conf in lexical order, a missing one skipped"
mkdir "$tmp/conf.d"
grep '^client add ' "$tmp/f.conf" > "$tmp/conf.d/20-clients.conf"
grep '^blade add ' "$tmp/f.conf" > "$tmp/conf.d/10-blades.conf"
echo "this is not a configuration line" > "$tmp/conf.d/README"
echo "blade add e4.8 path $fs/plain3" > "$tmp/conf.d/30-extra.conf.disabled"
runadm a14 evbladeadm apply "$tmp/conf.d" "$tmp/none.d"
want_rc 0 "apply of a directory (and a missing one)"
summary a14 "0 added, 0 changed, 0 replaced, 0 deleted, 0 failed" "apply of a directory"
exists e4.8 && bad "apply of a directory read a file not named *.conf"
echo "blade add e4.8 path $fs/plain3" > "$tmp/conf.d/30-extra.conf"
echo "blade add e4.8 path $fs/plain3 bufcnt 4" > "$tmp/conf.d/31-extra.conf"
runadm a15 evbladeadm apply "$tmp/conf.d"
want_rc 1 "apply with one blade in two files"
err_has a15 "31-extra.conf:1: " "apply: the blade named twice is not reported at its second line"
exists e4.8 && bad "apply with one blade in two files added it"
echo "# e4.8 moved" > "$tmp/conf.d/31-extra.conf"
runadm a16 evbladeadm apply "$tmp/conf.d"
want_rc 0 "apply of a directory with 30-extra.conf"
exists e4.8 || bad "apply of a directory: 30-extra.conf's e4.8 is not there"
kept "apply of a directory"

log "sd_notify to an abstract socket (@name, in the target's namespace)"
if [ $notify = 1 ]; then
	"$IP" netns exec $ns notifyrecv -t 15000 @evbt-pers-notify > "$tmp/notify2" 2> "$tmp/notify2.err" &
	nr=$!
	on_exit stop_pid $nr
	wait_for 10 "notifyrecv to listen" grep -q '^listening' "$tmp/notify2.err"
	runadm a17 NOTIFY_SOCKET=@evbt-pers-notify evbladeadm apply "$tmp/conf.d"
	want_rc 0 "apply with an abstract NOTIFY_SOCKET"
	wait_for 20 "notifyrecv to end" eval "! running $nr"
	grep -q '^STATUS=.*0 added, 0 changed, 0 replaced, 0 deleted, 0 failed' "$tmp/notify2" ||
		bad "sd_notify (abstract): no STATUS= with the summary: $(cat "$tmp/notify2")"
fi

log "without -force, apply stops at the first action that fails (exit 2)"
cat "$tmp"/conf.d/*.conf > "$tmp/j.conf"
printf 'blade add e7.0 path %s\nblade add e7.1 path %s\n' "$fs/missing2" "$fs/plain3" >> "$tmp/j.conf"
runadm a18 evbladeadm apply "$tmp/j.conf"
want_rc 2 "apply without -force with a failing blade"
err_has a18 "$tmp/j.conf:$(($(wc -l < "$tmp/j.conf") - 1)): " "apply: e7.0's failure does not name FILE:LINE"
exists e7.1 && bad "apply without -force went on after a failing action"

log "veth3 deleted and made again (what the udev rule reacts to): apply sets the devs back"
"$IP" link del veth2
adm -j blade show e3.1 | grep -q '"veth3"' && fail "e3.1 still lists veth3 after it was deleted"
"$IP" link add veth2 type veth peer name veth3 netns $ns
"$IP" link set veth2 up
"$IP" -n $ns link set veth3 up
runadm a19 evbladeadm -force apply "$tmp/conf.d"
want_rc 0 "apply after veth3 came back"
out_has a19 "^blade set e3.0: .*dev" "apply: e3.0 lost veth3"
out_has a19 "^blade set e3.1: .*dev" "apply: e3.1 lost veth3"
out_lacks a19 "^blade replace" "apply: a replace after veth3 came back"
summary a19 "0 added, 2 changed, 0 replaced, 0 deleted, 0 failed" "apply after veth3 came back"
adm -j blade show e3.1 | grep -q '"veth3"' || bad "apply: e3.1 is not served on veth3 again: $(adm blade show e3.1)"
adm -j blade show e3.0 | grep -q '"veth1","veth3"' || bad "apply: e3.0 is not served on veth1 and veth3 again: $(adm blade show e3.0)"
kept "apply after an interface came back"

# ---- 4. flush and the other namespace ---------------------------------------------

log "flush; the initial namespace's blade is still there"
runadm fl evbladeadm flush
want_rc 0 "flush"
adm -j blade show | grep -q '"name"' && bad "flush left blades: $(adm blade show)"
adm -j client show | grep -q '"name"' && bad "flush left clients: $(adm client show)"
evbladeadm blade show e9.0 > /dev/null 2>&1 ||
	bad "the initial namespace's e9.0 did not outlive apply and flush in $ns"
evbladeadm -j blade show | grep -q '"name":"e[1-6]\.' &&
	bad "the initial namespace shows blades of $ns: $(evbladeadm blade show)"

[ $nbad = 0 ] || fail "$nbad checks failed"
log "all checks passed"
