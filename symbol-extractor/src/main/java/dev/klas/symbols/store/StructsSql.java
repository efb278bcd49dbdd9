package dev.klas.symbols.store;

import dev.klas.schema.NamePattern;
import dev.klas.symbols.MemberUse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The member-use summary behind {@code klas structs}: one row per (struct, member) with read/write/fp-call counts
 * and the files they occur in. The struct pattern ({@code *}/{@code ?} as in {@link NamePattern}) becomes {@code =}
 * or SQLite {@code GLOB} on the indexed struct column, so a named struct reads only its own rows.
 */
public final class StructsSql {
    /** Counted per (struct, member, file) from the covering index shadows_struct, then the few groups joined to files. */
    private static final String SQL = "SELECT g.struct, g.member, sum(g.reads), sum(g.writes), sum(g.fpcalls),"
            + " sum(g.addresses), sum(g.total), group_concat(f.path || char(10)) FROM ("
            + "SELECT s.struct, s.member, s.file_id,"
            + " sum(s.kind IN ('FIELD_READ', 'FIELD_READWRITE')) AS reads,"
            + " sum(s.kind IN ('FIELD_WRITE', 'FIELD_READWRITE')) AS writes,"
            + " sum(s.kind = 'FP_CALL') AS fpcalls, sum(s.kind = 'FIELD_ADDRESS') AS addresses, count(*) AS total"
            + " FROM shadows s"
            + " WHERE s.kind IN ('FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL') AND %s"
            + " GROUP BY s.struct, s.member, s.file_id) g JOIN files f ON f.id = g.file_id"
            + " GROUP BY g.struct, g.member ORDER BY g.struct, g.member";

    private StructsSql() {
    }

    /** The members of the structs whose tag matches {@code struct} and whose name matches {@code member}. */
    public static List<MemberUse> members(Connection c, NamePattern struct, NamePattern member) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = name("s.struct", struct, args) + " AND " + name("s.member", member, args);
        List<MemberUse> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(String.format(SQL, where))) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new MemberUse(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7), files(r.getString(8))));
                }
            }
        }
        return out;
    }

    /**
     * group_concat joins with commas in no set order; each path carries a trailing newline, so "\n," splits them even
     * when a path holds a comma. Sorted here.
     */
    private static List<String> files(String joined) {
        if (joined == null) {
            return List.of();
        }
        String body = joined.endsWith("\n") ? joined.substring(0, joined.length() - 1) : joined;
        return Arrays.stream(body.split("\n,")).sorted().toList();
    }

    private static String name(String column, NamePattern pattern, List<Object> args) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }
}
