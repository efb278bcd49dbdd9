package dev.klas.symbols.store;

import dev.klas.symbols.HeaderContext;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.SymbolTableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes units, header contexts and shadows. Not thread-safe: one writer. */
public final class ShadowStore implements AutoCloseable {
    private final Connection c;
    private final Map<String, Long> fileIds = new HashMap<>();
    private final SummaryDelta summary = new SummaryDelta();
    private final HeaderRows contexts;

    public ShadowStore(Connection c) throws SQLException {
        this.c = c;
        this.contexts = new HeaderRows(c, summary);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, path FROM files")) {
            while (r.next()) {
                fileIds.put(r.getString(2), r.getLong(1));
            }
        }
    }

    public Connection connection() {
        return c;
    }

    public Optional<UnitState> unit(String path) throws SQLException {
        Long id = fileIds.get(path);
        if (id == null) {
            return Optional.empty();
        }
        String flags;
        String status;
        String reason;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT flags_hash, status, reason FROM units WHERE file_id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                flags = r.getString(1);
                status = r.getString(2);
                reason = r.getString(3);
            }
        }
        Map<String, String> deps = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT f.path, d.hash FROM unit_deps d JOIN files f ON f.id = d.file_id WHERE d.unit_id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    deps.put(r.getString(1), r.getString(2));
                }
            }
        }
        return Optional.of(new UnitState(flags, status, reason, deps));
    }

    /** Every recorded header body key, by header context. */
    public Map<HeaderContext, Set<String>> bodyKeys() throws SQLException {
        Map<HeaderContext, Set<String>> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT f.path, h.hash, k.key"
                + " FROM body_keys k JOIN headers h ON h.id = k.header_id JOIN files f ON f.id = h.file_id")) {
            while (r.next()) {
                out.computeIfAbsent(new HeaderContext(r.getString(1), r.getString(2), ""), h -> new HashSet<>())
                        .add(r.getString(3));
            }
        }
        return out;
    }

    /** Every recorded header context. */
    public Set<HeaderContext> headers() throws SQLException {
        Set<HeaderContext> out = new HashSet<>();
        MacroLines lines = new MacroLines(c, "main");
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT f.path, h.hash, h.macros, h.id FROM headers h JOIN files f ON f.id = h.file_id")) {
            while (r.next()) {
                out.add(new HeaderContext(r.getString(1), r.getString(2),
                        lines.unpack(r.getBytes(3), r.getLong(4))));
            }
        }
        return out;
    }

    /**
     * Writes a batch of units atomically, with their change to the member summary: after a crash either all of them
     * are in or none.
     */
    public void write(List<UnitWrite> batch) throws SymbolTableException {
        Map<String, Long> added = new HashMap<>();
        try {
            c.setAutoCommit(false);
            summary.clear();
            for (UnitWrite w : batch) {
                writeOne(w, added);
            }
            contexts.removeUnread();
            summary.apply(c);
            c.commit();
        } catch (SQLException e) {
            added.keySet().forEach(fileIds::remove);
            contexts.reset();
            try {
                c.rollback();
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            throw new SymbolTableException("cannot write symbol table: " + e.getMessage(), e);
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is unusable anyway; the next statement reports it
            }
        }
    }

    private void writeOne(UnitWrite w, Map<String, Long> added) throws SQLException {
        long unit = fileId(w.unit(), added);
        deleteOwned(unit);
        exec("DELETE FROM unit_deps WHERE unit_id = ?", unit);
        exec("DELETE FROM unit_headers WHERE unit_id = ?", unit);
        exec("DELETE FROM units WHERE file_id = ?", unit);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO units(file_id, flags_hash, status, reason) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, unit);
            p.setString(2, w.flagsHash());
            p.setString(3, w.status());
            p.setString(4, w.reason());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO unit_deps(unit_id, file_id, hash) VALUES (?, ?, ?)")) {
            for (var dep : w.deps().entrySet()) {
                p.setLong(1, unit);
                p.setLong(2, fileId(dep.getKey(), added));
                p.setString(3, dep.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
        for (var h : w.recorded().entrySet()) {
            contexts.record(h.getKey(), h.getValue(), p -> fileId(p, added));
        }
        for (var k : w.bodyKeys().entrySet()) {
            contexts.keys(k.getKey(), k.getValue(), p -> fileId(p, added));
        }
        Set<HeaderContext> read = new HashSet<>(w.contexts());
        read.addAll(w.recorded().keySet());
        read.addAll(w.bodyKeys().keySet());
        contexts.read(unit, read);
        insertShadows(w, unit, added);
    }

    private void insertShadows(UnitWrite w, long unit, Map<String, Long> added) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO shadows(owner_id, file_id, kind, line, col,"
                + " function, struct, member, macro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Shadow s : w.shadows()) {
                long file = fileId(s.file(), added);
                HeaderRows.bindInsert(p, unit, file, s);
                p.addBatch();
                summary.add(s.struct(), s.member(), file, s.kind(), 1);
            }
            p.executeBatch();
        }
    }

    /**
     * Deletes the shadows a unit's extraction produced (not those of a header context, when the file is also
     * included by another unit), and counts them out of the member summary.
     */
    private void deleteOwned(long owner) throws SQLException {
        summary.removeOwned(c, owner);
        exec("DELETE FROM shadows WHERE owner_id = ? AND id NOT IN (SELECT shadow_id FROM header_shadows)", owner);
    }

    private void exec(String sql, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    private long fileId(String path, Map<String, Long> added) throws SQLException {
        Long id = fileIds.get(path);
        if (id != null) {
            return id;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO files(path) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, path);
            p.executeUpdate();
            try (ResultSet r = p.getGeneratedKeys()) {
                r.next();
                long newId = r.getLong(1);
                fileIds.put(path, newId);
                added.put(path, newId);
                return newId;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
