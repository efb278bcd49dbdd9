package dev.klas.symbols.store;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of header contexts' macro texts, each stored once in {@code macro_lines}: the contexts of a header share
 * most of their lines ({@code undefined NAME} of each identifier, the same values), so a context is stored as the
 * ids of its lines ({@link MacroText}) — on net/ipv4 35,000 distinct lines stand for a million. Reads the table of
 * one schema ({@code main} or an attached {@code src}) once; a line is added when a context first needs it. A line
 * no context uses any more stays (a few bytes each); it costs nothing else.
 */
final class MacroLines {
    private final Connection c;
    private final String schema;
    private Map<String, Long> ids;
    private Map<Long, String> lines;

    MacroLines(Connection c, String schema) {
        this.c = c;
        this.schema = schema;
    }

    /** The context text as stored: the sorted ids of its lines, added to the table when new ({@link MacroText}). */
    byte[] pack(String text) throws SQLException {
        load();
        if (text.isEmpty()) {
            return MacroText.pack(new long[0]);
        }
        String[] split = text.split("\n", -1);
        long[] out = new long[split.length];
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema + ".macro_lines(line) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < split.length; i++) {
                Long id = ids.get(split[i]);
                if (id == null) {
                    p.setString(1, split[i]);
                    p.executeUpdate();
                    try (ResultSet r = p.getGeneratedKeys()) {
                        r.next();
                        id = r.getLong(1);
                    }
                    ids.put(split[i], id);
                    lines.put(id, split[i]);
                }
                out[i] = id;
            }
        }
        return MacroText.pack(out);
    }

    /** The context text of a stored {@code headers.macros} value (of row {@code header}, for errors). */
    String unpack(byte[] packed, long header) throws SQLException {
        load();
        long[] refs = MacroText.unpack(packed, header);
        List<String> out = new ArrayList<>(refs.length);
        for (long id : refs) {
            String line = lines.get(id);
            if (line == null) {
                throw new SQLException("headers row " + header + ": macro line " + id + " missing");
            }
            out.add(line);
        }
        out.sort(null);
        return String.join("\n", out);
    }

    /** Forgets the lines read, after a rolled-back transaction. */
    void reset() {
        ids = null;
        lines = null;
    }

    private void load() throws SQLException {
        if (ids != null) {
            return;
        }
        ids = new HashMap<>();
        lines = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, line FROM " + schema + ".macro_lines")) {
            while (r.next()) {
                ids.put(r.getString(2), r.getLong(1));
                lines.put(r.getLong(1), r.getString(2));
            }
        }
    }
}
