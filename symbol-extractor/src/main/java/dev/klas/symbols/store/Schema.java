package dev.klas.symbols.store;

import dev.klas.symbols.SymbolTableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The symbols.db schema. A klas database is recognised by its {@code meta} row {@code format = klas-symbols} and
 * {@code PRAGMA application_id}; its version is {@code PRAGMA user_version}. Anything else is refused untouched.
 *
 * <p>Version 3 added {@link MemberSummary} (table {@code member_files}, kept by ShadowStore). Version 4 records a
 * header's inline-function shadows per macro context ({@code headers} is keyed by header, content hash and macro
 * context; {@code header_shadows} and {@code unit_headers} link contexts to their rows and to the units that read
 * them). Version 5 stores a context's macro text as the ids of its lines ({@code macro_lines}) and keys it by a
 * digest ({@link MacroText}). Version 6 decides per function body: {@code body_keys} holds the keys of the header
 * bodies whose rows a context holds, and a context is a header and its content (its macro text always empty). An
 * older
 * table cannot say which context its header rows came from, or says it in another form, so every other version is
 * refused with "re-extract into a new file".
 */
final class Schema {
    static final int APPLICATION_ID = 0x4b4c4153; // "KLAS"
    static final int VERSION = 6;

    private static final String[] DDL = {
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
        // a translation unit as last extracted: its flags, outcome, and the hash of every file it read
        "CREATE TABLE units(file_id INTEGER PRIMARY KEY, flags_hash TEXT NOT NULL, status TEXT NOT NULL,"
                + " reason TEXT NOT NULL)",
        "CREATE TABLE unit_deps(unit_id INTEGER NOT NULL, file_id INTEGER NOT NULL, hash TEXT NOT NULL,"
                + " PRIMARY KEY(unit_id, file_id)) WITHOUT ROWID",
        // the lines of header contexts' macro texts, each once (version 5)
        "CREATE TABLE macro_lines(id INTEGER PRIMARY KEY, line TEXT NOT NULL UNIQUE)",
        // header contexts whose function bodies were extracted: the header, its content, its macro context (its
        // lines' ids, keyed by the text's digest: MacroText, version 5)
        "CREATE TABLE headers(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, hash TEXT NOT NULL,"
                + " digest TEXT NOT NULL, macros BLOB NOT NULL, UNIQUE(file_id, hash, digest))",
        // the shadows each header context holds; contexts with the same row share it (version 4)
        "CREATE TABLE header_shadows(header_id INTEGER NOT NULL, shadow_id INTEGER NOT NULL,"
                + " PRIMARY KEY(header_id, shadow_id)) WITHOUT ROWID",
        "CREATE INDEX header_shadows_shadow ON header_shadows(shadow_id)",
        // the header contexts each unit read; a context no unit reads is removed (version 4)
        "CREATE TABLE unit_headers(unit_id INTEGER NOT NULL, header_id INTEGER NOT NULL,"
                + " PRIMARY KEY(unit_id, header_id)) WITHOUT ROWID",
        "CREATE INDEX unit_headers_header ON unit_headers(header_id)",
        // the keys of the header function bodies whose rows a context holds (version 6, parser.BodyKey)
        "CREATE TABLE body_keys(header_id INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY(header_id, key))"
                + " WITHOUT ROWID",
        // owner_id: the unit, or for a header's inline functions the header (one row however many contexts hold it)
        "CREATE TABLE shadows(id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, file_id INTEGER NOT NULL,"
                + " kind TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL, function TEXT NOT NULL,"
                + " struct TEXT NOT NULL, member TEXT NOT NULL, macro TEXT NOT NULL)",
        "CREATE INDEX shadows_member ON shadows(member, struct)",
        // covering for klas structs: a struct pattern is answered from the index alone (version 2)
        "CREATE INDEX shadows_struct ON shadows(struct, member, kind, file_id)",
        "CREATE INDEX shadows_file_line ON shadows(file_id, line)",
        "CREATE INDEX shadows_function ON shadows(function)",
        "CREATE INDEX shadows_owner ON shadows(owner_id)",
    };

    private Schema() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            for (String ddl : MemberSummary.DDL) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO meta(key, value) VALUES ('format', 'klas-symbols')");
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + VERSION);
        }
    }

    /** Refuses anything that is not a klas symbols.db of this version. */
    static void check(Connection c, Path file) throws SymbolTableException {
        try (Statement s = c.createStatement()) {
            int app = intPragma(s, "application_id");
            int version = intPragma(s, "user_version");
            if (app != APPLICATION_ID) {
                throw new SymbolTableException(file + ": not a klas symbol table (SQLite application_id "
                        + app + "); refusing to touch it");
            }
            if (version != VERSION) {
                throw new SymbolTableException(file + ": symbol table schema version " + version
                        + " is not the supported version " + VERSION + "; re-extract into a new file");
            }
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'format'")) {
                if (!r.next() || !"klas-symbols".equals(r.getString(1))) {
                    throw new SymbolTableException(file + ": klas symbol table without its format marker");
                }
            }
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": not a readable SQLite database (" + e.getMessage()
                    + "); refusing to touch it", e);
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return intPragma(s, "user_version");
        }
    }

    private static int intPragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
