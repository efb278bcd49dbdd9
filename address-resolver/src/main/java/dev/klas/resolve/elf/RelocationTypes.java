package dev.klas.resolve.elf;

import java.util.List;

/** x86-64 relocation type numbers and names (System V AMD64 psABI, table "Relocation Types"). */
public final class RelocationTypes {
    public static final int R_X86_64_COPY = 5;
    public static final int R_X86_64_GLOB_DAT = 6;
    public static final int R_X86_64_JUMP_SLOT = 7;
    public static final int R_X86_64_RELATIVE = 8;
    private static final List<String> NAMES = List.of("NONE", "64", "PC32", "GOT32", "PLT32", "COPY", "GLOB_DAT",
            "JUMP_SLOT", "RELATIVE", "GOTPCREL", "32", "32S", "16", "PC16", "8", "PC8", "DTPMOD64", "DTPOFF64",
            "TPOFF64", "TLSGD", "TLSLD", "DTPOFF32", "GOTTPOFF", "TPOFF32", "PC64", "GOTOFF64", "GOTPC32", "GOT64",
            "GOTPCREL64", "GOTPC64", "GOTPLT64", "PLTOFF64", "SIZE32", "SIZE64", "GOTPC32_TLSDESC", "TLSDESC_CALL",
            "TLSDESC", "IRELATIVE", "RELATIVE64", "", "", "GOTPCRELX", "REX_GOTPCRELX");

    private RelocationTypes() {
    }

    /** {@code R_X86_64_NAME}, or {@code type N} for a number the psABI does not name. */
    public static String name(int type) {
        if (type >= 0 && type < NAMES.size() && !NAMES.get(type).isEmpty()) {
            return "R_X86_64_" + NAMES.get(type);
        }
        return "type " + type;
    }

    /** How many bytes a relocation of {@code type} writes: 4 for the 32-bit fields, 2 and 1 for the small ones. */
    public static int width(int type) {
        String n = type >= 0 && type < NAMES.size() ? NAMES.get(type) : "";
        return switch (n) {
            case "PC32", "GOT32", "PLT32", "GOTPCREL", "32", "32S", "TLSGD", "TLSLD", "DTPOFF32", "GOTTPOFF",
                    "TPOFF32", "GOTPC32", "SIZE32", "GOTPC32_TLSDESC", "GOTPCRELX", "REX_GOTPCRELX" -> 4;
            case "16", "PC16" -> 2;
            case "8", "PC8" -> 1;
            default -> 8;
        };
    }
}
