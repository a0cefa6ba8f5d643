#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make style`: the kernel's checkpatch.pl --strict over every file in
# kernel/, as a file (-f) outside a kernel tree (--no-tree).  checkpatch.pl
# is the one in Debian's linux-source-6.1, extracted once into the cache by
# scripts/kernel-src.sh (the package comes from scripts/deps.sh).  Prints
# every finding, one a line ("file:line: TYPE: message" and the line), and
# fails if there is any.
#
# The exceptions, and only these:
#   - kernel/netlink-gen.[ch] are not checked: `make regen` generates them
#     from the YNL spec; they are the generator's to format, not ours;
#   - LINUX_VERSION_CODE in kernel/compat/: that is where version tests
#     belong.  On those lines checkpatch also calls the usual
#     `LINUX_VERSION_CODE < KERNEL_VERSION(...)` a CONSTANT_COMPARISON;
#   - LONG_LINE_STRING: a user-visible string (an extack message, a log
#     line) is never split, so that grep finds it
#     (Documentation/process/coding-style.rst, "Breaking long lines and
#     strings"); checkpatch itself lets such a line through when the
#     string stands alone on it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
src=$("$top/scripts/kernel-src.sh")
checkpatch=$src/scripts/checkpatch.pl
[ -x "$checkpatch" ] || { echo "style: $checkpatch missing" >&2; exit 1; }

# Every file in kernel/: git's list in a checkout, MANIFEST in a release
# tarball (scripts/source-files.sh).
files=$("$top/scripts/source-files.sh" | grep '^kernel/')
files=$(echo "$files" | grep -v -x -e 'kernel/netlink-gen\.[ch]' | sort)

# --terse --show-types: "file:line: LEVEL:TYPE: message", one a line.
rc=0
out=$("$checkpatch" --strict --no-tree --terse --show-types --no-summary \
	--ignore LONG_LINE_STRING -f $files 2>&1) || rc=$?
if [ $rc -ne 0 ] && [ -z "$out" ]; then
	echo "style: $checkpatch failed (exit $rc) without a finding" >&2
	exit 1
fi

# Drop the exceptions above; show the source line under each finding.
findings=$(echo "$out" | awk -F: '
	NF < 4 { print; next }
	{
		file = $1; type = $4; src = ""
		for (n = 0; n < $2 && (getline src < file) > 0; n++)
			;
		close(file)
		if (file ~ /^kernel\/compat\// && src ~ /LINUX_VERSION_CODE/ &&
		    (type == "LINUX_VERSION_CODE" || type == "CONSTANT_COMPARISON"))
			next
		print
		print "\t" src
	}')

if [ -z "$findings" ]; then
	echo "style: checkpatch --strict: $(echo "$files" | wc -l) files in kernel/ clean"
	exit 0
fi
echo "$findings"
echo "style: checkpatch --strict: $(echo "$findings" | grep -c '^kernel/') findings:"
echo "$findings" | sed -n 's/^kernel[^ ]*: [A-Z]*:\([A-Z_0-9]*\):.*/\1/p' | sort | uniq -c | sort -rn
exit 1
