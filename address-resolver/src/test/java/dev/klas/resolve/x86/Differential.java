package dev.klas.resolve.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs {@code objdump -d -w -z} over an ELF file, streaming its output, and decodes every instruction objdump
 * shows at the same address with {@link Decoder}: length, bytes, memory operand and direct branch target must
 * agree, and the access of every memory operand must agree with Capstone's ({@link AccessCheck}). Where objdump
 * says {@code (bad)} the decoder must refuse ({@link ObjdumpBad} names the exceptions); lone prefixes are counted.
 */
final class Differential {
    private Differential() {
    }

    static DifferentialReport run(Path elf) throws IOException, InterruptedException {
        ElfSections sections = new ElfSections(elf);
        return run(elf, List.of("objdump", "-d", "-w", "-z", elf.toString()), sections::executable);
    }

    /** Raw bytes disassembled by objdump as one section at address 0 ({@code -b binary}). */
    static DifferentialReport runRaw(Path file) throws IOException, InterruptedException {
        ByteBuffer bytes = ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file));
        ElfSections.Section whole = new ElfSections.Section(".data", 0, bytes);
        return run(file, List.of("objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-w", "-z", file.toString()),
                name -> Optional.of(whole));
    }

    private static DifferentialReport run(Path file, List<String> command,
                              java.util.function.Function<String, Optional<ElfSections.Section>> sections)
            throws IOException, InterruptedException {
        Process objdump = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        DifferentialReport report = new DifferentialReport();
        AccessCheck access = new AccessCheck(report);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(objdump.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            Optional<ElfSections.Section> section = Optional.empty();
            Optional<ObjdumpInstruction> pendingPrefix = Optional.empty();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("Disassembly of section ")) {
                    String name = line.substring("Disassembly of section ".length(), line.length() - 1);
                    section = sections.apply(name);
                    if (section.isEmpty()) {
                        throw new IOException(file + ": objdump disassembles " + name + ", not an executable section");
                    }
                    pendingPrefix = Optional.empty();
                    continue;
                }
                Optional<ObjdumpInstruction> parsed = ObjdumpInstruction.parse(line);
                if (parsed.isPresent() && section.isPresent()) {
                    if (pendingPrefix.isPresent()) {
                        checkSplitPrefix(section.get(), pendingPrefix.get(), parsed.get(), report);
                    }
                    pendingPrefix = parsed.filter(ObjdumpInstruction::prefixOnly);
                    compare(section.get(), parsed.get(), report, access);
                }
            }
        }
        access.flush();
        if (objdump.waitFor() != 0) {
            throw new IOException("objdump failed on " + file);
        }
        return report;
    }

    /**
     * objdump prints a REX prefix that another prefix follows as an instruction of its own; the CPU ignores such a
     * REX and executes it together with what follows, which is what the decoder must report. When objdump's lone
     * group also holds legacy prefixes (which still apply to what follows) the two views cannot be compared.
     */
    private static void checkSplitPrefix(ElfSections.Section section, ObjdumpInstruction prefix,
                                         ObjdumpInstruction next, DifferentialReport report) {
        for (byte b : prefix.bytes()) {
            if ((b & 0xF0) != 0x40) {
                return;
            }
        }
        if (next.bad() || next.prefixOnly() || prefixBeforeVex(next.bytes()) || next.address() != prefix.address() + prefix.bytes().length) {
            return;
        }
        ByteBuffer code = section.bytes().duplicate();
        code.position((int) (prefix.address() - section.address()));
        int expected = prefix.bytes().length + next.bytes().length;
        try {
            Instruction actual = Decoder.decode(code, prefix.address());
            if (actual.length() != expected) {
                report.mismatch(String.format("%s 0x%x '%s' + '%s': length %d vs %d", section.name(),
                        prefix.address(), prefix.text(), next.text(), actual.length(), expected));
            }
        } catch (DecodeException e) {
            report.mismatch(section.name() + " lone prefix then '" + next.text() + "': decoder refused: "
                    + e.getMessage());
        }
    }

    private static void compare(ElfSections.Section section, ObjdumpInstruction expected, DifferentialReport report,
                                AccessCheck access) throws IOException {
        ByteBuffer code = section.bytes().duplicate();
        code.position((int) (expected.address() - section.address()));
        if (expected.bad()) {
            checkRefused(section, code, expected, report);
            return;
        }
        if (expected.prefixOnly()) {
            report.objdumpPrefixOnly++;
            return;
        }
        if (expected.bytes()[0] == (byte) 0x9B && expected.bytes().length > 1) {
            report.objdumpFwaitMerged++;
            checkFwait(section, code, expected, report);
            return;
        }
        if (prefixBeforeVex(expected.bytes())) {
            report.prefixBeforeVex++;
            try {
                Instruction wrong = Decoder.decode(code, expected.address());
                report.mismatch(String.format("%s 0x%x: '%s' is #UD (SDM Vol. 2 2.3.2) but decoded as %s",
                        section.name(), expected.address(), expected.text(), wrong));
            } catch (DecodeException e) {
                return;
            }
            return;
        }
        report.compared++;
        ObjdumpInstruction shown = expected;
        Supplier<String> where = () -> String.format("%s 0x%x [%s] '%s'", section.name(),
                shown.address(), HexFormat.ofDelimiter(" ").formatHex(shown.bytes()), shown.text());
        Instruction actual;
        try {
            actual = Decoder.decode(code, expected.address());
        } catch (DecodeException e) {
            report.mismatch(where.get() + ": decoder refused: " + e.getMessage());
            return;
        }
        if (actual.has(Attribute.EVEX)) {
            report.evex++;
        } else if (actual.has(Attribute.VEX)) {
            report.vex++;
        }
        if (!java.util.Arrays.equals(actual.bytes(), expected.bytes())) {
            report.mismatch(where.get() + ": length " + actual.length() + " vs objdump " + expected.bytes().length);
            return;
        }
        Optional<Long> target = actual.branchTarget().or(() -> actual.memory()
                .filter(MemoryOperand::ripRelative).flatMap(MemoryOperand::target));
        if (expected.target().isPresent()) {
            report.withTarget++;
        }
        if (actual.memory().filter(m -> m.ripRelative() && m.addressSize() == 32).isPresent()) {
            target = target.map(t -> t & 0xFFFF_FFFFL);
            expected = withTarget(expected, expected.target().map(t -> t & 0xFFFF_FFFFL));
        }
        if (!target.equals(expected.target())) {
            report.mismatch(where.get() + ": target " + hex(target) + " vs objdump " + hex(expected.target()));
        }
        if (actual.flow() != expected.flow()) {
            report.mismatch(where.get() + ": flow " + actual.flow() + " vs objdump " + expected.flow());
        }
        checkImmediate(actual, expected, where, report);
        Optional<ObjdumpInstruction.Memory> mine = actual.memory().map(Differential::asObjdump);
        if (expected.memory().isPresent()) {
            report.withMemory++;
        }
        Optional<Integer> size = ObjdumpSizes.size(expected);
        if (size.isPresent()) {
            report.withSize++;
            if (actual.memory().map(m -> m.size().orElse(-1)).orElse(-1) != size.get().intValue()) {
                report.mismatch(where.get() + ": access size "
                        + actual.memory().map(m -> m.size().toString()).orElse("none") + " vs objdump " + size.get());
            }
        }
        if (actual.memory().isPresent()) {
            access.add(section.name(), expected, actual.memory().get().access());
        }
        if (actual.memory().isPresent() && expected.memory().isPresent()
                && actual.memory().get().access() != Access.UNKNOWN) {
            report.withAccess++;
            if (actual.memory().get().written() != expected.writesMemory()) {
                report.mismatch(where.get() + ": access " + actual.memory().get().access() + " vs objdump "
                        + (expected.writesMemory() ? "a store" : "no store"));
            }
        }
        if (!sameMemory(mine, expected.memory())) {
            report.mismatch(where.get() + ": memory " + actual.memory().map(Object::toString).orElse("none")
                    + " vs objdump " + expected.memory().map(Object::toString).orElse("none"));
        }
    }

    /**
     * Where objdump says {@code (bad)} the decoder must refuse too, unless {@link ObjdumpBad} names the encoding (one
     * the CPU executes, or a stated decoder limit). objdump's {@code .byte} (an instruction that would cross a symbol
     * boundary) is no verdict on the encoding and is only counted.
     */
    private static void checkRefused(ElfSections.Section section, ByteBuffer code, ObjdumpInstruction expected,
                                     DifferentialReport report) {
        if (!expected.text().contains("(bad)")) {
            report.objdumpByte++;
            return;
        }
        report.objdumpBad++;
        try {
            Instruction decoded = Decoder.decode(code, expected.address());
            Optional<ObjdumpBad.Accepted> known = ObjdumpBad.find(decoded);
            if (known.isPresent()) {
                report.objdumpBadAccepted(known.get().name());
                return;
            }
            report.mismatch(String.format("%s 0x%x [%s] '%s': objdump (bad) but decoded as %s", section.name(),
                    expected.address(), HexFormat.ofDelimiter(" ").formatHex(expected.bytes()), expected.text(),
                    decoded));
        } catch (DecodeException e) {
            return;
        }
    }

    /**
     * objdump shows FWAIT (9B) and a following x87 instruction as one (fstcw = fwait + fnstcw); to the CPU FWAIT is
     * an instruction of its own, so the decoder must see one byte and then the rest.
     */
    private static void checkFwait(ElfSections.Section section, ByteBuffer code, ObjdumpInstruction expected,
                                   DifferentialReport report) {
        try {
            Instruction fwait = Decoder.decode(code, expected.address());
            Instruction rest = Decoder.decode(code.duplicate().position(code.position() + 1), expected.address() + 1);
            if (fwait.length() != 1 || rest.length() != expected.bytes().length - 1) {
                report.mismatch(String.format("%s 0x%x '%s': fwait + x87 decoded as %d + %d bytes", section.name(),
                        expected.address(), expected.text(), fwait.length(), rest.length()));
            }
        } catch (DecodeException e) {
            report.mismatch(section.name() + " '" + expected.text() + "': decoder refused: " + e.getMessage());
        }
    }

    /**
     * The immediate field objdump shows as {@code $value} must sit where we say: its bytes, read little-endian,
     * equal objdump's value truncated to the field size (objdump prints sign-extended values). Instructions with two
     * immediates compare the first (ENTER's Iw) only; ones objdump prints without {@code $} (pseudo-op predicates,
     * 3DNow! suffixes, branch displacements) are covered by the length and target checks.
     */
    private static void checkImmediate(Instruction actual, ObjdumpInstruction expected, Supplier<String> where,
                                       DifferentialReport report) {
        if (expected.immediates().isEmpty()) {
            return;
        }
        if (actual.immediate().isEmpty()) {
            report.mismatch(where.get() + ": no immediate field, objdump shows " + expected.immediates());
            return;
        }
        Field field = actual.immediate().get();
        int size = expected.immediates().size() > 1 ? Math.min(field.size(), 2) : field.size();
        if (expected.immediates().size() > 1 && field.size() < 3) {
            return;
        }
        byte[] bytes = actual.bytes();
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[field.offset() + i] & 0xFF);
        }
        long mask = size >= 8 ? -1L : (1L << (8 * size)) - 1;
        if (field.offset() + field.size() != actual.length() || value != (expected.immediates().get(0) & mask)) {
            report.mismatch(String.format("%s: immediate field %s reads 0x%x, objdump 0x%x", where.get(), field, value,
                    expected.immediates().get(0)));
        }
    }

    /** A 66, F0, F2, F3 or REX prefix before a VEX/EVEX escape, which the CPU rejects (SDM Vol. 2 2.3.2). */
    private static boolean prefixBeforeVex(byte[] bytes) {
        boolean forbidden = false;
        for (byte raw : bytes) {
            int b = raw & 0xFF;
            boolean legacy = b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0x64 || b == 0x65 || b == 0x67;
            boolean rejected = b == 0x66 || b == 0xF0 || b == 0xF2 || b == 0xF3 || (b & 0xF0) == 0x40;
            if (!legacy && !rejected) {
                return forbidden && (b == 0xC4 || b == 0xC5 || b == 0x62);
            }
            forbidden |= rejected;
        }
        return false;
    }

    private static ObjdumpInstruction withTarget(ObjdumpInstruction i, Optional<Long> target) {
        return new ObjdumpInstruction(i.address(), i.bytes(), i.mnemonic(), i.text(), i.memory(), target,
                i.immediates(), i.indirect());
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

    static String describe(DifferentialReport report, Path file) {
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
