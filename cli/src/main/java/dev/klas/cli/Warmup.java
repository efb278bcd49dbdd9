package dev.klas.cli;

import dev.klas.symbols.SymbolTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * What bin/klas runs once per built jar, under {@code -XX:ArchiveClassesAtExit}: copies SQLite's native library out
 * of the jar into {@code NATIVE_DIR} (sqlite-jdbc otherwise copies it to /tmp, checks and loads it again in every
 * process), then runs the short commands in-process (validate, and query and structs on an empty table) so that
 * the class-data archive holds the classes they load.
 *
 * <p>{@code java -cp klas.jar dev.klas.cli.Warmup NATIVE_DIR ASPECT.xml}
 */
public final class Warmup {
    private Warmup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Warmup NATIVE_DIR ASPECT.xml");
            System.exit(2);
        }
        Main.preferCompatLocaleData();
        Path lib = extractSqlite(Path.of(args[0]));
        System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
        System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Path dir = Files.createTempDirectory("klas-warmup");
        try {
            Path db = dir.resolve("empty.db");
            SymbolTable.openOrCreate(db).close();
            Main.run(new String[] {"validate", args[1]}, nowhere, nowhere);
            Main.run(new String[] {"query", "--db", db.toString(), "set(sk_buff.len)"}, nowhere, nowhere);
            Main.run(new String[] {"query", "--db", db.toString(), "--count", "get(sk_buff.len)"}, nowhere, nowhere);
            Main.run(new String[] {"structs", "--db", db.toString(), "sk_buff"}, nowhere, nowhere);
            Main.run(new String[] {"--help"}, nowhere, nowhere);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        System.exit(0);
    }

    /**
     * Writes the SQLite native library of this platform from the jar into {@code dir}, replacing whatever file is
     * there (atomically), and returns its path.
     */
    static Path extractSqlite(Path dir) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Files.createDirectories(dir);
        Path target = dir.resolve(LibraryLoaderUtil.getNativeLibName());
        Path tmp = Files.createTempFile(dir, "sqlite", ".tmp");
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
