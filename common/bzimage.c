/* SPDX-License-Identifier: MIT */
/*
 * Linux x86 bzImage parser, placer and zero-page builder (see bzimage.h).
 * Field offsets and meanings: Documentation/arch/x86/boot.rst ("The
 * Real-Mode Kernel Header", "Details of Header Fields", "Loading The Rest
 * of The Kernel", "32-bit Boot Protocol") and zero-page.rst; the layout is
 * Linux's arch/x86/include/uapi/asm/bootparam.h, frozen below by
 * _Static_assert on every offset this file relies on.
 *
 * Arithmetic rule, as in mb_image.c: every offset and address is uint64_t,
 * and a range [a, a + n) is checked as "a <= limit && n <= limit - a",
 * never by computing a + n first, so no input can wrap a check. Ranges that
 * passed such a check (or the caller's, validated in mem_ok) may be added.
 */
#include "common/bzimage.h"
#include "common/le_bytes.h"

#define FOUR_GIB        0x100000000ull
#define BOOT_FLAG       0xaa55u
#define HDRS_MAGIC      0x53726448u  /* "HdrS" */
#define JMP_SHORT       0xebu        /* the jump at 0x200 */
#define JMP_MAX         0x7fu        /* its offset is signed: forward only */
/* boot.rst "Sample Boot Configuration": protocol >= 2.02 with LOADED_HIGH. */
#define HEAP_END        0xe000u
#define LOADER_UNKNOWN  0xffu        /* type_of_loader: no assigned id */
#define VERSION_2_15    0x020fu      /* adds kernel_info_offset to the header */

/* boot.rst "The Real-Mode Kernel Header": the setup header at 0x1f1. */
struct setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint16_t jump;
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

/* zero-page.rst: struct boot_params, 4096 bytes. */
struct boot_params {
	uint8_t screen_info[0x40];
	uint8_t apm_bios_info[0x14];
	uint8_t pad_054[4];
	uint64_t tboot_addr;
	uint8_t ist_info[0x10];
	uint64_t acpi_rsdp_addr;
	uint8_t pad_078[8];
	uint8_t hd0_info[0x10];
	uint8_t hd1_info[0x10];
	uint8_t sys_desc_table[0x10];
	uint8_t olpc_ofw_header[0x10];
	uint32_t ext_ramdisk_image;
	uint32_t ext_ramdisk_size;
	uint32_t ext_cmd_line_ptr;
	uint8_t pad_0cc[0x70];
	uint32_t cc_blob_address;
	uint8_t edid_info[0x80];
	uint8_t efi_info[0x20];
	uint32_t alt_mem_k;
	uint32_t scratch;
	uint8_t e820_entries;
	uint8_t eddbuf_entries;
	uint8_t edd_mbr_sig_buf_entries;
	uint8_t kbd_status;
	uint8_t secure_boot;
	uint8_t pad_1ed[2];
	uint8_t sentinel;
	uint8_t pad_1f0;
	struct setup_header hdr;
	uint8_t pad_26c[0x290 - 0x26c];
	uint32_t edd_mbr_sig_buffer[16];
	struct e820_entry e820_table[BZIMAGE_E820_MAX];
	uint8_t pad_cd0[0x30];
	uint8_t eddbuf[0x1ec];
	uint8_t pad_eec[0x114];
} __attribute__((packed));

