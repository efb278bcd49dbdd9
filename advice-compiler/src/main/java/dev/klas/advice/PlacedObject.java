package dev.klas.advice;

import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A relocatable object ({@code .ko}, {@code .o}) with its sections placed at distinct addresses, the way a loader
 * would, so that addresses name one byte of code again. In the file every section starts at 0 and a symbol's
 * {@code st_value} is relative to its section (ELF gABI "Symbol Values"), so {@code .text}, {@code .init.text} and
 * {@code .text.unlikely} overlap and the address resolver cannot tell them apart. The placed image gives each
 * {@code SHF_ALLOC} section its own page-aligned {@code sh_addr} (from {@link #BASE} on) and adds it to the values of
 * the symbols defined in that section; relocations of the debug sections then yield placed addresses too. Section
 * Undefined symbols (kernel functions the module calls, {@code __fentry__}, the retpoline thunks) become function
 * symbols of one added, empty ({@code SHT_NOBITS}) executable section past the last one, and the relocations of the code sections are
 * applied (x86-64 psABI 4.4.1: S + A, S + A - P), so calls decode to their callees as in a linked file. Only
 * relocated fields change: symbol + offset and every other byte are those of the file ({@link Relocations} names the
 * fields that the loader, not the file, decides).
 */
public final class PlacedObject {
    /** Where the first placed section starts. */
    public static final long BASE = 0x100000;
    private static final int SHF_ALLOC = 2;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_RELA = 4;
    private static final int SHF_EXECINSTR = 4;
    private static final int SHT_NOBITS = 8;
    private static final int STT_FUNC = 2;

    private PlacedObject() {
    }

    /** {@code path} opened as is when linked, else as a placed copy (the file on disk is not changed). */
    public static ElfFile open(Path path) throws IOException {
        ElfFile elf = ElfFile.open(path);
        if (!elf.isRelocatable()) {
            return elf;
        }
        return ElfFile.of(path, place(Files.readAllBytes(path)));
    }

    /** The placed image: the file with one more section header (the undefined symbols' section) at its end. */
    static ByteBuffer place(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long oldShoff = in.getLong(0x28);
        int shentsize = Short.toUnsignedInt(in.getShort(0x3a));
        int shnum = Short.toUnsignedInt(in.getShort(0x3c));
        int shoff = (file.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + (shnum + 1) * shentsize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(file);
        b.put(shoff, file, (int) oldShoff, shnum * shentsize);
        b.putLong(0x28, shoff);
        b.putShort(0x3c, (short) (shnum + 1));
        int extra = shnum;
        Map<Integer, Long> bases = new HashMap<>();
        long next = BASE;
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            long flags = b.getLong(h + 8);
            if ((flags & SHF_ALLOC) == 0 || b.getLong(h + 16) != 0) {
                continue;
            }
            long align = Math.max(16, b.getLong(h + 48));
            next = (next + align - 1) / align * align;
            bases.put(i, next);
            b.putLong(h + 16, next);
            next = (next + b.getLong(h + 32) + 0xfff) & ~0xfffL;
        }
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            if (b.getInt(h + 4) != SHT_SYMTAB) {
                continue;
            }
            long off = b.getLong(h + 24);
            long size = b.getLong(h + 32);
            long undefined = next;
            for (long s = off + 24; s + 24 <= off + size; s += 24) {
                int shndx = Short.toUnsignedInt(b.getShort((int) s + 6));
                Long base = bases.get(shndx);
                if (base != null) {
                    b.putLong((int) s + 8, b.getLong((int) s + 8) + base);
                } else if (shndx == 0 && b.getInt((int) s) != 0) {
                    b.put((int) s + 4, (byte) ((b.get((int) s + 4) & 0xf0) | STT_FUNC));
                    b.putShort((int) s + 6, (short) extra);
                    b.putLong((int) s + 8, undefined);
                    b.putLong((int) s + 16, 16);
                    undefined += 16;
                }
            }
            int x = shoff + extra * shentsize;
            b.putInt(x + 4, SHT_NOBITS);
            b.putLong(x + 8, SHF_ALLOC | SHF_EXECINSTR);
            b.putLong(x + 16, next);
            b.putLong(x + 32, undefined - next);
            b.putLong(x + 48, 16);
        }
        relocateCode(b, shoff, shentsize, shnum);
        b.position(0);
        return b;
    }

    /** Applies the RELA sections that patch executable sections, with the placed symbol values. */
    private static void relocateCode(ByteBuffer b, long shoff, int shentsize, int shnum) {
        for (int i = 1; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            if (b.getInt(h + 4) != SHT_RELA) {
                continue;
            }
            int t = (int) (shoff + (long) b.getInt(h + 44) * shentsize);
            if ((b.getLong(t + 8) & SHF_EXECINSTR) == 0) {
                continue;
            }
            int sym = (int) (shoff + (long) b.getInt(h + 40) * shentsize);
            long symtab = b.getLong(sym + 24);
            long targetAddress = b.getLong(t + 16);
            long targetOffset = b.getLong(t + 24);
            long off = b.getLong(h + 24);
            for (long r = off; r + 24 <= off + b.getLong(h + 32); r += 24) {
                long where = b.getLong((int) r);
                long info = b.getLong((int) r + 8);
                long value = b.getLong((int) (symtab + (info >>> 32) * 24 + 8)) + b.getLong((int) r + 16);
                int at = (int) (targetOffset + where);
                switch ((int) info) {
                    case 1 -> b.putLong(at, value);
                    case 2, 4 -> b.putInt(at, (int) (value - (targetAddress + where)));
                    case 10, 11 -> b.putInt(at, (int) value);
                    default -> {
                    }
                }
            }
        }
    }
}
