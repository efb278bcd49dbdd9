package dev.klas.symbols;

import dev.klas.schema.Pointcut;
import dev.klas.symbols.parser.SourceFiles;
import dev.klas.symbols.store.Database;
import dev.klas.symbols.store.FileStatTable;
import dev.klas.symbols.store.PointcutSql;
import dev.klas.symbols.store.Provenance;
import dev.klas.symbols.store.QuerySql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A symbols.db: the shadows of a source tree, queryable by struct/member, kind, file, function and line.
 * A file that is not a klas symbol table of a supported version is refused and left untouched.
 */
public final class SymbolTable implements AutoCloseable {
    private final Path file;
    private final Connection connection;

    private SymbolTable(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens an existing symbol table. */
    public static SymbolTable open(Path file) throws SymbolTableException {
        return new SymbolTable(file, Database.open(file, false));
    }

    /** Opens the symbol table, creating an empty one when the file does not exist. */
    public static SymbolTable openOrCreate(Path file) throws SymbolTableException {
        return new SymbolTable(file, Database.open(file, true));
    }

    /**
     * Merges the tables of shards of one extraction into {@code out} (merged into when it exists), atomically; see
     * {@link dev.klas.symbols.store.TableMerge} for what is refused.
     */
    public static MergeReport merge(Path out, List<Path> inputs) throws SymbolTableException {
        return dev.klas.symbols.store.TableMerge.merge(out, inputs);
    }

    public List<Shadow> query(ShadowQuery query) throws SymbolTableException {
        try {
            return QuerySql.run(connection, query);
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": query failed: " + e.getMessage(), e);
        }
    }

    /** Every shadow {@code pointcut} selects, sorted by file, line and column. */
    public List<Shadow> match(Pointcut pointcut) throws SymbolTableException {
        try {
            return PointcutSql.match(connection, pointcut);
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code pointcut} selects nothing: for each selector that selects no shadow, the most specific reason (no
     * such struct or function, with close names; no such member; no shadow of its kind; restrictions that exclude
     * every shadow). Empty when every selector selects something.
     */
    public List<MatchDiagnosis> diagnose(Pointcut pointcut) throws SymbolTableException {
        try {
            return dev.klas.symbols.store.NoMatchSql.diagnose(connection, pointcut);
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Per (struct, member): read/write/fp-call counts and the files they occur in, for struct tags matching
     * {@code struct} and members matching {@code member} ({@code *} and {@code ?} wildcards).
     */
    public List<MemberUse> members(dev.klas.schema.NamePattern struct, dev.klas.schema.NamePattern member)
            throws SymbolTableException {
        try {
            return dev.klas.symbols.store.StructsSql.members(connection, struct, member);
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": query failed: " + e.getMessage(), e);
        }
    }

    /**
     * The files among {@code paths} whose content differs from what the table extracted, read under the root of the
     * last extraction; a file the table never read is not checked. Empty when the table records no root (written
     * before klas recorded it) or when every file is as extracted.
     */
    public List<StaleFile> staleFiles(Collection<String> paths) throws SymbolTableException {
        try {
            Optional<Path> root = Provenance.root(connection);
            if (root.isEmpty()) {
                return List.of();
            }
            List<StaleFile> out = new ArrayList<>();
            // a file whose modification time and size are those recorded with its hash is not read again, as in
            // extract's up-to-date check (FileHashes)
            FileHashes files = new FileHashes(new SourceFiles(), root.get(), FileStatTable.read(connection),
                    System.currentTimeMillis() * 1_000_000L);
            for (Map.Entry<String, Set<String>> e : new TreeMap<>(Provenance.hashes(connection, paths)).entrySet()) {
                Optional<String> now = files.hash(e.getKey());
                if (now.isEmpty()) {
                    out.add(new StaleFile(e.getKey(), "missing"));
                } else if (!e.getValue().contains(now.get())) {
                    out.add(new StaleFile(e.getKey(), "changed since it was extracted"));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * For each of {@code paths}, the line of each function defined in it, as the table read it: the names of a
     * definition written by a macro, and names defined more than once in one file, are left out (their line is not
     * where a compiler would put it, or not one line).
     */
    public Map<String, Map<String, Integer>> definitionLines(Collection<String> paths) throws SymbolTableException {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (String path : new java.util.TreeSet<>(paths)) {
            Map<String, Integer> lines = new TreeMap<>();
            Set<String> twice = new java.util.HashSet<>();
            for (Shadow s : query(ShadowQuery.all().withKinds(Set.of(ShadowKind.FUNCTION)).withFile(path))) {
                if (!s.file().equals(path)) {
                    continue;
                }
                if (!s.macro().isEmpty() || lines.put(s.member(), s.line()) != null) {
                    twice.add(s.member());
                }
            }
            twice.forEach(lines::remove);
            if (!lines.isEmpty()) {
                out.put(path, lines);
            }
        }
        return out;
    }

    /** The source root of the last extraction, which the table's relative paths are relative to. */
    public Optional<Path> root() throws SymbolTableException {
        try {
            return Provenance.root(connection);
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": " + e.getMessage(), e);
        }
    }

    /** Number of shadows stored. */
    public long size() throws SymbolTableException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM shadows")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws SymbolTableException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new SymbolTableException(file + ": close failed: " + e.getMessage(), e);
        }
    }
}
