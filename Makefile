# nestlab top-level Makefile. `make help` lists the targets.
#
#   make run    install missing packages, build, run the main scenario
#   make test   install missing packages, build, run every test
#
# Knobs: ENGINE=auto|bochs|qemu-kvm|qemu-tcg  GUESTS="hello ..."  L1HV_ARGS='...'
#
# Build outputs go to build/:
#   build/host/      hosted objects and unit-test binaries (ASan + UBSan)
#   build/fuzz/      libFuzzer binaries (clang)
#   build/free/      freestanding objects for l1hv and the guests
.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD    ?= build
HOSTCC   ?= gcc
FUZZCC   ?= clang
CC_FREE  ?= gcc

V ?= 0
Q := $(if $(filter 1,$(V)),,@)
WARN       := -Wall -Wextra -Werror -Wimplicit-fallthrough -Wshadow -Wstrict-prototypes
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -I. -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -DNESTLAB_HOSTED=1
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -DNESTLAB_HOSTED=1 \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# Libraries that build both freestanding and hosted.
VMCS12_SRCS       := $(sort $(wildcard vmcs12/*.c))
EXIT_REFLECT_SRCS := $(sort $(wildcard exit-reflect/*.c))
COMMON_SRCS       := $(sort $(wildcard common/*.c))
LIB_SRCS          := $(VMCS12_SRCS) $(EXIT_REFLECT_SRCS) $(COMMON_SRCS)
LIB_HDRS          := $(wildcard vmcs12/*.h exit-reflect/*.h common/*.h l1hv/nested/*.h)
HOST_L1HV_HDRS    := $(wildcard l1hv/arch/*.h l1hv/vdev/*.h l1hv/platform/*.h l1hv/vm/*.h l1hv/vmx/*.h l1hv/mm/*.h l1hv/exit/*.h tests/unit/*.h)

# ---------------------------------------------------------------- host unit tests
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/host/tests/%,$(UNIT_SRCS))
HOST_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_SRCS) tests/unit/testlib.c)
# Hosted sources from l1hv/ that unit tests link (pure logic, no hardware).
HOST_L1HV_SRCS := $(sort $(wildcard l1hv/mm/pmm.c l1hv/nested/*_walk.c l1hv/nested/vmx_operand.c l1hv/nested/vmx_invalidate.c l1hv/vdev/mmio_insn.c l1hv/vdev/apic_regs.c l1hv/vdev/pci_cfg.c l1hv/vdev/ioapic.c l1hv/vdev/legacy_ports.c l1hv/vdev/pic8259.c \
                  l1hv/vdev/pit8254.c l1hv/vdev/rtc_cmos.c l1hv/vdev/acpi_pm.c l1hv/vdev/fw_cfg.c l1hv/platform/acpi_tables.c \
                  l1hv/arch/guest_write_rules.c l1hv/arch/cpuid_policy.c))
HOST_L1HV_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_L1HV_SRCS))

$(BUILD)/host/%.o: %.c $(LIB_HDRS) $(HOST_L1HV_HDRS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/host/tests/%: tests/unit/%.c $(HOST_LIB_OBJS) $(HOST_L1HV_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $^ -o $@ $(UNIT_LDLIBS)

# The MMIO decoder's differential test links the reference decoder, capstone.
$(BUILD)/host/tests/test_mmio_insn_diff: UNIT_LDLIBS := -lcapstone
# The ACPI tables' test reads them back with the parser acpi-check uses.
$(BUILD)/host/tests/test_acpi_tables: $(BUILD)/host/l1hv/platform/acpi_parse.o

# l1hv's nested-VMX files that touch the hardware VMCS, pages and guest
# memory, built hosted against the test backend tests/unit/fake_*.c
# (fake_l1hv.h): linked into the test_nested_* binaries only.
HOST_NESTED_SRCS := $(addprefix l1hv/,nested/nested_caps.c nested/nested_entry.c \
                    nested/nested_ept02.c nested/nested_fields.c nested/nested_insn.c \
                    nested/nested_msr_areas.c nested/nested_operand.c nested/nested_timer.c \
                    vm/vcpu_mem.c vm/vcpu_regs.c vm/vm_budget.c vm/vm_passthrough.c vmx/ept.c) \
                    tests/unit/fake_vmcs.c tests/unit/fake_l1hv.c
HOST_NESTED_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_NESTED_SRCS))

# A static pattern rule: an explicit rule, so make never falls back to the
# generic one above while it builds the objects as intermediates.
HOST_NESTED_TESTS := $(filter $(BUILD)/host/tests/test_nested_%,$(UNIT_BINS))
$(HOST_NESTED_TESTS): $(BUILD)/host/tests/test_nested_%: tests/unit/test_nested_%.c \
		$(HOST_LIB_OBJS) $(HOST_L1HV_OBJS) $(HOST_NESTED_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

# Objects are kept between builds (they would be intermediates otherwise).
.SECONDARY:

.PHONY: unit-build unit-test
unit-build: $(UNIT_BINS)
unit-test: unit-build
	@tests/run-unit.sh $(UNIT_BINS)

# ---------------------------------------------------------------- fuzzers
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 15
FUZZ_LONG_SECONDS ?= 600

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_SRCS) $(LIB_HDRS) $(HOST_L1HV_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) $< $(LIB_SRCS) $(HOST_L1HV_SRCS) -o $@

# Fuzzers of the hosted nested files, on the unit tests' backend.
$(BUILD)/fuzz/fuzz_nested_l2_%: tests/fuzz/fuzz_nested_l2_%.c $(LIB_SRCS) $(LIB_HDRS) $(HOST_L1HV_HDRS) \
		$(HOST_L1HV_SRCS) $(HOST_NESTED_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) $< $(LIB_SRCS) $(HOST_L1HV_SRCS) $(HOST_NESTED_SRCS) -o $@

.PHONY: fuzz-build fuzz-smoke fuzz
fuzz-build: $(FUZZ_BINS)
fuzz-smoke: fuzz-build
	@tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
# The long run also takes 100000 differential VM-entry cases against
# Bochs's VMX (tests/scenarios/entry_diff.sh runs 10000 in make test).
ENTRY_DIFF_LONG_CASES ?= 100000
fuzz: fuzz-build all
	@tests/run-fuzz.sh $(FUZZ_LONG_SECONDS) $(FUZZ_BINS)
	@ENTRY_DIFF_CASES=$(ENTRY_DIFF_LONG_CASES) tests/scenarios/entry_diff.sh

# ---------------------------------------------------------------- freestanding images
FREE_CFLAGS := -std=gnu11 -O2 -g $(WARN) -I. -ffreestanding -fno-pic -fno-pie \
               -mno-red-zone -mgeneral-regs-only -fno-stack-protector -fno-common \
               -fno-asynchronous-unwind-tables -mcmodel=small
FREE_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,common/free/image.ld \
                -Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
FREE_COMMON_SRCS := $(COMMON_SRCS) $(sort $(wildcard common/free/*.c common/free/*.S))

free_objs = $(patsubst %,$(BUILD)/free/%.o,$(1))

$(BUILD)/free/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC_FREE) $(FREE_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/free/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC_FREE) $(FREE_CFLAGS) -MMD -MP -c $< -o $@
-include $(shell find $(BUILD)/free -name '*.d' 2>/dev/null)

# l1hv: every C/asm file under l1hv/, the two libraries, common/.
L1HV_SRCS := $(sort $(shell find l1hv -name '*.c' -o -name '*.S')) $(VMCS12_SRCS) \
             $(EXIT_REFLECT_SRCS) $(FREE_COMMON_SRCS)
L1HV_ELF  := $(BUILD)/l1hv.elf
# The .debug.elf keeps symbols and DWARF for gdb; the stripped .elf is what
# boots (modules travel inside a 2 MiB Bochs ROM, so size matters).
$(L1HV_ELF): $(call free_objs,$(L1HV_SRCS)) common/free/image.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC_FREE) $(FREE_LDFLAGS) $(filter %.o,$^) -lgcc -o $(@:.elf=.debug.elf)
	$(Q)strip --strip-debug -o $@ $(@:.elf=.debug.elf)

# Guests: guests/NAME/*.c linked with guests/lib and common/ into build/guests/NAME.elf.
GUEST_NAMES := $(notdir $(patsubst %/,%,$(filter-out guests/lib/,$(sort $(dir $(wildcard guests/*/*.c))))))
# Guests link the common code but not the kernel loaders only l1hv uses.
GUEST_LIB_SRCS := $(sort $(wildcard guests/lib/*.c guests/lib/*.S)) $(filter-out common/bzimage.c,$(FREE_COMMON_SRCS))
GUEST_ELFS := $(patsubst %,$(BUILD)/guests/%.elf,$(GUEST_NAMES))
.SECONDEXPANSION:
$(BUILD)/guests/%.elf: $$(call free_objs,$$(sort $$(wildcard guests/$$*/*.c guests/$$*/*.S)) $$(GUEST_LIB_SRCS)) common/free/image.ld
	@mkdir -p $(dir $@) $(BUILD)/guests-debug
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC_FREE) $(FREE_LDFLAGS) $(filter %.o,$^) -lgcc -o $(BUILD)/guests-debug/$*.elf
	$(Q)strip --strip-debug -o $@ $(BUILD)/guests-debug/$*.elf

# Host tools.
$(shell mkdir -p $(BUILD))
MKROM := $(BUILD)/tools/mkrom
ROMSTUB := $(BUILD)/tools/romstub.bin
$(MKROM): tools/bochs-rom/mkrom.c tools/bochs-rom/rom_boot_table.h $(COMMON_SRCS) $(wildcard common/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g $(WARN) -I. $< $(COMMON_SRCS) -o $@
$(ROMSTUB): tools/bochs-rom/romstub.S tools/bochs-rom/rom_boot_table.h
	@mkdir -p $(dir $@)
	$(CC_FREE) -c -I tools/bochs-rom $< -o $@.o
	ld -Ttext=0xffff0000 -e 0xfffffff0 --oformat binary -o $@ $@.o

# acpi-check: validates and prints the ACPI tables in a memory image.
ACPI_CHECK := $(BUILD)/tools/acpi-check
$(ACPI_CHECK): $(patsubst %.c,$(BUILD)/host/%.o,tools/acpi-check/acpi_check.c \
		l1hv/platform/acpi_parse.c l1hv/platform/acpi_tables.c common/fmt.c)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

.PHONY: all images
images: $(L1HV_ELF) $(GUEST_ELFS) $(MKROM) $(ROMSTUB)
all: images unit-build benchstat $(ACPI_CHECK)

# make bench, make plots, make bench-smoke (bench/README.md)
include bench/bench.mk

.PHONY: help
help:
	@echo "make run     three levels: l1hv runs l1hv running hello and a short benchmark (ENGINE=$(ENGINE_USED))"
	@echo "make test    unit tests (ASan/UBSan), fuzz smoke, integration scenarios on Bochs and QEMU"
	@echo "make bench   run the exit-cost matrix into results/exit-costs.csv; make plots redraws"
	@echo "make fuzz    run every fuzzer for FUZZ_LONG_SECONDS (default $(FUZZ_LONG_SECONDS)) each"
	@echo "make deps    install the Debian packages nestlab needs (as root; else prints the command)"
	@echo "make all     build l1hv, the guests, the host tools and the unit tests"
	@echo "make clean   remove build/"
	@echo "knobs: ENGINE=auto|bochs|qemu-kvm|qemu-tcg POLICY=architectural|reflect-all SHADOW=none|kvm|all"
	@echo "       GUESTS='hello platform' L1HV_ARGS='guest_mem=16M' (single level: make run GUESTS=hello L1HV_ARGS=)"

# ---------------------------------------------------------------- the two commands
DEB_PACKAGES := make gcc binutils bochs bochsbios vgabios qemu-system-x86 clang \
                libclang-rt-14-dev gnuplot-nox libcapstone-dev busybox-static acpica-tools
# The main scenario: l1hv (L0) runs l1hv (L1), which runs hello and a short
# exit-cost benchmark at L2.
ENGINE    ?= auto
override ENGINE_USED := $(if $(filter auto,$(ENGINE)),$(shell [ -w /dev/kvm ] && \
	grep -qw vmx /proc/cpuinfo && echo qemu-kvm || echo bochs),$(ENGINE))
POLICY    ?= architectural
SHADOW    ?= kvm
BENCH_SHORT = bench -- tests=cpuid,vmcall,pio_out goal=200K batches=3 engine=$(ENGINE_USED)
ifeq ($(ENGINE_USED),qemu-kvm)
# On KVM with nested VMX, KVM is L0: one l1hv (L1) runs the guests at L2.
L1HV_ARGS ?=
GUESTS    ?= hello "$(BENCH_SHORT) policy=kvm shadow=kvm"
else
L1HV_ARGS ?= nested=on policy=$(POLICY) shadow=$(SHADOW)
GUESTS    ?= "l1hv name=l1 mem=96M" "+hello" "+$(BENCH_SHORT) policy=$(POLICY) shadow=$(SHADOW)"
endif

.PHONY: deps run test test-long
deps:
	@tools/install-deps.sh $(DEB_PACKAGES)

# make run SCENARIO=linux: Debian's Linux as a guest of l1hv (LEVEL=1, the
# default; LEVEL=2 under an l1hv at L1; LEVEL=bare without a hypervisor).
SCENARIO ?=
LEVEL    ?= 1
run: deps
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory images $(if $(filter linux,$(SCENARIO)),linux-assets) \
		>$(BUILD)/make-images.log 2>&1 || \
		{ cat $(BUILD)/make-images.log; echo "make run: build failed (log above)"; exit 1; }
ifeq ($(SCENARIO),linux)
	@tools/linux/run-linux.sh -l $(LEVEL)
else ifneq ($(SCENARIO),)
	@echo "make run: unknown SCENARIO '$(SCENARIO)': use SCENARIO=linux, or none for the main scenario"; exit 2
else
	@bench/nestlab-run -e $(ENGINE_USED) -a "$(L1HV_ARGS)" $(GUESTS)
endif

test: deps
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory all fuzz-build linux-assets >$(BUILD)/make-all.log 2>&1 || \
		{ cat $(BUILD)/make-all.log; echo "make test: build failed (log above)"; exit 1; }
	@tests/run-all.sh

# Slower or still-failing checks (tests/long/): the Linux scenario with its
# dmesg-based checks and the user-crash check (an open bug, README).
test-long: deps
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory all linux-assets >$(BUILD)/make-all.log 2>&1 || \
		{ cat $(BUILD)/make-all.log; echo "make test-long: build failed (log above)"; exit 1; }
	@tests/run-long.sh

# ---------------------------------------------------------------- Linux guest assets
# Debian's kernel, fetched once and not installed (delete $(LINUX_DIR)/vmlinuz
# to fetch again), and a busybox initramfs (tools/linux/mkinitramfs.sh);
# check-bzimage runs common/bzimage on the kernel and prints its header.
LINUX_DIR     := $(BUILD)/linux
MKCPIO        := $(BUILD)/tools/mkcpio
CHECK_BZIMAGE := $(BUILD)/tools/check-bzimage
$(MKCPIO): tools/linux/mkcpio.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g $(WARN) $< -o $@
$(CHECK_BZIMAGE): tools/linux/check-bzimage.c common/bzimage.c common/bzimage.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g $(WARN) -I. $< common/bzimage.c -o $@
$(LINUX_DIR)/vmlinuz:
	tools/linux/fetch-kernel.sh $(LINUX_DIR)
$(LINUX_DIR)/initramfs.cpio.gz: tools/linux/mkinitramfs.sh $(MKCPIO)
	MKCPIO=$(MKCPIO) tools/linux/mkinitramfs.sh $@

.PHONY: linux-assets
linux-assets: $(LINUX_DIR)/vmlinuz $(LINUX_DIR)/initramfs.cpio.gz $(CHECK_BZIMAGE)
	$(CHECK_BZIMAGE) $(LINUX_DIR)/vmlinuz 256 $(LINUX_DIR)/initramfs.cpio.gz

.PHONY: clean
clean:
	rm -rf $(BUILD)
