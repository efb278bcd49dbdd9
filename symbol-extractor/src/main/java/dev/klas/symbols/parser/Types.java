package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.IQualifierType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;

/** Small helpers over CDT types. */
final class Types {
    private Types() {
    }

    /** The type with typedefs and qualifiers removed (C11 6.7.3, 6.7.8). */
    static IType strip(IType type) {
        IType t = type;
        for (int guard = 0; guard < 64; guard++) {
            if (t instanceof ITypedef td) {
                t = td.getType();
            } else if (t instanceof IQualifierType q) {
                t = q.getType();
            } else {
                return t;
            }
        }
        return t;
    }
}