#define BP_OFF(field) __builtin_offsetof(struct boot_params, field)
#define BP_CHECK(field, off) _Static_assert(BP_OFF(field) == (off), #field " offset")
BP_CHECK(acpi_rsdp_addr, 0x070);
BP_CHECK(ext_ramdisk_image, 0x0c0);
BP_CHECK(ext_ramdisk_size, 0x0c4);
BP_CHECK(ext_cmd_line_ptr, 0x0c8);
BP_CHECK(cc_blob_address, 0x13c);
BP_CHECK(scratch, 0x1e4);
BP_CHECK(e820_entries, 0x1e8);
BP_CHECK(sentinel, 0x1ef);
BP_CHECK(hdr, 0x1f1);
BP_CHECK(hdr.setup_sects, 0x1f1);
BP_CHECK(hdr.syssize, 0x1f4);
BP_CHECK(hdr.vid_mode, 0x1fa);
BP_CHECK(hdr.boot_flag, 0x1fe);
BP_CHECK(hdr.jump, 0x200);
BP_CHECK(hdr.header, 0x202);
BP_CHECK(hdr.version, 0x206);
BP_CHECK(hdr.realmode_swtch, 0x208);
BP_CHECK(hdr.type_of_loader, 0x210);
BP_CHECK(hdr.loadflags, 0x211);
BP_CHECK(hdr.code32_start, 0x214);
BP_CHECK(hdr.ramdisk_image, 0x218);
BP_CHECK(hdr.ramdisk_size, 0x21c);
BP_CHECK(hdr.heap_end_ptr, 0x224);
BP_CHECK(hdr.ext_loader_ver, 0x226);
BP_CHECK(hdr.ext_loader_type, 0x227);
BP_CHECK(hdr.cmd_line_ptr, 0x228);
BP_CHECK(hdr.initrd_addr_max, 0x22c);
BP_CHECK(hdr.kernel_alignment, 0x230);
BP_CHECK(hdr.relocatable_kernel, 0x234);
BP_CHECK(hdr.xloadflags, 0x236);
BP_CHECK(hdr.cmdline_size, 0x238);
BP_CHECK(hdr.hardware_subarch, 0x23c);
BP_CHECK(hdr.hardware_subarch_data, 0x240);
BP_CHECK(hdr.setup_data, 0x250);
BP_CHECK(hdr.pref_address, 0x258);
BP_CHECK(hdr.init_size, 0x260);
BP_CHECK(hdr.handover_offset, 0x264);
BP_CHECK(hdr.kernel_info_offset, 0x268);
BP_CHECK(pad_26c, 0x26c);
BP_CHECK(edd_mbr_sig_buffer, 0x290);
BP_CHECK(e820_table, 0x2d0);
BP_CHECK(eddbuf, 0xd00);
_Static_assert(sizeof(struct e820_entry) == 20, "e820 entry size");
_Static_assert(sizeof(struct boot_params) == BZIMAGE_ZERO_PAGE_SIZE, "boot_params size");

#define HDR_START      BP_OFF(hdr)
#define HDR_END        (HDR_START + sizeof(struct setup_header))  /* 0x26c, 2.15 */
#define HDR_OFF(field) BP_OFF(hdr.field)
/* The setup header must reach this far for protocols 2.12-2.14 (through
 * handover_offset, 2.11) and for 2.15+ (kernel_info_offset). */
#define HDR_END_2_11   (HDR_OFF(handover_offset) + 4)
#define HDR_END_2_15   HDR_END
/* The zero page's room for the header (edd_mbr_sig_buffer follows). */
#define HDR_ROOM_END   BP_OFF(edd_mbr_sig_buffer)

static const char *const bzimage_msgs[BZIMAGE_E_COUNT] = {
	[BZIMAGE_OK] = "success",
#define BZIMAGE_ERR_MSG(name, msg) [BZIMAGE_E_##name] = msg,
	BZIMAGE_ERRORS(BZIMAGE_ERR_MSG)
#undef BZIMAGE_ERR_MSG
};

const char *bzimage_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < BZIMAGE_E_COUNT ? bzimage_msgs[err] : "unknown error";
}

