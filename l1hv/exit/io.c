/* SPDX-License-Identifier: MIT */
/*
 * Port I/O (SDM 26.1.3 with I/O bitmaps all ones: every access exits).
 * Devices: the 16550 at 0x3F8-0x3FF, QEMU's isa-debug-exit at 0xF4, PCI
 * configuration mechanism #1 at 0xCF8/0xCFC (vdev/pci_cfg.h), the PCI
 * test device's I/O BAR, the 8259 pair and ELCR (vdev/pic8259.h), the
 * PC's fixed ports (vdev/legacy_ports.h), the ACPI PM block
 * (vdev/acpi_pm.h), QEMU's fw_cfg (vdev/fw_cfg.h), the PIT and port 61H
 * (vdev/pit8254.h), the RTC and CMOS RAM (vdev/rtc_cmos.h), and
 * NESTLAB_FWD_PORT, forwarded to our own parent when we have one.
 * Unknown ports read as all ones and ignore writes (what an ISA bus with
 * nothing on it answers), reported once per port.
 */
#include "exit-reflect/exit_qual.h"
#include "l1hv/console/console.h"
#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "l1hv/exit/exit.h"
#include "l1hv/exit/io.h"
#include "l1hv/level.h"
#include "l1hv/time/vtime.h"
#include "l1hv/vdev/acpi_pm.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vdev/vuart.h"

#define DEBUG_EXIT_PORTS 4   /* iosize=4, as nestlab-run configures QEMU */

static uint64_t size_mask(unsigned size)
{
	return size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1;
}

static void io_report_unknown(struct vcpu *vcpu, uint16_t port, bool in)
{
	vcpu->stats.counter[VM_STAT_IO_UNKNOWN]++;
	if (vcpu->vm->io_logged[port / 8] & (1u << (port % 8)))
		return;
	vcpu->vm->io_logged[port / 8] |= (uint8_t)(1u << (port % 8));
	pr_info("VM %s: %s of unknown port 0x%x (reads return all ones; reported once)\n",
		vcpu->vm->name, in ? "read" : "write", port);
}

/* The PCI test device's I/O BAR. */
static bool testdev_io(struct vm *vm, uint16_t port, bool write, uint32_t *v)
{
	if (!pci_testdev_io(&vm->pci, port, write, v))
		return false;
	irq_testdev_update(vm);
	return true;
}

/* The PIT and port 61H, the RTC/CMOS: byte ports whose accesses change
 * what they will interrupt for (platform_timers.h). */
static bool clock_port_read(struct vm *vm, uint16_t port, uint8_t *b)
{
	/* A PIT read changes no deadline and no line (a calibration loop
	 * polls it thousands of times); reading RTC register C drops IRQ 8. */
	if (pit_port_read(&vm->pit, port, vm_clock_now(vm, PIT_HZ), b))
		return true;
	if (!rtc_port_read(&vm->rtc, port, vm_clock_now(vm, RTC_HZ), b))
		return false;
	platform_timers_changed(vm, false);
	return true;
}

static bool clock_port_write(struct vm *vm, uint16_t port, uint8_t b)
{
	bool pit = pit_port_write(&vm->pit, port, vm_clock_now(vm, PIT_HZ), b);
	bool mine = pit || rtc_port_write(&vm->rtc, port, vm_clock_now(vm, RTC_HZ), b);

	if (mine)
		platform_timers_changed(vm, pit && port != PIT_PORT_61);
	return mine;
}

/* The platform's devices (PCI, the test device, the PC's fixed ports), then
 * nothing: kept out of line, off the path of the UART and the forwarded
 * port, which the benchmarks measure. */
static __attribute__((noinline)) uint32_t io_read_platform(struct vcpu *vcpu, uint16_t port,
							    unsigned size)
{
	uint32_t v;

	if (port >= PCI_CFG_ADDR_PORT && port <= PCI_CFG_DATA_PORT + 3 &&
	    pci_cfg_port_read(&vcpu->vm->pci, port, size, &v))
		return v;
	if (testdev_io(vcpu->vm, port, false, &v))
		return v & (uint32_t)size_mask(size);
	if (legacy_port_read(&vcpu->vm->legacy, port, size, &v))
		return v;
	if (fw_cfg_port_read(&vcpu->vm->fw_cfg, port, size, &v))
		return v;
	if (port >= ACPI_PM_BASE && port < ACPI_PM_BASE + ACPI_PM_PORTS &&
	    acpi_pm_read(&vcpu->vm->acpi_pm, port, size,
			 vm_clock_now(vcpu->vm, ACPI_PM_TIMER_HZ), &v))
		return v;
	if (size == 1) {
		uint8_t b;
		if (pic_port_read(&vcpu->vm->pic, port, &b)) {
			irq_pic_update(vcpu->vm);    /* a poll acknowledges */
			return b;
		}
		if (clock_port_read(vcpu->vm, port, &b))
			return b;
	}
	io_report_unknown(vcpu, port, true);
	return (uint32_t)size_mask(size);
}

