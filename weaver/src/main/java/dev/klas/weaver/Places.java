package dev.klas.weaver;

import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowQuery;
import dev.klas.symbols.SymbolTable;
import dev.klas.symbols.SymbolTableException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns shadows of the symbol table into the source places the resolver looks for. A member spelled through a
 * macro ({@code m->m_len} with {@code #define m_len m_hdr.mh_len}) becomes the member path the macro expands to,
 * read off the shadows the same expansion left at the same place ({@code mbuf.m_hdr}, {@code m_hdr.mh_len}).
 */
public final class Places {
    private Places() {
    }

    public static SourcePlace of(Shadow s, SymbolTable table) throws SymbolTableException {
        PlaceKind kind = PlaceKind.valueOf(s.kind().name());
        String member = s.member();
        if (s.macroName().filter(m -> m.equals(s.member())).isPresent()) {
            member = expansion(s, table);
        }
        return new SourcePlace(kind, s.file(), s.line(), s.column(), s.struct(), member, s.function());
    }

    public static List<SourcePlace> of(List<Shadow> shadows, SymbolTable table) throws SymbolTableException {
        List<SourcePlace> out = new ArrayList<>(shadows.size());
        for (Shadow s : shadows) {
            out.add(of(s, table));
        }
        return out;
    }

    /** The dotted member path behind a macro-spelled member, or the member itself when the siblings don't say. */
    private static String expansion(Shadow s, SymbolTable table) throws SymbolTableException {
        List<Shadow> siblings = table.query(ShadowQuery.all().withFile(s.file()).withLine(s.line())).stream()
                .filter(o -> o.column() == s.column() && o.macro().equals(s.macro()) && !o.member().equals(s.member()))
                .toList();
        List<String> path = new ArrayList<>();
        String struct = s.struct();
        List<Shadow> rest = new ArrayList<>(siblings);
        while (!rest.isEmpty()) {
            final String owner = struct;
            Shadow next = rest.stream().filter(o -> o.struct().equals(owner)).findFirst().orElse(rest.get(0));
            path.add(next.member());
            rest.remove(next);
            struct = rest.stream().filter(o -> !o.struct().equals(owner)).findFirst().map(Shadow::struct).orElse("");
        }
        return path.isEmpty() ? s.member() : String.join(".", path);
    }
}
