package dev.klas.symbols.store;

import dev.klas.schema.NamePattern;
import dev.klas.symbols.MemberUse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member-use summary behind {@code klas structs}: one row per (struct, member) with read/write/fp-call counts
 * and the files they occur in, read from {@link MemberSummary}'s per-(struct, member, file) table. The struct pattern
 * ({@code *}/{@code ?} as in {@link NamePattern}) becomes {@code =} or SQLite {@code GLOB} on its primary key, so a
 * named struct or a prefix reads only its own rows; a member pattern alone uses the (member, struct) index.
 */
public final class StructsSql {
    private static final String SQL = "SELECT struct, member, file_id, reads, writes, fp_calls, addresses, shadows"
            + " FROM member_files WHERE %s ORDER BY struct, member";
    /** More distinct files than this: the whole files table is read once instead of looked up by id. */
    private static final int LOOKUP_LIMIT = 2000;
    private static final int CHUNK = 500;

    private StructsSql() {
    }

    /** The members of the structs whose tag matches {@code struct} and whose name matches {@code member}. */
    public static List<MemberUse> members(Connection c, NamePattern struct, NamePattern member) throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = name("struct", struct, args) + " AND " + name("member", member, args);
        List<Group> groups = new ArrayList<>();
        Set<Long> fileIds = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(String.format(SQL, where))) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                Group g = null;
                while (r.next()) {
                    String s = r.getString(1);
                    String m = r.getString(2);
                    if (g == null || !g.struct.equals(s) || !g.member.equals(m)) {
                        g = new Group(s, m);
                        groups.add(g);
                    }
                    long file = r.getLong(3);
                    if (g.fileCount == g.files.length) {
                        g.files = Arrays.copyOf(g.files, g.files.length * 2);
                    }
                    g.files[g.fileCount++] = file;
                    fileIds.add(file);
                    for (int k = 0; k < 5; k++) {
                        g.counts[k] += r.getLong(4 + k);
                    }
                }
            }
        }
        Map<Long, String> paths = paths(c, fileIds);
        List<MemberUse> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            List<String> files = new ArrayList<>(g.fileCount);
            for (int i = 0; i < g.fileCount; i++) {
                files.add(paths.get(g.files[i]));
            }
            files.sort(null);
            out.add(new MemberUse(g.struct, g.member, g.counts[0], g.counts[1], g.counts[2], g.counts[3],
                    g.counts[4], files));
        }
        return out;
    }

    private static final class Group {
        final String struct;
        final String member;
        final long[] counts = new long[5];
        long[] files = new long[4];
        int fileCount;

        Group(String struct, String member) {
            this.struct = struct;
            this.member = member;
        }
    }

    private static Map<Long, String> paths(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        if (ids.size() > LOOKUP_LIMIT) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, path FROM files")) {
                while (r.next()) {
                    out.put(r.getLong(1), r.getString(2));
                }
            }
            return out;
        }
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement p = c.prepareStatement("SELECT id, path FROM files WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getLong(1), r.getString(2));
                    }
                }
            }
        }
        return out;
    }

    private static String name(String column, NamePattern pattern, List<Object> args) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }
}
