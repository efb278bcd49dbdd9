package dev.klas.symbols.store;

import dev.klas.schema.NamePattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.TreeSet;

/**
 * "No function 'm_fre' in the table (did you mean m_free?)": function names close to a missing one, taken from the
 * enclosing functions of shadows and the callees of calls. Only names that start with the same character are read
 * (index seeks over that range of shadows_function and shadows_member): the table may name hundreds of thousands
 * of functions, and a misspelling rarely starts with a wrong letter.
 */
final class FunctionNames {
    private FunctionNames() {
    }

    static String missing(Connection c, NamePattern function) throws SQLException {
        if (!function.isExact()) {
            return "no function matches '" + function + "' in the table";
        }
        String word = function.text();
        char first = word.charAt(0);
        TreeSet<String> names = new TreeSet<>(Names.functions(c, first));
        for (String m : Suggestions.closest(word, Names.memberColumn(c, first), Integer.MAX_VALUE)) {
            if (!names.contains(m) && isFunction(c, m)) {
                names.add(m);
            }
        }
        return "no function '" + word + "' in the table" + Suggestions.phrase(Suggestions.closest(word, names));
    }

    /** A member-column value that names a callee or a defined function (their rows have no struct). */
    private static boolean isFunction(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shadows WHERE member = ? AND struct = ''"
                + " LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet r = ps.executeQuery()) {
                return r.next();
            }
        }
    }
}
