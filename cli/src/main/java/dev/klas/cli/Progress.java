package dev.klas.cli;

import dev.klas.symbols.ExtractionListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The extraction's progress line on a terminal, redrawn in place:
 * {@code [ 123/2100] 3.4 units/s, 9m41s left  net/ipv4/tcp.c}. The rate counts only units parsed in this run
 * (units found up to date are done at once and would make it meaningless); the line ends with a newline when the
 * last unit is done. Redrawn at most ten times a second.
 */
final class Progress implements ExtractionListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanos;
    private long start;
    private int upToDate;
    private long lastDraw = Long.MIN_VALUE;

    Progress(PrintWriter err, LongSupplier nanos) {
        this.err = err;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** A progress line when standard error is a terminal; nothing otherwise (log files and CI stay clean). */
    static ExtractionListener onTerminal(PrintWriter err) {
        return stderrIsTerminal() ? new Progress(err, System::nanoTime) : ExtractionListener.NONE;
    }

    @Override
    public void upToDate(int count, int total) {
        upToDate = count;
        start = nanos.getAsLong();
    }

    @Override
    public void unitDone(String file, int done, int total) {
        long now = nanos.getAsLong();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print("\r" + line(file, done, total, now) + "\033[K");
        if (done == total) {
            err.println();
        }
        err.flush();
    }

    String line(String file, int done, int total, long now) {
        int width = String.valueOf(total).length();
        int parsed = done - upToDate;
        double seconds = (now - start) / 1e9;
        String rate;
        String left;
        if (parsed <= 0 || seconds <= 0) {
            rate = "-";
            left = "-";
        } else {
            double perSecond = parsed / seconds;
            rate = String.format("%.1f", perSecond);
            left = duration(Math.round((total - done) / perSecond));
        }
        return String.format("[%" + width + "d/%d] %s units/s, %s left  %s", done, total, rate, left, file);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds / 60 % 60);
    }

    /** Whether file descriptor 2 is a terminal (Linux: /proc/self/fd/2 names a tty); System.console() asks stdin. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
