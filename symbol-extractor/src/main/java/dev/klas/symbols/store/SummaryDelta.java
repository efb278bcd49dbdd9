package dev.klas.symbols.store;

import dev.klas.symbols.ShadowKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What one write transaction changes in {@link MemberSummary}'s table: shadows removed count -1, shadows added +1,
 * per (struct, member, file). Applied once per transaction, one row per group that changed, so a unit re-extracted
 * with the same member accesses writes nothing to the summary.
 */
final class SummaryDelta {
    private record Key(String struct, String member, long file) {
    }

    private final Map<Key, long[]> deltas = new HashMap<>();

    void clear() {
        deltas.clear();
    }

    void add(String struct, String member, long file, ShadowKind kind, int sign) {
        if (!kind.isFieldAccess()) {
            return;
        }
        long[] d = deltas.computeIfAbsent(new Key(struct, member, file), k -> new long[5]);
        d[0] += kind == ShadowKind.FIELD_READ || kind == ShadowKind.FIELD_READWRITE ? sign : 0;
        d[1] += kind == ShadowKind.FIELD_WRITE || kind == ShadowKind.FIELD_READWRITE ? sign : 0;
        d[2] += kind == ShadowKind.FP_CALL ? sign : 0;
        d[3] += kind == ShadowKind.FIELD_ADDRESS ? sign : 0;
        d[4] += sign;
    }

    /** Counts out the member accesses unit {@code owner} produced; call before deleting them. */
    void removeOwned(Connection c, long owner) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT struct, member, file_id, kind FROM shadows"
                + " WHERE owner_id = ? AND kind IN " + MemberSummary.KINDS
                + " AND id NOT IN (SELECT shadow_id FROM header_shadows)")) {
            p.setLong(1, owner);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    add(r.getString(1), r.getString(2), r.getLong(3), ShadowKind.valueOf(r.getString(4)), -1);
                }
            }
        }
    }

    /** Writes the changed groups in the caller's transaction and drops those left without shadows. */
    void apply(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO member_files(struct, member, file_id, reads,"
                + " writes, fp_calls, addresses, shadows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(struct, member, file_id) DO UPDATE SET reads = reads + excluded.reads,"
                + " writes = writes + excluded.writes, fp_calls = fp_calls + excluded.fp_calls,"
                + " addresses = addresses + excluded.addresses, shadows = shadows + excluded.shadows");
             PreparedStatement drop = c.prepareStatement("DELETE FROM member_files"
                     + " WHERE struct = ? AND member = ? AND file_id = ? AND shadows <= 0")) {
            int drops = 0;
            for (Map.Entry<Key, long[]> e : deltas.entrySet()) {
                long[] d = e.getValue();
                if (d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 && d[4] == 0) {
                    continue;
                }
                Key k = e.getKey();
                up.setString(1, k.struct());
                up.setString(2, k.member());
                up.setLong(3, k.file());
                for (int i = 0; i < 5; i++) {
                    up.setLong(4 + i, d[i]);
                }
                up.addBatch();
                if (d[4] < 0) {
                    drop.setString(1, k.struct());
                    drop.setString(2, k.member());
                    drop.setLong(3, k.file());
                    drop.addBatch();
                    drops++;
                }
            }
            up.executeBatch();
            if (drops > 0) {
                drop.executeBatch();
            }
        }
        deltas.clear();
    }
}
