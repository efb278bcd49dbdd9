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
    .section .note.GNU-stack,"",@progbits
