package dev.klas.symbols.parser;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTImageLocation;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroExpansion;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IBinding;

/**
 * Finds, for a name that comes from a macro body, the macro invocation clang's {@code getFileLoc} reports: the
 * outermost invocation that is written in the file. When a macro is invoked inside an argument of another
 * ({@code WARN_ONCE(x, "%u", sk->sk_state)} with {@code #define sk_state __sk_common.skc_state}), that is the nested
 * invocation, found by following image locations from the macro body the name is spelled in to the reference that
 * expanded that macro. Several references to the same macro in one expansion are matched in order of appearance.
 */
final class MacroOrigins {
    private final IASTTranslationUnit tu;
    private Map<IBinding, IASTFileLocation> definitions;
    private Map<IASTPreprocessorMacroExpansion, List<IASTName>> nested;
    private boolean fallback;
    private final Map<IASTPreprocessorMacroExpansion, Map<String, Integer>> seen = new IdentityHashMap<>();

    MacroOrigins(IASTTranslationUnit tu) {
        this.tu = tu;
    }

    /**
     * The nested reference written in the file that produced {@code image}, or null when it is the outer one. With
     * the location of the member's owner, the first such reference written after the owner.
     */
    IASTName nested(IASTPreprocessorMacroExpansion expansion, IASTImageLocation image, IASTImageLocation owner) {
        if (image == null) {
            return null;
        }
        IASTName[] refs = nestedReferences(expansion);
        if (refs.length == 0) {
            return null;
        }
        IASTName after = owner == null ? null : firstAfter(containing(refs, image), owner);
        if (after != null) {
            return after;
        }
        IASTImageLocation loc = image;
        String key = image.getFileName() + ":" + image.getNodeOffset();
        for (int depth = 0; depth < 32; depth++) {
            List<IASTName> candidates = containing(refs, loc);
            if (candidates.isEmpty()) {
                return null;
            }
            int n = seen.computeIfAbsent(expansion, e -> new HashMap<>()).merge(key + "@" + depth, 1, Integer::sum) - 1;
            IASTName ref = candidates.get(Math.min(n, candidates.size() - 1));
            IASTImageLocation img = ref.getImageLocation();
            if (img == null) {
                return null;
            }
            if (img.getLocationKind() != IASTImageLocation.MACRO_DEFINITION) {
                return ref;
            }
            loc = img;
        }
        return null;
    }

    /** Of the references written in the owner's file, the first at or after the owner's end; null if none. */
    private static IASTName firstAfter(List<IASTName> candidates, IASTImageLocation owner) {
        int end = owner.getNodeOffset() + owner.getNodeLength();
        IASTName best = null;
        for (IASTName ref : candidates) {
            IASTImageLocation img = ref.getImageLocation();
            if (img != null && img.getLocationKind() != IASTImageLocation.MACRO_DEFINITION
                    && img.getFileName().equals(owner.getFileName()) && img.getNodeOffset() >= end
                    && (best == null || img.getNodeOffset() < best.getImageLocation().getNodeOffset())) {
                best = ref;
            }
        }
        return best;
    }

    /**
     * CDT answers {@link IASTPreprocessorMacroExpansion#getNestedMacroReferences()} by scanning every macro reference
     * of the unit; this indexes them by expansion in one pass instead (the nested names' parent is their expansion).
     */
    private IASTName[] nestedReferences(IASTPreprocessorMacroExpansion expansion) {
        if (nested == null) {
            nested = new IdentityHashMap<>();
            List<?> all = allMacroReferences();
            if (all == null) {
                fallback = true;
            } else {
                for (Object o : all) {
                    if (o instanceof IASTName n && n.getParent() instanceof IASTPreprocessorMacroExpansion e
                            && n != e.getMacroReference()) {
                        nested.computeIfAbsent(e, k -> new java.util.ArrayList<>()).add(n);
                    }
                }
            }
        }
        if (fallback) {
            return expansion.getNestedMacroReferences();
        }
        List<IASTName> refs = nested.get(expansion);
        return refs == null ? new IASTName[0] : refs.toArray(IASTName[]::new);
    }

    private List<?> allMacroReferences() {
        try {
            java.lang.reflect.Field r = org.eclipse.cdt.internal.core.dom.parser.ASTTranslationUnit.class
                    .getDeclaredField("fLocationResolver");
            r.setAccessible(true);
            Object map = r.get(tu);
            java.lang.reflect.Field f = map.getClass().getDeclaredField("fMacroReferences");
            f.setAccessible(true);
            return f.get(map) instanceof List<?> list ? list : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private List<IASTName> containing(IASTName[] refs, IASTImageLocation loc) {
        Map<IBinding, IASTFileLocation> defs = definitions();
        List<IASTName> out = new java.util.ArrayList<>();
        for (IASTName ref : refs) {
            IASTFileLocation def = defs.get(ref.resolveBinding());
            if (def != null && def.getFileName().equals(loc.getFileName())
                    && loc.getNodeOffset() >= def.getNodeOffset()
                    && loc.getNodeOffset() < def.getNodeOffset() + def.getNodeLength()) {
                out.add(ref);
            }
        }
        return out;
    }

    private Map<IBinding, IASTFileLocation> definitions() {
        if (definitions == null) {
            definitions = new IdentityHashMap<>();
            for (IASTPreprocessorMacroDefinition d : tu.getMacroDefinitions()) {
                IASTFileLocation exp = d.getExpansionLocation();
                if (exp != null) {
                    definitions.put(d.getName().resolveBinding(), exp);
                }
            }
        }
        return definitions;
    }
}
