#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# source-files.sh: the files of this source tree, one a line, relative to
# its top: what `make dkms-install` copies and `make style` reads.
#   - in a git checkout, the files git tracks and the untracked ones it
#     does not ignore, as they are in the work tree;
#   - in an unpacked release tarball (`make dist`, no git), the list the
#     tarball carries in MANIFEST.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# .git is a directory in a clone, a file in a worktree.  A tarball unpacked
# inside some other checkout has neither: do not ask git to look upwards.
if [ -e "$top/.git" ]; then
	git -C "$top" ls-files -c -o --exclude-standard
elif [ -f "$top/MANIFEST" ]; then
	cat "$top/MANIFEST"
else
	echo "source-files: $top is neither a git checkout nor a release tarball (no MANIFEST)" >&2
	exit 1
fi
