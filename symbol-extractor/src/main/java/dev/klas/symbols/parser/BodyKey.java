package dev.klas.symbols.parser;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.internal.core.parser.scanner.LocationMap;

/**
 * The key of a header function body: the offset of its opening brace in the header and a 128-bit digest of the
 * tokens, after preprocessing, of its whole definition (declaration specifiers, declarator and body, types and
 * images). Two bodies with the same key in one header content are the same tokens at the same place and give the
 * same shadows, so only one of them is parsed. The declarator is part of the digest, so {@code { return p->len; }}
 * under two parameter types never shares a key; with it, two definitions at one offset (one macro expanding to
 * several) differ in their names, so no ordinal is needed.
 */
final class BodyKey {
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
    }

    private long h1 = 1469598103934665603L;
    private long h2 = 7;

    /**
     * The offset, in the file the preprocessor is reading, of the token with sequence number {@code sequence}. The
     * location resolver maps from the root and misplaces tokens while includes are open, so the current file
     * context is asked (by reflection: CDT does not publish it).
     */
    static int offsetInCurrentFile(LocationMap map, int sequence) {
        try {
            IASTFileLocation loc = (IASTFileLocation) MAPPED.invoke(CURRENT.get(map), sequence, 1);
            return loc == null ? -1 : loc.getNodeOffset();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CDT's location map changed: " + e, e);
        }
    }

    void add(IToken t) {
        int type = t.getType();
        h1 = (h1 ^ type) * 1099511628211L;
        h2 = h2 * 31 + type;
        for (char ch : t.getCharImage()) {
            h1 = (h1 ^ ch) * 1099511628211L;
            h2 = h2 * 31 + ch;
        }
        h1 = (h1 ^ 0xff) * 1099511628211L;
    }

    String text(int offset) {
        return offset + ":" + Long.toHexString(h1) + Long.toHexString(h2);
    }
}
