package dev.klas.advice;

import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.x86.Instruction;
import dev.klas.resolve.x86.MemoryOperand;
import dev.klas.resolve.x86.Register;
import dev.klas.resolve.x86.RegisterClass;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@link Hook}s from resolved join points of one binary: the original bytes are the instruction at the join
 * point as the file holds it, with relocated fields unknown, and the {@code __fentry__} call (an ftrace site) wholly
 * unknown plus the instruction after it, since ftrace rewrites the call at load.
 */
public final class HookFactory {
    private final Binary binary;
    private final Set<Long> ftraceSites;

    public HookFactory(Binary binary) {
        this.binary = binary;
        this.ftraceSites = AddressTable.of(binary.elf(), "__mcount_loc", "__start_mcount_loc", "__stop_mcount_loc");
    }

    /** Whether {@code address} is a {@code __fentry__} call site that ftrace patches. */
    public boolean isFtraceSite(long address) {
        return ftraceSites.contains(address);
    }

    public Hook hook(JoinPoint jp, List<String> aspects) {
        FunctionOffset anchor = binary.functions().unambiguous(jp.address()).orElse(jp.function());
        CodeLocation at = new CodeLocation(jp.function().symbol(), jp.function().offset(), jp.address(),
                anchor.symbol(), anchor.offset());
        String function = jp.inlineChain().isEmpty() ? jp.function().symbol().replaceFirst("\\..*", "")
                : jp.inlineChain().get(0).function();
        HookPlace place = new HookPlace(jp.place().file(), jp.place().line(), jp.place().column(), function);
        boolean entry = jp.place().kind() == PlaceKind.FUNCTION && jp.function().offset() == 0 && !jp.inlinedCopy();
        return new Hook(at, original(jp.address(), jp.instructionLength()), place, aspects, access(jp), entry,
                jp.precisionLabel());
    }

    OriginalBytes original(long address, int length) {
        List<Integer> out = new ArrayList<>();
        int len = length;
        boolean ftrace = isFtraceSite(address);
        if (ftrace) {
            len += binary.instructionAt(address + length).map(Instruction::length).orElse(0);
        }
        Section s = binary.codeSection(address).orElseThrow(() -> new IllegalArgumentException(
                "no code section holds 0x" + Long.toHexString(address)));
        ByteBuffer raw = binary.elf().rawData(s);
        long from = address - s.address();
        for (int i = 0; i < len && from + i < raw.limit(); i++) {
            out.add(ftrace && i < length ? OriginalBytes.UNKNOWN : Byte.toUnsignedInt(raw.get((int) (from + i))));
        }
        for (Relocations.Entry e : Relocations.of(binary.elf(), s)) {
            for (int k = 0; k < e.width(); k++) {
                long i = e.offset() + k - from;
                if (i >= 0 && i < out.size()) {
                    out.set((int) i, OriginalBytes.UNKNOWN);
                }
            }
        }
        return new OriginalBytes(out);
    }

    private static Optional<AccessOperand> access(JoinPoint jp) {
        if (!jp.place().kind().isFieldAccess() || !(jp.precision() instanceof Precision.Access a)) {
            return Optional.empty();
        }
        if (a.operand().isEmpty()) {
            return Optional.empty();
        }
        MemoryOperand m = a.operand().get();
        if (m.ripRelative() || m.vsib() || m.segment().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new AccessOperand(m.base().map(HookFactory::gpr), m.index().map(HookFactory::gpr),
                m.scale(), m.displacement(), m.addressSize(), a.memberOffset(), jp.place().struct(),
                jp.place().member()));
    }

    private static String gpr(Register r) {
        if (r.kind() != RegisterClass.GPR64 && r.kind() != RegisterClass.GPR32) {
            throw new IllegalArgumentException("not a general register: " + r);
        }
        return new Register(RegisterClass.GPR64, r.number()).attName();
    }
}