static int fail(const char **why, enum bzimage_err e)
{
	if (why)
		*why = bzimage_msgs[e];
	return -(int)e;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Both ranges already known not to wrap. */
static bool overlap(uint64_t base, uint64_t len, const struct bzimage_range *r)
{
	return base < r->base + r->size && r->base < base + len;
}

/* The 32-bit protocol runs with paging off: everything below 4 GiB. */
static uint64_t mem_limit(const struct bzimage_mem *mem)
{
	return min_u64(mem->size, FOUR_GIB);
}

/* [base, base + len) inside [1 MiB, limit)? */
static bool in_high_mem(uint64_t base, uint64_t len, uint64_t limit)
{
	return base >= BZIMAGE_HIGH_START && base <= limit && len <= limit - base;
}

static bool mem_ok(const struct bzimage_mem *mem)
{
	if (mem->nreserved > BZIMAGE_MAX_RESERVED || (mem->nreserved && !mem->reserved))
		return false;
	for (unsigned i = 0; i < mem->nreserved; i++) {
		const struct bzimage_range *r = &mem->reserved[i];

		if (r->size == 0 || r->size > UINT64_MAX - r->base)
			return false;
	}
	return true;
}

/* The first reserved range that [base, base + len) overlaps, or NULL. */
static const struct bzimage_range *reserved_hit(const struct bzimage_mem *mem, uint64_t base,
						uint64_t len)
{
	for (unsigned i = 0; i < mem->nreserved; i++)
		if (overlap(base, len, &mem->reserved[i]))
			return &mem->reserved[i];
	return NULL;
}

static bool range_free(const struct bzimage_mem *mem, uint64_t base, uint64_t len)
{
	return in_high_mem(base, len, mem_limit(mem)) && !reserved_hit(mem, base, len);
}

/*
 * boot.rst pref_address: "A relocating bootloader should attempt to load at
 * this address if possible"; else any kernel_alignment multiple works
 * (relocatable_kernel). Tries pref_address, then aligned addresses upward
 * from 1 MiB, each time stepping past the reserved range in the way; a range
 * once stepped past is never hit again, so nreserved + 1 tries suffice.
 */
static int place_relocatable(struct bzimage *k, const struct bzimage_mem *mem,
			     uint64_t need, const char **why)
{
	uint64_t align = k->kernel_alignment, limit = mem_limit(mem);
	uint64_t at = (BZIMAGE_HIGH_START + align - 1) & ~(align - 1);

	if (k->pref_address && !(k->pref_address & (align - 1)) &&
	    range_free(mem, k->pref_address, need)) {
		at = k->pref_address;
	} else {
		for (unsigned tries = 0;; tries++) {
			const struct bzimage_range *r;

			if (tries > mem->nreserved || !in_high_mem(at, need, limit))
				return fail(why, BZIMAGE_E_KERNEL_NO_ROOM);
			r = reserved_hit(mem, at, need);
			if (!r)
				break;
			/* r ends above at, which is below 4 GiB; align < 4 GiB. */
			if (r->base + r->size > limit)
				return fail(why, BZIMAGE_E_KERNEL_NO_ROOM);
			at = (r->base + r->size + align - 1) & ~(align - 1);
		}
	}
	k->load = (struct bzimage_range){ at, k->kernel_file_size };
	k->run = (struct bzimage_range){ at, need };
	return 0;
}

/* boot.rst: a bzImage loads at 0x100000 ("Loading The Rest of The Kernel");
 * "A non-relocatable kernel will unconditionally move itself and to run at"
 * pref_address (init_size: runtime_start = pref_address). */
static int place_fixed(struct bzimage *k, const struct bzimage_mem *mem, uint64_t need,
		       const char **why)
{
	uint64_t run = k->pref_address ? k->pref_address : BZIMAGE_HIGH_START;

	if (!range_free(mem, BZIMAGE_HIGH_START, k->kernel_file_size) ||
	    !range_free(mem, run, need))
		return fail(why, BZIMAGE_E_FIXED_ADDR);
	k->load = (struct bzimage_range){ BZIMAGE_HIGH_START, k->kernel_file_size };
	k->run = (struct bzimage_range){ run, need };
	return 0;
}

static int parse_header(const uint8_t *p, uint64_t size, struct bzimage *k, const char **why)
{
	unsigned jump_offset;

	if (size < HDR_END)
		return fail(why, BZIMAGE_E_TOO_SHORT);
	if (le16(p + HDR_OFF(boot_flag)) != BOOT_FLAG)
		return fail(why, BZIMAGE_E_NO_BOOT_FLAG);
	if (le32(p + HDR_OFF(header)) != HDRS_MAGIC)
		return fail(why, BZIMAGE_E_NO_HDRS);
	k->version = (uint16_t)le16(p + HDR_OFF(version));
	if (k->version < BZIMAGE_MIN_VERSION)
		return fail(why, BZIMAGE_E_OLD_PROTOCOL);

	/* boot.rst jump: 0xEB and an offset from 0x202, which is where the
	 * 32-bit protocol's copy of the header ends. */
	jump_offset = p[HDR_OFF(jump) + 1];
	k->header_end = HDR_OFF(header) + jump_offset;
	if (p[HDR_OFF(jump)] != JMP_SHORT || jump_offset > JMP_MAX ||
	    k->header_end < (k->version >= VERSION_2_15 ? HDR_END_2_15 : HDR_END_2_11))
		return fail(why, BZIMAGE_E_HEADER_LENGTH);
	if (k->header_end > size)
		return fail(why, BZIMAGE_E_TOO_SHORT);

	k->loadflags = p[HDR_OFF(loadflags)];
	if (!(k->loadflags & BZIMAGE_LOADED_HIGH))
		return fail(why, BZIMAGE_E_NOT_BZIMAGE);
	k->setup_sects = p[HDR_OFF(setup_sects)] ? p[HDR_OFF(setup_sects)] : 4;
	k->syssize = le32(p + HDR_OFF(syssize));
	k->initrd_addr_max = le32(p + HDR_OFF(initrd_addr_max));
	k->kernel_alignment = le32(p + HDR_OFF(kernel_alignment));
	k->relocatable = p[HDR_OFF(relocatable_kernel)] != 0;
	k->xloadflags = (uint16_t)le16(p + HDR_OFF(xloadflags));
	k->cmdline_size = le32(p + HDR_OFF(cmdline_size));
	k->pref_address = le64(p + HDR_OFF(pref_address));
	k->init_size = le32(p + HDR_OFF(init_size));

	/* "The 32-bit (non-real-mode) kernel starts at offset
	 * (setup_sects+1)*512 in the kernel file"; at most 256 * 512. */
	k->kernel_file_off = (uint64_t)(k->setup_sects + 1) * BZIMAGE_SECTOR;
	if (k->kernel_file_off >= size)
		return fail(why, BZIMAGE_E_NO_KERNEL);
	k->kernel_file_size = size - k->kernel_file_off;
	/* syssize counts what the build wrote; signed kernels append more. */
	if (k->syssize == 0 || (uint64_t)k->syssize * 16 > k->kernel_file_size)
		return fail(why, BZIMAGE_E_SYSSIZE);
	if (k->relocatable && (k->kernel_alignment < BZIMAGE_PAGE_SIZE ||
			       (k->kernel_alignment & (k->kernel_alignment - 1))))
		return fail(why, BZIMAGE_E_ALIGNMENT);
	return 0;
}

int bzimage_parse(const void *img, size_t size, const struct bzimage_mem *mem,
		  struct bzimage *out, const char **why)
{
	uint64_t need;
	int err;

	if (!mem_ok(mem))
		return fail(why, BZIMAGE_E_BAD_MEM);
	err = parse_header(img, size, out, why);
	if (err)
		return err;
	/* init_size counts from the runtime start; a sane image's file fits
	 * inside it, a strange one still gets all its bytes reserved. */
	need = out->init_size > out->kernel_file_size ? out->init_size : out->kernel_file_size;
	err = out->relocatable ? place_relocatable(out, mem, need, why)
			       : place_fixed(out, mem, need, why);
	if (err)
		return err;
	/* Below 4 GiB: in_high_mem checked load.base + load.size <= 4 GiB. */
	out->entry32 = (uint32_t)out->load.base;
	out->entry64 = out->xloadflags & BZIMAGE_XLF_KERNEL_64 ?
		       out->load.base + BZIMAGE_ENTRY64_OFFSET : 0;
	return 0;
}

int bzimage_load(const struct bzimage *k, const void *img,
		 void *(*dst_of)(void *ctx, uint64_t paddr, uint64_t len), void *ctx)
{
	const uint8_t *src = (const uint8_t *)img + k->kernel_file_off;
	uint64_t done = 0;

	while (done < k->load.size) {
		uint64_t pa = k->load.base + done;
		uint64_t chunk = BZIMAGE_PAGE_SIZE - (pa & (BZIMAGE_PAGE_SIZE - 1));
		void *dst;

		if (chunk > k->load.size - done)
			chunk = k->load.size - done;
		dst = dst_of(ctx, pa, chunk);
		if (!dst)
			return -BZIMAGE_E_UNMAPPED;
		__builtin_memcpy(dst, src + done, (size_t)chunk);
		done += chunk;
	}
	return 0;
}

static bool hits_kernel(const struct bzimage *k, uint64_t base, uint64_t len)
{
	return overlap(base, len, &k->load) || overlap(base, len, &k->run);
}

/*
 * boot.rst initrd_addr_max: the highest byte the initrd may occupy, and
 * "an initrd should be placed near end of memory". Tries the highest
 * page-aligned place below the limit; each range in the way lowers the
 * limit to its base, so no range is hit twice (nreserved + 2 ranges).
 */
int bzimage_initrd_addr(const struct bzimage *k, const struct bzimage_mem *mem,
			uint64_t initrd_size, uint64_t *gpa, const char **why)
{
	uint64_t top = min_u64((uint64_t)k->initrd_addr_max + 1, mem_limit(mem));

	if (!mem_ok(mem))
		return fail(why, BZIMAGE_E_BAD_MEM);
	*gpa = 0;
	if (initrd_size == 0)
		return 0;
	for (unsigned tries = 0; tries <= mem->nreserved + 2; tries++) {
		const struct bzimage_range *r;
		uint64_t at;

		if (initrd_size > top)
			break;
		at = (top - initrd_size) & ~(uint64_t)(BZIMAGE_PAGE_SIZE - 1);
		if (at < BZIMAGE_HIGH_START)
			break;
		if (overlap(at, initrd_size, &k->run))
			r = &k->run;
		else if (overlap(at, initrd_size, &k->load))
			r = &k->load;
		else
			r = reserved_hit(mem, at, initrd_size);
		if (!r) {
			*gpa = at;
			return 0;
		}
		top = r->base;
	}
	return fail(why, BZIMAGE_E_INITRD_NO_ROOM);
}

/* Is [base, base + len) (not wrapping) covered by e820 RAM, entries chained
 * end to start? Each step moves cur past an entry's end, so it ends. */
static bool e820_is_ram(const struct bzimage_boot *b, uint64_t base, uint64_t len)
{
	uint64_t cur = base, end = base + len;

	while (cur < end) {
		bool advanced = false;

		for (unsigned i = 0; i < b->e820_entries && !advanced; i++) {
			const struct e820_entry *e = &b->e820[i];

			if (e->type == E820_TYPE_RAM && e->addr <= cur && cur - e->addr < e->size) {
				cur = e->addr + e->size;
				advanced = true;
			}
		}
		if (!advanced)
			return false;
	}
	return true;
}

static int check_boot(const struct bzimage *k, const struct bzimage_boot *b, const char **why)
{
	uint64_t cmdline_bytes = (uint64_t)b->cmdline_len + 1;

	if (b->cmdline_len > k->cmdline_size)
		return fail(why, BZIMAGE_E_CMDLINE_TOO_LONG);
	if (b->cmdline_gpa == 0 || b->cmdline_gpa > FOUR_GIB ||
	    cmdline_bytes > FOUR_GIB - b->cmdline_gpa ||
	    hits_kernel(k, b->cmdline_gpa, cmdline_bytes))
		return fail(why, BZIMAGE_E_CMDLINE_RANGE);
	/* ramdisk_image 0 reads as "no initrd". */
	if (b->initrd_size &&
	    (b->initrd_gpa == 0 || b->initrd_gpa > k->initrd_addr_max ||
	     b->initrd_size - 1 > k->initrd_addr_max - b->initrd_gpa ||
	     hits_kernel(k, b->initrd_gpa, b->initrd_size)))
		return fail(why, BZIMAGE_E_INITRD_RANGE);

	if (b->e820_entries < 2 || b->e820_entries > BZIMAGE_E820_MAX || !b->e820)
		return fail(why, BZIMAGE_E_E820_COUNT);
	for (unsigned i = 0; i < b->e820_entries; i++)
		if (b->e820[i].size == 0 || b->e820[i].size > UINT64_MAX - b->e820[i].addr)
			return fail(why, BZIMAGE_E_E820_ENTRY);
	if (!e820_is_ram(b, k->load.base, k->load.size) ||
	    !e820_is_ram(b, k->run.base, k->run.size) ||
	    (b->initrd_size && !e820_is_ram(b, b->initrd_gpa, b->initrd_size)))
		return fail(why, BZIMAGE_E_E820_NOT_RAM);
	return 0;
}

int bzimage_zero_page(const struct bzimage *k, const void *img, void *zp,
		      const struct bzimage_boot *b, const char **why)
{
	struct boot_params *bp = zp;
	struct setup_header *h = &bp->hdr;
	uint64_t initrd_gpa;
	int err;

	/* k comes from bzimage_parse; a damaged one must not overrun zp. */
	if (k->header_end < HDR_END_2_11 || k->header_end > HDR_ROOM_END)
		return fail(why, BZIMAGE_E_HEADER_LENGTH);
	err = check_boot(k, b, why);
	if (err)
		return err;

	/* "The memory for struct boot_params should be allocated and
	 * initialized to all zero. Then the setup header from offset 0x01f1
	 * of kernel image on should be loaded into struct boot_params"; the
	 * image's byte 0x1ef (sentinel, 0xff) stays behind, which tells Linux
	 * the loader cleared the rest (sanitize_boot_params). */
	__builtin_memset(bp, 0, sizeof(*bp));
	__builtin_memcpy((uint8_t *)bp + HDR_START, (const uint8_t *)img + HDR_START,
			 k->header_end - HDR_START);

	/* The fields boot.rst marks "write" or "modify", as its sample loader
	 * fills them for a protocol >= 2.02 bzImage. */
	h->setup_sects = (uint8_t)k->setup_sects;
	h->realmode_swtch = 0;           /* no real-mode hook */
	h->type_of_loader = LOADER_UNKNOWN;
	h->ext_loader_ver = 0;
	h->ext_loader_type = 0;
	/* LOADED_HIGH stays; QUIET clear (early messages wanted), KEEP_SEGMENTS
	 * clear (obsolete: Linux loads its own segments), KASLR_FLAG is the
	 * kernel's. The heap is for the real-mode setup the 32-bit protocol
	 * skips; it is declared all the same, as the protocol's sample does. */
	h->loadflags = BZIMAGE_LOADED_HIGH | BZIMAGE_CAN_USE_HEAP;
	h->heap_end_ptr = HEAP_END - 0x200;
	h->code32_start = k->entry32;
	h->cmd_line_ptr = (uint32_t)b->cmdline_gpa;
	bp->ext_cmd_line_ptr = (uint32_t)(b->cmdline_gpa >> 32);
	/* "Leave at zero if there is no initial ramdisk": the image's own
	 * bytes there are not the loader's answer either way. */
	initrd_gpa = b->initrd_size ? b->initrd_gpa : 0;
	h->ramdisk_image = (uint32_t)initrd_gpa;
	h->ramdisk_size = (uint32_t)b->initrd_size;
	bp->ext_ramdisk_image = (uint32_t)(initrd_gpa >> 32);
	bp->ext_ramdisk_size = (uint32_t)(b->initrd_size >> 32);
	h->hardware_subarch = 0;         /* the default x86/PC environment */
	h->hardware_subarch_data = 0;
	h->setup_data = 0;               /* no setup_data list */

	bp->e820_entries = (uint8_t)b->e820_entries;
	__builtin_memcpy(bp->e820_table, b->e820, b->e820_entries * sizeof(b->e820[0]));
	/* boot_params 0x070 (zero-page.rst); 2.14 is the first protocol with
	 * the field, older kernels find the RSDP by scanning 0xE0000-0xFFFFF. */
	if (k->version >= BZIMAGE_RSDP_VERSION)
		bp->acpi_rsdp_addr = b->acpi_rsdp_addr;
	return 0;
}
