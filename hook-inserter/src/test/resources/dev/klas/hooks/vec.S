/* vec.S - interrupted code with live vector state: ymm0..ymm15 hold distinct values across the hooked
 * instruction at vec_site (the test hooks it; vec_site's first 7 bytes are whole instructions with no
 * branch target inside), and are checked afterwards. Returns 0 when all 16 survived, else 1. */
    .text
    .globl vector_check
    .type vector_check, @function
vector_check:
    push %rbp
    mov %rsp, %rbp
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    mov $(0x1000 + \i), %eax
    vmovd %eax, %xmm\i
    vpbroadcastd %xmm\i, %ymm\i
    .endr
    .globl vec_site
    .type vec_site, @function
vec_site:                      /* expect: hook */
    mov %rdi, %rax
    add $1, %rax
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    vmovd %xmm\i, %eax
    cmp $(0x1000 + \i), %eax
    jne 1f
    vextracti128 $1, %ymm\i, %xmm\i
    vpextrd $3, %xmm\i, %eax
    cmp $(0x1000 + \i), %eax
    jne 1f
    .endr
    xor %eax, %eax
    vzeroupper
    pop %rbp
    ret
1:  mov $1, %eax
    vzeroupper
    pop %rbp
    ret
    .size vector_check, .-vector_check

/* long blocking_read(int fd, void *buf, long n): 0x1000 + read(2), through a syscall that sits strictly inside the
 * 5 displaced bytes of a jump hook at read_site (xor 2 + syscall 2 + nop 1). A thread blocked here while
 * the hook goes in must be moved to the trampoline's copy, or it resumes inside the new jmp. */
    .globl blocking_read
    .type blocking_read, @function
blocking_read:
    .globl read_site
    .type read_site, @function
read_site:                     /* expect: hook */
    xor %eax, %eax
    syscall
    nop
    add $0x1000, %rax          /* a thread resuming inside the new jmp misdecodes this and crashes */
    ret
    .size blocking_read, .-blocking_read

/* long flags_roundtrip(long flags): sets the status flags (CF PF AF ZF SF OF) to FLAGS, runs the hooked
 * flags_site (two movs that leave the flags alone) and returns the status flags as they came out. */
    .globl flags_roundtrip
    .type flags_roundtrip, @function
flags_roundtrip:
    or $2, %rdi
    push %rdi
    popfq
    .globl flags_site
    .type flags_site, @function
flags_site:                    /* expect: hook */
    mov %rsi, %rax
    mov %rdx, %rcx
    pushfq
    pop %rax
    and $0x8d5, %eax
    ret
    .size flags_roundtrip, .-flags_roundtrip

/* void regs_roundtrip(long out[15]): puts 0x5eed0000000000NN in every general register but rsp (NN = 1 for
 * rax .. 15 for r15 in the order rax rcx rdx rbx rbp rsi rdi r8-r15), runs the hooked regs_site (a 5-byte
 * nop) and stores the registers as they came out into regs_seen[] (written before any register changes). */
    .globl regs_roundtrip
    .type regs_roundtrip, @function
regs_roundtrip:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    movabs $0x5eed000000000001, %rax
    movabs $0x5eed000000000002, %rcx
    movabs $0x5eed000000000003, %rdx
    movabs $0x5eed000000000004, %rbx
    movabs $0x5eed000000000005, %rbp
    movabs $0x5eed000000000006, %rsi
    movabs $0x5eed000000000007, %rdi
    movabs $0x5eed000000000008, %r8
    movabs $0x5eed000000000009, %r9
    movabs $0x5eed00000000000a, %r10
    movabs $0x5eed00000000000b, %r11
    movabs $0x5eed00000000000c, %r12
    movabs $0x5eed00000000000d, %r13
    movabs $0x5eed00000000000e, %r14
    movabs $0x5eed00000000000f, %r15
    .globl regs_site
    .type regs_site, @function
regs_site:                     /* expect: hook */
    nopl 0x0(%rax,%rax,1)
    mov %rax, regs_seen+0(%rip)
    mov %rcx, regs_seen+8(%rip)
    mov %rdx, regs_seen+16(%rip)
    mov %rbx, regs_seen+24(%rip)
    mov %rbp, regs_seen+32(%rip)
    mov %rsi, regs_seen+40(%rip)
    mov %rdi, regs_seen+48(%rip)
    mov %r8, regs_seen+56(%rip)
    mov %r9, regs_seen+64(%rip)
    mov %r10, regs_seen+72(%rip)
    mov %r11, regs_seen+80(%rip)
    mov %r12, regs_seen+88(%rip)
    mov %r13, regs_seen+96(%rip)
    mov %r14, regs_seen+104(%rip)
    mov %r15, regs_seen+112(%rip)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size regs_roundtrip, .-regs_roundtrip

    .bss
    .globl regs_seen
    .balign 8
regs_seen:
    .zero 120
    .section .note.GNU-stack,"",@progbits
