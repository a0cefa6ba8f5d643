#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# evbladeadm's bash completion (tools/evbladeadm/completion/evbladeadm)
# against the real module: the completion function is driven as bash drives
# it (COMP_LINE, COMP_POINT, COMP_WORDS split at blanks and at the colons of
# a MAC address, COMP_CWORD) for many command lines, and what it offers
# (COMPREPLY, with the colon prefix that bash keeps put back) must be
# exactly the expected list.
#
#   initial netns: lo, veth evc0 <-> evc1 (and TUN evt0 if the kernel has it)
#     clients node1 (02:00:00:00:01:01, 02:00:00:00:01:02),
#             node2 (02:00:00:00:02:01)
#     blades  e1.0 (dev evc0), e1.1, e3.0 (private copy-on-write)
#
# Checked: objects, commands and the keywords of every command (an alias
# where no name fits; none offered twice unless it repeats; none that
# excludes one given), the global options, and the values: Ethernet
# interfaces only, blade addresses (copy-on-write ones for reset), client
# names, the declared clients' MACs, files and directories, on|off,
# allow|deny, nothing where a number or a new name goes.  Before the module
# is loaded, no blade or client is offered and completing does not load it.
#
# With --host (no root, no module; what the host can check): the static
# completions, and that nothing dynamic is asked of evbladeadm without the
# module (a stand-in evbladeadm records any call).
#
# Runs under bash (the completion is bash's); it needs the bash-completion
# package's /usr/share/bash-completion/bash_completion.
#
# shellcheck disable=SC2046,SC2086 # expected lists are split on purpose
# /init runs every test with sh: this one is bash's.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

host=0
[ "${1:-}" != --host ] || host=1

. "$(dirname "$0")/lib.sh"

bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || fail "no $bc (the bash-completion package)"
comp_file=${EVB_COMPLETION:-$(dirname "$0")/../tools/evbladeadm/completion/evbladeadm}
[ -r "$comp_file" ] || comp_file=/usr/share/bash-completion/completions/evbladeadm
[ -r "$comp_file" ] || fail "no completion file for evbladeadm"

if [ $host = 0 ]; then
	require_root
	require_cmd modprobe evbladeadm
fi

new_tmp
# The files and directories that paths complete to.
mkdir "$tmp/files" "$tmp/files/cow" "$tmp/files/state"
for f in disk.img disk2.img base.img cmds.conf; do
	truncate -s 4M "$tmp/files/$f"
done
files="base.img cmds.conf cow disk.img disk2.img state"
dirs="cow state"

# evbladeadm in the initial namespace, for lib.sh's blade_add.
adm() { evbladeadm "$@"; }

set +eu
# shellcheck source=/dev/null
. "$bc" || fail "sourcing $bc failed"
# shellcheck source=/dev/null
. "$comp_file" || fail "sourcing $comp_file failed"
set -eu
[ "$(complete -p evbladeadm 2>/dev/null)" = "complete -F _evbladeadm evbladeadm" ] ||
	fail "the completion file does not register _evbladeadm for evbladeadm: $(complete -p evbladeadm 2>&1)"

