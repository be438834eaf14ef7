/* SPDX-License-Identifier: MIT */
/*
 * One probe per CPUID feature that has an instruction of its own: the
 * instruction, then ret. features.c runs each under catch_exception_call,
 * so a probe that raises #UD (or anything) is a failure, not a crash.
 * Memory operands use probe_mem, 64-byte aligned and large enough for any
 * XSAVE area the guest's XCR0 can ask for (AMX is never offered).
 * Vector registers are scratch: the guest's C code uses none.
 */
	.text
	.altmacro
.macro PROBE name
	.globl probe_\name
probe_\name:
.endm

/* ---- CPUID.1:ECX */
PROBE sse3;       haddps %xmm0, %xmm0;                      ret
PROBE pclmulqdq;  pclmulqdq $0, %xmm1, %xmm0;               ret
PROBE ssse3;      pshufb %xmm1, %xmm0;                      ret
PROBE fma;        vfmadd132ps %ymm1, %ymm1, %ymm0;          ret
PROBE cx16;       xorl %eax, %eax; xorl %edx, %edx; xorl %ebx, %ebx; xorl %ecx, %ecx
                  lock cmpxchg16b probe_mem(%rip);          ret
PROBE sse4_1;     ptest %xmm1, %xmm0;                       ret
PROBE sse4_2;     crc32l %eax, %eax;                        ret
PROBE movbe;      movbel probe_mem(%rip), %eax;             ret
PROBE popcnt;     popcntl %eax, %eax;                       ret
PROBE aes;        aesenc %xmm1, %xmm0;                      ret
/* XSAVE: save and restore every component XCR0 enables. */
PROBE xsave;      movl $-1, %eax; movl $-1, %edx
                  xsave64 probe_mem(%rip); xrstor64 probe_mem(%rip); ret
PROBE avx;        vxorps %ymm1, %ymm1, %ymm0;               ret
PROBE f16c;       vcvtph2ps %xmm1, %ymm0;                   ret
PROBE rdrand;     rdrand %eax;                             ret

/* ---- CPUID.1:EDX */
PROBE fpu;        fninit; fld1; fstp %st(0);                ret
PROBE tsc;        rdtsc;                                    ret
PROBE msr;        movl $0x10, %ecx; rdmsr;                  ret   /* IA32_TIME_STAMP_COUNTER */
PROBE cx8;        xorl %eax, %eax; xorl %edx, %edx; xorl %ebx, %ebx; xorl %ecx, %ecx
                  lock cmpxchg8b probe_mem(%rip);           ret
PROBE apic;       movl $0x1b, %ecx; rdmsr;                  ret   /* IA32_APIC_BASE */
PROBE cmov;       xorl %eax, %eax; cmovel %ecx, %eax;       ret
PROBE pat;        movl $0x277, %ecx; rdmsr;                 ret   /* IA32_PAT */
PROBE clfsh;      clflush probe_mem(%rip);                  ret
PROBE mmx;        pxor %mm0, %mm0; emms;                    ret
PROBE fxsr;       fxsave64 probe_mem(%rip); fxrstor64 probe_mem(%rip); ret
PROBE sse;        xorps %xmm1, %xmm0;                       ret
PROBE sse2;       paddq %xmm1, %xmm0;                       ret
/* SEP: SYSENTER in IA-32e mode enters 64-bit code at IA32_SYSENTER_EIP
 * with RSP = IA32_SYSENTER_ESP (SDM Vol. 2B SYSENTER); it clears IF,
 * which the probe restores. */
PROBE sep;        pushfq
                  movl $0x174, %ecx; movl $0x08, %eax; xorl %edx, %edx; wrmsr
                  movl $0x175, %ecx; movq %rsp, %rax; movq %rsp, %rdx; shrq $32, %rdx; wrmsr
                  movl $0x176, %ecx; leaq 1f(%rip), %rax; movq %rax, %rdx; shrq $32, %rdx; wrmsr
                  sysenter
1:                popfq;                                    ret

/* ---- CPUID.7.0:EBX */
PROBE fsgsbase;   rdfsbase %rax; wrfsbase %rax;             ret
PROBE bmi1;       andnl %eax, %eax, %eax;                   ret
PROBE hle;        xacquire lock addl $0, probe_mem(%rip)
                  xrelease lock addl $0, probe_mem(%rip);   ret
PROBE avx2;       vpaddd %ymm1, %ymm1, %ymm0;               ret
PROBE bmi2;       pdepl %eax, %eax, %eax;                   ret
/* INVPCID type 2, every context including globals: the descriptor's
 * PCID and address do not matter, its reserved bits 63:12 must be 0 (SDM
 * Vol. 2A INVPCID), so it is a descriptor of its own, all zero. */
PROBE invpcid;    movq $2, %rax; invpcid invpcid_desc(%rip), %rax; ret
/* RTM: a transaction that commits, or aborts to the fallback; both are
 * the feature working (XBEGIN itself must not #UD). */
