package dev.klas.symbols.store;

import dev.klas.schema.Access;
import dev.klas.schema.Glob;
import dev.klas.schema.NamePattern;
import dev.klas.schema.Pointcut;
import dev.klas.schema.Pointcuts;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Translates a {@link Pointcut} into one SQL query over the shadows table. Names become {@code =} or SQLite
 * {@code GLOB} (same {@code *}/{@code ?} meaning as {@link NamePattern}); file globs, whose {@code *} stops at
 * {@code /}, are matched in Java against the small files table and become {@code file_id IN (...)}. A
 * {@code segment-call} selects no shadow: the hook runtime matches it between load segments at run time.
 * {@code runsin}/{@code runsinfile} are not properties of a shadow: they are decided on each resolved address, so the
 * query is made of {@link Pointcuts#source} (the pointcut less its runs-in conjuncts).
 */
public final class PointcutSql {
    private static final String READS = "'FIELD_READ', 'FIELD_READWRITE', 'FP_CALL'";
    private static final String WRITES = "'FIELD_WRITE', 'FIELD_READWRITE'";
    private static final String ANY = "'FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL'";

    private final Connection connection;
    private final List<Object> args = new ArrayList<>();
    private final Map<String, String> fileSets = new HashMap<>();

    private PointcutSql(Connection connection) {
        this.connection = connection;
    }

    /** Every shadow the pointcut selects, sorted by file, line, column. */
    public static List<Shadow> match(Connection c, Pointcut p) throws SQLException {
        PointcutSql q = new PointcutSql(c);
        String where = q.predicate(sourceOf(p));
        String sql = "SELECT s.kind, f.path, s.line, s.col, s.function, s.struct, s.member, s.macro"
                + " FROM shadows s JOIN files f ON f.id = s.file_id WHERE " + where
                + " ORDER BY f.path, s.line, s.col, s.struct, s.member, s.kind";
        List<Shadow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < q.args.size(); i++) {
                ps.setObject(i + 1, q.args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new Shadow(ShadowKind.valueOf(r.getString(1)), r.getString(2), r.getInt(3), r.getInt(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
                }
            }
        }
        return out;
    }

    /** How many shadows the pointcut selects. */
    public static long count(Connection c, Pointcut p) throws SQLException {
        PointcutSql q = new PointcutSql(c);
        String where = q.predicate(sourceOf(p));
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM shadows s WHERE " + where)) {
            q.bind(ps);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** Whether the pointcut selects any shadow: stops at the first. */
    public static boolean any(Connection c, Pointcut p) throws SQLException {
        PointcutSql q = new PointcutSql(c);
        String where = q.predicate(sourceOf(p));
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shadows s WHERE " + where + " LIMIT 1")) {
            q.bind(ps);
            try (ResultSet r = ps.executeQuery()) {
                return r.next();
            }
        }
    }

    private static Pointcut sourceOf(Pointcut p) {
        return Pointcuts.containsRunsIn(p) ? Pointcuts.source(p) : p;
    }

    private void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private String predicate(Pointcut p) throws SQLException {
        if (p instanceof Pointcut.FieldAccess f) {
            String kinds = f.access() == Access.READ ? READS : f.access() == Access.WRITE ? WRITES : ANY;
            return "(s.kind IN (" + kinds + ") AND " + name("s.struct", f.struct()) + " AND "
                    + name("s.member", f.member()) + ")";
        }
        if (p instanceof Pointcut.FpCall f) {
            return "(s.kind = 'FP_CALL' AND " + name("s.struct", f.struct()) + " AND " + name("s.member", f.member()) + ")";
        }
        if (p instanceof Pointcut.Call c) {
            return "(s.kind = 'CALL' AND " + name("s.member", c.function()) + ")";
        }
        if (p instanceof Pointcut.Execution e) {
            return "(s.kind = 'FUNCTION' AND " + name("s.member", e.function()) + ")";
        }
        if (p instanceof Pointcut.Line l) {
            args.add(l.line());
            return "(s.line = ? AND " + files(l.file()) + ")";
        }
        if (p instanceof Pointcut.SegmentCall) {
            return "0";
        }
        if (p instanceof Pointcut.Within w) {
            return files(w.file());
        }
        if (p instanceof Pointcut.WithinCode w) {
            return name("s.function", w.function());
        }
        if (p instanceof Pointcut.RunsInTerm) {
            throw new IllegalArgumentException(p + " is decided on a resolved address, not on a shadow");
        }
        if (p instanceof Pointcut.And a) {
            return join(a.parts(), " AND ");
        }
        if (p instanceof Pointcut.Or o) {
            return join(o.parts(), " OR ");
        }
        if (p instanceof Pointcut.Not n) {
            return "(NOT " + predicate(n.part()) + ")";
        }
        throw new IllegalArgumentException("unknown pointcut " + p);
    }

    private String join(List<Pointcut> parts, String op) throws SQLException {
        StringJoiner j = new StringJoiner(op, "(", ")");
        for (Pointcut part : parts) {
            j.add(predicate(part));
        }
        return j.toString();
    }

    private String name(String column, NamePattern pattern) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }

    /**
     * {@code s.file_id IN (...)} for the files whose path matches the glob: SQLite's GLOB (whose {@code *} also
     * crosses {@code /}) narrows the files table to a superset in C, the glob's own regular expression decides.
     */
    private String files(Glob glob) throws SQLException {
        String cached = fileSets.get(glob.text());
        if (cached != null) {
            return cached;
        }
        StringJoiner ids = new StringJoiner(", ", "s.file_id IN (", ")");
        ids.setEmptyValue("0");
        java.util.regex.Pattern regex = glob.regex();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, path FROM files WHERE path GLOB ?")) {
            ps.setString(1, superset(glob.text()));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    if (regex.matcher(r.getString(2)).matches()) {
                        ids.add(Long.toString(r.getLong(1)));
                    }
                }
            }
        }
        String sql = ids.toString();
        fileSets.put(glob.text(), sql);
        return sql;
    }

    /** An SQLite GLOB pattern that matches every path the klas glob matches (and possibly more). */
    static String superset(String glob) {
        StringBuilder out = new StringBuilder(glob.startsWith("/") ? "" : "*");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                char q = glob.charAt(++i);
                out.append(q == '*' || q == '?' || q == '[' ? "[" + q + "]" : String.valueOf(q));
            } else if (c == '[' && i + 1 < glob.length() && glob.charAt(i + 1) == '!') {
                out.append("[^");
                i++;
            } else if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                out.append('*');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