cases=0 bad=0
# comp LINE EXPECTED...: complete LINE, the cursor at its end, and expect
# exactly EXPECTED (in any order; none: nothing offered).
comp() {
	local line=$1 tok rest prefix want got w
	local -a cw=() got_a=()
	shift
	# COMP_WORDS as readline splits the line: at blanks outside quotes,
	# and a run of colons (a COMP_WORDBREAKS character) is a word of its
	# own; the word under the cursor is empty after a blank.
	rest=$line
	while [ -n "$rest" ]; do
		rest=${rest#"${rest%%[! ]*}"}
		[ -n "$rest" ] || break
		case $rest in
		\"*) tok=${rest#\"}; tok=\"${tok%%\"*}\" ;;
		*) tok=${rest%% *} ;;
		esac
		rest=${rest#"$tok"}
		case $tok in
		\"*) cw+=("$tok") ;;
		*)
			while [ -n "$tok" ]; do
				case $tok in
				:*) w=${tok%%[!:]*} ;;
				*) w=${tok%%:*} ;;
				esac
				cw+=("$w")
				tok=${tok#"$w"}
			done
			;;
		esac
	done
	case $line in *" ") cw+=("") ;; esac

	cases=$((cases + 1))
	COMP_LINE=$line COMP_POINT=${#line}
	COMP_WORDS=("${cw[@]}") COMP_CWORD=$((${#cw[@]} - 1))
	COMPREPLY=()
	set +eu
	_evbladeadm evbladeadm "${cw[COMP_CWORD]}" "${cw[COMP_CWORD - 1]}" 2>"$tmp/comp.err"
	set -eu
	# bash keeps what the line has up to the last colon of the word.
	tok=${line##* }
	prefix=
	case $tok in *:*) prefix=${tok%:*}: ;; esac
	for w in "${COMPREPLY[@]}"; do got_a+=("$prefix$w"); done
	got=$(printf '%s\n' "${got_a[@]}" | grep -v '^$' | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | grep -v '^$' | LC_ALL=C sort | tr '\n' ' ')
	if [ "$got" != "$want" ] || [ -s "$tmp/comp.err" ]; then
		bad=$((bad + 1))
		echo "[$TEST_NAME] '$line<TAB>': expected [ $want], got [ $got]$([ ! -s "$tmp/comp.err" ] || echo "; stderr: $(cat "$tmp/comp.err")")" >&2
	fi
}
# done_cases WHAT: every case so far passed.
done_cases() {
	[ $bad = 0 ] || fail "$1: $bad of $cases completions wrong (above)"
	log "$1: $cases completions as expected"
	cases=0
}

objects="blade client conn monitor status save apply flush help"
add_kws="dev path read-only write-back config-string bufcnt locking mask-mac
	state-dir private size autocreate cow base idle-timeout acl-policy allow deny"
set_kws="dev all-ifs read-only write-back config-string bufcnt locking mask-mac
	mask-clear reserve-clear idle-timeout acl-policy allow deny acl-clear"
# but WORDS...: the keywords of $kws but those given.
but() {
	local w out=
	for w in $kws; do
		case " $* " in *" $w "*) ;; *) out="$out $w" ;; esac
	done
	echo "$out"
}

cd "$tmp/files"

# ---- static: the grammar, options and paths ----
kws=$add_kws
comp "evbladeadm " $objects
comp "evbladeadm b" blade
comp "evbladeadm c" client conn
comp "evbladeadm s" status save
comp "evbladeadm h" help
comp "evbladeadm x"
comp "evbladeadm -" -json -pretty -force -batch -help --version
comp "evbladeadm -j -" -pretty -force -batch
comp "evbladeadm -json -p" -pretty
comp "evbladeadm -j -p " $objects
comp "evbladeadm -force -" -json -pretty -batch
comp "evbladeadm -V "
comp "evbladeadm --version "
comp "evbladeadm -help "
comp "evbladeadm -batch " $files
comp "evbladeadm -force -batch c" cmds.conf cow
comp "evbladeadm -force -batch cmds.conf "
comp "evbladeadm -b - "
comp "evbladeadm -f -b " $files
comp "evbladeadm -batch cmds.conf -" -json -pretty -force
comp "evbladeadm -batch - -force "
comp "evbladeadm -batch cmds.conf -j -" -pretty -force
comp "evbladeadm help "
comp "evbladeadm monitor "
comp "evbladeadm -j status "
comp "evbladeadm flush "
comp "evbladeadm save " $files
comp "evbladeadm save d" disk.img disk2.img
comp "evbladeadm save evblade.conf "
comp "evbladeadm sav "
comp "evbladeadm st "
comp "evbladeadm appl c"
comp "evbladeadm apply " $files
comp "evbladeadm apply -" -n
comp "evbladeadm -force apply -n " $files
comp "evbladeadm apply cmds.conf s" state
comp "evbladeadm blade " add set delete reset show list help
comp "evbladeadm blade s" set show
comp "evbladeadm blade re" reset
comp "evbladeadm blade help "
comp "evbladeadm blade add "
comp "evbladeadm blade add e1.0 " $(but)
comp "evbladeadm b a e1.0 " $(but)
comp "evbladeadm blade add e1.0 path disk.img " $(but path)
comp "evbladeadm blade add e1.0 path disk.img re" read-only
comp "evbladeadm blade add e1.0 path " $files
comp "evbladeadm blade add e1.0 path d" disk.img disk2.img
comp "evbladeadm blade add e1.0 private cow base " $files
comp "evbladeadm blade add e1.0 state-dir " $dirs
comp "evbladeadm blade add e1.0 state " $dirs
comp "evbladeadm blade add e1.0 read-only " on off $(but read-only)
comp "evbladeadm blade add e1.0 readonly " on off $(but read-only)
comp "evbladeadm blade add e1.0 read-only on " $(but read-only)
comp "evbladeadm blade add e1.0 read-only path disk.img " $(but read-only path)
comp "evbladeadm blade add e1.0 writeback off lo" locking
comp "evbladeadm blade add e1.0 locking w" write-back
comp "evbladeadm blade add e1.0 acl-policy " allow deny
comp "evbladeadm blade add e1.0 policy d" deny
comp "evbladeadm blade add e1.0 config-string path " $(but config-string)
comp "evbladeadm blade add e1.0 config \"a b\" " $(but config-string)
comp "evbladeadm blade add e1.0 config-string "
comp "evbladeadm blade add e1.0 bufcnt "
comp "evbladeadm blade add e1.0 size "
comp "evbladeadm blade add e1.0 idle "
comp "evbladeadm blade add e1.0 idle-timeout 30 " $(but idle-timeout)
comp "evbladeadm blade add e1.0 private cow base b.img path x " $(but private cow base path size write-back)
comp "evbladeadm blade add e1.0 private size 1G c" config-string
comp "evbladeadm blade add e1.0 write-back c" config-string
comp "evbladeadm blade add e1.0 dev a dev b mask-mac 02:00:00:00:00:01 allow x deny y path p " $(but path)
comp "evbladeadm blade add e1.0 mask 02:00:00:00:00:01 m" mask-mac
comp "evbladeadm blade add e1.0 all" allow
comp "evbladeadm blade add e1.0 nom"
comp "evbladeadm blade add e1.0 rel"
comp "evbladeadm blade add e1.0 p" path private
kws=$set_kws
comp "evbladeadm blade set e1.0 " $(but)
comp "evbladeadm -j blade set e1.0 bufcnt 4 l" locking
comp "evbladeadm blade set e1.0 read-only " on off
comp "evbladeadm blade set e1.0 readonly on " $(but read-only)
comp "evbladeadm blade set e1.0 write-back "  on off
comp "evbladeadm blade set e1.0 locking o" on off
comp "evbladeadm blade set e1.0 p"  policy
comp "evbladeadm blade set e1.0 nom" nomask
comp "evbladeadm blade set e1.0 rel" release
comp "evbladeadm blade set e1.0 noacl a" acl-policy all-ifs
comp "evbladeadm blade set e1.0 path"
comp "evbladeadm blade set e1.0 dev x " $(but all-ifs)
comp "evbladeadm blade set e1.0 all-ifs " $(but all-ifs dev)
comp "evbladeadm blade set e1.0 alldevs d" deny
comp "evbladeadm blade set e1.0 acl-clear " $(but acl-clear allow deny)
comp "evbladeadm blade set e1.0 allow x a" acl-policy all-ifs allow
comp "evbladeadm blade set e1.0 deny x " $(but acl-clear)
comp "evbladeadm blade set e1.0 mask-clear m"
comp "evbladeadm blade set e1.0 nomask reserve-clear " $(but mask-clear mask-mac reserve-clear)
comp "evbladeadm blade set e1.0 mask-mac 02:00:00:00:00:01 m" mask-mac
comp "evbladeadm blade set e1.0 idle-timeout "
comp "evbladeadm blade del e1.0 "
comp "evbladeadm blade show e1.0 "
comp "evbladeadm blade reset e3.0 " client mac all force
comp "evbladeadm blade reset e3.0 all " force
comp "evbladeadm blade reset e3.0 force " client mac all
comp "evbladeadm blade reset e3.0 client node1 " force
comp "evbladeadm blade reset e3.0 mac 02:00:00:00:01:01 force "
comp "evbladeadm blade reset e3.0 all force "
comp "evbladeadm client " add delete show list help
comp "evbladeadm cl s" show
comp "evbladeadm client add "
comp "evbladeadm client add n "  mac
comp "evbladeadm client add n mac "
comp "evbladeadm client add n mac 02:00:00:00:09:0"
comp "evbladeadm client add n mac 02:00:00:00:09:09 " mac
comp "evbladeadm client help "
comp "evbladeadm conn " show list help
comp "evbladeadm co l" list
comp "evbladeadm conn show e1.0 " mac
comp "evbladeadm conn show e1.0 mac 02:00:00:00:01:01 "
comp "evbladeadm conn help "
done_cases "static completions"

# ---- dynamic, without the module: nothing offered, nothing loaded ----
dynamic_none() {
	comp "evbladeadm blade set "
	comp "evbladeadm blade reset "
	comp "evbladeadm blade show e"
	comp "evbladeadm conn show "
	comp "evbladeadm client del "
	comp "evbladeadm blade add e1.0 allow "
	comp "evbladeadm blade set e1.0 mask-mac "
	comp "evbladeadm blade reset e3.0 mac 02:00:00:00:0"
}
if [ $host = 1 ]; then
	[ ! -d /sys/module/evblade ] || skip "evblade is loaded on this machine"
	# A stand-in evbladeadm that records being run: completion must not
	# run the tool (which would load the module) while it is absent.
	mkdir "$tmp/bin"
	printf '#!/bin/sh\necho "$@" >> %s/called\n' "$tmp" > "$tmp/bin/evbladeadm"
	chmod +x "$tmp/bin/evbladeadm"
	PATH=$tmp/bin:$PATH
	dynamic_none
	[ ! -e "$tmp/called" ] || fail "completion ran evbladeadm without the module: $(cat "$tmp/called")"
	done_cases "without the module"
	exit 0
fi

if [ -d /sys/module/evblade ]; then
	log "evblade is loaded already: not checking completion without it"
else
	dynamic_none
	[ ! -d /sys/module/evblade ] || fail "completion loaded the evblade module"
	done_cases "without the module"
fi

# ---- dynamic, with the module ----
load_module evblade
"$IP" link add evc0 type veth peer name evc1
on_exit link_del evc0
ifaces="evc0 evc1"
if modprobe tun 2>/dev/null && "$IP" tuntap add evt0 mode tun 2>/dev/null; then
	on_exit link_del evt0
	log "TUN evt0 is there, and must not be offered"
fi
have=$(cd /sys/class/net && printf '%s ' * | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
[ "$have" = "evc0 evc1 $([ ! -e /sys/class/net/evt0 ] || echo 'evt0 ')lo " ] ||
	fail "unexpected interfaces in the guest: $have"

M11=02:00:00:00:01:01 M12=02:00:00:00:01:02 M21=02:00:00:00:02:01
adm client add node1 mac $M11 mac $M12 || fail "client add node1 failed"
on_exit client_undo adm node1
adm client add node2 mac $M21 || fail "client add node2 failed"
on_exit client_undo adm node2
blade_add e1.0 dev evc0 path "$tmp/files/disk.img" || fail "blade add e1.0 failed"
blade_add e1.1 path "$tmp/files/disk2.img" || fail "blade add e1.1 failed"
blade_add e3.0 private cow base "$tmp/files/base.img" path "$tmp/files/cow/%m.cow" autocreate ||
	fail "blade add e3.0 failed"
blades="e1.0 e1.1 e3.0"

comp "evbladeadm blade set " $blades
comp "evbladeadm blade set e1" e1.0 e1.1
comp "evbladeadm -j -p blade show " $blades
comp "evbladeadm b s e3" e3.0
comp "evbladeadm blade del " $blades
comp "evbladeadm blade delete e1.1 "
comp "evbladeadm blade reset " e3.0
comp "evbladeadm blade add " 
comp "evbladeadm conn show " $blades
comp "evbladeadm conn " show list help
comp "evbladeadm conn list e1.0 mac " $M11 $M12 $M21
comp "evbladeadm conn show e1.0 mac 02:00:00:00:02" $M21
comp "evbladeadm client del " node1 node2
comp "evbladeadm client show node2" node2
comp "evbladeadm client add " 
comp "evbladeadm client add node3 mac "
comp "evbladeadm blade reset e3.0 client " node1 node2
comp "evbladeadm blade reset e3.0 force client n" node1 node2
comp "evbladeadm blade reset e3.0 mac " $M11 $M12 $M21
comp "evbladeadm blade reset e3.0 mac 02:00:00:00:01" $M11 $M12
comp "evbladeadm blade add e2.0 allow " node1 node2
comp "evbladeadm blade set e1.0 allow node1 deny " node2
comp "evbladeadm blade set e1.0 deny node2 allow node1 allow "
comp "evbladeadm blade set e1.0 mask-mac " $M11 $M12 $M21
comp "evbladeadm blade set e1.0 mask-mac $M11 mask-mac 0" $M12 $M21
comp "evbladeadm blade add e2.0 mask 02:00:00:00:0" $M11 $M12 $M21
comp "evbladeadm blade add e2.0 dev " $ifaces
comp "evbladeadm blade add e2.0 dev e" $ifaces
comp "evbladeadm blade add e2.0 dev l"
comp "evbladeadm blade set e1.0 dev evc0 dev " evc1
comp "evbladeadm blade set e1.0 dev evc0 dev evc1 dev "
done_cases "with the module"

# Deleted blades and clients are offered no more.
log "deleting the blades and clients"
for b in $blades; do adm blade del "$b"; done
adm client del node1
adm client del node2
comp "evbladeadm blade set "
comp "evbladeadm client del "
done_cases "once deleted"
