package dev.klas.symbols.parser;

import dev.klas.symbols.HeaderContext;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * The header context of each inclusion in a parsed unit: the included file, its content hash, the significant
 * macros CDT's preprocessor found for it (the macros whose state where it was included decided its text) and the
 * identifiers of its text that were no macro there.
 */
final class InclusionContexts {
    private final Function<String, String> relative;
    private final Map<String, String> hashes;
    private final Map<IASTPreprocessorIncludeStatement, HeaderContext> contexts = new IdentityHashMap<>();

    /**
     * @param hashes the files the unit read (absolute path to content hash)
     * @param bodies the identifiers of each inclusion that were no macro there, in inclusion order (less those the
     *               inclusion defines itself, {@link DefinedWithin})
     */
    InclusionContexts(Function<String, String> relative, Map<String, String> hashes, IASTTranslationUnit tu,
                      BodyFilter bodies) {
        this.relative = relative;
        this.hashes = hashes;
        DefinedWithin within = null;
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (inc.isResolved() && inc.createsAST()) {
                List<String> undefined = bodies.nextUndefined(inc.getPath());
                if (!undefined.isEmpty()) {
                    within = within == null ? new DefinedWithin(tu) : within;
                    Set<String> own = within.of(inc);
                    undefined = undefined.stream().filter(n -> !own.contains(n)).toList();
                }
                context(inc, undefined).ifPresent(c -> contexts.put(inc, c));
            }
        }
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
        return inc == null ? Optional.empty() : Optional.ofNullable(contexts.get(inc));
    }

    private Optional<HeaderContext> context(IASTPreprocessorIncludeStatement inc, List<String> undefined) {
        String path = inc.getPath();
        String hash = hashes.get(path);
        if (hash == null) {
            return Optional.empty();
        }
        try {
            // CDT tracks significant macros for every header, with or without include guard, since IncludeProvider
            // asks it to (shouldIndexAllHeaderVersions); the identifiers of the header that were no macro where it
            // was included complete them
            if (BodyKeys.ON) {
                if (BodyKeys.CONTEXTS) {
                    // computed and dropped: the experiment measures what the context text costs
                    MacroContext.text(inc.getSignificantMacros(), undefined);
                }
                return Optional.of(new HeaderContext(relative.apply(path), hash, ""));
            }
            return Optional.of(new HeaderContext(relative.apply(path), hash,
                    MacroContext.text(inc.getSignificantMacros(), undefined)));
        } catch (CoreException e) {
            throw new IllegalStateException("no macro context for " + path + ": " + e.getMessage(), e);
        }
    }
}
