package dev.klas.resolve.dwarf;

/** Attribute names used by klas (DWARF5 7.5.4, Table 7.5). */
public final class DwAt {
    public static final int SIBLING = 0x01;
    public static final int LOCATION = 0x02;
    public static final int NAME = 0x03;
    public static final int BYTE_SIZE = 0x0b;
    public static final int BIT_OFFSET = 0x0c;
    public static final int BIT_SIZE = 0x0d;
    public static final int STMT_LIST = 0x10;
    public static final int LOW_PC = 0x11;
    public static final int HIGH_PC = 0x12;
    public static final int LANGUAGE = 0x13;
    public static final int COMP_DIR = 0x1b;
    public static final int CONST_VALUE = 0x1c;
    public static final int INLINE = 0x20;
    public static final int UPPER_BOUND = 0x2f;
    public static final int ABSTRACT_ORIGIN = 0x31;
    public static final int COUNT = 0x37;
    public static final int DATA_MEMBER_LOCATION = 0x38;
    public static final int DECL_FILE = 0x3a;
    public static final int DECL_LINE = 0x3b;
    public static final int DECLARATION = 0x3c;
    public static final int ENCODING = 0x3e;
    public static final int EXTERNAL = 0x3f;
    public static final int FRAME_BASE = 0x40;
    public static final int SPECIFICATION = 0x47;
    public static final int TYPE = 0x49;
    public static final int RANGES = 0x55;
    public static final int ENTRY_PC = 0x52;
    public static final int CALL_COLUMN = 0x57;
    public static final int CALL_FILE = 0x58;
    public static final int CALL_LINE = 0x59;
    public static final int DATA_BIT_OFFSET = 0x6b;
    public static final int LINKAGE_NAME = 0x6e;
    public static final int STR_OFFSETS_BASE = 0x72;
    public static final int ADDR_BASE = 0x73;
    public static final int RNGLISTS_BASE = 0x74;
    public static final int LOCLISTS_BASE = 0x8c;
    public static final int GNU_ADDR_BASE = 0x2133;
    public static final int GNU_RANGES_BASE = 0x2132;
    public static final int MIPS_LINKAGE_NAME = 0x2007;

    private DwAt() {
    }
}
