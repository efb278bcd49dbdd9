package dev.klas.symbols.parser;

import dev.klas.symbols.HeaderContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

/**
 * Decides, for each function body the parser meets, whether it is parsed: always in the main file; in a header
 * when its key ({@link BodyKey}) is neither recorded ({@link KnownBodies}) nor met earlier in this unit. The parser
 * skips the other bodies and the collector walks only the bodies the parser parsed. The keys of the bodies parsed
 * are the unit's new keys, by header context (header and content).
 */
final class BodyFilter {
    private final String mainFile;
    private final Function<String, String> relative;
    private final KnownBodies known;
    private final Map<String, String> hashes = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<HeaderContext, Set<String>> fresh = new LinkedHashMap<>();
    private final Set<HeaderContext> met = new LinkedHashSet<>();
    private final Set<IASTStatement> parsed = Collections.newSetFromMap(new IdentityHashMap<>());

    BodyFilter(String mainFile, Function<String, String> relative, KnownBodies known) {
        this.mainFile = mainFile;
        this.relative = relative;
        this.known = known;
    }

    /** The preprocessor enters {@code file} (absolute) with content {@code hash}. */
    void entered(String file, String hash) {
        hashes.put(file, hash);
    }

    boolean isMain(String file) {
        return file.equals(mainFile);
    }

    /** Whether the body with {@code key} in {@code file} (absolute, a header) is parsed; notes its key when so. */
    boolean wanted(String file, String key) {
        String hash = hashes.get(file);
        if (hash == null) {
            return true;
        }
        HeaderContext h = new HeaderContext(relative.apply(file), hash, "");
        met.add(h);
        if (!seen.add(h.path() + '\0' + hash + '\0' + key) || known.known(h.path(), hash, key)) {
            return false;
        }
        fresh.computeIfAbsent(h, x -> new LinkedHashSet<>()).add(key);
        return true;
    }

    /**
     * The header contexts of which the unit met a body, parsed or skipped: the contexts whose rows it needs. A
     * context of which it met none is not the unit's, so which contexts a unit reads does not depend on which were
     * recorded before it.
     */
    Set<HeaderContext> met() {
        return met;
    }

    /** The keys of the header bodies parsed, by header context. */
    Map<HeaderContext, Set<String>> fresh() {
        return fresh;
    }

    void parsed(IASTStatement body) {
        parsed.add(body);
    }

    boolean isParsed(IASTStatement body) {
        return parsed.contains(body);
    }
}
