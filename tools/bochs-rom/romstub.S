/* SPDX-License-Identifier: MIT */
/*
 * Reset-vector stub that replaces the BIOS in Bochs: the CPU starts at
 * F000:FFF0 (linear 0xFFFFFFF0, SDM Vol. 3A 11.1.4 "First Instruction
 * Executed"). We enter flat 32-bit protected mode, perform the copies listed
 * in the boot table mkrom wrote at the start of this 64 KiB, and jump to the
 * kernel as a Multiboot 1 loader would (EAX = 0x2BADB002, EBX = info).
 */
#include "rom_boot_table.h"

	.code16
	.section .text
rom_base:
	.skip ROM_TABLE_OFF_COPIES + ROM_TABLE_MAX_COPIES * ROM_COPY_SIZE

start16:
	cli
	cld
	lgdtl %cs:(gdt_ptr - rom_base)
	movl %cr0, %eax
	orl  $1, %eax
	andl $~((1 << 30) | (1 << 29)), %eax   /* caches on: CD = NW = 0 */
	movl %eax, %cr0
	ljmpl $0x08, $start32

	.code32
start32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl $rom_base, %ebx
	movl ROM_TABLE_OFF_COUNT(%ebx), %edx
	leal ROM_TABLE_OFF_COPIES(%ebx), %ebp
1:	testl %edx, %edx
	jz 2f
	movl 0(%ebp), %esi
	movl 4(%ebp), %edi
	movl 8(%ebp), %ecx
	rep movsb
	movl 12(%ebp), %ecx
	xorl %eax, %eax
	rep stosb
	addl $ROM_COPY_SIZE, %ebp
	decl %edx
	jmp 1b
2:	movl ROM_TABLE_OFF_ENTRY(%ebx), %ecx
	movl ROM_TABLE_OFF_INFO(%ebx), %ebx
	movl $0x2BADB002, %eax
	jmp *%ecx

	.align 16
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff    /* 0x08: flat 32-bit code */
	.quad 0x00cf93000000ffff    /* 0x10: flat data */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

	.org 0xfff0
reset_vector:
	jmp start16
	.org ROM_STUB_SIZE
