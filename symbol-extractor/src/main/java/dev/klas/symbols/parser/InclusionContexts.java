package dev.klas.symbols.parser;

import dev.klas.symbols.HeaderContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.core.runtime.CoreException;

/**
 * The header context of each inclusion in a parsed unit: the included file, its content hash, and the significant
 * macros CDT's preprocessor found for it (the macros whose state where it was included decided its text).
 */
final class InclusionContexts {
    private final Function<String, String> relative;
    private final Map<String, String> hashes;

    /** @param hashes the files the unit read (absolute path to content hash) */
    InclusionContexts(Function<String, String> relative, Map<String, String> hashes) {
        this.relative = relative;
        this.hashes = hashes;
    }

    /** The context of the inclusion holding {@code node}; empty for the main file or a file read some other way. */
    Optional<HeaderContext> of(IASTNode node) {
        IASTFileLocation loc = node.getFileLocation();
        return loc == null ? Optional.empty() : of(loc.getContextInclusionStatement());
    }

    /** Every resolved inclusion's context, in order, each once. */
    Set<HeaderContext> all(IASTTranslationUnit tu) {
        Set<HeaderContext> out = new LinkedHashSet<>();
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (inc.isResolved() && !inc.createsAST()) {
                continue;
            }
            of(inc).ifPresent(out::add);
        }
        return out;
    }

    /**
     * For each inclusion whose bodies were skipped because the macros there satisfied a recorded context, its own
     * context to that recorded one when the two differ: the same text reached under another set of significant
     * macros (CDT counts a macro as significant only when the header did not define it itself, so whether a header
     * it includes was read before changes the set, not the text).
     */
    Map<HeaderContext, HeaderContext> aliases(IASTTranslationUnit tu, BodyFilter bodies) {
        Map<HeaderContext, HeaderContext> out = new LinkedHashMap<>();
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (!inc.isResolved() || !inc.createsAST()) {
                continue;
            }
            Optional<String> matched = bodies.nextMatched(inc.getPath());
            Optional<HeaderContext> own = of(inc);
            if (matched.isPresent() && own.isPresent() && !own.get().macros().equals(matched.get())) {
                out.putIfAbsent(own.get(), new HeaderContext(own.get().path(), own.get().hash(), matched.get()));
            }
        }
        return out;
    }

    private Optional<HeaderContext> of(IASTPreprocessorIncludeStatement inc) {
        if (inc == null || !inc.isResolved()) {
            return Optional.empty();
        }
        String path = inc.getPath();
        String hash = hashes.get(path);
        if (hash == null) {
            return Optional.empty();
        }
        try {
            // CDT tracks no significant macros for a header whose include guard it detected (CPreprocessor
            // .detectIncludeGuard returns before trackSignificantMacros unless the file content provider's
            // shouldIndexAllHeaderVersions says so): such a header has one context whatever the macros around it,
            // although its text may differ between units (memcpy is a macro under CONFIG_FORTIFY_SOURCE, a function
            // under __NO_FORTIFY) — see docs/TESTING.md, header reuse against a full parse
            return Optional.of(new HeaderContext(relative.apply(path), hash,
                    inc.hasPragmaOnceSemantics() ? "" : MacroContext.text(inc.getSignificantMacros())));
        } catch (CoreException e) {
            throw new IllegalStateException("no macro context for " + path + ": " + e.getMessage(), e);
        }
    }
}
