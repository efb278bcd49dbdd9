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
 * {@link BodyFilter} each header it serves, with the macros in force there and which of the header's identifiers are
 * no macro there; skips a header whose include guard is defined.
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
        if (BodyKeys.ON && !BodyKeys.CONTEXTS) {
            bodies.entered(path, text.get().hash(), null, java.util.List.of());
        } else {
            bodies.entered(path, text.get().hash(), BodyKeys.ON ? null : macros, facts.undefined(macros));
        }
        return (InternalFileContent) FileContent.create(path, text.get().chars());
    }

    /**
     * Always: CDT then tracks the significant macros of a header with an include guard too (it tracks none for a
     * header whose guard it detected, so such a header had one context whatever the macros around it). klas skips
     * such a header itself when its guard is defined ({@link HeaderFacts}), as CDT would have.
     */
    @Override
    public boolean shouldIndexAllHeaderVersions(String file) {
        return !BodyKeys.ON || BodyKeys.CONTEXTS;
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
