package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The table behind {@code klas structs} (schema version 3): one row per (struct, member, file) with the number of
 * member-access shadows of each kind there, equal to the aggregate of {@code shadows}. {@link ShadowStore}, the one
 * writer of shadows, keeps it so in the transaction that writes them ({@link SummaryDelta}: a re-extracted unit's
 * old shadows are counted out before they are deleted, its new ones counted in), so a crash rolls both back
 * together. Anything else that writes shadows directly must call {@link #rebuild} in the same transaction.
 */
public final class MemberSummary {
    static final String KINDS = "('FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL')";

    static final List<String> DDL = List.of(
            "CREATE TABLE member_files(struct TEXT NOT NULL, member TEXT NOT NULL, file_id INTEGER NOT NULL,"
                    + " reads INTEGER NOT NULL, writes INTEGER NOT NULL, fp_calls INTEGER NOT NULL,"
                    + " addresses INTEGER NOT NULL, shadows INTEGER NOT NULL,"
                    + " PRIMARY KEY(struct, member, file_id)) WITHOUT ROWID",
            // a member pattern with any struct ('*.refcnt')
            "CREATE INDEX member_files_member ON member_files(member, struct)");

    private MemberSummary() {
    }

    /**
     * The summary as the aggregate of {@code shadows}, the same numbers ShadowStore keeps: used when a version-2
     * database is migrated and by bench/query after its bulk insert. Runs in the caller's transaction.
     */
    public static void rebuild(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM member_files");
            s.execute(aggregateInto());
        }
    }

    static String aggregateInto() {
        return "INSERT INTO member_files(struct, member, file_id, reads, writes, fp_calls, addresses, shadows)"
                + " SELECT struct, member, file_id, sum(kind IN ('FIELD_READ', 'FIELD_READWRITE')),"
                + " sum(kind IN ('FIELD_WRITE', 'FIELD_READWRITE')), sum(kind = 'FP_CALL'),"
                + " sum(kind = 'FIELD_ADDRESS'), count(*) FROM shadows WHERE kind IN " + KINDS
                + " GROUP BY struct, member, file_id";
    }
}
