package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every access marked in samples/mbuf-user and in the resolver/directions.c fixture (a member read and written by
 * separate instructions, read by cmp, reached through a loaded pointer, its address taken, called through, also as a
 * tail call) resolves, at -O0 and -O2, to the instruction that performs it, judged by objdump alone: a field
 * access's memory operand is [pointer register + pahole's offset of the member] and its mnemonic moves data in the
 * marked direction; an fp-call calls through the member (also by a retpoline thunk, -mindirect-branch=thunk); a call
 * names the callee exactly. Every join point lies on the marked line (objdump's decoded line table, inlined copies
 * included), every function holding code of the line gets one, and the LINE fallbacks are exactly those the source's
 * {@code at -O2: N line, REASON} comments announce, with that reason, on lines where objdump shows no instruction
 * that would have done.
 */
class ResolverTest {

    @ParameterizedTest
    @CsvSource({"mbuf-user, -O0", "mbuf-user, -O2", "directions, -O0", "directions, -O2",
        "directions, -O2 -mindirect-branch=thunk"})
    void markedAccessesResolveToTheInstructionsThatPerformThem(String target, String opt, @TempDir Path dir)
            throws Exception {
        boolean sample = target.equals("mbuf-user");
        Path exe = sample ? MbufSample.build(dir.resolve("mbuf-user"), opt) : DirectionsFixture.build(dir, opt);
        List<Expectation> expectations = sample ? MbufSample.expectations() : DirectionsFixture.expectations(dir);
        Objdump objdump = Objdump.of(exe);
        Resolver resolver = new Resolver(new Binary(ElfFile.open(exe)));
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Expectation e : expectations) {
            String fileLine = e.file() + ":" + e.line();
            SourcePlace place = e.place();
            long offset = e.struct().isEmpty() ? 0 : memberOffset(exe, e.struct(), e.member());
            Resolution r = resolver.resolve(place);
            check(problems, place.toString(), !r.joinPoints().isEmpty(), "no join point: " + r.problem());
            int lineFallbacks = 0;
            Set<String> functions = new TreeSet<>();
            for (JoinPoint jp : r.joinPoints()) {
                Insn insn = objdump.code().get(jp.address());
                report.append(opt).append(' ').append(place).append(" -> ").append(jp.function()).append(' ')
                        .append(jp.precision()).append(" : ").append(insn).append('\n');
                if (insn == null) {
                    problems.add(place + ": no instruction at 0x" + Long.toHexString(jp.address()));
                    continue;
                }
                functions.add(insn.function());
                String where = insn.function() + (insn.offset() == 0 ? "" : "+0x" + Long.toHexString(insn.offset()));
                check(problems, place + ": function", where.equals(jp.function().toString()),
                        jp.function() + " vs " + where);
                check(problems, place + ": line", objdump.linesAt(jp.address()).contains(fileLine),
                        insn + " is on " + objdump.linesAt(jp.address()));
                if (jp.precision() instanceof Precision.Line l) {
                    lineFallbacks++;
                    check(problems, place + ": reason", !e.fallback(opt).reason().isEmpty()
                            && l.reason().startsWith(e.fallback(opt).reason()), l.reason());
                    continue;
                }
                instruction(e, fileLine, insn, offset, objdump)
                        .ifPresent(p -> problems.add(place + ": " + insn + ": " + p));
            }
            check(problems, place + ": LINE fallbacks at " + opt, lineFallbacks == e.fallback(opt).count(),
                    lineFallbacks + ", the source says " + e.fallback(opt).count());
            List<Insn> line = objdump.onLine(fileLine);
            if (lineFallbacks > 0) {
                AccessCheck.missed(e.kind(), e.member(), offset, line, objdump)
                        .ifPresent(i -> problems.add(place + ": LINE fallback, but objdump shows " + i));
            }
            Set<String> holding = line.stream().map(Insn::function).collect(Collectors.toCollection(TreeSet::new));
            check(problems, place + ": copies", holding.equals(functions), "join points in " + functions
                    + ", code of the line in " + holding);
        }
        System.out.print(report);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + report);
    }

    private static Optional<String> instruction(Expectation e, String fileLine, Insn insn, long offset,
                                                Objdump objdump) {
        return switch (e.kind()) {
            case FP_CALL -> AccessCheck.fpCall(insn, offset, objdump);
            case CALL -> AccessCheck.call(insn, e.member());
            default -> AccessCheck.field(e.kind(), fileLine, insn, offset, objdump);
        };
    }

    private static void check(List<String> problems, String what, boolean ok, String detail) {
        if (!ok) {
            problems.add(what + ": " + detail);
        }
    }

    /** The byte offset of a dotted member path, summed over pahole's offsets of each struct on the way. */
    private static long memberOffset(Path exe, String struct, String path) {
        long offset = 0;
        String in = struct;
        for (String member : path.split("\\.")) {
            String layout = Tools.run(exe.getParent(), "pahole", "-C", in, exe.toString());
            Matcher m = Pattern.compile("(?m)^\\s*(?:struct (\\w+) )?.*\\b" + member + "\\b[^;]*;\\s*/\\*\\s*(\\d+)")
                    .matcher(layout);
            assertTrue(m.find(), "pahole shows " + in + "." + member + ":\n" + layout);
            offset += Long.parseLong(m.group(2));
            in = m.group(1) == null ? "" : m.group(1);
        }
        return offset;
    }
}
