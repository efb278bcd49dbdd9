package dev.klas.symbols.parser;

import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.internal.core.dom.parser.c.ICInternalBinding;

/**
 * Names the record that declares a member: its tag; for a tagless record, the typedef that names it
 * ({@code typedef struct { int counter; } atomic_t;}); for an anonymous member record or the unnamed type of a
 * named field, the nearest enclosing record that has a name; {@value #ANONYMOUS} when none has.
 */
final class RecordNames {
    static final String ANONYMOUS = "(anonymous)";
    private final Map<ICompositeType, String> cache = new IdentityHashMap<>();

    String of(ICompositeType type) {
        String name = type.getName();
        if (!name.isEmpty()) {
            return name;
        }
        return cache.computeIfAbsent(type, this::unnamed);
    }

    private String unnamed(ICompositeType type) {
        IASTCompositeTypeSpecifier spec = specifier(type);
        if (spec == null || !(spec.getParent() instanceof IASTSimpleDeclaration decl)) {
            return ANONYMOUS;
        }
        if (decl.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_typedef
                && decl.getDeclarators().length > 0) {
            return innermost(decl.getDeclarators()[0]);
        }
        if (decl.getParent() instanceof IASTCompositeTypeSpecifier outer) {
            IBinding b = outer.getName().resolveBinding();
            if (b instanceof ICompositeType outerType) {
                return of(outerType);
            }
        }
        return ANONYMOUS;
    }

    private static IASTCompositeTypeSpecifier specifier(ICompositeType type) {
        if (!(type instanceof ICInternalBinding internal)) {
            return null;
        }
        IASTNode node = internal.getPhysicalNode();
        while (node != null && !(node instanceof IASTCompositeTypeSpecifier)) {
            node = node.getParent();
        }
        return (IASTCompositeTypeSpecifier) node;
    }

    private static String innermost(IASTDeclarator d) {
        IASTDeclarator cur = d;
        while (cur.getNestedDeclarator() != null) {
            cur = cur.getNestedDeclarator();
        }
        return cur.getName().toString();
    }
}
