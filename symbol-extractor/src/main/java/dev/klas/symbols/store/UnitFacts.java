package dev.klas.symbols.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a table says about one unit, by path rather than row id, so that the same unit in two tables (two
 * attached schemas of one connection) can be compared: flags, outcome, the files it read and its own shadows.
 */
record UnitFacts(String flagsHash, String status, String reason, TreeMap<String, String> deps, List<String> shadows) {

    static UnitFacts read(Connection c, String schema, long unit) throws SQLException {
        String flags = "";
        String status = "";
        String reason = "";
        try (PreparedStatement p = c.prepareStatement("SELECT flags_hash, status, reason FROM " + schema
                + ".units WHERE file_id = ?")) {
            p.setLong(1, unit);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    flags = r.getString(1);
                    status = r.getString(2);
                    reason = r.getString(3);
                }
            }
        }
        TreeMap<String, String> deps = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT f.path, d.hash FROM " + schema + ".unit_deps d JOIN "
                + schema + ".files f ON f.id = d.file_id WHERE d.unit_id = ?")) {
            p.setLong(1, unit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    deps.put(r.getString(1), r.getString(2));
                }
            }
        }
        List<String> shadows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT f.path, s.kind, s.line, s.col, s.function, s.struct,"
                + " s.member, s.macro FROM " + schema + ".shadows s JOIN " + schema + ".files f ON f.id = s.file_id"
                + " WHERE s.owner_id = ?")) {
            p.setLong(1, unit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 8; i++) {
                        row.append(r.getString(i)).append('\t');
                    }
                    shadows.add(row.toString());
                }
            }
        }
        shadows.sort(null);
        return new UnitFacts(flags, status, reason, deps, shadows);
    }

    /** What differs between this unit and {@code other}, in words; empty when nothing does. */
    Optional<String> difference(UnitFacts other) {
        if (!flagsHash.equals(other.flagsHash)) {
            return Optional.of("other compile flags");
        }
        if (!status.equals(other.status) || !reason.equals(other.reason)) {
            return Optional.of("outcome " + status + " here, " + other.status + " there");
        }
        for (var e : deps.entrySet()) {
            if (!e.getValue().equals(other.deps.get(e.getKey()))) {
                return Optional.of("read " + e.getKey() + " with other content");
            }
        }
        if (!deps.keySet().equals(other.deps.keySet())) {
            return Optional.of("read other files");
        }
        if (!shadows.equals(other.shadows)) {
            return Optional.of(shadows.size() + " shadows here, " + other.shadows.size() + " there, not the same");
        }
        return Optional.empty();
    }
}
