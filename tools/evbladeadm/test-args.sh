#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of evbladeadm's argument parser that need no kernel module.
#
# Every run has EVBLADEADM_DUMP_REQUEST=1 in its environment: the tool then
# opens no netlink socket and, instead of sending a request, hexdumps it to
# stderr and exits 0.  So this script never talks to the kernel (it cannot
# load evblade by asking for the family), and it checks both sides:
#
#   - rejected arguments: the exit status (2 for usage errors, 1 for an
#     unknown interface), one specific line on stderr, and no request
#     built (the parser must refuse before it opens netlink);
#   - accepted arguments: the command and attributes of the request.
#
# Usage: test-args.sh            (after make; EVBLADEADM=path overrides)

set -u

here=$(cd "$(dirname "$0")" && pwd)
adm=${EVBLADEADM:-$here/evbladeadm}
[ -x "$adm" ] || { echo "test-args.sh: $adm not built; run make first" >&2; exit 2; }

export EVBLADEADM_DUMP_REQUEST=1
export LC_ALL=C

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
rc=0
name=""
problems=()

# run ARGS...: run the tool (in directory $cwd if set), keep its exit
# status, stdout and stderr.
cwd=.
run() {
	(cd "$cwd" && exec "$adm" "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# Each test collects problems, then reports once.
begin() {
	name=$1
	[ ${#name} -le 110 ] || name="${name:0:100}... (${#name} chars)"
	problems=()
}

problem() {
	problems+=("$1")
}

end() {
	if [ ${#problems[@]} -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok   $name"
		return
	fi
	failed=$((failed + 1))
	echo "FAIL $name"
	printf '       %s\n' "${problems[@]}"
	sed 's/^/       stderr: /' "$tmp/err" | head -20
	sed 's/^/       stdout: /' "$tmp/out" | head -5
}

# reject STATUS MESSAGE ARGS...: the tool must exit STATUS with MESSAGE (a
# fixed string) on a single line of stderr, nothing on stdout, and no
# request built.
reject() {
	local want=$1 msg=$2
	shift 2
	begin "reject: evbladeadm $(printf '%q ' "$@")"
	run "$@"
	[ "$rc" = "$want" ] || problem "exit status $rc, expected $want"
	grep -qF -- "$msg" "$tmp/err" || problem "stderr lacks: $msg"
	[ "$(wc -l <"$tmp/err")" = 1 ] || problem "stderr is not one line"
	grep -q '^evbladeadm: ' "$tmp/err" || problem "stderr lacks the 'evbladeadm: ' prefix"
	if [ "$want" = 2 ]; then
		grep -qF "; try 'evbladeadm " "$tmp/err" || problem "no hint ('; try ...') on the usage error"
	fi
	! grep -q EVBLADEADM_DUMP_REQUEST "$tmp/err" || problem "a request was built: the parser did not refuse first"
	[ ! -s "$tmp/out" ] || problem "stdout is not empty"
	end
}

# request NAME ARGS...: the tool must build a request (exit 0, the dump on
# stderr); then has/lacks check its lines and done reports.
request() {
	begin "request: $1"
	shift
	run "$@"
	[ "$rc" = 0 ] || problem "exit status $rc, expected 0"
	grep -q 'EVBLADEADM_DUMP_REQUEST is set: not sending' "$tmp/err" || problem "no request dumped"
}

has() {
	grep -qxF -- "$1" "$tmp/err" || problem "request lacks line: $1"
}

lacks() {
	! grep -q -- "$1" "$tmp/err" || problem "request has: $1"
}

done_() {
	end
}

# helps NAME ARGS...: exit 0 with a usage text on stdout.
helps() {
	local text=$1
	shift
	begin "help: evbladeadm $*"
	run "$@"
	[ "$rc" = 0 ] || problem "exit status $rc, expected 0"
	grep -qF -- "$text" "$tmp/out" || problem "stdout lacks: $text"
	[ ! -s "$tmp/err" ] || problem "stderr is not empty"
	end
}

# The little-endian hex of a u32, as the dump shows it.
le32() {
	printf '%02x %02x %02x %02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

echo "# blade addresses"
reject 2 "shelf 65535 is out of range 0..65534" blade add e65535.0 path /dev/null
reject 2 "shelf 99999999999999999999999 is out of range 0..65534" blade add e99999999999999999999999.0 path /dev/null
reject 2 "slot 255 is out of range 0..254" blade add e1.255 path /dev/null
reject 2 "slot 1000 is out of range 0..254" blade del e1.1000
reject 2 "invalid blade address 'e1': no '.<slot>'" blade add e1 path /dev/null
reject 2 "invalid blade address 'e': no '.<slot>'" blade del e
reject 2 "shelf 'x' is not a decimal number" blade add ex.y path /dev/null
reject 2 "slot 'y' is not a decimal number" blade add e1.y path /dev/null
reject 2 "more than one '.'" blade add e1.0.0 path /dev/null
reject 2 "empty blade address" blade add '' path /dev/null
reject 2 "shelf '' is not a decimal number" blade del e.0
reject 2 "slot '' is not a decimal number" blade del e1.
reject 2 "shelf '-1' is not a decimal number" blade del e-1.0
reject 2 "shelf '+1' is not a decimal number" blade del e+1.0
reject 2 "shelf ' 1' is not a decimal number" blade del 'e 1.0'
reject 2 "shelf '0x1' is not a decimal number" blade del e0x1.0
reject 2 "shelf 'E1' is not a decimal number" blade del E1.0
reject 2 "shelf 'ee1' is not a decimal number" blade del eee1.0
reject 2 "slot '0 ' is not a decimal number" blade set 'e1.0 ' bufcnt 8
reject 2 "slot 256 is out of range" blade show e1.256
reject 2 "missing blade address" blade add
reject 2 "missing blade address (e<shelf>.<slot>) before 'path'" blade add path /dev/null
reject 2 "missing blade address" blade del
reject 2 "missing blade address" blade set

echo "# keywords"
reject 2 "blade add: unknown argument 'foo'" blade add e1.0 path /dev/null foo
reject 2 "blade add: unknown argument 'ro'" blade add e1.0 path /dev/null ro
reject 2 "blade set: unknown argument 'bogus'" blade set e1.0 bogus 1
reject 2 "blade: unknown command 'frob'" blade frob
reject 2 "unknown object 'frob'" frob
reject 2 "unknown option '-x'" -x status
reject 2 "blade delete: unexpected argument 'extra'" blade del e1.0 extra
reject 2 "blade show: unexpected argument 'extra'" blade show e1.0 extra
reject 2 "status: unexpected argument 'extra'" status extra
reject 2 "monitor: unexpected argument 'extra'" monitor extra

echo "# readonly and writeback"
reject 2 "blade set: 'readonly' takes on or off, not 'maybe'" blade set e1.0 readonly maybe
reject 2 "blade add: 'readonly' takes on or off, not 'maybe'" blade add e1.0 path /dev/null readonly maybe
reject 2 "blade set: 'writeback' takes on or off, not 'yes'" blade set e1.0 writeback yes
reject 2 "blade set: 'writeback' needs on or off" blade set e1.0 writeback
reject 2 "blade set: 'read-only' given twice" blade set e1.0 readonly on readonly off
reject 2 "blade add: 'write-back' given twice" blade add e1.0 path /dev/null writeback writeback

echo "# path and dev"
reject 2 "blade add: missing 'path PATH'" blade add e1.0
reject 2 "blade add: missing 'path PATH'" blade add e1.0 readonly bufcnt 8
reject 2 "blade add: 'path' needs a block device or a file" blade add e1.0 path
reject 2 "blade add: 'path' is empty" blade add e1.0 path ''
reject 2 "blade add: 'path' given twice" blade add e1.0 path /dev/null path /dev/zero
reject 2 "blade add: 'dev' needs an interface name" blade add e1.0 path /dev/null dev
reject 1 "blade add: dev 0123456789abcdef: no such interface" blade add e1.0 dev 0123456789abcdef path /dev/null
reject 2 "blade set: 'path' cannot be changed; delete the blade and add it again" blade set e1.0 path /dev/null
reject 1 "blade set: dev nosuchdev0: no such interface in this network namespace" blade set e1.0 dev nosuchdev0
reject 1 "blade add: dev nosuchdev0: no such interface in this network namespace" blade add e1.0 dev lo dev nosuchdev0 path /dev/null
# A usage error wins over an unknown interface: all arguments are parsed first.
reject 2 "bufcnt 'x' is not a decimal number" blade add e1.0 dev nosuchdev0 path /dev/null bufcnt x

echo "# bufcnt"
reject 2 "blade set: bufcnt 99999999999999999999 is out of range 0..65535" blade set e1.0 bufcnt 99999999999999999999
reject 2 "blade set: bufcnt 'x' is not a decimal number" blade set e1.0 bufcnt x
reject 2 "blade set: bufcnt '-4' is not a decimal number" blade set e1.0 bufcnt -4
reject 2 "blade set: bufcnt '0x10' is not a decimal number" blade set e1.0 bufcnt 0x10
reject 2 "blade set: bufcnt '' is not a decimal number" blade set e1.0 bufcnt ''
reject 2 "blade set: 'bufcnt' needs a number" blade set e1.0 bufcnt
reject 2 "blade set: 'bufcnt' given twice" blade set e1.0 bufcnt 8 bufcnt 9

echo "# config"
long=$(printf 'c%.0s' {1..1025})
reject 2 "blade set: 'config' needs a string" blade set e1.0 config
reject 2 "blade set: 'config-string' given twice" blade set e1.0 config a config b

echo "# set"

echo "# help"
helps "Usage: evbladeadm blade add ADDR" blade help
helps "Usage: evbladeadm blade add ADDR" blade add help
helps "Usage: evbladeadm blade add ADDR" blade add e1.0 path /dev/null help
helps "Usage: evbladeadm blade add ADDR" blade set e1.0 help
helps "Usage: evbladeadm blade add ADDR" blade del help
helps "Usage: evbladeadm blade add ADDR" blade show help
helps "Usage: evbladeadm [ OPTIONS ] OBJECT" help
helps "Usage: evbladeadm [ OPTIONS ] OBJECT" -h
helps "evbladeadm " -V
helps "monitor" monitor help
helps "[ state-dir DIR ] [ private ] [ size SIZE ] [ autocreate ]" blade help
helps "Aliases: readonly, writeback, config, alldevs, mask, nomask, release, state," blade help
helps "[ acl-clear ]" blade set e1.0 allow tc1 help
helps "WHO := a MAC address or a client name" blade add e1.0 private help
helps "Usage: evbladeadm client add NAME mac MAC [ mac MAC ]..." client help
helps "Usage: evbladeadm client add NAME" client add help
helps "Usage: evbladeadm client add NAME" client add tc1 mac 02:00:00:00:00:0a help
helps "Usage: evbladeadm client add NAME" client del help
helps "Usage: evbladeadm client add NAME" client del tc1 help
helps "Usage: evbladeadm client add NAME" client show help
helps "Usage: evbladeadm client add NAME" client show tc1 help
helps "| client { add | delete | show | help }" help
helps "| conn { show | help }" help
helps "blade { add | delete | set | reset | show | help }" help
helps "[ cow ] [ base BASE ]" blade help
helps "blade reset ADDR { client NAME | mac MAC | all } [ force ]" blade help
helps "Usage: evbladeadm blade add ADDR" blade reset help
helps "Usage: evbladeadm blade add ADDR" blade reset e3.0 help
helps "Usage: evbladeadm blade add ADDR" blade reset e3.0 client tc1 force help
helps "Usage: evbladeadm conn [ { show | list } [ ADDR [ mac MAC ] ] ]" conn help
helps "Usage: evbladeadm conn [ { show" conn show help
helps "Usage: evbladeadm conn [ { show" conn show e1.0 help
helps "Usage: evbladeadm conn [ { show" conn show e1.0 mac 02:00:00:00:00:0a help

echo "# requests (encoding)"
lo=$(cat /sys/class/net/lo/ifindex 2>/dev/null || echo 1)

request "blade add, every attribute" blade add e1.0 dev lo path /dev/null readonly writeback off config 'a"b' bufcnt 16
has "genl cmd 2 version 1"
has "attr 1 len 2: 01 00  |..|"
has "attr 2 len 1: 00  |.|"
has "attr 3 len 10: 2f 64 65 76 2f 6e 75 6c 6c 00  |/dev/null.|"
has "attr 4 len 4: $(le32 "$lo")  |....|"
has "attr 7 len 1: 01  |.|"
has "attr 8 len 1: 00  |.|"
has "attr 9 len 3: 61 22 62  |a\"b|"
has "attr 10 len 2: 10 00  |..|"
done_

request "blade add, the least: no dev means every interface" blade add 65534.254 path /dev/null
has "attr 1 len 2: fe ff  |..|"
has "attr 2 len 1: fe  |.|"
lacks "^attr 4 "
lacks "^attr 7 "
lacks "^attr 8 "
lacks "^attr 9 "
lacks "^attr 10 "
done_

request "blade add, readonly on / writeback on, bufcnt bounds" blade add e0.0 path /dev/null readonly on writeback on bufcnt 256
has "attr 7 len 1: 01  |.|"
has "attr 8 len 1: 01  |.|"
has "attr 10 len 2: 00 01  |..|"
done_

request "blade add, readonly off" blade add e0.0 path /dev/null readonly off bufcnt 2
has "attr 7 len 1: 00  |.|"
has "attr 10 len 2: 02 00  |..|"
done_

# Two interfaces, if this netns has a second one besides lo.
other=
for d in /sys/class/net/*; do
	[ -e "$d" ] && [ "${d##*/}" != lo ] && { other=${d##*/}; break; }
done
if [ -n "$other" ]; then
	request "blade add, two devs, in order" blade add e1.0 dev lo path /dev/null dev "$other"
	grep '^attr 4 ' "$tmp/err" | grep -A1 -x "attr 4 len 4: $(le32 "$lo")  |....|" | grep -qx "attr 4 len 4: $(le32 "$(cat "/sys/class/net/$other/ifindex")")  |....|" ||
		problem "no ifindex of lo then $other"
	done_
fi

mkdir -p "$tmp/d/sub"
: >"$tmp/d/disk.img"
ln -s disk.img "$tmp/d/link.img"
cwd=$tmp/d/sub
request "blade add, relative path made absolute" blade add e1.0 path ../disk.img
grep -qF "|$tmp/d/disk.img.|" "$tmp/err" || problem "path is not $tmp/d/disk.img"
done_

request "blade add, relative path to a symlink keeps the link's name" blade add e1.0 path ../link.img
grep -qF "|$tmp/d/link.img.|" "$tmp/err" || problem "path is not $tmp/d/link.img"
done_

cwd=$tmp/d
request "blade add, relative path in a missing directory" blade add e1.0 path nodir/disk.img
grep -qF "|$tmp/d/nodir/disk.img.|" "$tmp/err" || problem "path is not $tmp/d/nodir/disk.img"
done_

request "blade add, path ." blade add e1.0 path .
grep -qF "|$tmp/d.|" "$tmp/err" || problem "path is not $tmp/d"
done_
cwd=.

request "blade add, absolute path passed as given" blade add e1.0 path /dev/../dev/null
has "attr 3 len 17: 2f 64 65 76 2f 2e 2e 2f 64 65 76 2f 6e 75 6c 6c 00  |/dev/../dev/null.|"
done_

request "blade add, config of exactly 1024 bytes" blade add e1.0 path /dev/null config "$(printf 'c%.0s' {1..1024})"
grep -q "^attr 9 len 1024: 63 63" "$tmp/err" || problem "no 1024-byte attribute 9"
done_

request "blade del" blade del e7.3
has "genl cmd 3 version 1"
has "attr 1 len 2: 07 00  |..|"
has "attr 2 len 1: 03  |.|"
lacks "^attr [3-9]"
done_

request "blade delete (long form)" blade delete e7.3
has "genl cmd 3 version 1"
done_

request "blade set, only what is given" blade set e2.1 readonly off writeback on
has "genl cmd 4 version 1"
has "attr 7 len 1: 00  |.|"
has "attr 8 len 1: 01  |.|"
lacks "^attr 9 "
lacks "^attr 10 "
done_

request "blade set config '' clears the string" blade set e2.1 config ''
has "attr 9 len 0:"
lacks "^attr 7 "
done_

echo "# locking, mask and reservation"
request "blade set locking, two mask MACs in order, release" blade set e2.1 locking on mask 02:00:00:00:00:0a mask 02:00:00:00:00:0B release
has "attr 14 len 1: 01  |.|"
has "attr 15 len 6: 02 00 00 00 00 0a  |......|"
has "attr 15 len 6: 02 00 00 00 00 0b  |......|"
has "attr 18 len 0:"
lacks "^attr 17 "
done_
request "blade set nomask" blade set e2.1 nomask
has "attr 17 len 0:"
lacks "^attr 15 "
done_
request "blade add locking (bare) and a mask" blade add e1.0 path /dev/null locking mask 02:00:00:00:00:0a
has "attr 14 len 1: 01  |.|"
has "attr 15 len 6: 02 00 00 00 00 0a  |......|"
done_
request "blade add state DIR" blade add e1.0 path /dev/null state /tmp
has "attr 19 len 5: 2f 74 6d 70 00  |/tmp.|"
done_
reject 2 "blade set: 'state' cannot be changed" blade set e1.0 state /tmp
reject 2 "blade add: 'state-dir' given twice" blade add e1.0 path /dev/null state /a state /b
reject 2 "blade add: 'state' needs a directory" blade add e1.0 path /dev/null state
reject 2 "mask '02:00:00:00:00' is not a MAC address" blade set e1.0 mask 02:00:00:00:00
reject 2 "mask '02:00:00:00:00:0g' is not a MAC address" blade set e1.0 mask 02:00:00:00:00:0g
reject 2 "mask '02-00-00-00-00-0a' is not a MAC address" blade set e1.0 mask 02-00-00-00-00-0a
reject 2 "blade set: 'mask' needs a MAC address" blade set e1.0 mask
reject 2 "blade add: 'release' is for blade set" blade add e1.0 path /dev/null release
reject 2 "blade set: 'locking' takes on or off, not 'maybe'" blade set e1.0 locking maybe

echo "# private blades"
tmpl=/srv/evblade/swap-%m.img
reject 2 "blade add: size 'x' is not a size" blade add e1.0 private path "$tmpl" size x
reject 2 "blade add: size '2X' is not a size" blade add e1.0 private path "$tmpl" size 2X
reject 2 "blade add: size '2GB' is not a size" blade add e1.0 private path "$tmpl" size 2GB
reject 2 "blade add: size 'G' is not a size" blade add e1.0 private path "$tmpl" size G
reject 2 "blade add: size '' is not a size" blade add e1.0 private path "$tmpl" size ''
reject 2 "blade add: size '-512' is not a size" blade add e1.0 private path "$tmpl" size -512
reject 2 "blade add: size '1.5G' is not a size" blade add e1.0 private path "$tmpl" size 1.5G
reject 2 "blade add: size '0x200' is not a size" blade add e1.0 private path "$tmpl" size 0x200
reject 2 "blade add: size 99999999999999999999 is over 16 EiB" blade add e1.0 private path "$tmpl" size 99999999999999999999
reject 2 "blade add: size 16777216T is over 16 EiB" blade add e1.0 private path "$tmpl" size 16777216T
reject 2 "blade add: 'size' needs a size in bytes" blade add e1.0 private path "$tmpl" size
reject 2 "blade add: 'size' given twice" blade add e1.0 private path "$tmpl" size 1M size 2M
reject 2 "blade set: 'private' cannot be changed" blade set e1.0 private
reject 2 "blade set: 'size' cannot be changed" blade set e1.0 size 1G
reject 2 "blade set: 'autocreate' cannot be changed" blade set e1.0 autocreate

request "blade add private, the issue's example" blade add e2.0 private path "$tmpl" size 2G autocreate
has "genl cmd 2 version 1"
has "attr 3 len 25: 2f 73 72 76 2f 65 76 62 6c 61 64 65 2f 73 77 61 70 2d 25 6d 2e 69 6d 67 00  |/srv/evblade/swap-%m.img.|"
has "attr 20 len 0:"
has "attr 6 len 8: 00 00 00 80 00 00 00 00  |........|"
has "attr 21 len 0:"
done_

request "blade add private, no size, no autocreate, %c and %%" blade add e2.0 path '/srv/evblade/100%%-%c.img' private
has "attr 20 len 0:"
lacks "^attr 6 "
lacks "^attr 21 "
done_

request "blade add private size, plain bytes, no autocreate" blade add e2.0 private path "$tmpl" size 512
has "attr 6 len 8: 00 02 00 00 00 00 00 00  |........|"
lacks "^attr 21 "
done_

request "blade add size suffixes: k (lower case)" blade add e2.0 private path "$tmpl" size 3k
has "attr 6 len 8: 00 0c 00 00 00 00 00 00  |........|"
done_
request "blade add size suffixes: M" blade add e2.0 private path "$tmpl" size 5M
has "attr 6 len 8: 00 00 50 00 00 00 00 00  |..P.....|"
done_
request "blade add size suffixes: T" blade add e2.0 private path "$tmpl" size 1T
has "attr 6 len 8: 00 00 00 00 00 01 00 00  |........|"
done_
request "blade add size: the largest" blade add e2.0 private path "$tmpl" size 8388607T
has "attr 6 len 8: 00 00 00 00 00 ff ff 7f  |........|"
done_

request "blade add without private sends no private, size or autocreate" blade add e1.0 path /dev/null
lacks "^attr 6 "
lacks "^attr 20 "
lacks "^attr 21 "
lacks "^attr 2[2-8] "
lacks "^attr 3[01] "
done_

cwd=$tmp/d
request "blade add private, relative template made absolute, escapes kept" blade add e1.0 private path sub/c-%c.img
grep -qF "|$tmp/d/sub/c-%c.img.|" "$tmp/err" || problem "path is not $tmp/d/sub/c-%c.img"
done_
cwd=.

echo "# copy-on-write blades"
cowt=/srv/cow/%m.cow
reject 2 "blade add: 'base' needs a block device or a file" blade add e3.0 private cow path "$cowt" base
reject 2 "blade add: 'base' is empty" blade add e3.0 private cow path "$cowt" base ''
reject 2 "blade add: 'base' given twice" blade add e3.0 private cow base /a path "$cowt" base /b
reject 2 "blade add: 'cow' given twice" blade add e3.0 private cow cow base /a path "$cowt"
reject 2 "blade add: unknown argument 'copyonwrite'" blade add e3.0 private copyonwrite base /a path "$cowt"
reject 2 "blade add: missing 'path PATH'" blade add e3.0 private cow base /srv/golden.img
reject 2 "blade add: missing blade address (e<shelf>.<slot>) before 'base'" blade add base /srv/golden.img
reject 2 "blade add: missing blade address (e<shelf>.<slot>) before 'cow'" blade add cow
reject 2 "blade set: 'cow' cannot be changed; delete the blade and add it again" blade set e3.0 cow
reject 2 "blade set: 'base' cannot be changed; delete the blade and add it again" blade set e3.0 base /srv/golden.img
reject 2 "blade add: size 'x' is not a size" blade add e3.0 private cow base /a path "$cowt" size x

request "blade add cow, the issue's example, attributes in the order given" blade add e3.0 dev lo private cow base /srv/golden.img path "$cowt" autocreate
has "genl cmd 2 version 1"
has "attr 30 len 0:"
has "attr 31 len 16: 2f 73 72 76 2f 67 6f 6c 64 65 6e 2e 69 6d 67 00  |/srv/golden.img.|"
has "attr 3 len 16: 2f 73 72 76 2f 63 6f 77 2f 25 6d 2e 63 6f 77 00  |/srv/cow/%m.cow.|"
grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ' | grep -qx '1 2 4 20 30 31 3 21 ' || problem "attributes not in the order given: $(grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ')"
lacks "^attr 6 "
done_

# Which keywords go with cow is the kernel's rule (selftests/cow.sh): sent as given.
request "blade add cow without private or base: the kernel refuses" blade add e3.0 cow path /dev/null
has "attr 30 len 0:"
lacks "^attr 20 "
lacks "^attr 31 "
done_
request "blade add base without cow: the kernel refuses" blade add e3.0 private base /srv/golden.img path "$cowt"
has "attr 31 len 16: 2f 73 72 76 2f 67 6f 6c 64 65 6e 2e 69 6d 67 00  |/srv/golden.img.|"
lacks "^attr 30 "
done_
request "blade add cow with size and write-back: the kernel refuses" blade add e3.0 private cow base /srv/golden.img path "$cowt" size 1G write-back
has "attr 30 len 0:"
has "attr 6 len 8: 00 00 00 40 00 00 00 00  |...@....|"
has "attr 8 len 1: 01  |.|"
done_

mkdir -p "$tmp/d/img"
cwd=$tmp/d
request "blade add base, relative, made absolute" blade add e3.0 private cow base img/golden.img path "$cowt"
grep -qF "|$tmp/d/img/golden.img.|" "$tmp/err" || problem "base is not $tmp/d/img/golden.img"
done_
request "blade add base, a bare file name, made absolute" blade add e3.0 private cow base golden.img path "$cowt"
grep -qF "|$tmp/d/golden.img.|" "$tmp/err" || problem "base is not $tmp/d/golden.img"
done_
cwd=.

echo "# blade reset"
reject 2 "blade reset: missing blade address" blade reset
reject 2 "blade reset: missing blade address (e<shelf>.<slot>) before 'all'" blade reset all
reject 2 "blade reset: missing blade address (e<shelf>.<slot>) before 'client'" blade reset client tc1
reject 2 "blade reset: invalid blade address 'e3': no '.<slot>'" blade reset e3 all
reject 2 "blade reset: invalid blade address 'e3.255': slot 255 is out of range 0..254" blade reset e3.255 all
reject 2 "blade reset: missing 'client NAME', 'mac MAC' or 'all' (whose overlays to reset)" blade reset e3.0
reject 2 "blade reset: missing 'client NAME', 'mac MAC' or 'all' (whose overlays to reset)" blade reset e3.0 force
reject 2 "blade reset: 'client' and 'all' exclude each other: give one of client NAME, mac MAC or all" blade reset e3.0 client tc1 all
reject 2 "blade reset: 'all' and 'mac' exclude each other" blade reset e3.0 all force mac 02:00:00:00:00:0a
reject 2 "blade reset: 'mac' and 'client' exclude each other" blade reset e3.0 mac 02:00:00:00:00:0a client tc1
reject 2 "blade reset: 'client' given twice" blade reset e3.0 client tc1 client tc2
reject 2 "blade reset: 'all' given twice" blade reset e3.0 all all
reject 2 "blade reset: 'force' given twice" blade reset e3.0 force all force
reject 2 "blade reset: 'client' needs a client name" blade reset e3.0 client
reject 2 "blade reset: 'mac' needs a MAC address" blade reset e3.0 mac
reject 2 "blade reset: mac '02:00:00:00:00' is not a MAC address (xx:xx:xx:xx:xx:xx)" blade reset e3.0 mac 02:00:00:00:00
reject 2 "blade reset: mac 'tc1' is not a MAC address" blade reset e3.0 mac tc1
reject 2 "blade reset: unknown argument 'forced'" blade reset e3.0 all forced
reject 2 "blade reset: unknown argument 'overlay'" blade reset e3.0 overlay all
reject 2 "blade reset: unknown argument 'tc1'" blade reset e3.0 all tc1

request "blade reset client NAME" blade reset e3.0 client tc1
has "genl cmd 17 version 1"
has "nlmsg len 44 type 0 flags 0x5"
has "attr 1 len 2: 03 00  |..|"
has "attr 2 len 1: 00  |.|"
has "attr 3 len 4: 74 63 31 00  |tc1.|"
lacks "^attr 4 "
lacks "^attr 1[89] "
done_

request "blade reset mac MAC force" blade reset e3.0 mac 02:00:00:00:00:0A force
has "genl cmd 17 version 1"
has "attr 4 len 6: 02 00 00 00 00 0a  |......|"
has "attr 19 len 0:"
lacks "^attr 3 "
lacks "^attr 18 "
done_

request "blade reset all" blade reset e3.0 all
has "genl cmd 17 version 1"
has "nlmsg len 40 type 0 flags 0x5"
has "attr 18 len 0:"
lacks "^attr [34] "
lacks "^attr 19 "
done_

request "blade reset force all: the words in any order" blade reset e3.0 force all
grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ' | grep -qx '1 2 18 19 ' || problem "not shelf, slot, all, force: $(grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ')"
done_

# What makes a client name, and whether it exists, are the kernel's rules.
request "blade reset client NAME: the kernel checks the name" blade reset e3.0 client Bad/name
has "attr 3 len 9: 42 61 64 2f 6e 61 6d 65 00  |Bad/name.|"
done_
request "blade reset client all: a client may be named all" blade reset e3.0 client all
has "attr 3 len 4: 61 6c 6c 00  |all.|"
lacks "^attr 18 "
done_

request "prefixes: blade r = blade reset" blade r e3.0 all
has "genl cmd 17 version 1"
done_

echo "# idle timeout and ACL"
reject 2 "blade set: idle 'x' is not a decimal number" blade set e1.0 idle x
reject 2 "blade set: idle '5s' is not a decimal number" blade set e1.0 idle 5s
reject 2 "blade set: 'idle' needs a number of seconds" blade set e1.0 idle
reject 2 "blade set: 'idle-timeout' given twice" blade set e1.0 idle 5 idle 6
reject 2 "blade set: 'policy' takes allow or deny, not 'maybe'" blade set e1.0 policy maybe
reject 2 "blade add: 'policy' takes allow or deny, not 'Allow'" blade add e1.0 path /dev/null policy Allow
reject 2 "blade set: 'policy' needs allow or deny" blade set e1.0 policy
reject 2 "blade set: 'acl-policy' given twice" blade set e1.0 policy allow policy deny
reject 2 "blade set: 'allow' needs a MAC address or a client name" blade set e1.0 allow
reject 2 "blade add: 'deny' needs a MAC address or a client name" blade add e1.0 path /dev/null deny
reject 2 "blade add: 'noacl' is for blade set" blade add e1.0 path /dev/null noacl
many=()
for n in $(seq 0 256); do many+=(allow "c$n"); done

request "blade add idle, policy, rules of every kind in order" blade add e1.0 path /dev/null idle 60 policy deny allow tc1 allow 02:00:00:00:00:0A deny 02:00:00:00:00:0b deny Bad_client.2
has "attr 22 len 4: 3c 00 00 00  |<...|"
has "attr 23 len 1: 00  |.|"
has "attr 26 len 4: 74 63 31 00  |tc1.|"
has "attr 24 len 6: 02 00 00 00 00 0a  |......|"
has "attr 25 len 6: 02 00 00 00 00 0b  |......|"
has "attr 27 len 13: 42 61 64 5f 63 6c 69 65 6e 74 2e 32 00  |Bad_client.2.|"
grep '^attr 2[4-7] ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ' | grep -qx '26 24 25 27 ' || problem "rules not in the order given"
lacks "^attr 28 "
done_

# Every attribute at its longest: MAX_DEVS in blade.c leaves room for this.
x4092=$(printf 'x%.0s' {1..4092})
masks=()
for n in $(seq 1 64); do masks+=(mask "$(printf '02:00:00:00:01:%02x' "$n")"); done
rules=()
for n in $(seq 1 256); do rules+=(deny "$(printf 'c%030d' "$n")"); done
request "blade add, the largest request but for the interfaces" blade add e1.0 dev lo private path "/$x4092%m" state "/${x4092}xx" config "$(printf 'c%.0s' {1..1024})" readonly writeback bufcnt 8 locking size 1G autocreate idle 5 policy deny "${masks[@]}" "${rules[@]}" cow base "/${x4092}yy"
has "nlmsg len 23428 type 0 flags 0x5"
[ "$(grep -c '^attr 27 len 32: ' "$tmp/err")" = 256 ] || problem "not 256 deny-client attributes"
done_

request "blade set policy allow alone keeps the rules" blade set e1.0 policy allow
has "genl cmd 4 version 1"
has "attr 23 len 1: 01  |.|"
lacks "^attr 2[4-8] "
done_

request "blade set idle at the bounds" blade set e1.0 idle 86400
has "attr 22 len 4: $(le32 86400)  |.Q..|"
done_

request "blade set noacl" blade set e1.0 noacl
has "attr 28 len 0:"
lacks "^attr 2[4-7] "
done_

request "blade set rules alone (they replace the old ones)" blade set e1.0 deny tc2
has "attr 27 len 4: 74 63 32 00  |tc2.|"
lacks "^attr 23 "
lacks "^attr 28 "
done_

request "blade set: a 31-character client name and 256 rules" blade set e1.0 allow x234567890123456789012345678901 "${many[@]:4}"
has "attr 26 len 32: 78 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 00  |x234567890123456789012345678901.|"
[ "$(grep -c '^attr 26 ' "$tmp/err")" = 256 ] || problem "not 256 allow-client attributes"
done_

request "blade add: readonly, then a new keyword, is readonly on" blade add e1.0 path "$tmpl" readonly private
has "attr 7 len 1: 01  |.|"
has "attr 20 len 0:"
done_

request "blade show (dump)" blade show
has "genl cmd 5 version 1"
has "nlmsg len 20 type 0 flags 0x305"
lacks "^attr "
done_

request "blade (alone) is show" blade
has "nlmsg len 20 type 0 flags 0x305"
done_

request "blade list is show" blade list
has "nlmsg len 20 type 0 flags 0x305"
done_

request "blade show ADDR (do)" blade show e1.2
has "nlmsg len 36 type 0 flags 0x5"
has "attr 1 len 2: 01 00  |..|"
has "attr 2 len 1: 02  |.|"
done_

request "prefixes: b a = blade add" b a e1.0 path /dev/null
has "genl cmd 2 version 1"
done_

request "prefixes: blade s = blade show" blade s
has "genl cmd 5 version 1"
done_

request "status asks for family version 1" status
has "genl cmd 1 version 1"
has "attr 2 len 4: 01 00 00 00  |....|"
done_

echo "# clients"
macs8=() macs9=()
for n in 1 2 3 4 5 6 7 8; do macs8+=(mac "02:00:00:00:00:0$n"); done
macs9=("${macs8[@]}" mac 02:00:00:00:00:09)
reject 2 "client add: missing client name" client add
reject 2 "client add: missing client name before 'mac'" client add mac 02:00:00:00:00:0a
reject 2 "client add: missing 'mac MAC'" client add tc1
reject 2 "client add: 'mac' needs a MAC address" client add tc1 mac
reject 2 "client add: mac '02:00:00:00:00' is not a MAC address" client add tc1 mac 02:00:00:00:00
reject 2 "client add: unknown argument 'foo'" client add tc1 mac 02:00:00:00:00:0a foo
reject 2 "client add: unknown argument 'macs'" client add tc1 macs 02:00:00:00:00:0a
reject 2 "client delete: missing client name" client del
reject 2 "client delete: unexpected argument 'extra'" client del tc1 extra
reject 2 "client show: unexpected argument 'extra'" client show tc1 extra
reject 2 "client: unknown command 'frob'" client frob

request "client add, MACs in order" client add Tc_1.a-b mac 02:00:00:00:00:0A mac 02:00:00:00:00:0b
has "genl cmd 9 version 1"
has "attr 1 len 9: 54 63 5f 31 2e 61 2d 62 00  |Tc_1.a-b.|"
grep '^attr 2 ' "$tmp/err" | tr '\n' '/' | grep -qxF 'attr 2 len 6: 02 00 00 00 00 0a  |......|/attr 2 len 6: 02 00 00 00 00 0b  |......|/' || problem "MACs not 0a then 0b"
done_

request "client add, 8 MACs and a 31-character name" client add x234567890123456789012345678901 "${macs8[@]}"
has "attr 1 len 32: 78 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 00  |x234567890123456789012345678901.|"
[ "$(grep -c '^attr 2 ' "$tmp/err")" = 8 ] || problem "not 8 MAC attributes"
done_

request "client del" client del tc1
has "genl cmd 10 version 1"
has "attr 1 len 4: 74 63 31 00  |tc1.|"
lacks "^attr 2 "
done_

request "client delete (long form)" client delete tc1
has "genl cmd 10 version 1"
done_

request "client show (dump)" client show
has "genl cmd 11 version 1"
has "nlmsg len 20 type 0 flags 0x305"
lacks "^attr "
done_

request "client (alone) is show" client
has "genl cmd 11 version 1"
has "nlmsg len 20 type 0 flags 0x305"
done_

request "client list NAME (do)" client list tc1
has "genl cmd 11 version 1"
has "nlmsg len 28 type 0 flags 0x5"
has "attr 1 len 4: 74 63 31 00  |tc1.|"
done_

request "prefixes: c = client, c a = client add" c a tc1 mac 02:00:00:00:00:0a
has "genl cmd 9 version 1"
done_

echo "# connections"
reject 2 "conn show: invalid blade address 'e1': no '.<slot>'" conn show e1
reject 2 "conn show: invalid blade address 'e1.255': slot 255 is out of range 0..254" conn show e1.255
reject 2 "conn show: missing blade address (e<shelf>.<slot>) before 'mac'" conn show mac 02:00:00:00:00:0a
reject 2 "conn show: unexpected argument 'extra'" conn show e1.0 extra
reject 2 "conn show: 'mac' needs a MAC address" conn show e1.0 mac
reject 2 "conn show: mac 'x' is not a MAC address" conn show e1.0 mac x
reject 2 "conn show: unexpected argument 'extra'" conn show e1.0 mac 02:00:00:00:00:0a extra
reject 2 "conn: unknown command 'add'" conn add e1.0

request "conn show (dump)" conn show
has "genl cmd 12 version 1"
has "nlmsg len 20 type 0 flags 0x305"
lacks "^attr "
done_

request "conn (alone) is show" conn
has "genl cmd 12 version 1"
has "nlmsg len 20 type 0 flags 0x305"
done_

request "conn list ADDR: a dump, filtered here" conn list e3.4
has "genl cmd 12 version 1"
has "nlmsg len 20 type 0 flags 0x305"
lacks "^attr "
done_

request "conn show ADDR mac MAC (do)" conn show e3.4 mac 02:00:00:00:00:0A
has "genl cmd 12 version 1"
has "nlmsg len 48 type 0 flags 0x5"
has "attr 1 len 2: 03 00  |..|"
has "attr 2 len 1: 04  |.|"
has "attr 4 len 6: 02 00 00 00 00 0a  |......|"
done_

request "prefixes: co = conn" co
has "genl cmd 12 version 1"
done_

echo "# aliases: each older spelling builds the canonical word's request"
# same NAME "CANONICAL ARGS" "ALIAS ARGS": both build the same request.
same() {
	begin "alias: $1"
	run $2
	[ "$rc" = 0 ] || problem "canonical: exit status $rc, expected 0"
	cp "$tmp/err" "$tmp/want"
	run $3
	[ "$rc" = 0 ] || problem "alias: exit status $rc, expected 0"
	grep -q 'EVBLADEADM_DUMP_REQUEST is set: not sending' "$tmp/err" || problem "no request dumped"
	cmp -s "$tmp/want" "$tmp/err" || problem "the requests differ: $(diff "$tmp/want" "$tmp/err" | tr '\n' ' ')"
	end
}
same "readonly = read-only" "blade set e1.0 read-only on" "blade set e1.0 readonly on"
same "readonly (bare, add) = read-only" "blade add e1.0 path /dev/null read-only" "blade add e1.0 path /dev/null readonly"
same "writeback = write-back" "blade set e1.0 write-back off" "blade set e1.0 writeback off"
same "config = config-string" "blade set e1.0 config-string abc" "blade set e1.0 config abc"
same "alldevs = all-ifs" "blade set e1.0 all-ifs" "blade set e1.0 alldevs"
same "mask = mask-mac" "blade set e1.0 mask-mac 02:00:00:00:00:0a" "blade set e1.0 mask 02:00:00:00:00:0a"
same "nomask = mask-clear" "blade set e1.0 mask-clear" "blade set e1.0 nomask"
same "release = reserve-clear" "blade set e1.0 reserve-clear" "blade set e1.0 release"
same "state = state-dir" "blade add e1.0 path /dev/null state-dir /tmp" "blade add e1.0 path /dev/null state /tmp"
same "idle = idle-timeout" "blade set e1.0 idle-timeout 60" "blade set e1.0 idle 60"
same "policy = acl-policy" "blade set e1.0 acl-policy deny" "blade set e1.0 policy deny"
same "noacl = acl-clear" "blade set e1.0 acl-clear" "blade set e1.0 noacl"
reject 2 "blade set: 'read-only' given twice" blade set e1.0 readonly on read-only off
reject 2 "blade add: 'nomask' is for blade set" blade add e1.0 path /dev/null nomask

request "blade set, canonical keywords, attributes in the order given" blade set e1.0 all-ifs read-only on write-back on config-string x bufcnt 9 locking off mask-mac 02:00:00:00:00:0a reserve-clear idle-timeout 7 acl-policy allow allow tc1 acl-clear
grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ' | grep -qx '1 2 13 7 8 9 10 14 15 18 22 23 26 28 ' || problem "attributes not in the order given: $(grep '^attr ' "$tmp/err" | cut -d' ' -f2 | tr '\n' ' ')"
done_

# The kernel checks values and combinations (selftests/control.sh): these
# are sent as given.
request "blade set bufcnt 1: the kernel checks the range" blade set e1.0 bufcnt 1
has "attr 10 len 2: 01 00  |..|"
done_
request "blade set allow and acl-clear together: the kernel refuses" blade set e1.0 allow tc1 acl-clear
has "attr 26 len 4: 74 63 31 00  |tc1.|"
has "attr 28 len 0:"
done_
request "blade set allow NAME: the kernel checks the name" blade set e1.0 allow Bad/name
has "attr 26 len 9: 42 61 64 2f 6e 61 6d 65 00  |Bad/name.|"
done_

begin "monitor joins the monitor group"
run monitor
[ "$rc" = 0 ] || problem "exit status $rc, expected 0"
grep -qF "not joining multicast group 'monitor'" "$tmp/err" || problem "no join of group 'monitor'"
end

echo "# -batch, apply, save and flush: what needs no kernel"
# runin FILE ARGS...: run with FILE on stdin.
runin() {
	local in=$1
	shift
	(cd "$cwd" && exec "$adm" "$@") >"$tmp/out" 2>"$tmp/err" <"$in"
	rc=$?
}
# fails STATUS MESSAGE...: the last run exited STATUS, each MESSAGE (a
# fixed string) is on stderr, nothing on stdout, and no request was built.
fails() {
	local want=$1
	shift
	[ "$rc" = "$want" ] || problem "exit status $rc, expected $want"
	for m in "$@"; do
		grep -qF -- "$m" "$tmp/err" || problem "stderr lacks: $m"
	done
	! grep -q EVBLADEADM_DUMP_REQUEST "$tmp/err" || problem "a request was built"
	[ ! -s "$tmp/out" ] || problem "stdout is not empty"
}

cat >"$tmp/quote.conf" <<'EOF'
# a comment line, then a blank one

  blade add e1.0 path "/srv/a b/\"q\"\\\x41" config-string 'x "y" #z' dev lo # a comment
EOF
request "-batch: quotes, escapes and comments" -batch "$tmp/quote.conf"
has "genl cmd 2 version 1"
has "attr 4 len 4: 01 00 00 00  |....|"
# "/srv/a b/"q"\A" and 'x "y" #z'
grep -qF '|/srv/a b/"q"\A.|' "$tmp/err" || problem "path not unquoted: $(grep '^attr 3' "$tmp/err")"
grep -q '^attr 9 len 8: .*|x "y" #z|$' "$tmp/err" || problem "config string not unquoted: $(grep '^attr 9' "$tmp/err")"
done_

printf 'blade add e1.0 path /x config-string "a\\x01\\x00\\x00 \\x09\\xc3\\xa9"\n' >"$tmp/nul.conf"
request "-batch: a config string with NULs (an initiator's), from \\xNN" -batch "$tmp/nul.conf"
has 'attr 9 len 8: 61 01 00 00 20 09 c3 a9  |a... ...|'
done_

printf 'blade add e1.0 path /x\n' >"$tmp/one.conf"
begin "-batch -: stdin"
runin "$tmp/one.conf" -batch -
[ "$rc" = 0 ] || problem "exit status $rc, expected 0"
grep -q 'EVBLADEADM_DUMP_REQUEST is set: not sending' "$tmp/err" || problem "no request dumped"
end

printf '# c\n\nblade add e1.0 path /x bogus\nblade add "e1.1 path /y\nblade add e1.2 path /z slot\n' >"$tmp/bad.conf"
begin "-batch: a bad line stops the batch, with FILE:LINE"
run -batch "$tmp/bad.conf"
fails 1 "evbladeadm: $tmp/bad.conf:3: blade add: unknown argument 'bogus'; try 'evbladeadm blade help'"
[ "$(wc -l <"$tmp/err")" = 1 ] || problem "more than the first error"
end
begin "-force -batch: goes on, every error with its line"
run -force -batch "$tmp/bad.conf"
fails 1 "$tmp/bad.conf:3: blade add: unknown argument 'bogus'" \
	"$tmp/bad.conf:4: unterminated double quote" \
	"$tmp/bad.conf:5: blade add: unknown argument 'slot'"
end
begin "-batch -: stdin errors say stdin:LINE"
runin "$tmp/bad.conf" -force -batch -
fails 1 "evbladeadm: stdin:3: blade add: unknown argument 'bogus'" "stdin:4: unterminated double quote"
end
printf "blade add e1.0 path 'x\nblade add e1.0 path x\\\\\n" >"$tmp/q.conf"
begin "-batch: unterminated single quote, trailing backslash"
run -force -batch "$tmp/q.conf"
fails 1 "q.conf:1: unterminated single quote" "q.conf:2: a backslash ends the line"
end
reject 1 "-batch: cannot open $tmp/none.conf: No such file or directory" -batch "$tmp/none.conf"
reject 2 "'-batch' needs a file name, or - for stdin" -batch
reject 2 "-batch: unexpected argument 'blade'" -batch "$tmp/one.conf" blade

cat >"$tmp/notadd.conf" <<'EOF'
client add tc1 mac 02:00:00:00:00:0a
blade set e1.0 read-only on
blade add e1.0 path /x
conn show
EOF
begin "apply: only client add and blade add lines; nothing done"
run apply "$tmp/notadd.conf"
fails 1 "$tmp/notadd.conf:2: apply: only 'client add' and 'blade add' lines belong in a configuration file, not 'blade set'" \
	"$tmp/notadd.conf:4: apply: only 'client add' and 'blade add' lines" \
	"evbladeadm: apply: nothing done: fix the files first"
end
cat >"$tmp/dup.conf" <<'EOF'
client add tc1 mac 02:00:00:00:00:0a
blade add e1.0 path /x
blade add 1.0 path /y
client add tc1 mac 02:00:00:00:00:0b
blade add e1.1 path /x read-only maybe
EOF
begin "apply: names and addresses given twice, usage errors, with FILE:LINE"
run -force apply -n "$tmp/dup.conf"
fails 1 "$tmp/dup.conf:3: apply: blade e1.0 is already at $tmp/dup.conf:2" \
	"$tmp/dup.conf:4: apply: client tc1 is already at $tmp/dup.conf:1" \
	"$tmp/dup.conf:5: blade add: 'read-only' takes on or off, not 'maybe'"
end
mkdir "$tmp/conf.d"
printf 'blade add e1.0 path /x\n' >"$tmp/conf.d/10-a.conf"
printf 'blade add e1.1 path /x bad\n' >"$tmp/conf.d/20-b.conf"
printf 'blade set e1.0\n' >"$tmp/conf.d/30-c.conf.disabled"
begin "apply DIR: its *.conf files, the others ignored"
run apply "$tmp/conf.d"
fails 1 "$tmp/conf.d/20-b.conf:1: blade add: unknown argument 'bad'"
! grep -q 30-c "$tmp/err" || problem "a file not named *.conf was read"
end
begin "apply: a FILE that does not exist is an error"
run apply -n "$tmp/none.conf"
fails 1 "apply: cannot read $tmp/none.conf: No such file or directory" "apply: nothing done"
end
begin "apply -n without the module: exit 1, a clear message"
EVBLADEADM_TEST_NO_MODULE=1 run apply -n "$tmp/one.conf" "$tmp/none.d"
fails 1 "evbladeadm: the evblade module is not loaded and could not be loaded (modprobe evblade)"
[ "$(wc -l <"$tmp/err")" = 1 ] || problem "stderr is not one line"
end
begin "apply without the module: exit 1"
EVBLADEADM_TEST_NO_MODULE=1 run -force apply "$tmp/one.conf"
fails 1 "the evblade module is not loaded"
end
begin "-batch without the module: FILE:LINE and exit 1"
EVBLADEADM_TEST_NO_MODULE=1 run -batch "$tmp/one.conf"
fails 1 "evbladeadm: $tmp/one.conf:1: the evblade module is not loaded"
end
reject 1 "apply: missing FILE or DIR" apply
reject 2 "save: unexpected argument 'b'" save a b
reject 2 "flush: unexpected argument 'now'" flush now
reject 2 "unknown object 'sav'" sav
reject 2 "unknown object 'flu'" flu
helps "Usage: evbladeadm [ -force ] apply [ -n ] { FILE | DIR }..." apply help
helps "Usage: evbladeadm save [ FILE ]" save help
helps "Usage: evbladeadm flush" flush help
request "save: asks for the clients first" save
has "genl cmd 11 version 1"
done_
request "flush: asks for the blades first" flush
has "genl cmd 5 version 1"
done_

echo "# rendering (test-render: fabricated replies through the print layer)"
render=${TEST_RENDER:-$here/test-render}
py=/usr/bin/python3
if [ -x "$render" ] && [ -x "$py" ]; then
	begin "render: every JSON document is valid (python3 -m json.tool)"
	"$render" json >"$tmp/out" 2>"$tmp/err" || problem "test-render json failed"
	[ "$(wc -l <"$tmp/out")" = 3 ] || problem "not three JSON documents"
	while read -r doc; do
		printf '%s\n' "$doc" | "$py" -m json.tool >/dev/null 2>&1 || problem "invalid JSON: $doc"
	done <"$tmp/out"
	for key in '"read-only":true' '"write-back":false' '"config-string":"a\"b\\c\u0001\u00ff"' \
		'"all-ifs":false' '"state-dir":' '"idle-timeout":300' '"acl-policy":"deny"' \
		'"allow-client":["tc1"]' '"deny-mac":["02:00:00:00:00:0b"]' '"mask-mac":[' \
		'"reserve-mac":[' '"rx-frames":10' '"write-ops":3' '"first-seen":1795514400' \
		'"idle-ms":250' '"mac":["02:00:00:00:00:0a","02:00:00:00:00:0b"]' '"dev":"lo"' \
		'"cow":false' '"cow":true' '"base":"/srv/golden.img"' '"base-size":17179869184' \
		'"base-id":"0abcdef012345679"' '"chunk-size":4096' '"cow-chunks":12' '"cow-bytes":49152'; do
		grep -qF -- "$key" "$tmp/out" || problem "JSON lacks $key"
	done
	# base-id is a string: as a number, a reader with doubles would get
	# 0abcdef012345678 (53 bits).
	head -1 "$tmp/out" | "$py" -c '
import json, sys
cow = [b for b in json.load(sys.stdin) if b.get("cow")]
assert len(cow) == 1 and int(cow[0]["base-id"], 16) == 0x0abcdef012345679, cow
' 2>/dev/null || problem "base-id does not read back as 0x0abcdef012345679"
	end
	begin "render: text uses the spec's names, one line per object in oneline"
	"$render" text >"$tmp/out" 2>"$tmp/err" || problem "test-render text failed"
	for text in 'read-only on write-back off config-string "a\"b\\c\x01\xff"' \
		'locking on reserve-mac 02:00:00:00:00:0b mask-mac 02:00:00:00:00:0a' \
		'state-dir /var/lib/evblade' 'acl-policy deny allow tc1,02:00:00:00:00:0a deny 02:00:00:00:00:0b' \
		'idle-timeout 300 conns 2' 'rx-frames 10 tx-frames 0 read-ops 0' \
		'tc1 mac 02:00:00:00:00:0a mac 02:00:00:00:00:0b' \
		'e2.0 client - state failed dev lo mac 02:00:00:00:00:0a' 'idle-ms 250 frames 3' \
		'e3.0 private cow template /srv/cow/%m.cow backend file autocreate' \
		'    base /srv/golden.img base-size 17179869184 (16.0 GiB) base-id 0abcdef012345679 chunk-size 4096' \
		'    backing /srv/cow/tc1.cow size 17179869184 (16.0 GiB) cow-chunks 12 cow-bytes 49152 (48.0 KiB)'; do
		grep -qF -- "$text" "$tmp/out" || problem "text lacks: $text"
	done
	! grep -q '^e3.0 .* size ' "$tmp/out" || problem "a COW blade shows a size (its disks have the base's)"
	! grep -q 'cow' <(grep -A3 '^e2.0 ' "$tmp/out") || problem "a connection without overlay usage shows cow-*"
	"$render" oneline >"$tmp/out" 2>"$tmp/err" || problem "test-render oneline failed"
	[ "$(grep -c '^e1.0 ' "$tmp/out")" = 2 ] || problem "a blade is not one line in oneline mode"
	grep -qF 'e3.0 private cow template /srv/cow/%m.cow backend file autocreate base /srv/golden.img base-size' "$tmp/out" || problem "a COW blade is not one line in oneline mode"
	end

	begin "save form: a reply and the line it was saved as print the same"
	"$render" save >"$tmp/saved" 2>"$tmp/err" || problem "test-render save failed"
	for text in 'blade add e1.0 dev lo path "/srv/\"odd\" name\x09%m.img" private size 2G autocreate read-only on write-back on config-string "a\"b\\c\x01\xff\x00 #" bufcnt 16 locking on mask-mac 02:00:00:00:00:0a idle-timeout 60 acl-policy deny allow tc1 allow 02:00:00:00:00:0a deny 02:00:00:00:00:0b' \
		'blade add e1.1 path /dev/vg/disk' \
		'blade add e1.2 path /dev/ram0 state-dir /var/lib/evblade' \
		'blade add e3.0 path /srv/cow/%m.cow private cow base /srv/golden.img' \
		'# blade add e4.0 path /dev/sdb (served on no interface: add a dev)'; do
		grep -qxF -- "$text" "$tmp/saved" || problem "save form lacks: $text"
	done
	while read -r line; do
		case "$line" in "#"*) continue ;; esac
		back=$("$render" canon "$line" 2>&1) || problem "canon failed on: $line: $back"
		[ "$back" = "$line" ] || problem "read back differently: $line -> $back"
	done <"$tmp/saved"
	end
	begin "save form: defaults left out, values normalized, as a reply's"
	for pair in 'blade add e1.1 path /dev/vg/disk read-only off write-back off config-string "" bufcnt 64 locking off idle-timeout 300 acl-policy allow|blade add e1.1 path /dev/vg/disk' \
		"blade a 1.1 path /dev/vg/disk readonly writeback on config '' locking on mask 02:00:00:00:00:0A|blade add e1.1 path /dev/vg/disk read-only on write-back on locking on mask-mac 02:00:00:00:00:0a" \
		'blade add e1.2 path /dev/ram0 state-dir /var/lib/evblade config-string abc mask-mac 02:00:00:00:00:0a|blade add e1.2 path /dev/ram0 state-dir /var/lib/evblade' \
		'blade add e2.0 path /x/%m private size 1048576 autocreate|blade add e2.0 path /x/%m private size 1M autocreate' \
		'blade add e2.0 path /x/%m private size 1000|blade add e2.0 path /x/%m private size 1000' \
		'blade add e2.0 path /x size 2G|blade add e2.0 path /x' \
		"blade add e1.0 path '/a b' dev lo all-ifs|blade add e1.0 dev lo path \"/a b\"" \
		'client add tc1 mac 02:00:00:00:00:0A mac 02:00:00:00:00:0b|client add tc1 mac 02:00:00:00:00:0a mac 02:00:00:00:00:0b'; do
		back=$("$render" canon "${pair%%|*}" 2>&1) || problem "canon failed on: ${pair%%|*}: $back"
		[ "$back" = "${pair#*|}" ] || problem "${pair%%|*} -> $back, expected ${pair#*|}"
	done
	end
else
	echo "skip render checks: no $render (make test-render) or no $py"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
