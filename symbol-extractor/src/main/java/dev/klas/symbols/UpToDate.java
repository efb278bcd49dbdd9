package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.store.RecordedInputs;
import dev.klas.symbols.store.ShadowStore;
import dev.klas.symbols.store.UnitState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A unit needs no re-parse when it was extracted with the same flags and every file it read (itself and each
 * header) still has the recorded content hash. That holds for a failed unit too when its failure recorded what it
 * depends on (a missing generated file: the files read and that the generated file is still {@link #ABSENT}); a
 * failure without recorded inputs (a parser error) is tried again.
 */
final class UpToDate {
    /** The hash recorded for a file whose absence a unit's failure depends on. */
    static final String ABSENT = "absent";

    private final ShadowStore store;
    private final Path root;
    private final Map<String, RecordedInputs.UnitRow> units;
    private final Set<String> stale;

    /**
     * Reads what the table recorded and checks each distinct recorded (file, hash) pair once, against the file as it
     * is now (through {@code hashes}: unchanged modification time and size are trusted).
     */
    UpToDate(ShadowStore store, FileHashes hashes, Path root) throws SQLException {
        this.store = store;
        this.root = root;
        RecordedInputs recorded = RecordedInputs.read(store.connection());
        this.units = recorded.units();
        List<RecordedInputs.Dep> changed = recorded.deps().parallelStream()
                .filter(d -> d.hash().equals(ABSENT) ? Files.exists(root.resolve(d.path()))
                        : !hashes.hash(d.path()).map(d.hash()::equals).orElse(false))
                .toList();
        this.stale = RecordedInputs.unitsUsing(store.connection(), changed);
    }

    /**
     * The unit's recorded state when it needs no re-parse: status "ok", or "failed" with its reason and the inputs
     * the failure depends on.
     */
    Optional<UnitState> test(CompileCommand unit) throws SQLException {
        String path = relative(unit.file());
        RecordedInputs.UnitRow row = units.get(path);
        if (row == null || !row.flagsHash().equals(flagsHash(unit)) || stale.contains(path)) {
            return Optional.empty();
        }
        if (row.status().equals("ok")) {
            return Optional.of(new UnitState(row.flagsHash(), row.status(), row.reason(), Map.of()));
        }
        return row.status().equals("failed") && row.hasDeps() ? store.unit(path) : Optional.empty();
    }

    String relative(Path file) {
        Path p = file.toAbsolutePath().normalize();
        return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    static String flagsHash(CompileCommand unit) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(unit.flags().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
