package dev.klas.advice.vars;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import java.util.List;
import java.util.Optional;

/**
 * How a kprobes advice spells registers and addresses: the registers are the fields of the kprobe's
 * {@code struct pt_regs} (arch/x86/include/asm/ptrace.h) as the pre-handler sees them, before the probed instruction
 * runs; DWARF register 16 (the return address column, psABI Figure 3.36) is the hook's own address. Memory is read
 * only through {@code copy_from_kernel_nofault} ({@code KLAS_LOAD}, {@code klas_var_copy} in advice.c.mustache), so
 * a bad address makes the read fail instead of the kernel oops. A vmlinux address moves by the KASLR slide, which
 * the advice computes from the address kprobes resolved for the hook ({@code klas_slide}); a relocatable module's
 * sections move independently of each other, so its addresses are its section's run-time start, found when the
 * advice module loads ({@code klas_section_base}, {@link ModuleSections}), plus the offset in the section.
 */
public final class KernelRegisters implements Registers {
    /** pt_regs fields in DWARF register order: rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8-r15. */
    public static final List<String> PT_REGS = List.of("ax", "dx", "cx", "bx", "si", "di", "bp", "sp", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15");
    /** pt_regs fields in the order instructions encode the registers: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8-r15. */
    public static final List<String> ENCODED = List.of("ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15");
    private static final int RETURN_ADDRESS = 16;

    /** Link-time address ranges whose variables are not at address + slide, each with the reason. */
    public record Excluded(long start, long end, String reason) {
    }

    private final Optional<ModuleSections> module;
    private final List<Excluded> excluded;

    /**
     * vmlinux's spelling.
     *
     * @param excluded ranges such as vmlinux's {@code .data..percpu}, whose variables exist once per CPU
     */
    public KernelRegisters(List<Excluded> excluded) {
        this.module = Optional.empty();
        this.excluded = List.copyOf(excluded);
    }

    /** A relocatable module's spelling: addresses relative to the run-time start of their section. */
    public KernelRegisters(ModuleSections module) {
        this.module = Optional.of(module);
        this.excluded = List.of();
    }

    /**
     * The spelling for {@code binary}: a module's when it is relocatable (a placed .ko, {@link ModuleSections});
     * for vmlinux, variables in {@code .data..percpu} (one copy per CPU at a per-CPU offset, not at address + slide)
     * are refused.
     */
    public static KernelRegisters of(Binary binary) {
        ElfFile elf = binary.elf();
        if (elf.isRelocatable()) {
            return new KernelRegisters(ModuleSections.of(elf));
        }
        List<Excluded> excluded = elf.section(".data..percpu")
                .map(s -> List.of(new Excluded(s.address(), s.address() + s.size(), "it is a per-CPU variable"
                        + " (in .data..percpu): each CPU has its own copy, at an offset klas does not compute")))
                .orElse(List.of());
        return new KernelRegisters(excluded);
    }

    @Override
    public Optional<String> gpr(int number) {
        if (number == RETURN_ADDRESS) {
            return Optional.of("((uint64_t)klas_jp->address)");
        }
        return number >= 0 && number < PT_REGS.size()
                ? Optional.of("((uint64_t)klas_regs->" + PT_REGS.get(number) + ")") : Optional.empty();
    }

    @Override
    public String stored(int encoding) {
        return "((uint64_t)klas_regs->" + ENCODED.get(encoding) + ")";
    }

    @Override
    public String address(long address) {
        if (module.isPresent()) {
            try {
                ModuleSections.Located at = module.get().locate(address);
                return "((uint64_t)klas_section_base[" + at.slot() + "] + 0x" + Long.toHexString(at.offset())
                        + "ull)";
            } catch (ModuleSections.Unlocatable e) {
                throw new IllegalStateException("address 0x" + Long.toHexString(address) + " not checked: "
                        + e.getMessage(), e);
            }
        }
        return "((uint64_t)klas_slide + 0x" + Long.toHexString(address) + "ull)";
    }

    /** The module's sections the spelled addresses lie in, in the slot order of {@code klas_section_base}. */
    public List<ModuleSections.Anchor> sections() {
        return module.map(ModuleSections::used).orElse(List.of());
    }

    @Override
    public Optional<String> addressRefused(long address) {
        if (module.isPresent()) {
            try {
                module.get().locate(address);
                return Optional.empty();
            } catch (ModuleSections.Unlocatable e) {
                return Optional.of(e.getMessage());
            }
        }
        for (Excluded e : excluded) {
            if (Long.compareUnsigned(address, e.start()) >= 0 && Long.compareUnsigned(address, e.end()) < 0) {
                return Optional.of(e.reason());
            }
        }
        return Optional.empty();
    }

    @Override
    public String load(int bits, String address) {
        return "((uint64_t)KLAS_LOAD(uint" + bits + "_t, " + address + "))";
    }

    @Override
    public String returnAddress(String loaded) {
        return loaded;
    }

    @Override
    public boolean plainLoads() {
        return false;
    }
}
