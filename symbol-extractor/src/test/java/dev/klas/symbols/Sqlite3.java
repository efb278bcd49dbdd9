package dev.klas.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The sqlite3 command-line shell, an oracle for what a symbols.db holds that does not go through klas's JDBC code. */
public final class Sqlite3 {
    private Sqlite3() {
    }

    /** Runs {@code sql} on {@code db} and returns its output lines ({@code |} between columns). */
    public static List<String> run(Path db, String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sqlite3", "-batch", db.toString(), sql).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("sqlite3 " + db + " '" + sql + "' failed: " + out);
            }
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    /** The single value {@code sql} returns. */
    public static String value(Path db, String sql) throws IOException, InterruptedException {
        List<String> lines = run(db, sql);
        if (lines.size() != 1) {
            throw new IOException("sqlite3 '" + sql + "' gave " + lines);
        }
        return lines.get(0);
    }
}
