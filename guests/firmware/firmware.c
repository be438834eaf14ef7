/* SPDX-License-Identifier: MIT */
/*
 * firmware: what the VM's firmware interfaces tell a kernel, and that they
 * agree: the Multiboot memory map (RAM from 0 with the EBDA and BIOS area
 * reserved, ECAM and the APIC pages reserved above RAM), QEMU's fw_cfg
 * (signature, ID, RAM size, CPU count, file directory, and "etc/e820",
 * which must list exactly the Multiboot map's entries), and that low
 * memory below the EBDA is RAM the guest can use.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/multiboot.h"
#include "guests/lib/guest.h"
#include "l1hv/platform/memmap.h"
#include "l1hv/vdev/fw_cfg.h"
#include "l1hv/vdev/pci_cfg.h"

static void fw_select(uint16_t item)
{
	outw(FW_CFG_PORT_SEL, item);
}

static void fw_read(void *buf, unsigned n)
{
	uint8_t *p = buf;

	for (unsigned i = 0; i < n; i++)
		p[i] = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define MAX_MAP 16
static struct e820_entry mb_map[MAX_MAP];

/* The Multiboot map as e820 entries; its count. */
static unsigned multiboot_map(void)
{
	const struct multiboot_info *mbi = guest_mbi;
	uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
	unsigned n = 0;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		return 0;
	while (p < end && n < MAX_MAP) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		mb_map[n++] = (struct e820_entry){ e->addr, e->len, e->type };
		p += e->size + sizeof(e->size);
	}
	return n;
}

static bool map_has(unsigned n, uint64_t addr, uint64_t size, uint32_t type)
{
	for (unsigned i = 0; i < n; i++)
		if (mb_map[i].addr == addr && mb_map[i].size == size && mb_map[i].type == type)
			return true;
	return false;
}

static void check_memory_map(unsigned n)
{
	report(n >= 6, "Multiboot memory map present (%u entries)", n);
	report(map_has(n, 0, MEMMAP_EBDA, E820_TYPE_RAM), "RAM from 0 to the EBDA (9FC00H)");
	report(map_has(n, MEMMAP_BIOS_AREA, MEMMAP_HIGH - MEMMAP_BIOS_AREA, E820_TYPE_RESERVED),
	       "BIOS area E0000H-FFFFFH reserved");
	report(map_has(n, MEMMAP_HIGH, guest_mem_end - MEMMAP_HIGH, E820_TYPE_RAM),
	       "RAM from 1 MiB to the end of memory");
	report(map_has(n, PCI_ECAM_BASE, PCI_ECAM_SIZE, E820_TYPE_RESERVED), "ECAM reserved");
	bool sorted = true;
	for (unsigned i = 1; i < n; i++)
		sorted &= mb_map[i].addr >= mb_map[i - 1].addr + mb_map[i - 1].size;
	report(sorted, "entries in address order, none overlapping");
	/* Low memory is RAM: a real-mode trampoline would live here. */
	volatile uint32_t *low = (volatile uint32_t *)0x7000;
	*low = 0x5a5aa5a5;
	report(*low == 0x5a5aa5a5, "low memory at 7000H holds what is written");
}

static void check_fw_cfg(unsigned n)
{
	uint8_t b[64], dir[4 + FW_CFG_MAX_FILES * FW_CFG_DIR_ENTRY];
	uint64_t ram = 0;
	uint32_t id = 0, files, e820_size = 0;
	uint16_t cpus = 0, e820_sel = 0;

	fw_select(FW_CFG_SIGNATURE);
	fw_read(b, 4);
	report(!memcmp(b, "QEMU", 4), "fw_cfg signature 'QEMU'");
	fw_select(FW_CFG_ID);
	fw_read(&id, 4);
	report(id == FW_CFG_ID_TRADITIONAL, "fw_cfg ID: traditional interface, no DMA (%u)", id);
	fw_select(FW_CFG_RAM_SIZE);
	fw_read(&ram, 8);
	report(ram == guest_mem_end, "fw_cfg RAM size 0x%lx is the Multiboot map's", ram);
	fw_select(FW_CFG_NB_CPUS);
	fw_read(&cpus, 2);
	report(cpus == 1, "fw_cfg CPU count %u", cpus);
	fw_select(FW_CFG_FILE_DIR);
	fw_read(dir, 4);
	files = be32(dir);
	report(files >= 1 && files <= FW_CFG_MAX_FILES, "fw_cfg file directory: %u file(s)", files);
	if (files > FW_CFG_MAX_FILES)
		files = FW_CFG_MAX_FILES;
	fw_read(dir + 4, files * FW_CFG_DIR_ENTRY);
	for (unsigned i = 0; i < files; i++) {
		const uint8_t *e = dir + 4 + i * FW_CFG_DIR_ENTRY;
		if (!strcmp((const char *)e + 8, "etc/e820")) {
			e820_size = be32(e);
			e820_sel = (uint16_t)(e[4] << 8 | e[5]);
		}
	}
	report(e820_sel && e820_size == n * sizeof(struct e820_entry),
	       "fw_cfg etc/e820: %u bytes at selector 0x%x, one entry per map entry",
	       e820_size, e820_sel);
	bool same = e820_sel != 0;
	fw_select(e820_sel);
	for (unsigned i = 0; same && i < n; i++) {
		struct e820_entry e;
		fw_read(&e, sizeof(e));
		same = e.addr == mb_map[i].addr && e.size == mb_map[i].size &&
		       e.type == mb_map[i].type;
	}
	report(same, "fw_cfg etc/e820 lists exactly the Multiboot map");
	/* Past the end of an item: zeros. */
	fw_read(b, 2);
	report(!b[0] && !b[1], "reads past the end of an item return 0");
}

int guest_main(const char *cmdline)
{
	unsigned n = multiboot_map();

	(void)cmdline;
	check_memory_map(n);
	check_fw_cfg(n);
	return report_summary();
}
