#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The aoetools userland clients work against evblade: aoeping finds a
# blade, IDENTIFY fields come through, and aoecfg reads, tests and sets the
# config string.
#
#   initial netns (client)                  netns evbt-aoetools (target)
#   +--------------------------+            +--------------------------------+
#   | aoeping 1 0 veth0        |            | evblade.ko                     |
#   | aoecfg ... 1 0 veth0     |            |  e1.0 tmpfs 16 MiB             |
#   |                          |            |       config "evblade-test"    |
#   |                          |            |  e2.0 tmpfs 4 MiB, config ""   |
#   |             veth0  ------+------------+------  veth1                  |
#   +--------------------------+            +--------------------------------+
#
# Why this test exists: aoeping and aoecfg ignore every received frame
# shorter than 60 bytes (aoeping.c: "if (n < 60) continue;", aoecfg the
# same), trusting the Ethernet minimum.  A target that does not pad, like
# vblade (a config response is 32 bytes plus the string), is invisible to
# them on veth, which never pads: they wait forever (no -s / -t) or until
# their timeout, while the Linux initiator works.  evblade pads every frame
# to 60 bytes, so e2.0's empty config string (a 32-byte response before
# padding) is the case that matters.
#
# How the tools behave, for reading failures: aoeping has no timeout
# unless -s SECONDS is given, and then dies of SIGALRM (exit 142).  aoecfg
# has none unless -t SECONDS is given; with a full shelf.slot it exits
# after the first response, with a wildcard only at the timeout, and its
# exit status is 0 either way, so only its output tells.  Both broadcast
# their query and send 1056-byte frames; the version nibble of aoecfg's
# ccmd byte is 0.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeping aoecfg aoeraw dd timeout

ns=evbt-aoetools

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=32m evbt-aoetools "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/e1.0" bs=1M count=16 2>/dev/null
dd if=/dev/zero of="$tmp/fs/e2.0" bs=1M count=4 2>/dev/null

load_module evblade

target_netns $ns
them=$(target_mac)

blade_add e1.0 dev veth1 path "$tmp/fs/e1.0" config evblade-test
blade_add e2.0 dev veth1 path "$tmp/fs/e2.0" config ""

# tool NAME ARGS...: run an aoetools command with a hard stop after 20 s
# (their own timeouts are below that); its output in $out and, byte for
# byte, in $tmp/out; its exit status in $rc.
tool() {
	what="$*"
	rc=0
	timeout 20 "$@" > "$tmp/out" 2>&1 || rc=$?
	out=$(cat "$tmp/out")
	echo "\$ $what (exit $rc)"
	sed 's/^/  /' "$tmp/out"
}

# has TEXT: a line of $out starts with TEXT.
has() {
	printf '%s\n' "$out" | grep -q "^$1" || fail "$what: expected a line starting '$1', got: $out"
}

# ---- aoeping -----------------------------------------------------------------

log "aoeping finds e1.0 and reports the target's MAC"
tool aoeping -v -s 5 1 0 veth0
[ $rc -eq 0 ] || fail "$what: exit $rc (142: no usable response before the 5 s alarm)"
has "found e1.0 with mac $(echo "$them" | tr -d :)"

log "aoeping finds e2.0, whose empty config string makes the shortest response"
tool aoeping -s 5 2 0 veth0
[ $rc -eq 0 ] || fail "$what: exit $rc: the config response of e2.0 did not reach aoeping (a response under 60 bytes?)"

log "aoeping -I: IDENTIFY fields, the same as aoeraw decodes"
id=$(aoeraw veth0 1 0 identify)
serial=$(printf '%s\n' "$id" | sed -n 's/.* serial="\([^"]*\)".*/\1/p')
model=$(printf '%s\n' "$id" | sed -n 's/.* model="\([^"]*\)".*/\1/p')
{ [ -n "$serial" ] && [ -n "$model" ]; } || fail "aoeraw identify gave no serial or model: $id"
tool aoeping -I -s 5 1 0 veth0
[ $rc -eq 0 ] || fail "$what: exit $rc"
has "device identify fields:"
has "serial_number: $serial"
has "model: $model"

log "aoeping -i: 512 bytes of IDENTIFY data as hex"
tool aoeping -i -s 5 1 0 veth0
[ $rc -eq 0 ] || fail "$what: exit $rc"
has "device identify response:"
[ "$(printf '%s\n' "$out" | sed '1d' | wc -w)" -eq 512 ] || fail "$what: not 512 bytes of hex: $out"

log "aoeping -S: evblade does not claim SMART (IDENTIFY word 82 bit 0), so aoeping refuses"
tool aoeping -S return_status -s 5 1 0 veth0
[ $rc -eq 1 ] || fail "$what: expected exit 1, got $rc"
has "Error: e1.0 does not support SMART"

# ---- aoecfg ------------------------------------------------------------------

log "aoecfg reads the config string (one address: exits after the response)"
tool aoecfg -t 5 1 0 veth0
[ "$out" = "evblade-test" ] || fail "$what: expected 'evblade-test', got '$out'"
tool aoecfg -t 5 2 0 veth0
[ "$(wc -c < "$tmp/out")" -eq 1 ] ||
	fail "$what: expected the empty string and a newline, got $(wc -c < "$tmp/out") bytes: no response from e2.0?"

log "aoecfg with the wildcard lists every blade"
tool aoecfg -t 3 0xffff 0xff veth0
printf '1.0\tevblade-test\n2.0\t\n' > "$tmp/want"
sort "$tmp/out" | cmp -s - "$tmp/want" || fail "$what: expected the lines '1.0<TAB>evblade-test' and '2.0<TAB>', got: $out"

log "aoecfg test and prefix: a match answers, a mismatch stays silent"
tool aoecfg -c test -s evblade-test -t 5 1 0 veth0
[ "$out" = "evblade-test" ] || fail "$what: expected 'evblade-test', got '$out'"
tool aoecfg -c prefix -s evblade -t 5 1 0 veth0
[ "$out" = "evblade-test" ] || fail "$what: expected 'evblade-test', got '$out'"
tool aoecfg -c test -s evblade -t 2 1 0 veth0
[ -z "$out" ] || fail "$what: a mismatched test was answered: $out"

log "aoecfg set over a different string: error 4 (*badcfg*); force set replaces it"
tool aoecfg -c set -s other -t 5 1 0 veth0
[ "$out" = "*badcfg*" ] || fail "$what: expected '*badcfg*', got '$out'"
tool aoecfg -c fset -s other -t 5 1 0 veth0
[ "$out" = "other" ] || fail "$what: expected 'other', got '$out'"
adm blade show e1.0 | grep -q 'config-string "other"' || fail "evbladeadm does not show the string aoecfg set: $(adm blade show e1.0)"
tool aoecfg -c set -s first -t 5 2 0 veth0
[ "$out" = "first" ] || fail "$what: a set on the empty string of e2.0: expected 'first', got '$out'"

log "aoeping and aoecfg work against evblade"
