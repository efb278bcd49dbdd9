package dev.klas.symbols.store;

import dev.klas.symbols.MergeReport;
import dev.klas.symbols.SymbolTableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges symbol tables written by shards of one extraction into one table, as if one run had extracted every unit.
 * All inputs must be of this schema version and have the same source root. A unit found in two inputs is kept once
 * when both are identical (flags, outcome, the hash of every file it read, its shadows) and refused otherwise: the
 * inputs then come from different sources or flags and no file says which is right. A header context's (header
 * and content) inline-function shadows and body keys are the union of those of every input that recorded it, as
 * one run over all units would have parsed each body variant of any of them; an input that read the header with
 * other content is refused. An existing output is the first input
 * (merged into, under the same rules). The result is built in a temporary file beside the output and renamed over
 * it, so a refused or failed merge leaves the output as it was.
 */
public final class TableMerge {
    private final Connection c;
    private final Map<String, Path> unitFrom = new HashMap<>();
    private final Map<String, Path> headerFrom = new HashMap<>();
    private Path root;
    private Path rootFrom;
    private int units;
    private int sameUnits;
    private int headers;
    private int sharedHeaders;

    private TableMerge(Connection c) {
        this.c = c;
    }

    public static MergeReport merge(Path out, List<Path> inputs) throws SymbolTableException {
        List<Path> sources = sources(out, inputs);
        for (Path in : sources) {
            Database.requireCurrent(in);
        }
        Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".merging-" + ProcessHandle.current().pid());
        try {
            deleteWithJournal(tmp);
            MergeReport report;
            try (Connection c = Database.open(tmp, true)) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = DELETE");
                }
                TableMerge m = new TableMerge(c);
                for (Path in : sources) {
                    m.add(in);
                }
                report = m.finish(sources);
            }
            if (Files.exists(walOf(out))) {
                throw new SymbolTableException(out + ": in use by another process (" + walOf(out).getFileName()
                        + " exists); merge when it has finished");
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return report;
        } catch (SQLException | IOException e) {
            try {
                deleteWithJournal(tmp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            if (e instanceof SymbolTableException s) {
                throw s;
            }
            throw new SymbolTableException(out + ": merge failed: " + e.getMessage(), e);
        }
    }

    /** The output (when it exists) and then each input, each file once. */
    private static List<Path> sources(Path out, List<Path> inputs) throws SymbolTableException {
        List<Path> all = new ArrayList<>();
        if (Files.exists(out)) {
            checkpoint(out);
            all.add(out);
        }
        for (Path in : inputs) {
            boolean seen = false;
            for (Path p : all) {
                seen |= sameFile(p, in);
            }
            if (!seen) {
                all.add(in);
            }
        }
        return all;
    }

    /** Moves an existing output's write-ahead log into it, so that the rename leaves no log behind for the old file. */
    private static void checkpoint(Path out) throws SymbolTableException {
        try (Connection c = Database.open(out, false); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new SymbolTableException(out + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void add(Path in) throws SQLException, SymbolTableException {
        try (Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE '" + in.toAbsolutePath().toString().replace("'", "''") + "' AS src");
        }
        try {
            c.setAutoCommit(false);
            checkRoot(in);
            mapFiles();
            takeUnits(in);
            takeHeaders(in);
            copyRows();
            c.commit();
        } catch (SQLException | SymbolTableException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DETACH DATABASE src");
            }
        }
    }

    private void checkRoot(Path in) throws SQLException, SymbolTableException {
        Optional<String> r = Optional.empty();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM src.meta WHERE key = 'root'")) {
            if (rs.next()) {
                r = Optional.of(rs.getString(1));
            }
        }
        if (r.isEmpty()) {
            throw new SymbolTableException(in + ": records no source root (written by an older klas);"
                    + " extract it again");
        }
        Path p = Path.of(r.get());
        if (root == null) {
            root = p;
            rootFrom = in;
            Provenance.recordRoot(c, p);
        } else if (!root.equals(p)) {
            throw new SymbolTableException(in + ": extracted under root " + p + ", not " + root + " like "
                    + rootFrom
                    + "; merge only tables extracted from the same --root");
        }
    }

    /** temp.fmap: the input's file ids to the merged table's, every path of the input added. */
    private void mapFiles() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT OR IGNORE INTO main.files(path) SELECT path FROM src.files ORDER BY id");
            s.execute("DROP TABLE IF EXISTS temp.fmap");
            s.execute("CREATE TEMP TABLE fmap(sid INTEGER PRIMARY KEY, mid INTEGER NOT NULL)");
            s.execute("INSERT INTO temp.fmap SELECT s.id, m.id FROM src.files s JOIN main.files m ON m.path = s.path");
            s.execute("DROP TABLE IF EXISTS temp.owners");
            s.execute("CREATE TEMP TABLE owners(sid INTEGER PRIMARY KEY)");
            s.execute("DROP TABLE IF EXISTS temp.new_units");
            s.execute("CREATE TEMP TABLE new_units(sid INTEGER PRIMARY KEY)");
        }
    }

    /** Units new to the merged table become owners to copy; units it has already must be identical. */
    private void takeUnits(Path in) throws SQLException, SymbolTableException {
        List<long[]> twice = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT u.file_id, m.mid, f.path, m.mid IN (SELECT file_id FROM main.units) FROM src.units u"
                        + " JOIN temp.fmap m ON m.sid = u.file_id JOIN src.files f ON f.id = u.file_id")) {
            while (r.next()) {
                if (r.getBoolean(4)) {
                    twice.add(new long[] {r.getLong(1), r.getLong(2)});
                    paths.add(r.getString(3));
                } else {
                    unitFrom.put(r.getString(3), in);
                    units++;
                }
            }
        }
        for (int i = 0; i < twice.size(); i++) {
            Optional<String> diff = UnitFacts.read(c, "src", twice.get(i)[0])
                    .difference(UnitFacts.read(c, "main", twice.get(i)[1]));
            if (diff.isPresent()) {
                throw new SymbolTableException(in + ": unit " + paths.get(i) + " differs from the same unit in "
                        + unitFrom.get(paths.get(i)) + " (" + diff.get() + "); merge only shards of one extraction,"
                        + " or extract the unit again");
            }
            sameUnits++;
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO temp.new_units SELECT u.file_id FROM src.units u"
                    + " JOIN temp.fmap m ON m.sid = u.file_id WHERE m.mid NOT IN (SELECT file_id FROM main.units)");
            s.execute("INSERT INTO temp.owners SELECT sid FROM temp.new_units");
        }
    }

    /**
     * temp.cmap: the input's header contexts to the merged table's; a context new to the merged table is added and
     * marked fresh (its rows are copied), one it has already is the same context and adds nothing.
     */
    private void takeHeaders(Path in) throws SQLException, SymbolTableException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT f.path, h.hash, mh.hash"
                + " FROM src.headers h JOIN src.files f ON f.id = h.file_id JOIN temp.fmap m ON m.sid = h.file_id"
                + " JOIN main.headers mh ON mh.file_id = m.mid AND mh.hash <> h.hash LIMIT 1")) {
            if (r.next()) {
                throw new SymbolTableException(in + ": header " + r.getString(1) + " was extracted from other"
                        + " content (hash " + r.getString(2) + ") than in " + headerFrom.get(r.getString(1))
                        + " (hash " + r.getString(3) + "); merge only shards extracted from one source tree");
            }
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT f.path"
                + " FROM src.headers h JOIN src.files f ON f.id = h.file_id")) {
            while (r.next()) {
                headerFrom.putIfAbsent(r.getString(1), in);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS temp.cmap");
            s.execute("CREATE TEMP TABLE cmap(sid INTEGER PRIMARY KEY, mid INTEGER, fresh INTEGER NOT NULL)");
            s.execute("INSERT INTO temp.cmap SELECT h.id, mh.id, mh.id IS NULL FROM src.headers h"
                    + " JOIN temp.fmap m ON m.sid = h.file_id LEFT JOIN main.headers mh ON mh.file_id = m.mid"
                    + " AND mh.hash = h.hash AND mh.digest = h.digest");
            copyFreshHeaders();
            s.execute("UPDATE temp.cmap SET mid = (SELECT mh.id FROM src.headers h"
                    + " JOIN temp.fmap m ON m.sid = h.file_id JOIN main.headers mh ON mh.file_id = m.mid"
                    + " AND mh.hash = h.hash AND mh.digest = h.digest"
                    + " WHERE h.id = temp.cmap.sid) WHERE fresh");
            try (ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh)"
                    + " FROM temp.cmap")) {
                r.next();
                headers += r.getInt(1);
                sharedHeaders += r.getInt(2);
            }
        }
    }

    /**
     * Copies the new units, their dependencies and contexts read, their shadows, and the shadows and body keys of
     * every header context: a header's row already in the merged table is linked, not copied.
     */
    /** The contexts only the input has, their macro texts' line ids renumbered into the output's. */
    private void copyFreshHeaders() throws SQLException {
        MacroLines from = new MacroLines(c, "src");
        MacroLines to = new MacroLines(c, "main");
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT m.mid, h.hash, h.digest,"
                + " h.macros, h.id FROM src.headers h JOIN temp.fmap m ON m.sid = h.file_id"
                + " WHERE h.id IN (SELECT sid FROM temp.cmap WHERE fresh) ORDER BY h.id");
             PreparedStatement p = c.prepareStatement(
                     "INSERT INTO main.headers(file_id, hash, digest, macros) VALUES (?, ?, ?, ?)")) {
            while (r.next()) {
                p.setLong(1, r.getLong(1));
                p.setString(2, r.getString(2));
                p.setString(3, r.getString(3));
                p.setBytes(4, to.pack(from.unpack(r.getBytes(4), r.getLong(5))));
                p.executeUpdate();
            }
        }
    }

    private void copyRows() throws SQLException {
        String same = " m.file_id = mf.mid AND m.line = s.line AND m.col = s.col AND m.owner_id = mo.mid"
                + " AND m.kind = s.kind AND m.function = s.function AND m.struct = s.struct AND m.member = s.member"
                + " AND m.macro = s.macro";
        String freshRows = " FROM src.header_shadows hs JOIN temp.cmap cm ON cm.sid = hs.header_id"
                + " JOIN src.shadows s ON s.id = hs.shadow_id JOIN temp.fmap mo ON mo.sid = s.owner_id"
                + " JOIN temp.fmap mf ON mf.sid = s.file_id";
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO main.units(file_id, flags_hash, status, reason) SELECT m.mid, u.flags_hash,"
                    + " u.status, u.reason FROM src.units u JOIN temp.fmap m ON m.sid = u.file_id"
                    + " WHERE u.file_id IN (SELECT sid FROM temp.new_units)");
            s.execute("INSERT INTO main.unit_deps(unit_id, file_id, hash) SELECT mu.mid, mf.mid, d.hash"
                    + " FROM src.unit_deps d JOIN temp.fmap mu ON mu.sid = d.unit_id"
                    + " JOIN temp.fmap mf ON mf.sid = d.file_id"
                    + " WHERE d.unit_id IN (SELECT sid FROM temp.new_units)");
            s.execute("INSERT INTO main.unit_headers(unit_id, header_id) SELECT mu.mid, cm.mid"
                    + " FROM src.unit_headers uh JOIN temp.fmap mu ON mu.sid = uh.unit_id"
                    + " JOIN temp.cmap cm ON cm.sid = uh.header_id"
                    + " WHERE uh.unit_id IN (SELECT sid FROM temp.new_units)");
            s.execute("INSERT INTO main.shadows(owner_id, file_id, kind, line, col, function, struct, member, macro)"
                    + " SELECT mo.mid, mf.mid, s.kind, s.line, s.col, s.function, s.struct, s.member, s.macro"
                    + " FROM temp.owners o JOIN src.shadows s ON s.owner_id = o.sid"
                    + " JOIN temp.fmap mo ON mo.sid = s.owner_id JOIN temp.fmap mf ON mf.sid = s.file_id"
                    + " WHERE s.id NOT IN (SELECT shadow_id FROM src.header_shadows)");
            s.execute("INSERT INTO main.shadows(owner_id, file_id, kind, line, col, function, struct, member, macro)"
                    + " SELECT DISTINCT mo.mid, mf.mid, s.kind, s.line, s.col, s.function, s.struct, s.member, s.macro"
                    + freshRows + " WHERE NOT EXISTS (SELECT 1 FROM main.shadows m WHERE" + same + ")");
            s.execute("INSERT OR IGNORE INTO main.header_shadows(header_id, shadow_id) SELECT cm.mid, m.id"
                    + freshRows + " JOIN main.shadows m ON" + same);
            s.execute("INSERT OR IGNORE INTO main.body_keys(header_id, key) SELECT cm.mid, k.key"
                    + " FROM src.body_keys k JOIN temp.cmap cm ON cm.sid = k.header_id");
        }
    }

    private MergeReport finish(List<Path> sources) throws SQLException {
        c.setAutoCommit(false);
        MemberSummary.rebuild(c);
        c.commit();
        c.setAutoCommit(true);
        long shadows;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM shadows")) {
            r.next();
            shadows = r.getLong(1);
        }
        return new MergeReport(sources, units, sameUnits, headers, sharedHeaders, shadows);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static Path walOf(Path db) {
        return db.toAbsolutePath().resolveSibling(db.getFileName() + "-wal");
    }

    private static void deleteWithJournal(Path db) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }
}
