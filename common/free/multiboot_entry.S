/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 entry shared by l1hv and every guest: the loader leaves us in
 * 32-bit protected mode, paging off, EAX = 0x2BADB002, EBX = info (spec 3.2).
 * We identity-map the low 4 GiB with 2 MiB pages, enter IA-32e mode
 * (SDM Vol. 3A 10.8.5 "Initializing IA-32e Mode") and call
 * multiboot_main(magic, info) with a 64 KiB stack.
 */
#define MB_MAGIC   0x1BADB002
#define MB_FLAGS   ((1 << 0) | (1 << 1) | (1 << 16))   /* page-align, mem info, address fields */

	.section .multiboot, "a"
	.align 4
	.globl multiboot_header
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	/* Address fields (flag 16) so QEMU's -kernel accepts this ELF64. */
	.long multiboot_header      /* header_addr */
	.long __image_start         /* load_addr */
	.long __data_end            /* load_end_addr */
	.long __bss_end             /* bss_end_addr */
	.long multiboot_entry       /* entry_addr */

	.section .text.entry, "ax"
	.code32
	.globl multiboot_entry
multiboot_entry:
	cli
	cld
	movl %eax, %edi                 /* magic: first argument */
	movl %ebx, %esi                 /* info:  second argument */
	movl $boot_stack_top, %esp

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl $boot_pdpt, %eax
	orl  $0x3, %eax
	movl %eax, boot_pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $boot_pd, %eax
	orl  $0x3, %eax
	movl %eax, boot_pdpt(,%ecx,8)
	incl %ecx
	cmpl $4, %ecx
	jne  1b
	xorl %ecx, %ecx                 /* 2048 PDEs: 2 MiB * 2048 = 4 GiB */
2:	movl %ecx, %eax
	shll $21, %eax
	orl  $0x83, %eax                /* present, writable, PS */
	movl %eax, boot_pd(,%ecx,8)
	movl %ecx, %eax
	shrl $11, %eax                  /* bits 63:32 of the 2 MiB frame address */
	movl %eax, boot_pd+4(,%ecx,8)
	incl %ecx
	cmpl $2048, %ecx
	jne  2b

	movl %cr4, %eax
	orl  $(1 << 5), %eax            /* CR4.PAE */
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx          /* IA32_EFER.LME */
	rdmsr
	orl  $(1 << 8), %eax
	wrmsr
	movl %cr0, %eax
	orl  $((1 << 31) | (1 << 16) | (1 << 5) | 1), %eax  /* PG, WP, NE, PE */
	andl $~((1 << 30) | (1 << 29) | (1 << 2)), %eax     /* CD, NW, EM off */
	movl %eax, %cr0
	lgdt boot_gdt_ptr
	ljmp $0x08, $entry64

	.code64
entry64:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call multiboot_main
3:	cli
	hlt
	jmp 3b

	.section .rodata
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9b000000ffff        /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf93000000ffff        /* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss
	.align 4096
	.globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4096 * 4
	.align 16
boot_stack:	.skip 65536
	.globl boot_stack_top
boot_stack_top:
