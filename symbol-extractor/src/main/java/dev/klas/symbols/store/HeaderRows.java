package dev.klas.symbols.store;

import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Header contexts (header and content) with their shadows and the keys of the bodies those came from. A header's
 * shadow is one row (owner: the header) however many of its contexts hold it, linked to each ({@code
 * header_shadows}), so queries and the member summary count it once. A context no unit reads any more is removed
 * with its body keys and the rows only it held. Runs in ShadowStore's transaction.
 */
final class HeaderRows {
    /** A file's id in the table, added when new. */
    @FunctionalInterface
    interface Ids {
        long of(String path) throws SQLException;
    }

    private final Connection c;
    private final SummaryDelta summary;
    private final MacroLines lines;
    private Map<HeaderContext, Long> ids;

    HeaderRows(Connection c, SummaryDelta summary) {
        this.c = c;
        this.summary = summary;
        this.lines = new MacroLines(c, "main");
    }

    /**
     * Records a context's shadows. A context recorded already gets those of the rows it lacks: units that walked the
     * same context give the same rows, but where they do not (without header reuse every unit walks every context)
     * the table keeps their union, the shadows of a full per-unit parse.
     */
    void record(HeaderContext h, List<Shadow> rows, Ids files) throws SQLException {
        long header = files.of(h.path());
        Long known = ids().get(h);
        long id = known != null ? known : insertContext(h, header);
        try (PreparedStatement find = c.prepareStatement("SELECT id FROM shadows WHERE file_id = ? AND line = ?"
                + " AND col = ? AND owner_id = ? AND kind = ? AND function = ? AND struct = ? AND member = ?"
                + " AND macro = ? LIMIT 1");
             PreparedStatement insert = c.prepareStatement("INSERT INTO shadows(owner_id, file_id, kind, line, col,"
                     + " function, struct, member, macro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS);
             PreparedStatement link = c.prepareStatement(
                     "INSERT OR IGNORE INTO header_shadows(header_id, shadow_id) VALUES (?, ?)")) {
            for (Shadow s : new LinkedHashSet<>(rows)) {
                long file = files.of(s.file());
                long shadow = find(find, header, file, s).orElse(-1L);
                if (shadow < 0) {
                    shadow = insert(insert, header, file, s);
                    summary.add(s.struct(), s.member(), file, s.kind(), 1);
                }
                link.setLong(1, id);
                link.setLong(2, shadow);
                link.addBatch();
            }
            link.executeBatch();
        }
    }

    /** Records the keys of bodies whose rows are recorded for {@code h} (recording {@code h} when new). */
    void keys(HeaderContext h, Collection<String> keys, Ids files) throws SQLException {
        Long known = ids().get(h);
        long id = known != null ? known : insertContext(h, files.of(h.path()));
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR IGNORE INTO body_keys(header_id, key) VALUES (?, ?)")) {
            for (String key : keys) {
                p.setLong(1, id);
                p.setString(2, key);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private long insertContext(HeaderContext h, long header) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO headers(file_id, hash, digest, macros) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, header);
            p.setString(2, h.hash());
            p.setString(3, MacroText.digest(h.macros()));
            p.setBytes(4, lines.pack(h.macros()));
            p.executeUpdate();
            try (ResultSet r = p.getGeneratedKeys()) {
                r.next();
                id = r.getLong(1);
            }
        }
        ids.put(h, id);
        return id;
    }

    /** Notes that {@code unit} read these contexts (those recorded; a context skipped unrecorded adds nothing). */
    void read(long unit, Collection<HeaderContext> contexts) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR IGNORE INTO unit_headers(unit_id, header_id) VALUES (?, ?)")) {
            for (HeaderContext h : contexts) {
                Long id = ids().get(h);
                if (id != null) {
                    p.setLong(1, unit);
                    p.setLong(2, id);
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    /** Removes the contexts no unit reads, and the shadows only they held (counted out of the summary). */
    void removeUnread() throws SQLException {
        List<Long> gone = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM headers h WHERE NOT"
                + " EXISTS (SELECT 1 FROM unit_headers u WHERE u.header_id = h.id)")) {
            while (r.next()) {
                gone.add(r.getLong(1));
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS gone_headers(id INTEGER PRIMARY KEY)");
            s.execute("DELETE FROM temp.gone_headers");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO temp.gone_headers(id) VALUES (?)")) {
                for (long id : gone) {
                    p.setLong(1, id);
                    p.addBatch();
                }
                p.executeBatch();
            }
            s.execute("CREATE TEMP TABLE IF NOT EXISTS gone_rows(id INTEGER PRIMARY KEY)");
            s.execute("DELETE FROM temp.gone_rows");
            s.execute("INSERT OR IGNORE INTO temp.gone_rows SELECT shadow_id FROM header_shadows"
                    + " WHERE header_id IN (SELECT id FROM temp.gone_headers)");
            s.execute("DELETE FROM header_shadows WHERE header_id IN (SELECT id FROM temp.gone_headers)");
            s.execute("DELETE FROM body_keys WHERE header_id IN (SELECT id FROM temp.gone_headers)");
            s.execute("DELETE FROM temp.gone_rows WHERE EXISTS (SELECT 1 FROM header_shadows h"
                    + " WHERE h.shadow_id = temp.gone_rows.id)");
            try (ResultSet r = s.executeQuery("SELECT struct, member, file_id, kind FROM shadows"
                    + " WHERE id IN (SELECT id FROM temp.gone_rows)")) {
                while (r.next()) {
                    summary.add(r.getString(1), r.getString(2), r.getLong(3), ShadowKind.valueOf(r.getString(4)),
                            -1);
                }
            }
            s.execute("DELETE FROM shadows WHERE id IN (SELECT id FROM temp.gone_rows)");
            s.execute("DELETE FROM headers WHERE id IN (SELECT id FROM temp.gone_headers)");
        }
        ids = null;
    }

    private Map<HeaderContext, Long> ids() throws SQLException {
        if (ids == null) {
            ids = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT h.id, f.path, h.hash, h.macros FROM headers h JOIN files f ON f.id = h.file_id")) {
                while (r.next()) {
                    ids.put(new HeaderContext(r.getString(2), r.getString(3),
                            lines.unpack(r.getBytes(4), r.getLong(1))), r.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Forgets what it knows of the table, after a rolled-back transaction. */
    void reset() {
        ids = null;
        lines.reset();
    }

    /**
     * Binds the parameters of {@code INSERT INTO shadows(owner_id, file_id, kind, line, col, function, struct,
     * member, macro)}, in that order.
     */
    static void bindInsert(PreparedStatement p, long owner, long file, Shadow s) throws SQLException {
        p.setLong(1, owner);
        p.setLong(2, file);
        p.setString(3, s.kind().name());
        p.setInt(4, s.line());
        p.setInt(5, s.column());
        p.setString(6, s.function());
        p.setString(7, s.struct());
        p.setString(8, s.member());
        p.setString(9, s.macro());
    }

    private static java.util.Optional<Long> find(PreparedStatement p, long owner, long file, Shadow s)
            throws SQLException {
        p.setLong(1, file);
        p.setInt(2, s.line());
        p.setInt(3, s.column());
        p.setLong(4, owner);
        p.setString(5, s.kind().name());
        p.setString(6, s.function());
        p.setString(7, s.struct());
        p.setString(8, s.member());
        p.setString(9, s.macro());
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? java.util.Optional.of(r.getLong(1)) : java.util.Optional.empty();
        }
    }

    private static long insert(PreparedStatement p, long owner, long file, Shadow s) throws SQLException {
        bindInsert(p, owner, file, s);
        p.executeUpdate();
        try (ResultSet r = p.getGeneratedKeys()) {
            r.next();
            return r.getLong(1);
        }
    }
}
