package dev.klas.symbols.parser;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent.InclusionKind;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Serves {@code #include}d files to CDT's preprocessor from the shared {@link SourceFiles} cache (lookups and
 * contents are cached across translation units) and remembers every file it served with its hash. Tells the
 * {@link BodyFilter} each header it serves with its hash; skips a header whose include guard is defined.
 */
final class IncludeProvider extends InternalFileContentProvider {
    private final SourceFiles files;
    private final Map<String, String> used = new LinkedHashMap<>();
    private final BodyFilter bodies;

    IncludeProvider(SourceFiles files, BodyFilter bodies) {
        this.files = files;
        this.bodies = bodies;
    }

    @Override
    public boolean getInclusionExists(String path) {
        return files.exists(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macros) {
        if (!files.exists(path)) {
            return null;
        }
        Optional<SourceText> text = files.text(path);
        if (text.isEmpty()) {
            return null;
        }
        used.put(path, text.get().hash());
        HeaderFacts facts = files.facts(text.get());
        if (facts.guardedAgainst(macros)) {
            return new InternalFileContent(path, InclusionKind.SKIP_PRAGMA_ONCE_FILE, ISignificantMacros.NONE);
        }
        bodies.entered(path, text.get().hash());
        return (InternalFileContent) FileContent.create(path, text.get().chars());
    }

    /**
     * Never: klas decides per function body ({@link BodyFilter}), so CDT need not track the significant macros of
     * any header (which cost about 8% of the parse).
     */
    @Override
    public boolean shouldIndexAllHeaderVersions(String file) {
        return false;
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation location, String astPath) {
        return getContentForInclusion(astPath, null);
    }

    /** Headers served so far, path to content hash, in first-inclusion order. */
    Map<String, String> used() {
        return used;
    }
}
