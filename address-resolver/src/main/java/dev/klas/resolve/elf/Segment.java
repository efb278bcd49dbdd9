package dev.klas.resolve.elf;

/**
 * One program header (ELF gABI, "Program Header").
 *
 * @param type  {@code p_type}, e.g. {@link #PT_LOAD}
 * @param flags {@code p_flags} ({@link #PF_X}, {@link #PF_W}, {@link #PF_R})
 */
public record Segment(int type, int flags, long offset, long virtualAddress, long physicalAddress, long fileSize,
                      long memorySize, long align) {
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
}
