package dev.klas.symbols.parser;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.internal.core.parser.scanner.LocationMap;

/**
 * Experiment (system property {@code klas.bodykey}): decides per header function body, by what the body is after
 * preprocessing, whether it must be parsed. A body's key is its header file and position (the brace's offset in
 * the file the preprocessor is reading, with the body's ordinal there) and a digest of its tokens; a key met before,
 * in this unit or an earlier one, is skipped. The known keys live in memory for the JVM's life.
 */
final class BodyKeys {
    static final boolean ON = Boolean.getBoolean("klas.bodykey");
    /** Keep CDT's significant macros and the inclusion contexts computed (to measure what they cost). */
    static final boolean COUNT = Boolean.getBoolean("klas.bodykey.count");
    static final boolean CONTEXTS = Boolean.getBoolean("klas.bodykey.contexts");
    private static final Set<Key> KNOWN = ConcurrentHashMap.newKeySet();
    static final AtomicLong PARSED = new AtomicLong();
    static final AtomicLong SKIPPED = new AtomicLong();
    static final AtomicLong MAIN = new AtomicLong();
    static final AtomicLong CHECKED = new AtomicLong();
    static final AtomicLong WRONG = new AtomicLong();
    private static final Field CURRENT;
    private static final Method MAPPED;

    static {
        try {
            CURRENT = LocationMap.class.getDeclaredField("fCurrentContext");
            CURRENT.setAccessible(true);
            Class<?> ctx = Class.forName("org.eclipse.cdt.internal.core.parser.scanner.LocationCtx");
            MAPPED = ctx.getDeclaredMethod("findMappedFileLocation", int.class, int.class);
            MAPPED.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (ON || COUNT) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.printf(
                    "bodykey: %d header bodies parsed, %d skipped, %d main-file bodies; positions checked %d, wrong %d%n",
                    PARSED.get(), SKIPPED.get(), MAIN.get(), CHECKED.get(), WRONG.get())));
        }
    }

    record Key(String file, int offset, int ordinal, long digest1, long digest2) {
    }

    private BodyKeys() {
    }

    /** The offset in its file of the token with sequence number {@code sequence}, read in the current file. */
    static int offsetInCurrentFile(LocationMap map, int sequence) {
        try {
            Object ctx = CURRENT.get(map);
            IASTFileLocation loc = (IASTFileLocation) MAPPED.invoke(ctx, sequence, 1);
            return loc == null ? -1 : loc.getNodeOffset();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static final boolean CHECK = Boolean.getBoolean("klas.bodykey.check");
    private static final ThreadLocal<java.util.Map<org.eclipse.cdt.core.dom.ast.IASTNode, String>> EXPECTED =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    static void expect(org.eclipse.cdt.core.dom.ast.IASTNode body, String file, int offset) {
        if (CHECK) {
            EXPECTED.get().put(body, file + ":" + offset);
        }
    }

    /** After the parse: the positions keyed against the resolver's final locations. */
    static void check() {
        if (!CHECK) {
            return;
        }
        EXPECTED.get().forEach((body, expected) -> {
            IASTFileLocation loc = body.getFileLocation();
            String actual = loc == null ? "none" : loc.getFileName() + ":" + loc.getNodeOffset();
            CHECKED.incrementAndGet();
            if (!actual.equals(expected)) {
                if (WRONG.incrementAndGet() < 20) {
                    System.err.println("bodykey check: keyed " + expected + ", parsed at " + actual);
                }
            }
        });
        EXPECTED.get().clear();
    }

    /** Counts a body decided by the macro contexts (main: of the main file; parsed: else skipped). */
    static void count(boolean main, boolean parsed) {
        if (COUNT) {
            (main ? MAIN : parsed ? PARSED : SKIPPED).incrementAndGet();
        }
    }

    /** Adds {@code key}; true when it was known already. */
    static boolean known(Key key) {
        return !KNOWN.add(key);
    }
}
