package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The table behind {@code klas structs} (schema version 3): one row per (struct, member, file) with the number of
 * member-access shadows of each kind there. Triggers on {@code shadows} keep it equal to the aggregate of that table
 * in the statement that changes a shadow, so every writer (the extractor's batches, a re-extraction deleting a
 * file's old shadows, a crash rolling a batch back) keeps it right without doing anything.
 */
public final class MemberSummary {
    static final String KINDS = "('FIELD_READ', 'FIELD_WRITE', 'FIELD_READWRITE', 'FIELD_ADDRESS', 'FP_CALL')";

    static final List<String> DDL = List.of(
            "CREATE TABLE member_files(struct TEXT NOT NULL, member TEXT NOT NULL, file_id INTEGER NOT NULL,"
                    + " reads INTEGER NOT NULL, writes INTEGER NOT NULL, fp_calls INTEGER NOT NULL,"
                    + " addresses INTEGER NOT NULL, shadows INTEGER NOT NULL,"
                    + " PRIMARY KEY(struct, member, file_id)) WITHOUT ROWID",
            // a member pattern with any struct ('*.refcnt')
            "CREATE INDEX member_files_member ON member_files(member, struct)",
            "CREATE TRIGGER shadows_summary_insert AFTER INSERT ON shadows WHEN new.kind IN " + KINDS + " BEGIN "
                    + add("new") + "; END",
            "CREATE TRIGGER shadows_summary_delete AFTER DELETE ON shadows WHEN old.kind IN " + KINDS + " BEGIN "
                    + remove("old") + "; END",
            "CREATE TRIGGER shadows_summary_update AFTER UPDATE OF file_id, kind, struct, member ON shadows BEGIN "
                    + remove("old") + "; " + add("new") + "; END");

    private MemberSummary() {
    }

    /** Adds the shadow {@code row} (new) to its group; in the update trigger the SELECT's WHERE skips non-accesses. */
    private static String add(String row) {
        return "INSERT INTO member_files(struct, member, file_id, reads, writes, fp_calls, addresses, shadows)"
                + " SELECT " + row + ".struct, " + row + ".member, " + row + ".file_id, "
                + counts(row) + ", 1 WHERE " + row + ".kind IN " + KINDS
                + " ON CONFLICT(struct, member, file_id) DO UPDATE SET reads = reads + excluded.reads,"
                + " writes = writes + excluded.writes, fp_calls = fp_calls + excluded.fp_calls,"
                + " addresses = addresses + excluded.addresses, shadows = shadows + 1";
    }

    /** Takes the shadow {@code row} (old) out of its group and drops the group when it is empty. */
    private static String remove(String row) {
        String key = "struct = " + row + ".struct AND member = " + row + ".member AND file_id = " + row + ".file_id";
        return "UPDATE member_files SET reads = reads - (" + row + ".kind IN ('FIELD_READ', 'FIELD_READWRITE')),"
                + " writes = writes - (" + row + ".kind IN ('FIELD_WRITE', 'FIELD_READWRITE')),"
                + " fp_calls = fp_calls - (" + row + ".kind = 'FP_CALL'),"
                + " addresses = addresses - (" + row + ".kind = 'FIELD_ADDRESS'), shadows = shadows - 1"
                + " WHERE " + key + " AND " + row + ".kind IN " + KINDS + "; "
                + "DELETE FROM member_files WHERE " + key + " AND shadows <= 0";
    }

    private static String counts(String row) {
        return "(" + row + ".kind IN ('FIELD_READ', 'FIELD_READWRITE')), (" + row + ".kind IN ('FIELD_WRITE',"
                + " 'FIELD_READWRITE')), (" + row + ".kind = 'FP_CALL'), (" + row + ".kind = 'FIELD_ADDRESS')";
    }

    /**
     * The summary as the aggregate of {@code shadows}, the same numbers the triggers keep: used when a version-2
     * database is migrated and by bench/query after a bulk insert made without the triggers. Runs in the caller's
     * transaction.
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
