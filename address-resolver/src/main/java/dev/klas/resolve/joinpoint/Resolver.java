package dev.klas.resolve.joinpoint;

import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.InlineFrame;
import dev.klas.resolve.LineLocation;
import dev.klas.resolve.LineLookup;
import dev.klas.resolve.dwarf.StructLayout;
import dev.klas.resolve.x86.Access;
import dev.klas.resolve.x86.Flow;
import dev.klas.resolve.x86.Instruction;
import dev.klas.resolve.x86.MemoryOperand;
import dev.klas.resolve.x86.RegisterClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Maps source places to join points. A place's line is found in every line table (every inlined copy of a header
 * line included); the runs of one copy of the code are grouped by their inline chain; within a copy, a field access
 * goes on the instruction whose memory operand's displacement is the member's offset, an fp-call on the indirect
 * call, a call on the direct call to the callee or to its PLT stub — and to the line's first instruction, with the
 * reason, when the compiler left no such instruction. A field access of an inlined copy that gcc folded into its
 * caller's instruction is followed there through the pointer's DWARF location ({@link FoldedAccess}).
 */
public final class Resolver {
    private final Binary binary;
    private final FoldedAccess folded;

    public Resolver(Binary binary) {
        this.binary = binary;
        this.folded = new FoldedAccess(binary);
    }

    public Resolution resolve(SourcePlace place) {
        if (place.kind() == PlaceKind.FUNCTION) {
            return execution(place);
        }
        LineLookup lookup = binary.lines(place.file()).lookup(place.file(), place.line());
        if (lookup instanceof LineLookup.NoSuchFile) {
            return Resolution.problem(place, "no line table names a file ending in " + place.file());
        }
        if (lookup instanceof LineLookup.NoCode n) {
            return Resolution.problem(place, n.file() + ":" + n.line() + " has no code (optimized out, or not compiled)");
        }
        if (lookup instanceof LineLookup.Ambiguous a) {
            return Resolution.problem(place, place.file() + " names several files: " + String.join(", ", a.candidates()));
        }
        List<JoinPoint> out = new ArrayList<>();
        LineLookup.Found found = (LineLookup.Found) lookup;
        for (List<LineLocation> copy : copies(found.locations())) {
            joinPoint(place, copy).ifPresent(out::add);
        }
        if (place.kind().isFieldAccess()) {
            for (List<LineLocation> copy : copies(found.emptyRuns())) {
                for (JoinPoint j : foldedOnly(place, copy)) {
                    if (out.stream().noneMatch(o -> o.address() == j.address())) {
                        out.add(j);
                    }
                }
            }
        }
        return Resolution.of(place, out);
    }

    /**
     * A function's join points: the start of its symbol and of each gcc clone (only those DWARF declares in the
     * shadow's file, when two static functions share the name), and the entry of every inlined copy.
     */
    private Resolution execution(SourcePlace place) {
        Set<Long> addresses = new TreeSet<>();
        for (long address : binary.functionAddresses(place.member())) {
            if (binary.inlinedCopies().declaredAt(address, place.file())) {
                addresses.add(address);
            }
        }
        addresses.addAll(binary.inlinedCopies().entries(place.member(), place.file()));
        List<JoinPoint> out = new ArrayList<>();
        for (long address : addresses) {
            at(place, address, new Precision.Access(Optional.empty(), 0)).ifPresent(out::add);
        }
        if (out.isEmpty()) {
            return Resolution.problem(place, "no function symbol " + place.member() + " and no inlined copy of it"
                    + " (static and removed, or not in this binary)");
        }
        return Resolution.of(place, out);
    }

    /** The runs of the line grouped by copy of the code: same function symbol and same inline call sites. */
    private List<List<LineLocation>> copies(List<LineLocation> runs) {
        Map<String, List<LineLocation>> byCopy = new LinkedHashMap<>();
        for (LineLocation run : runs) {
            StringBuilder key = new StringBuilder();
            key.append(binary.functions().at(run.address()).map(FunctionOffset::symbol).orElse("?"));
            for (InlineFrame f : binary.inlines().at(run.address())) {
                key.append('|').append(f.function()).append('@').append(f.callFile().orElse(""))
                        .append(':').append(f.callLine()).append(':').append(f.callColumn());
            }
            byCopy.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(run);
        }
        List<List<LineLocation>> out = new ArrayList<>(byCopy.values());
        for (List<LineLocation> copy : out) {
            copy.sort(Comparator.comparingLong(LineLocation::address));
        }
        return out;
    }

    private Optional<JoinPoint> joinPoint(SourcePlace place, List<LineLocation> copy) {
        List<Instruction> code = new ArrayList<>();
        for (LineLocation run : copy) {
            code.addAll(binary.instructions(run.address(), run.endAddress()));
        }
        long lineStart = copy.stream().filter(LineLocation::isStmt).findFirst().orElse(copy.get(0)).address();
        return switch (place.kind()) {
            case FP_CALL -> first(code, this::isIndirectCall)
                    .map(i -> access(place, i, 0))
                    .orElseGet(() -> line(place, lineStart, "no indirect call on this line"));
            case CALL -> {
                List<Long> targets = binary.callTargets(place.member());
                yield first(code, i -> i.flow() == Flow.CALL && i.branchTarget().filter(targets::contains).isPresent())
                        .map(i -> access(place, i, 0))
                        .orElseGet(() -> line(place, lineStart, "no direct call of " + place.member()
                                + " on this line (inlined, or a tail call)"));
            }
            case LINE -> line(place, lineStart, "source line");
            default -> field(place, code, lineStart, copy.stream().map(LineLocation::address).toList());
        };
    }

