package dev.klas.symbols.parser;

import dev.klas.symbols.HeaderContext;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * The header context of each inclusion in a parsed unit: the included file and its content hash (the macro text is
 * always empty: bodies are told apart by their keys, {@link BodyKey}).
 */
final class InclusionContexts {
    private final Map<IASTPreprocessorIncludeStatement, HeaderContext> contexts = new IdentityHashMap<>();

    /** @param hashes the files the unit read (absolute path to content hash) */
    InclusionContexts(Function<String, String> relative, Map<String, String> hashes, IASTTranslationUnit tu) {
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            if (inc.isResolved() && inc.createsAST()) {
                String hash = hashes.get(inc.getPath());
                if (hash != null) {
                    contexts.put(inc, new HeaderContext(relative.apply(inc.getPath()), hash, ""));
                }
            }
        }
    }

    /** The context of the inclusion holding {@code node}; empty for the main file or a file read some other way. */
    Optional<HeaderContext> of(IASTNode node) {
        IASTFileLocation loc = node.getFileLocation();
        return loc == null ? Optional.empty() : of(loc.getContextInclusionStatement());
    }

    private Optional<HeaderContext> of(IASTPreprocessorIncludeStatement inc) {
        return inc == null ? Optional.empty() : Optional.ofNullable(contexts.get(inc));
    }
}
