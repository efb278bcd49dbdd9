package dev.klas.resolve.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Applies the {@code SHT_RELA} sections that target a debug section of a relocatable file (x86-64 psABI 4.4.1,
 * "Relocation Types"), like binutils does before dumping DWARF: S is the symbol's {@code st_value}, A the addend,
 * P the offset of the place inside the section.
 */
final class Relocator {
    static final int R_X86_64_NONE = 0;
    static final int R_X86_64_64 = 1;
    static final int R_X86_64_PC32 = 2;
    static final int R_X86_64_32 = 10;
    static final int R_X86_64_32S = 11;
    static final int R_X86_64_DTPOFF64 = 17;
    static final int R_X86_64_DTPOFF32 = 21;
    static final int R_X86_64_PC64 = 24;
    static final int R_X86_64_SIZE32 = 32;
    static final int R_X86_64_SIZE64 = 33;

    private Relocator() {
    }

    static ByteBuffer apply(ElfFile elf, Section target, ByteBuffer data) {
        ByteBuffer out = null;
        for (Section rela : elf.sections()) {
            if (rela.type() != Section.SHT_RELA || rela.info() != target.index()) {
                continue;
            }
            if (out == null) {
                out = copy(data);
            }
            applyOne(elf, rela, target, out);
        }
        return out == null ? data : out;
    }

    private static ByteBuffer copy(ByteBuffer data) {
        byte[] b = new byte[data.limit()];
        data.duplicate().get(0, b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void applyOne(ElfFile elf, Section rela, Section target, ByteBuffer out) {
        if (rela.link() <= 0 || rela.link() >= elf.sections().size()) {
            throw new ElfFormatException(rela.label(), 0, "sh_link " + rela.link() + " names no symbol table");
        }
        List<ElfSymbol> syms = SymbolTables.read(elf, elf.sections().get(rela.link()));
        for (Rela r : Rela.read(elf, rela, syms.size())) {
            int at = r.at();
            long offset = r.offset();
            long addend = r.addend();
            int type = r.type();
            ElfSymbol sym = syms.get(r.symbol());
            long value = sym.value() + addend;
            int width;
            switch (type) {
                case R_X86_64_NONE:
                    continue;
                case R_X86_64_64, R_X86_64_DTPOFF64:
                    width = 8;
                    break;
                case R_X86_64_SIZE64:
                    width = 8;
                    value = sym.size() + addend;
                    break;
                case R_X86_64_32, R_X86_64_32S, R_X86_64_DTPOFF32:
                    width = 4;
                    break;
                case R_X86_64_SIZE32:
                    width = 4;
                    value = sym.size() + addend;
                    break;
                case R_X86_64_PC32:
                    width = 4;
                    value -= offset;
                    break;
                case R_X86_64_PC64:
                    width = 8;
                    value -= offset;
                    break;
                default:
                    throw new ElfFormatException(rela.label(), at, "relocation type " + type + " not supported in "
                            + target.label());
            }
            if (offset < 0 || offset > out.limit() - width) {
                throw new ElfFormatException(rela.label(), at, "relocation at 0x" + Long.toHexString(offset)
                        + " lies outside " + target.label());
            }
            if (width == 8) {
                out.putLong((int) offset, value);
            } else {
                out.putInt((int) offset, (int) value);
            }
        }
    }
}