    /**
     * A copy of the line that kept no code beside copies that did: a join point only where the access was folded
     * into the caller's code and {@link FoldedAccess} proves which instruction it is, one per inlined copy starting
     * there (no LINE fallback: the code the copy stands for may have been removed).
     */
    private List<JoinPoint> foldedOnly(SourcePlace place, List<LineLocation> copy) {
        long start = copy.get(0).address();
        List<StructLayout> layouts = binary.layouts(place.struct(), start);
        Optional<Long> bits = layouts.size() == 1 ? layouts.get(0).bitOffsetOf(place.member()) : Optional.empty();
        if (bits.isEmpty()) {
            return List.of();
        }
        List<Long> starts = copy.stream().map(LineLocation::address).toList();
        List<JoinPoint> out = new ArrayList<>();
        for (FoldedAccess.Outcome o : folded.findEach(place, starts, layouts.get(0), bits.get() / 8, place.kind())) {
            if (o instanceof FoldedAccess.Found f) {
                access(place, f.instruction(), bits.get() / 8).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<JoinPoint> field(SourcePlace place, List<Instruction> code, long lineStart, List<Long> runStarts) {
        List<StructLayout> layouts = binary.layouts(place.struct(), lineStart);
        if (layouts.isEmpty()) {
            return line(place, lineStart, "no DWARF layout of struct " + place.struct());
        }
        if (layouts.size() > 1) {
            return line(place, lineStart, "struct " + place.struct() + " has " + layouts.size() + " different layouts");
        }
        Optional<Long> bits = layouts.get(0).bitOffsetOf(place.member());
        if (bits.isEmpty()) {
            return line(place, lineStart, "struct " + place.struct() + " has no member " + place.member());
        }
        long offset = bits.get() / 8;
        boolean framePointer = binary.usesFramePointer(lineStart);
        Predicate<Instruction> atOffset = i -> touches(i, offset, framePointer);
        return first(code, atOffset.and(i -> fits(i, place.kind())))
                .or(() -> place.kind() == PlaceKind.FIELD_ADDRESS ? Optional.empty()
                        : first(code, atOffset.and(i -> i.memory().get().access() != Access.NONE)))
                .map(i -> access(place, i, offset))
                .orElseGet(() -> followed(place, layouts.get(0), offset, lineStart, runStarts));
    }

    /** No instruction of the line: the access may have been folded into the caller's ({@link FoldedAccess}). */
    private Optional<JoinPoint> followed(SourcePlace place, StructLayout layout, long offset, long lineStart,
                                         List<Long> runStarts) {
        FoldedAccess.Outcome o = folded.find(place, runStarts, layout, offset, place.kind());
        if (o instanceof FoldedAccess.Found f) {
            return access(place, f.instruction(), offset);
        }
        return line(place, lineStart, "no instruction of this line accesses offset 0x" + Long.toHexString(offset)
                + " (the value stayed in a register, or the access was merged); "
                + ((FoldedAccess.NotFound) o).reason());
    }

    /**
     * A memory operand through a pointer register with the member's offset as displacement. Stack slots
     * ({@code %rsp}, and {@code %rbp} in functions that keep a frame pointer) hold locals, not the struct behind a
     * pointer.
     */
    static boolean touches(Instruction i, long offset, boolean framePointer) {
        if (i.memory().isEmpty() || i.flow() == Flow.CALL) {
            return false;
        }
        MemoryOperand m = i.memory().get();
        if (m.ripRelative() || m.vsib() || m.base().isEmpty() || m.segment().isPresent()) {
            return false;
        }
        int base = m.base().get().number();
        boolean frame = base == 4 || (base == 5 && framePointer);
        return m.base().get().kind() == RegisterClass.GPR64 && !frame && m.displacement() == offset;
    }

    /** Whether the operand's access is the one the place does: a load for a read, a store for a write, ... */
    static boolean fits(Instruction i, PlaceKind kind) {
        Access a = i.memory().get().access();
        return switch (kind) {
            case FIELD_READ -> a == Access.READ || a == Access.READ_WRITE;
            case FIELD_WRITE -> a == Access.WRITE || a == Access.READ_WRITE;
            case FIELD_READWRITE -> a == Access.READ_WRITE;
            case FIELD_ADDRESS -> a == Access.NONE;
            default -> false;
        };
    }

    private boolean isIndirectCall(Instruction i) {
        if (i.flow() == Flow.INDIRECT_CALL) {
            return true;
        }
        return i.flow() == Flow.CALL && i.branchTarget().flatMap(binary::functionAt)
                .filter(n -> n.startsWith("__x86_indirect_thunk_") || n.startsWith("__x86_indirect_call_thunk"))
                .isPresent();
    }

    private static Optional<Instruction> first(List<Instruction> code, Predicate<Instruction> p) {
        return code.stream().filter(p).findFirst();
    }

    private Optional<JoinPoint> access(SourcePlace place, Instruction i, long memberOffset) {
        return at(place, i.address(), new Precision.Access(i.memory(), memberOffset));
    }

    private Optional<JoinPoint> line(SourcePlace place, long address, String reason) {
        return at(place, address, new Precision.Line(reason));
    }

    private Optional<JoinPoint> at(SourcePlace place, long address, Precision precision) {
        Optional<FunctionOffset> function = binary.functions().at(address);
        Optional<Instruction> insn = binary.instructionAt(address);
        if (function.isEmpty() || insn.isEmpty()) {
            return Optional.empty();
        }
        String section = binary.codeSection(address).map(s -> s.name()).orElse("?");
        return Optional.of(new JoinPoint(place, address, section, function.get(), binary.inlines().at(address),
                precision, insn.get().length()));
    }
}
