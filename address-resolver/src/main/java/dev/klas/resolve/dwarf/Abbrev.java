package dev.klas.resolve.dwarf;

import dev.klas.resolve.elf.Cursor;
import java.util.HashMap;
import java.util.Map;

/** One abbreviation declaration (DWARF5 7.5.3): tag, children flag, attribute specifications. */
record Abbrev(long code, int tag, boolean hasChildren, int[] names, int[] forms, long[] implicitConsts) {
    /** Reads the abbreviation table at {@code offset} of {@code .debug_abbrev}, keyed by code. */
    static Map<Long, Abbrev> readTable(DwarfSections sections, long offset) {
        Cursor c = DwarfFormatException.cursor(sections.get(DwarfSections.ABBREV), DwarfSections.ABBREV);
        c.seek(offset);
        Map<Long, Abbrev> out = new HashMap<>();
        while (c.hasRemaining()) {
            long code = c.uleb();
            if (code == 0) {
                break;
            }
            int tag = c.ulebInt();
            boolean children = c.u8() != 0;
            int n = 0;
            int[] names = new int[8];
            int[] forms = new int[8];
            long[] consts = new long[8];
            while (c.hasRemaining()) {
                int name = c.ulebInt();
                int form = c.ulebInt();
                if (name == 0 && form == 0) {
                    break;
                }
                if (n == names.length) {
                    names = java.util.Arrays.copyOf(names, n * 2);
                    forms = java.util.Arrays.copyOf(forms, n * 2);
                    consts = java.util.Arrays.copyOf(consts, n * 2);
                }
                names[n] = name;
                forms[n] = form;
                consts[n] = form == Forms.DW_FORM_IMPLICIT_CONST ? c.sleb() : 0;
                n++;
            }
            out.put(code, new Abbrev(code, tag, children, java.util.Arrays.copyOf(names, n),
                    java.util.Arrays.copyOf(forms, n), java.util.Arrays.copyOf(consts, n)));
        }
        c.check();
        return out;
    }
}
