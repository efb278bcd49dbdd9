package dev.klas.advice.vars;

import dev.klas.advice.Diagnostic;
import dev.klas.resolve.dwarf.CallFrames;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwAt;
import dev.klas.resolve.dwarf.DwOp;
import dev.klas.resolve.dwarf.Expression;
import dev.klas.resolve.dwarf.Location;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.vars.Prologue;
import dev.klas.resolve.vars.Scopes;
import dev.klas.resolve.vars.Variable;
import dev.klas.schema.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code $name}s of one advice at one hook: for each, the variable visible at the hook's address, its location
 * there translated to C ({@link LocationCode}) and its C type ({@link CTypes}). A name that is not visible, or whose
 * value is not known at the hook, is an error at the name's position in the aspect that names the hook and the
 * reason: never a wrong value.
 */
public final class VariableReads {
    private final Binary binary;
    private final Scopes scopes;
    private final CallFrames frames;
    private final Registers registers;
    /**
     * The calls that give entry values away from a function's entry ({@link Registers#recoversCallers}).
     */
    private final Optional<CallSites> calls;

    /** The reads at one hook: C declarations and assignments (see variables.c.mustache), or why not. */
    public sealed interface Result {
    }

    /**
     * {@code afterInstruction}: the advice runs after the hook's instruction (its value names need that: a
     * read-modify-write's {@code klas_new}), as the runtime's post advice of the site.
     */
    public record Code(List<Declared> variables, String definitions, boolean afterInstruction) implements Result {
        public Code(List<Declared> variables, String definitions) {
            this(variables, definitions, false);
        }
    }

    public record Refused(List<Diagnostic> diagnostics) implements Result {
    }

    /** One {@code $name}: its declaration and the statements that fill it. */
    public record Declared(String name, String declaration, List<String> statements, String where) {
    }

    public VariableReads(Binary binary, Registers registers) {
        this.binary = binary;
        this.scopes = new Scopes(binary.dwarf(), binary.inlines());
        this.frames = new CallFrames(binary.elf(), binary.debugFile());
        this.registers = registers;
        this.calls = registers.recoversCallers() ? Optional.of(new CallSites(binary.dwarf())) : Optional.empty();
    }

    /**
     * The reads of {@code names} (name to its first use in the aspect) at link-time address {@code pc}.
     * {@code hook} names the hook in messages ({@code weigh+0x4 (vars.c:9)}).
     */
    public Result at(long pc, Map<String, SourcePosition> names, String hook) {
        CTypes types = new CTypes();
        return at(pc, names, java.util.Set.of(), hook, types);
    }

