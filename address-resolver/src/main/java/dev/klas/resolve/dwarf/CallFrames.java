package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.Section;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical frame address rule at an address, from the call frame information of {@code .eh_frame} (LSB 5.0,
 * 10.6) or {@code .debug_frame} (DWARF5 6.4): the CIE's initial instructions and the FDE's, run up to the address.
 * Besides the CFA, where the caller's registers are saved ({@link #savedAt}).
 */
public final class CallFrames {
    /** CFA = register + offset (DWARF register numbers), or a reason it is not that simple. */
    public sealed interface Cfa {
    }

    public record RegisterOffset(int register, long offset) implements Cfa {
    }

    public record Unsupported(String reason) implements Cfa {
    }

    private record Fde(long start, long end, String section, long cieOffset, long instructions, long instructionsEnd) {
    }

    private record Cie(long codeAlign, long dataAlign, int pointerEncoding, boolean z, long instructions,
                       long instructionsEnd) {
    }

    private final List<Source> sources = new ArrayList<>();
    private List<Fde> fdes;

    private record Source(String section, ByteBuffer data, long address, boolean eh) {
    }

    /** The frame information of {@code code} ({@code .eh_frame}) and of {@code debug} ({@code .debug_frame}). */
    public CallFrames(ElfFile code, ElfFile debug) {
        section(code, ".eh_frame", true);
        section(code, ".debug_frame", false);
        if (debug != code) {
            section(debug, ".debug_frame", false);
        }
    }

    private void section(ElfFile elf, String name, boolean eh) {
        Optional<Section> s = elf.section(name).filter(x -> x.type() != Section.SHT_NOBITS);
        s.ifPresent(x -> sources.add(new Source(name, elf.contents(x), x.address(), eh)));
    }

    /** The CFA rule in effect at {@code pc}, empty when no FDE covers it. */
    public synchronized Optional<Cfa> cfaAt(long pc) {
        if (fdes == null) {
            fdes = new ArrayList<>();
            sources.forEach(this::index);
            fdes.sort(Comparator.comparingLong(Fde::start));
        }
        for (Fde f : fdes) {
            if (Long.compareUnsigned(pc, f.start()) >= 0 && Long.compareUnsigned(pc, f.end()) < 0) {
                return Optional.of(run(f, pc));
            }
        }
        return Optional.empty();
    }

    /**
     * Where each register of the caller is at {@code pc}: a DWARF register number to the CFA offset of the slot its
     * value was saved in, or {@link #UNKNOWN} (saved in another register or by an expression, or undefined); a
     * register not in the map holds the caller's value. Empty when no FDE covers {@code pc}.
     */
    public synchronized Optional<Map<Integer, Long>> savedAt(long pc) {
        cfaAt(pc);
        for (Fde f : fdes) {
            if (Long.compareUnsigned(pc, f.start()) >= 0 && Long.compareUnsigned(pc, f.end()) < 0) {
                return Optional.of(machine(f, pc).rules());
            }
        }
        return Optional.empty();
    }

    /** Marks a register rule that is not "saved at CFA + offset" ({@link #savedAt}). */
    public static final long UNKNOWN = CfaMachine.UNKNOWN;

    private Source source(String section) {
        return sources.stream().filter(s -> s.section().equals(section)).findFirst().orElseThrow();
    }

    private void index(Source s) {
        Cursor c = DwarfFormatException.cursor(s.data(), s.section());
        while (c.hasRemaining()) {
            long at = c.position();
            UnitLength len = UnitLength.read(c);
            if (len.length() == 0 && s.eh()) {
                if (c.failed()) {
                    break;
                }
                continue;
            }
            long end = c.position() + len.length();
            long idField = c.position();
            long id = c.unsigned(len.offsetSize());
            boolean cie = s.eh() ? id == 0 : id == (len.offsetSize() == 8 ? -1L : 0xffffffffL);
            if (!cie && !c.failed()) {
                long cieOffset = s.eh() ? idField - id : id;
                Cie parent = cie(s, cieOffset);
                long start = pointer(c, s, parent.pointerEncoding());
                long range = pointer(c, s, parent.pointerEncoding() == -1 ? -1 : parent.pointerEncoding() & 0x0f);
                long instructions = c.position();
                if (parent.z()) {
                    long skip = c.uleb();
                    instructions = c.position() + skip;
                }
                fdes.add(new Fde(start, start + range, s.section(), cieOffset, instructions, end));
            }
            if (c.failed()) {
                break;
            }
            c.seek(end);
            if (at == end) {
                break;
            }
        }
    }

    private Cie cie(Source s, long offset) {
        Cursor c = DwarfFormatException.cursor(s.data(), s.section());
        c.seek(offset);
        UnitLength len = UnitLength.read(c);
        long end = c.position() + len.length();
        c.unsigned(len.offsetSize());
        int version = c.u8();
        String aug = c.cstring();
        if (aug.contains("eh")) {
            c.unsigned(8);
        }
        if (!s.eh() && version >= 4) {
            c.u8();
            c.u8();
        }
        long codeAlign = c.uleb();
        long dataAlign = c.sleb();
        if (version == 1) {
            c.u8();
        } else {
            c.uleb();
        }
        int encoding = s.eh() ? 0 : -1;
        if (aug.startsWith("z")) {
            long augLen = c.uleb();
            long augEnd = c.position() + augLen;
            for (char ch : aug.substring(1).toCharArray()) {
                switch (ch) {
                    case 'R' -> encoding = c.u8();
                    case 'L' -> c.u8();
                    case 'P' -> pointer(c, s, c.u8());
                    default -> {
                    }
                }
            }
            c.seek(augEnd);
        }
        c.check();
        return new Cie(codeAlign, dataAlign, encoding, aug.startsWith("z"), c.position(), end);
    }

    /** A pointer in {@code DW_EH_PE_*} encoding; -1 (debug_frame) means a plain address. */
    private static long pointer(Cursor c, Source s, int encoding) {
        if (encoding == -1) {
            return c.unsigned(8);
        }
        long field = s.address() + c.position();
        long v = switch (encoding & 0x0f) {
            case 0x00, 0x04, 0x0c -> c.u64();
            case 0x01 -> c.uleb();
            case 0x02 -> c.u16();
            case 0x03 -> c.u32();
            case 0x09 -> c.sleb();
            case 0x0a -> (short) c.u16();
            case 0x0b -> (int) c.u32();
            default -> {
                c.fail("pointer encoding 0x" + Integer.toHexString(encoding) + " not supported");
                yield 0;
            }
        };
        return (encoding & 0x70) == 0x10 ? field + v : v;
    }

    private Cfa run(Fde f, long pc) {
        return machine(f, pc).cfa();
    }

    private CfaMachine machine(Fde f, long pc) {
        Source s = source(f.section());
        Cie cie = cie(s, f.cieOffset());
        CfaMachine m = new CfaMachine(cie.codeAlign(), cie.dataAlign());
        m.run(DwarfFormatException.cursor(s.data(), s.section()), cie.instructions(), cie.instructionsEnd(),
                Long.MAX_VALUE, 0);
        m.markInitial();
        m.run(DwarfFormatException.cursor(s.data(), s.section()), f.instructions(), f.instructionsEnd(), pc, f.start());
        return m;
    }
}
