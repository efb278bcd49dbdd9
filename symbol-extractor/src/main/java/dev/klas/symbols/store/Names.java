package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct names read by skipping through an index: one seek per distinct name ({@code > previous ORDER BY LIMIT 1}),
 * so listing the few struct tags of a table with millions of shadows reads a few thousand index entries, not the rows.
 */
final class Names {
    /** Seeks made at most for one list: a bound on the cost of a suggestion, whatever the table holds. */
    private static final int MAX_SEEKS = 100_000;

    private Names() {
    }

    /** The struct tags with member accesses, from the member summary's primary key. */
    static List<String> structs(Connection c) throws SQLException {
        return skip(c, "SELECT struct FROM member_files WHERE struct > ? ORDER BY struct LIMIT 1");
    }

    /** The members of one struct recorded in the summary. */
    static List<String> members(Connection c, String struct) throws SQLException {
        return skip(c, "SELECT member FROM member_files WHERE struct = ? AND member > ? ORDER BY member LIMIT 1",
                struct);
    }

    /** Enclosing function names that start with {@code first} (index shadows_function). */
    static List<String> functions(Connection c, char first) throws SQLException {
        return skip(c, "SELECT function FROM shadows WHERE function >= ? AND function < ? AND function > ?"
                + " ORDER BY function LIMIT 1", String.valueOf(first), String.valueOf((char) (first + 1)));
    }

    /** Member column values (members, callees, defined functions) that start with {@code first} (shadows_member). */
    static List<String> memberColumn(Connection c, char first) throws SQLException {
        return skip(c, "SELECT member FROM shadows WHERE member >= ? AND member < ? AND member > ?"
                + " ORDER BY member LIMIT 1", String.valueOf(first), String.valueOf((char) (first + 1)));
    }

    /** Runs {@code sql} with {@code fixed} and then the previous name as the last argument until it finds no more. */
    private static List<String> skip(Connection c, String sql, String... fixed) throws SQLException {
        List<String> out = new ArrayList<>();
        String previous = "";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < fixed.length; i++) {
                ps.setString(i + 1, fixed[i]);
            }
            while (out.size() < MAX_SEEKS) {
                ps.setString(fixed.length + 1, previous);
                try (ResultSet r = ps.executeQuery()) {
                    if (!r.next()) {
                        break;
                    }
                    previous = r.getString(1);
                    out.add(previous);
                }
            }
        }
        return out;
    }
}
