package dev.klas.symbols;

import dev.klas.symbols.config.CompileCommand;
import dev.klas.symbols.parser.SourceFiles;
import dev.klas.symbols.store.ShadowStore;
import dev.klas.symbols.store.UnitState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A unit needs no re-parse when it was extracted successfully with the same flags and every file it read (itself
 * and each header) still has the recorded content hash.
 */
final class UpToDate {
    private final ShadowStore store;
    private final SourceFiles files;
    private final Path root;

    UpToDate(ShadowStore store, SourceFiles files, Path root) {
        this.store = store;
        this.files = files;
        this.root = root;
    }

    boolean test(CompileCommand unit) throws SQLException {
        Optional<UnitState> state = store.unit(relative(unit.file()));
        if (state.isEmpty() || !state.get().status().equals("ok")
                || !state.get().flagsHash().equals(flagsHash(unit))) {
            return false;
        }
        for (Map.Entry<String, String> dep : state.get().deps().entrySet()) {
            Optional<String> now = files.hash(root.resolve(dep.getKey()).toString());
            if (now.isEmpty() || !now.get().equals(dep.getValue())) {
                return false;
            }
        }
        return true;
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
