package dev.klas.symbols.parser;

import dev.klas.symbols.HeaderContext;
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
            return Optional.of(new HeaderContext(relative.apply(path), hash,
                    inc.hasPragmaOnceSemantics() ? "" : MacroContext.text(inc.getSignificantMacros())));
        } catch (CoreException e) {
            throw new IllegalStateException("no macro context for " + path + ": " + e.getMessage(), e);
        }
    }
}