PROBE rtm;        xbegin 1f; xend
1:                                                          ret
PROBE avx512f;    vpxord %zmm1, %zmm1, %zmm0;               ret
PROBE avx512dq;   vandpd %zmm1, %zmm1, %zmm0;               ret
PROBE rdseed;     rdseed %eax;                             ret
PROBE adx;        adcxl %eax, %eax;                         ret
PROBE smap;       stac; clac;                               ret
PROBE avx512ifma; vpmadd52luq %zmm1, %zmm1, %zmm0;          ret
PROBE clflushopt; clflushopt probe_mem(%rip);               ret
PROBE clwb;       clwb probe_mem(%rip);                     ret
PROBE avx512cd;   vplzcntd %zmm1, %zmm0;                    ret
PROBE sha;        sha1nexte %xmm1, %xmm0;                   ret
PROBE avx512bw;   vpaddb %zmm1, %zmm1, %zmm0;               ret
PROBE avx512vl;   vpxord %xmm1, %xmm1, %xmm0;               ret   /* EVEX.128 */

/* ---- CPUID.7.0:ECX */
PROBE prefetchwt1; prefetchwt1 probe_mem(%rip);             ret
PROBE avx512vbmi; vpermb %zmm1, %zmm1, %zmm0;               ret
PROBE pku;        xorl %ecx, %ecx; rdpkru; xorl %ecx, %ecx; xorl %edx, %edx; wrpkru; ret
PROBE avx512vbmi2; vpshldw $1, %zmm1, %zmm1, %zmm0;         ret
PROBE gfni;       gf2p8mulb %xmm1, %xmm0;                   ret
PROBE vaes;       vaesenc %ymm1, %ymm1, %ymm0;              ret
PROBE vpclmulqdq; vpclmulqdq $0, %ymm1, %ymm1, %ymm0;       ret
PROBE avx512vnni; vpdpbusd %zmm1, %zmm1, %zmm0;             ret
PROBE avx512bitalg; vpopcntb %zmm1, %zmm0;                  ret
PROBE avx512vpopcntdq; vpopcntd %zmm1, %zmm0;               ret
PROBE rdpid;      rdpid %rax;                               ret
PROBE cldemote;   cldemote probe_mem(%rip);                 ret
PROBE movdiri;    movdiri %eax, probe_mem(%rip);            ret
PROBE movdir64b;  leaq probe_mem(%rip), %rdi; leaq 64(%rdi), %rsi
                  movdir64b (%rsi), %rdi;                   ret

/* ---- CPUID.7.0:EDX */
PROBE avx512vp2intersect; vp2intersectd %zmm1, %zmm0, %k2; ret
PROBE md_clear;   movw $0x10, probe_mem(%rip); verw probe_mem(%rip); ret
PROBE serialize;  serialize;                                ret
PROBE avx512fp16; vaddph %zmm1, %zmm1, %zmm0;               ret

/* ---- CPUID.7.1:EAX */
PROBE avxvnni;    {vex} vpdpbusd %ymm1, %ymm1, %ymm0;       ret
PROBE avx512bf16; vcvtne2ps2bf16 %zmm1, %zmm1, %zmm0;       ret

/* ---- CPUID.0DH.1:EAX */
PROBE xsaveopt;   movl $-1, %eax; movl $-1, %edx
                  xsaveopt64 probe_mem(%rip); xrstor64 probe_mem(%rip); ret
PROBE xsavec;     movl $-1, %eax; movl $-1, %edx
                  xsavec64 probe_mem(%rip); xrstor64 probe_mem(%rip); ret
PROBE xgetbv1;    movl $1, %ecx; xgetbv;                    ret

/* ---- CPUID.80000001H */
PROBE lahf;       lahf; sahf;                               ret
PROBE lzcnt;      lzcntl %eax, %eax;                        ret
PROBE prefetchw;  prefetchw probe_mem(%rip);                ret
PROBE rdtscp;     rdtscp;                                   ret
/* SYSCALL from CPL 0: enters LSTAR with CS from STAR[47:32] and the
 * return RIP in RCX; the probe just returns from there. FMASK 0. */
PROBE syscall;    movl $0xc0000081, %ecx; xorl %eax, %eax; movl $0x00100008, %edx; wrmsr
                  movl $0xc0000084, %ecx; xorl %eax, %eax; xorl %edx, %edx; wrmsr
                  movl $0xc0000082, %ecx; leaq 1f(%rip), %rax; movq %rax, %rdx; shrq $32, %rdx; wrmsr
                  syscall
1:                movw $0x10, %ax; movw %ax, %ss;           ret

/* ---- CPUID.80000008H:EBX */
PROBE wbnoinvd;   wbnoinvd;                                 ret

	.bss
	.align 16
invpcid_desc:
	.skip 16
	.align 4096
	.globl probe_mem
probe_mem:
	.skip 16384
