package dev.klas.symbols.store;

import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import dev.klas.symbols.ShadowQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates a {@link ShadowQuery} to SQL. Globs become SQLite GLOB (case-sensitive, so a literal prefix uses the
 * struct/member/file/function indexes); exact names become {@code =}.
 */
public final class QuerySql {
    private QuerySql() {
    }

    public static List<Shadow> run(Connection c, ShadowQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT s.kind, f.path, s.line, s.col, s.function, s.struct,"
                + " s.member, s.macro FROM shadows s JOIN files f ON f.id = s.file_id WHERE 1");
        List<Object> args = new ArrayList<>();
        name(sql, args, "s.struct", q.struct());
        name(sql, args, "s.member", q.member());
        name(sql, args, "f.path", q.file());
        name(sql, args, "s.function", q.function());
        q.line().ifPresent(l -> {
            sql.append(" AND s.line = ?");
            args.add(l);
        });
        if (!q.kinds().isEmpty()) {
            sql.append(" AND s.kind IN (");
            for (ShadowKind k : q.kinds()) {
                sql.append(args.size() > 0 && sql.charAt(sql.length() - 1) != '(' ? ", ?" : "?");
                args.add(k.name());
            }
            sql.append(')');
        }
        sql.append(" ORDER BY f.path, s.line, s.col, s.struct, s.member, s.kind");
        List<Shadow> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Shadow(ShadowKind.valueOf(r.getString(1)), r.getString(2), r.getInt(3), r.getInt(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
                }
            }
        }
        return out;
    }

    private static void name(StringBuilder sql, List<Object> args, String column, Optional<String> glob) {
        if (glob.isEmpty() || glob.get().equals("*")) {
            return;
        }
        String g = glob.get();
        if (g.indexOf('*') < 0 && g.indexOf('?') < 0) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(g);
        } else {
            sql.append(" AND ").append(column).append(" GLOB ?");
            args.add(g.replace("[", "[[]"));
        }
    }
}
