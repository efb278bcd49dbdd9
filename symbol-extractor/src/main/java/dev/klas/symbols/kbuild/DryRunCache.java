package dev.klas.symbols.kbuild;

import dev.klas.symbols.store.Database;
import dev.klas.symbols.store.DryRunTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Kbuild's dry run, answered from the symbol table when nothing it depends on changed ({@link DryRunKey}) and no
 * generated file it names appeared or went away since; otherwise run and remembered. Saves the ~20 s that make
 * needs to read the Makefiles of a whole tree on a rerun.
 */
public final class DryRunCache {
    private final Path database;

    public DryRunCache(Path database) {
        this.database = database;
    }

    /** The tree's units as {@link KernelTree#units} gives them, and whether they came from the cache. */
    public record Answer(DryRun run, boolean cached) {
    }

    public Answer units(KernelTree tree, boolean modules) throws KernelTreeException {
        String command = tree.dir() + "\0" + String.join(" ", tree.dryRunCommand(modules));
        try (Connection c = Database.open(database, true)) {
            String key = DryRunKey.of(tree.dir(), tree.dryRunCommand(modules));
            Optional<DryRunCodec.Cached> cached = read(c, command, key, tree.dir());
            if (cached.isPresent() && cached.get().present().equals(present(cached.get().run(), tree.dir()))) {
                return new Answer(cached.get().run(), true);
            }
            DryRun run = tree.units(modules);
            DryRunTable.write(c, command, new DryRunTable.Entry(key,
                    DryRunCodec.encode(run, present(run, tree.dir()))));
            return new Answer(run, false);
        } catch (IOException | SQLException e) {
            // the table cannot keep it (not a klas table, read-only...): ask Kbuild; the extraction reports the table
            return new Answer(tree.units(modules), false);
        }
    }

    private static Optional<DryRunCodec.Cached> read(Connection c, String command, String key, Path tree)
            throws SQLException {
        Optional<DryRunTable.Entry> e = DryRunTable.read(c, command).filter(x -> x.key().equals(key));
        if (e.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DryRunCodec.decode(e.get().data(), tree));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static Set<String> present(DryRun run, Path tree) {
        Set<String> out = new LinkedHashSet<>();
        run.madeFiles().stream().sorted().filter(f -> Files.exists(tree.resolve(f))).forEach(out::add);
        return out;
    }
}
