package dev.klas.symbols.store;

import dev.klas.schema.NamePattern;
import dev.klas.symbols.MemberUse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The member-use summary behind {@code klas structs}: one row per (struct, member) with read/write/fp-call counts
 * and the files they occur in, read from {@link MemberSummary}'s per-(struct, member, file) table. The struct pattern
 * ({@code *}/{@code ?} as in {@link NamePattern}) becomes {@code =} or SQLite {@code GLOB} on its primary key, so a
 * named struct or a prefix reads only its own rows; a member pattern alone uses the (member, struct) index. SQLite
 * sums each member's rows and lists its file ids; the ids become sorted paths here.
 */
public final class StructsSql {
    private static final String SQL = "SELECT struct, member, sum(reads), sum(writes), sum(fp_calls), sum(addresses),"
            + " sum(shadows), group_concat(file_id) FROM member_files WHERE %s"
            + " GROUP BY struct, member ORDER BY struct, member";
    /** More distinct files than this: the whole files table is read instead of the files by id. */
    private static final int LOOKUP_LIMIT = 2000;
    private static final int CHUNK = 500;

    private StructsSql() {
    }

    /** The members of the structs whose tag matches {@code struct} and whose name matches {@code member}. */
    public static List<MemberUse> members(Connection c, NamePattern struct, NamePattern member) throws SQLException {
        return members(c, struct, member, LOOKUP_LIMIT);
    }

    /** With more distinct files than {@code lookupLimit}, the whole files table is read instead of files by id. */
    static List<MemberUse> members(Connection c, NamePattern struct, NamePattern member, int lookupLimit)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        String where = name("struct", struct, args) + " AND " + name("member", member, args);
        List<Group> groups = new ArrayList<>();
        long[] all = new long[64];
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement(String.format(SQL, where))) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    long[] files = ids(r.getString(8));
                    if (count + files.length > all.length) {
                        all = Arrays.copyOf(all, Math.max(all.length * 2, count + files.length));
                    }
                    System.arraycopy(files, 0, all, count, files.length);
                    count += files.length;
                    groups.add(new Group(r.getString(1), r.getString(2), new long[] {r.getLong(3), r.getLong(4),
                        r.getLong(5), r.getLong(6), r.getLong(7)}, files));
                }
            }
        }
        Files files = Files.of(c, all, count, lookupLimit);
        List<MemberUse> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            int[] order = new int[g.files.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = files.rank(g.files[i]);
            }
            Arrays.sort(order);
            String[] paths = new String[order.length];
            for (int i = 0; i < order.length; i++) {
                paths[i] = files.sorted[order[i]];
            }
            long[] n = g.counts;
            out.add(new MemberUse(g.struct, g.member, n[0], n[1], n[2], n[3], n[4], Arrays.asList(paths)));
        }
        return out;
    }

    private record Group(String struct, String member, long[] counts, long[] files) {
    }

    /** group_concat's comma-separated decimal ids. */
    private static long[] ids(String joined) {
        long[] out = new long[8];
        int n = 0;
        long v = 0;
        for (int i = 0, len = joined.length(); i <= len; i++) {
            char ch = i < len ? joined.charAt(i) : ',';
            if (ch == ',') {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = v;
                v = 0;
            } else {
                v = v * 10 + (ch - '0');
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The paths of the file ids a result names, each with its place in String order. File ids are SQLite rowids
     * given out in sequence, so ranks are kept in an array indexed by id; should the ids be sparse (a hand-made
     * table), in a sorted id array searched by binary search instead.
     */
    private record Files(int[] rankById, long[] ids, int[] ranks, String[] sorted) {
        int rank(long id) {
            return rankById != null ? rankById[(int) id] : ranks[Arrays.binarySearch(ids, id)];
        }

        static Files of(Connection c, long[] all, int count, int lookupLimit) throws SQLException {
            long max = 0;
            long min = 0;
            for (int i = 0; i < count; i++) {
                max = Math.max(max, all[i]);
                min = Math.min(min, all[i]);
            }
            int[] rankById = null;
            long[] ids;
            if (min >= 0 && max < 4L * count + 1_000_000) {
                rankById = new int[(int) max + 1];
                Arrays.fill(rankById, -1);
                int n = 0;
                for (int i = 0; i < count; i++) {
                    if (rankById[(int) all[i]] == -1) {
                        rankById[(int) all[i]] = -2;
                        n++;
                    }
                }
                ids = new long[n];
                n = 0;
                for (int id = 0; id < rankById.length; id++) {
                    if (rankById[id] == -2) {
                        ids[n++] = id;
                    }
                }
            } else {
                ids = distinct(all, count);
            }
            List<Long> found = new ArrayList<>(ids.length);
            List<String> paths = new ArrayList<>(ids.length);
            if (ids.length > lookupLimit) {
                try (PreparedStatement p = c.prepareStatement("SELECT id, path FROM files ORDER BY path");
                     ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long id = r.getLong(1);
                        if (rankById != null ? id >= 0 && id <= max && rankById[(int) id] == -2
                                : Arrays.binarySearch(ids, id) >= 0) {
                            found.add(id);
                            paths.add(r.getString(2));
                        }
                    }
                }
            } else {
                for (int from = 0; from < ids.length; from += CHUNK) {
                    int to = Math.min(ids.length, from + CHUNK);
                    String marks = String.join(", ", Collections.nCopies(to - from, "?"));
                    try (PreparedStatement p = c.prepareStatement("SELECT id, path FROM files WHERE id IN (" + marks
                            + ")")) {
                        for (int i = from; i < to; i++) {
                            p.setLong(i - from + 1, ids[i]);
                        }
                        try (ResultSet r = p.executeQuery()) {
                            while (r.next()) {
                                found.add(r.getLong(1));
                                paths.add(r.getString(2));
                            }
                        }
                    }
                }
            }
            // SQLite's ORDER BY path is byte order, the same as String order below U+10000: the sort then only checks
            Integer[] order = new Integer[found.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> paths.get(a).compareTo(paths.get(b)));
            int[] ranks = new int[ids.length];
            String[] sorted = new String[order.length];
            for (int i = 0; i < order.length; i++) {
                long id = found.get(order[i]);
                sorted[i] = paths.get(order[i]);
                if (rankById != null) {
                    rankById[(int) id] = i;
                } else {
                    ranks[Arrays.binarySearch(ids, id)] = i;
                }
            }
            return new Files(rankById, ids, ranks, sorted);
        }

        private static long[] distinct(long[] all, int count) {
            long[] s = Arrays.copyOf(all, count);
            Arrays.sort(s);
            int n = 0;
            for (int i = 0; i < s.length; i++) {
                if (n == 0 || s[n - 1] != s[i]) {
                    s[n++] = s[i];
                }
            }
            return Arrays.copyOf(s, n);
        }
    }

    private static String name(String column, NamePattern pattern, List<Object> args) {
        if (pattern.text().equals("*")) {
            return "1";
        }
        args.add(pattern.text());
        return column + (pattern.isExact() ? " = ?" : " GLOB ?");
    }
}
