package dev.klas.schema;

import java.util.List;
import java.util.Objects;

/**
 * Where an aspect intercepts: selectors name kinds of places in the source, restrictions narrow them, and
 * {@link And}, {@link Or}, {@link Not} combine both. Build values through {@link Pointcuts#normalize} to get the
 * normal form that {@link PointcutPrinter} prints and {@link PointcutParser} parses back to an equal value.
 */
public sealed interface Pointcut {

    /** A selector names a kind of join point shadow. */
    sealed interface Selector extends Pointcut {
    }

    /** A restriction narrows selectors to a place in the source. */
    sealed interface Restriction extends Pointcut {
    }

    /**
     * A runs-in restriction narrows join points to where their hook lands in the machine code, after inlining:
     * decided on each resolved address, never on the shadow (see {@link Pointcuts#runsIn}). It may only be and-ed
     * to the whole pointcut.
     */
    sealed interface RunsInTerm extends Pointcut {
    }

    /** {@code get(S.m)}, {@code set(S.m)}, {@code field-access(S.m)}: an access to member {@code m} of struct/union {@code S}. */
    record FieldAccess(NamePattern struct, NamePattern member, Access access) implements Selector {
        public FieldAccess {
            Objects.requireNonNull(struct, "struct");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(access, "access");
        }
    }

    /** {@code fp-call(S.m)}: a call through the function-pointer member {@code m} of {@code S}. */
    record FpCall(NamePattern struct, NamePattern member) implements Selector {
        public FpCall {
            Objects.requireNonNull(struct, "struct");
            Objects.requireNonNull(member, "member");
        }
    }

    /** {@code call(f)}: a direct call of {@code f}, at the call site. */
    record Call(NamePattern function) implements Selector {
        public Call {
            Objects.requireNonNull(function, "function");
        }
    }

    /** {@code execution(f)}: the body of {@code f}, at its entry (and its returns, for after advice). */
    record Execution(NamePattern function) implements Selector {
        public Execution {
            Objects.requireNonNull(function, "function");
        }
    }

    /** {@code line("file.c":N)}: the code of one source line; {@code file} is a glob as in {@link Glob}. */
    record Line(Glob file, int line) implements Selector {
        public Line {
            Objects.requireNonNull(file, "file");
            if (line < 1) {
                throw new IllegalArgumentException("line numbers start at 1: " + line);
            }
        }
    }

    /**
     * {@code segment-call("from", "to", "function")}: a call from a load segment (shared object or the main program)
     * whose path or soname matches {@code from} into a function matching {@code function} defined by a segment
     * matching {@code to}; {@code main} names the executable. The globs are matched by the hook runtime when an object
     * is loaded (fnmatch), never against the symbol table. {@code function} is {@code *} when not given. A pointcut
     * with segment calls is made only of segment calls joined with {@code ||} (see {@link Pointcuts#isSegmentCalls}).
     */
    record SegmentCall(Glob from, Glob to, NamePattern function) implements Selector {
        public SegmentCall {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(function, "function");
        }
    }

    /** {@code within("glob")}: only places in files matching the glob. */
    record Within(Glob file) implements Restriction {
        public Within {
            Objects.requireNonNull(file, "file");
        }
    }

    /** {@code withincode(f*)}: only places inside functions matching the pattern. */
    record WithinCode(NamePattern function) implements Restriction {
        public WithinCode {
            Objects.requireNonNull(function, "function");
        }
    }

    /**
     * {@code runsin(f)}: only hooks whose address lies in the code of a function matching the pattern: the outermost
     * function there (the DWARF subprogram whose ranges hold the address, under its source name, so a gcc clone
     * {@code f.part.0} or {@code f.cold} counts as {@code f}; the ELF symbol less its clone suffix where DWARF has no
     * subprogram), not the function an inlined copy came from.
     */
    record RunsIn(NamePattern function) implements RunsInTerm {
        public RunsIn {
            Objects.requireNonNull(function, "function");
        }
    }

    /** {@code runsinfile("glob")}: only hooks in a function whose compile unit's source file matches the glob. */
    record RunsInFile(Glob file) implements RunsInTerm {
        public RunsInFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** All of {@code parts} hold. */
    record And(List<Pointcut> parts) implements Pointcut {
        public And {
            parts = List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("And needs two or more parts");
            }
        }
    }

    /** At least one of {@code parts} holds. */
    record Or(List<Pointcut> parts) implements Pointcut {
        public Or {
            parts = List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("Or needs two or more parts");
            }
        }
    }

    /** {@code part} does not hold. */
    record Not(Pointcut part) implements Pointcut {
        public Not {
            Objects.requireNonNull(part, "part");
        }
    }
}
