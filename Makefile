# SPDX-License-Identifier: GPL-2.0
#
# evblade: the entry point for humans.  kbuild itself reads ./Kbuild.
#
#   make                 module + evbladeadm against the running kernel
#   make KVER=6.1.0-56-amd64   ... or against an installed kernel's headers
#   make KDIR=/path/to/build   ... or against any kernel build tree
#   make check           the whole test suite (installs what it needs)
#   make style           checkpatch.pl --strict over kernel/ (scripts/style.sh)
#   make check-debian13  ... only its steps on Debian 13's kernels
#   make check-long      the power cut of COW blades at 20 kill points, and
#                        the torn-map case, on each Debian 12 kernel (make
#                        check runs 3 kill points on the first one); about
#                        10 minutes per kernel
#   make check-system    the system test (selftests/system/run.sh): a Debian 12
#                        image with the packages of `make deb` installed by apt,
#                        booted under QEMU, rebooted and power-cut
#   make check-thin      the thin-client test (selftests/thin/run.sh --test):
#                        two diskless iPXE clients boot one golden image from
#                        a server guest, each with its own root and swap
#   make fuzz            the host fuzzers of the pure units (selftests/fuzz):
#                        libFuzzer, ASan, UBSan, FUZZ_TIME seconds each (600)
#   make demo            the thin-client scenario in short, narrated: a
#                        server guest and a diskless client booting over AoE
#   make bench           fio through the Linux initiator: evblade against vblade
#   make install         install module (updates/) and evbladeadm
#   make dkms-install    install through DKMS (rebuilt on kernel upgrades),
#                        from a git checkout or an unpacked release tarball
#   make dist            the release tarball evblade-VERSION.tar.gz (of HEAD)

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DEMO_KERNEL ?= $(lastword $(shell scripts/kernels.sh 2>/dev/null))
THIN_KERNEL ?= $(DEMO_KERNEL)

all: module tools

kdir-exists:
	@test -f "$(KDIR)/Makefile" || { \
		echo "No kernel build tree at $(KDIR)."; \
		echo "Install linux-headers-$(KVER), or pass KVER=<release> or KDIR=<build tree>."; \
		exit 1; }

module: kdir-exists
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

module-debug: kdir-exists
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" EVBLADE_DEBUG=y modules

tools:
	$(MAKE) -C tools/evbladeadm

install: module tools
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" INSTALL_MOD_DIR=updates modules_install
	depmod -a "$(KVER)"
	$(MAKE) -C tools/evbladeadm install

dkms-install:
	scripts/dkms-stage.sh --module-only /usr/src/evblade-$(VERSION)
	dkms add -m evblade -v $(VERSION)
	dkms install -m evblade -v $(VERSION)

dkms-uninstall:
	dkms remove -m evblade -v $(VERSION) --all
	rm -rf /usr/src/evblade-$(VERSION)

dist:
	scripts/dist.sh

# The Debian packages evblade-dkms and evbladeadm, in .build/deb/, and lintian.
deb:
	scripts/deb.sh
.PHONY: deb

regen:
	scripts/ynl-regen.sh

deps:
	scripts/deps.sh

check:
	scripts/check.sh

style:
	scripts/style.sh

check-debian13:
	EVB_DEBIAN13=only scripts/check.sh

check-long: deps
	for k in $$(scripts/kernels.sh); do \
		selftests/qemu/powercut.sh --kernel $$k --points $${EVB_POWERCUT_POINTS:-20} || exit 1; \
	done

check-system: deps
	$(MAKE) deb
	selftests/system/run.sh

check-thin: deps
	selftests/thin/run.sh --kernel $(THIN_KERNEL) --test

kunit: deps
	selftests/qemu/run.sh --kernel debug --kunit --tests kunit

selftest: deps
	for k in $$(scripts/kernels.sh); do selftests/qemu/run.sh --kernel $$k --tests vblade,module || exit 1; done

demo: deps
	selftests/thin/run.sh --kernel $(DEMO_KERNEL) --demo

# Host fuzzers of the pure units (selftests/fuzz), long: FUZZ_TIME seconds
# each; make check runs them 15 s each.
FUZZ_TIME ?= 600
FUZZ_JOBS ?= $(shell nproc)

fuzz: deps
	selftests/fuzz/run.sh --time $(FUZZ_TIME) --jobs $(FUZZ_JOBS)

bench: deps
	scripts/bench.sh

clean:
	-$(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean 2>/dev/null
	$(MAKE) -C tools/evbladeadm clean
	rm -rf .build

.PHONY: all kdir-exists module module-debug tools install dkms-install dkms-uninstall dist \
	regen deps check style check-debian13 check-long check-system check-thin kunit selftest demo fuzz bench clean
