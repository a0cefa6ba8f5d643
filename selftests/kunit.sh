#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run evblade's KUnit suites: load an evblade.ko built with EVBLADE_KUNIT=1
# into a kernel with CONFIG_KUNIT (the sanitizer kernel of selftests/qemu),
# and report every case from /sys/kernel/debug/kunit/<suite>/results as an
# "EVB-RESULT kunit.<suite>.<case> PASS|FAIL|SKIP" line.
. "$(dirname "$0")/lib.sh"

require_root
[ -d /sys/kernel/debug/kunit ] || skip "this kernel has no KUnit (CONFIG_KUNIT, debugfs)"
[ -d /sys/module/evblade ] && skip "evblade is already loaded"

modprobe evblade || fail "modprobe evblade failed"
on_exit module_unload evblade

suites=$(ls -d /sys/kernel/debug/kunit/evblade_* 2>/dev/null || true)
[ -n "$suites" ] || fail "evblade.ko has no KUnit suites (not built with EVBLADE_KUNIT=1?)"

failed=0
cases=0
for dir in $suites; do
	suite=$(basename "$dir")
	cat "$dir/results"
	# Case lines are indented: "    ok 3 name" or "    not ok 3 - name # SKIP why"
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		case "$line" in
		*"# SKIP"*) verdict=SKIP ;;
		*"not ok "*) verdict=FAIL ;;
		*) verdict=PASS ;;
		esac
		name=$(echo "$line" | sed 's/^[[:space:]]*\(not \)\{0,1\}ok [0-9]\{1,\} \(- \)\{0,1\}\([A-Za-z0-9_]\{1,\}\).*/\3/')
		echo "EVB-RESULT kunit.$suite.$name $verdict"
		cases=$((cases + 1))
		if [ $verdict = FAIL ]; then
			failed=$((failed + 1))
		fi
	done <<EOT
$(grep -E '^[[:space:]]+(not )?ok [0-9]+ ' "$dir/results")
EOT
	# The suite's own verdict, unindented: on 6.1 a case's log is cut at
	# 512 bytes, and a long failure can lose its "not ok" line above.
	if grep -qE '^not ok [0-9]+ ' "$dir/results" ||
	   ! grep -qE '^ok [0-9]+ ' "$dir/results"; then
		echo "EVB-RESULT kunit.$suite FAIL"
		failed=$((failed + 1))
	fi
done
log "$cases KUnit cases, $failed failed"
[ $cases -gt 0 ] || fail "no KUnit cases ran"
[ $failed -eq 0 ] || fail "$failed KUnit cases failed"