/* PM1 and the PM timer (vdev/acpi_pm.h): S5 powers the VM off. */
static enum exit_result io_write_acpi_pm(struct vcpu *vcpu, uint16_t port, unsigned size,
					 uint32_t v)
{
	struct vm *vm = vcpu->vm;
	uint64_t now = vm_clock_now(vm, ACPI_PM_TIMER_HZ);

	switch (acpi_pm_write(&vm->acpi_pm, port, size, now, v)) {
	case ACPI_PM_POWER_OFF:
		vuart_flush(vm);
		pr_info("VM %s powered off (ACPI S5: SLP_EN in PM1a_CNT)\n", vm->name);
		vm->exit_code = 0;
		vm->state = VM_EXITED;
		return EXIT_STOP_VM;
	case ACPI_PM_SLEEP_REFUSED:
		pr_info("VM %s: sleep type %u requested through PM1a_CNT: the platform offers "
			"only S5 (\\_S5), nothing happens\n", vm->name,
			(vm->acpi_pm.cnt & ACPI_PM1_SLP_TYP) >> ACPI_PM1_SLP_TYP_SHIFT);
		return EXIT_ADVANCE;
	case ACPI_PM_DONE:
		platform_timers_changed(vm, false);     /* the SCI's level, TMR_EN's deadline */
		return EXIT_ADVANCE;
	case ACPI_PM_NOT_MINE:
		break;
	}
	io_report_unknown(vcpu, port, false);
	return EXIT_ADVANCE;
}

static __attribute__((noinline)) enum exit_result
io_write_platform(struct vcpu *vcpu, uint16_t port, unsigned size, uint32_t v)
{
	if (port >= PCI_CFG_ADDR_PORT && port <= PCI_CFG_DATA_PORT + 3 &&
	    pci_cfg_port_write(&vcpu->vm->pci, port, size, v)) {
		/* The interrupt disable bit may have changed what INTA# carries. */
		irq_testdev_update(vcpu->vm);
		return EXIT_ADVANCE;
	}
	if (testdev_io(vcpu->vm, port, true, &v))
		return EXIT_ADVANCE;
	if (size == 1 && pic_port_write(&vcpu->vm->pic, port, (uint8_t)v)) {
		irq_pic_update(vcpu->vm);
		return EXIT_ADVANCE;
	}
	if (size == 1 && clock_port_write(vcpu->vm, port, (uint8_t)v))
		return EXIT_ADVANCE;
	if (port >= ACPI_PM_BASE && port < ACPI_PM_BASE + ACPI_PM_PORTS)
		return io_write_acpi_pm(vcpu, port, size, v);
	if (fw_cfg_port_write(&vcpu->vm->fw_cfg, port, size, v))
		return EXIT_ADVANCE;
	switch (legacy_port_write(&vcpu->vm->legacy, port, size, v)) {
	case LEGACY_DONE:
		return EXIT_ADVANCE;
	case LEGACY_RESET:
		vm_stop(vcpu->vm, "reset requested: write of 0x%x to port 0x%x (l1hv does not "
			"restart a VM)", v & 0xff, port);
		return EXIT_STOP_VM;
	case LEGACY_NOT_MINE:
		break;
	}
	io_report_unknown(vcpu, port, false);
	return EXIT_ADVANCE;
}

static inline __attribute__((always_inline)) uint32_t io_read(struct vcpu *vcpu, uint16_t port,
							      unsigned size)
{
	if (port >= VUART_BASE && port < VUART_BASE + VUART_PORTS && size == 1)
		return vuart_read(vcpu->vm, port);
	/* Forwarded: under a parent l1hv, the access is ours to make. */
	if (port == NESTLAB_FWD_PORT && size == 1)
		return l1hv_parent_is_nestlab ? inb(NESTLAB_FWD_PORT) : vcpu->vm->fwd_scratch;
	return io_read_platform(vcpu, port, size);
}

static inline __attribute__((always_inline)) enum exit_result
io_write(struct vcpu *vcpu, uint16_t port, unsigned size, uint32_t v)
{
	if (port >= VUART_BASE && port < VUART_BASE + VUART_PORTS && size == 1) {
		vuart_write(vcpu->vm, port, (uint8_t)v);
		return EXIT_ADVANCE;
	}
	if (port == NESTLAB_FWD_PORT && size == 1) {
		if (l1hv_parent_is_nestlab)
			outb(NESTLAB_FWD_PORT, (uint8_t)v);
		else
			vcpu->vm->fwd_scratch = (uint8_t)v;
		return EXIT_ADVANCE;
	}
	if (port >= NESTLAB_DEBUG_EXIT_PORT && port < NESTLAB_DEBUG_EXIT_PORT + DEBUG_EXIT_PORTS) {
		/* QEMU's isa-debug-exit: the process exit status is (v << 1) | 1;
		 * we keep the value the guest wrote as its exit code. */
		vuart_flush(vcpu->vm);
		vcpu->vm->exit_code = (int)(v & size_mask(size));
		vcpu->vm->state = VM_EXITED;
		return EXIT_STOP_VM;
	}
	return io_write_platform(vcpu, port, size, v);
}

/* For the string instructions (io_string.c); io_read and io_write stay
 * static, inlined into handle_io, off whose path these copies are. */
uint32_t io_port_read(struct vcpu *vcpu, uint16_t port, unsigned size)
{
	return io_read(vcpu, port, size);
}

enum exit_result io_port_write(struct vcpu *vcpu, uint16_t port, unsigned size, uint32_t v)
{
	return io_write(vcpu, port, size, v);
}

enum exit_result handle_io(struct vcpu *vcpu, struct exit_info *e)
{
	struct exit_qual_io io = exit_qual_io_decode(e->qual);

	if (io.string)
		return handle_io_string(vcpu, e);
	if (io.in) {
		uint64_t mask = size_mask(io.size);
		uint64_t v = io_read(vcpu, io.port, io.size);

		/* IN to EAX zero-extends into RAX; AL/AX keep the upper bits. */
		if (io.size == 4)
			vcpu->regs[GPR_RAX] = v;
		else
			vcpu->regs[GPR_RAX] = (vcpu->regs[GPR_RAX] & ~mask) | (v & mask);
		return EXIT_ADVANCE;
	}
	return io_write(vcpu, io.port, io.size, (uint32_t)vcpu->regs[GPR_RAX]);
}