    /**
     * As {@link #at(long, Map, String)}, with types spelled into {@code types}; a name of {@code optional} (tested
     * with {@code klas_available($name)}) that has no value at the hook is declared zero and its test is false
     * there instead of refusing the hook.
     */
    Result at(long pc, Map<String, SourcePosition> names, java.util.Set<String> optional, String hook,
              CTypes types) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Declared> out = new ArrayList<>();
        for (Map.Entry<String, SourcePosition> e : names.entrySet()) {
            String name = e.getKey();
            Optional<Variable> v = scopes.lookup(pc, name);
            if (v.isEmpty()) {
                errors.add(error(e.getValue(), "$" + name + " is not in scope at the hook " + hook
                        + ": no parameter, local or global of that name"));
                continue;
            }
            Read read = read(v.get(), pc);
            if (read instanceof Read.Unavailable u && optional.contains(name)) {
                try {
                    out.add(new Declared("$" + name, types.declare(assignable(v.get().type()), "$" + name)
                            + " = {0}", List.of(), "unavailable here: " + u.reason().replace("*/", "* /")));
                    out.add(availability(name, false));
                } catch (CTypes.Unprintable x) {
                    errors.add(error(e.getValue(), "$" + name + " at the hook " + hook + ": " + x.getMessage()));
                }
                continue;
            }
            if (read instanceof Read.Unavailable u) {
                errors.add(error(e.getValue(), "$" + name + " is unavailable at the hook " + hook + ": "
                        + u.reason()));
                continue;
            }
            try {
                String decl = types.declare(assignable(v.get().type()), "$" + name);
                out.add(new Declared("$" + name, decl, Statements.of("$" + name, v.get().type(),
                        ((Read.Parts) read).parts(), registers.plainLoads()), v.get().kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " " + name));
                if (optional.contains(name)) {
                    out.add(availability(name, true));
                }
            } catch (CTypes.Unprintable | Statements.Unfit x) {
                errors.add(error(e.getValue(), "$" + name + " at the hook " + hook + ": " + x.getMessage()));
            }
        }
        if (out.stream().anyMatch(d -> d.statements().stream().anyMatch(x -> x.contains("klas_lost")))) {
            out.add(0, new Declared("klas_lost", "int klas_lost = 0", List.of(), "an entry value whose call is"
                    + " not known sets it"));
            out.add(new Declared("klas_lost_test", "(void)klas_lost", List.of("if (klas_lost)", "\treturn;"),
                    "a hit entered by a call DWARF does not describe: no value is guessed, the advice does not run"));
        }
        return errors.isEmpty() ? new Code(out, types.definitions()) : new Refused(errors);
    }

    /** The DWARF type of the variable {@code name} visible at {@code pc}; empty when none is, or it has no type. */
    Optional<Die> typeOf(long pc, String name) {
        return scopes.lookup(pc, name).flatMap(Variable::type);
    }

    /** {@code klas_available($name)} expands to this constant (woven.c.mustache). */
    private static Declared availability(String name, boolean available) {
        return new Declared("klas_avail_$" + name, "const int klas_avail_$" + name + " = " + (available ? 1 : 0),
                List.of("(void)klas_avail_$" + name + ";"), "klas_available($" + name + ")");
    }

    /** The type without the qualifiers that would forbid filling it ({@code const int $n}), typedefs kept if none. */
    static Optional<Die> assignable(Optional<Die> type) {
        Optional<Die> t = type;
        for (int hops = 0; hops < 32 && t.isPresent(); hops++) {
            int tag = t.get().tag();
            if (tag == dev.klas.resolve.dwarf.DwTag.CONST_TYPE || tag == dev.klas.resolve.dwarf.DwTag.VOLATILE_TYPE) {
                return CTypes.strip(type);
            }
            if (tag != dev.klas.resolve.dwarf.DwTag.TYPEDEF) {
                return type;
            }
            t = t.get().reference(DwAt.TYPE);
        }
        return type;
    }

    private Read read(Variable v, long pc) {
        Location loc = v.location();
        int addressSize = v.die().unit().addressSize();
        Optional<Die> function = v.function();
        Frame frame = new Frame(function.flatMap(f -> f.block(DwAt.FRAME_BASE))
                .map(b -> Expression.decode(b, addressSize)), frames.cfaAt(pc),
                function.map(f -> !f.ranges().isEmpty() && f.ranges().get(0).start() == pc).orElse(false),
                addressSize, calls.flatMap(c -> function.filter(f -> f.tag() == dev.klas.resolve.dwarf.DwTag.SUBPROGRAM)
                        .flatMap(f -> frames.savedAt(pc).map(saved -> new Callers(c.of(f), saved, frames::cfaAt)))));
        if (loc instanceof Location.None) {
            return new Read.Unavailable(v.die().has(DwAt.DECLARATION)
                    ? "it is declared but klas finds no definition with a location (DW_AT_location) in any unit"
                    : "it is optimized out: DWARF gives it no location (DW_AT_location) and no constant value");
        }
        if (loc instanceof Location.Constant c) {
            return new Read.Parts(List.of(new Read.Part(0, -1, Read.Part.Kind.BYTES, constantBytes(c, v))));
        }
        if (loc instanceof Location.ListOf list) {
            for (Location.Entry en : list.entries()) {
                if (en.contains(pc)) {
                    return LocationCode.of(Expression.decode(en.expression(), addressSize), frame, registers);
                }
            }
            return new Read.Unavailable("it is optimized out at 0x" + Long.toHexString(pc) + ": none of the "
                    + list.entries().size() + " entries of its location list covers the address");
        }
        List<Expression.Op> ops = Expression.decode(((Location.Single) loc).expression(), addressSize);
        if (function.isPresent() && inFrame(ops)) {
            long end = Prologue.end(function.get());
            long low = function.get().ranges().isEmpty() ? 0 : function.get().ranges().get(0).start();
            if (Long.compareUnsigned(pc, low) >= 0 && Long.compareUnsigned(pc, end) < 0) {
                return new Read.Unavailable("the hook is in the function's prologue (before 0x"
                        + Long.toHexString(end) + "), where its stack slot is not yet written; hook a line of"
                        + " the body instead");
            }
        }
        return LocationCode.of(ops, frame, registers);
    }

    private static boolean inFrame(List<Expression.Op> ops) {
        return ops.stream().anyMatch(o -> o.code() == DwOp.FBREG || o.code() == DwOp.CALL_FRAME_CFA
                || (o.code() >= DwOp.BREG0 && o.code() <= DwOp.BREG31) || o.code() == DwOp.BREGX);
    }

    private static String constantBytes(Location.Constant c, Variable v) {
        byte[] b = c.bytes();
        if (b.length == 0) {
            long size = CTypes.size(v.type()).orElse(8);
            b = new byte[(int) Math.min(size, 8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (c.value() >>> (8 * i));
            }
        }
        List<String> out = new ArrayList<>();
        for (byte x : b) {
            out.add(String.format("0x%02x", x & 0xff));
        }
        return String.join(", ", out);
    }

    private static Diagnostic error(SourcePosition at, String message) {
        return new Diagnostic(at, Diagnostic.Severity.ERROR, message);
    }
}
