package dev.klas.resolve.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@code objdump -d -w -z} over an ELF file, streaming its output, and decodes every instruction objdump
 * shows at the same address with {@link Decoder}: length, bytes, memory operand and direct branch target must
 * agree. Lines objdump itself marks {@code (bad)}, or where it printed a lone prefix, are counted apart.
 */
final class Differential {
    private static final int MAX_REPORTED = 40;

    /** Totals of one run. */
    static final class Report {
        long compared;
        long objdumpBad;
        long objdumpPrefixOnly;
        long withMemory;
        long withTarget;
        long evex;
        long vex;
        final List<String> mismatches = new ArrayList<>();
        long mismatchCount;

        void mismatch(String message) {
            mismatchCount++;
            if (mismatches.size() < MAX_REPORTED) {
                mismatches.add(message);
            }
        }

        String summary(Path file) {
            return String.format("%s: %d instructions compared (%d with memory operand, %d with branch/RIP target,"
                            + " %d VEX, %d EVEX), %d mismatches; objdump (bad): %d, objdump lone prefix: %d",
                    file, compared, withMemory, withTarget, vex, evex, mismatchCount, objdumpBad, objdumpPrefixOnly);
        }
    }

    private Differential() {
    }

    static Report run(Path elf) throws IOException, InterruptedException {
        ElfSections sections = new ElfSections(elf);
        Process objdump = new ProcessBuilder("objdump", "-d", "-w", "-z", elf.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Report report = new Report();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(objdump.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            Optional<ElfSections.Section> section = Optional.empty();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("Disassembly of section ")) {
                    String name = line.substring("Disassembly of section ".length(), line.length() - 1);
                    section = sections.executable(name);
                    if (section.isEmpty()) {
                        throw new IOException(elf + ": objdump disassembles " + name + ", not an executable section");
                    }
                    continue;
                }
                Optional<ObjdumpInstruction> parsed = ObjdumpInstruction.parse(line);
                if (parsed.isPresent() && section.isPresent()) {
                    compare(section.get(), parsed.get(), report);
                }
            }
        }
        if (objdump.waitFor() != 0) {
            throw new IOException("objdump failed on " + elf);
        }
        return report;
    }

    private static void compare(ElfSections.Section section, ObjdumpInstruction expected, Report report) {
        if (expected.bad()) {
            report.objdumpBad++;
            return;
        }
        if (expected.prefixOnly()) {
            report.objdumpPrefixOnly++;
            return;
        }
        report.compared++;
        ByteBuffer code = section.bytes().duplicate();
        code.position((int) (expected.address() - section.address()));
        String where = String.format("%s 0x%x [%s] '%s'", section.name(), expected.address(),
                HexFormat.ofDelimiter(" ").formatHex(expected.bytes()), expected.text());
        Instruction actual;
        try {
            actual = Decoder.decode(code, expected.address());
        } catch (DecodeException e) {
            report.mismatch(where + ": decoder refused: " + e.getMessage());
            return;
        }
        if (actual.has(Attribute.EVEX)) {
            report.evex++;
        } else if (actual.has(Attribute.VEX)) {
            report.vex++;
        }
        if (!java.util.Arrays.equals(actual.bytes(), expected.bytes())) {
            report.mismatch(where + ": length " + actual.length() + " vs objdump " + expected.bytes().length);
            return;
        }
        Optional<Long> target = actual.branchTarget().or(() -> actual.memory()
                .filter(MemoryOperand::ripRelative).flatMap(MemoryOperand::target));
        if (expected.target().isPresent()) {
            report.withTarget++;
        }
        if (!target.equals(expected.target())) {
            report.mismatch(where + ": target " + hex(target) + " vs objdump " + hex(expected.target()));
        }
        Optional<ObjdumpInstruction.Memory> mine = actual.memory().map(Differential::asObjdump);
        if (expected.memory().isPresent()) {
            report.withMemory++;
        }
        if (!sameMemory(mine, expected.memory())) {
            report.mismatch(where + ": memory " + actual.memory().map(Object::toString).orElse("none")
                    + " vs objdump " + expected.memory().map(Object::toString).orElse("none"));
        }
    }

    private static boolean sameMemory(Optional<ObjdumpInstruction.Memory> mine,
                                      Optional<ObjdumpInstruction.Memory> objdump) {
        if (mine.isEmpty() || objdump.isEmpty()) {
            return mine.isEmpty() && objdump.isEmpty();
        }
        ObjdumpInstruction.Memory a = mine.get();
        ObjdumpInstruction.Memory b = objdump.get();
        boolean segmentMatters = b.segment().filter(s -> s.equals("fs") || s.equals("gs")).isPresent()
                || a.segment().filter(s -> s.equals("fs") || s.equals("gs")).isPresent();
        return a.base().equals(b.base()) && a.index().equals(b.index()) && a.scale() == b.scale()
                && a.displacement() == b.displacement() && (!segmentMatters || a.segment().equals(b.segment()));
    }

    /** Our operand in objdump's terms: absolute operands compare by address, others by signed displacement. */
    private static ObjdumpInstruction.Memory asObjdump(MemoryOperand m) {
        long displacement = m.base().isEmpty() && m.index().isEmpty() ? m.target().orElse(m.displacement())
                : m.displacement();
        return new ObjdumpInstruction.Memory(m.segment().map(Segment::attName), m.base().map(Register::attName),
                m.index().map(Register::attName), m.index().isPresent() ? m.scale() : 1, displacement);
    }

    private static String hex(Optional<Long> value) {
        return value.map(v -> "0x" + Long.toHexString(v)).orElse("none");
    }

    static String describe(Report report, Path file) {
        StringBuilder sb = new StringBuilder(report.summary(file));
        for (String m : report.mismatches) {
            sb.append('\n').append("  ").append(m);
        }
        if (report.mismatchCount > report.mismatches.size()) {
            sb.append("\n  ... and ").append(report.mismatchCount - report.mismatches.size()).append(" more");
        }
        return Objects.requireNonNull(sb.toString());
    }
}
