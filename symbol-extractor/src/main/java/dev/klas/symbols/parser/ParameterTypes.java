package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IArrayType;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.IParameter;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IProblemType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.internal.core.dom.parser.ASTQueries;
import org.eclipse.cdt.internal.core.dom.parser.c.CVisitor;

/**
 * The type of a parameter of the function being defined, computed again from the definition's own declarator when
 * CDT's is a problem. CDT types a parameter once, from its first declaration, and keeps that type. The kernel's
 * EXPORT_SYMBOL(f) writes {@code extern typeof(f) f;} after f's definition; CDT computes f's type, and so the
 * parameters' types, while it parses that line, and a struct the prototype names before its definition (first named
 * inside a member of another struct, as {@code struct rt6_info} in include/net/ipv6.h) is then {@code ?}: the
 * parameter stays {@code ? *} although the tag resolves to the complete struct once the unit is parsed.
 */
final class ParameterTypes {
    private ParameterTypes() {
    }

    /** The type of {@code id}, computed again from its function's definition when CDT's holds a problem type. */
    static IType of(IASTIdExpression id) {
        IType cdt = id.getExpressionType();
        if (!hasProblem(cdt) || !(id.getName().resolveBinding() instanceof IParameter parameter)) {
            return cdt;
        }
        for (IASTNode n = id.getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTFunctionDefinition def) {
                IASTDeclarator d = declarator(def, parameter);
                if (d != null) {
                    IType again = CVisitor.createType(d);
                    return hasProblem(again) ? cdt : again;
                }
            }
        }
        return cdt;
    }

    private static IASTDeclarator declarator(IASTFunctionDefinition def, IBinding parameter) {
        if (ASTQueries.findTypeRelevantDeclarator(def.getDeclarator()) instanceof IASTStandardFunctionDeclarator f) {
            for (IASTParameterDeclaration p : f.getParameters()) {
                IASTDeclarator d = ASTQueries.findInnermostDeclarator(p.getDeclarator());
                if (d.getName().resolveBinding() == parameter) {
                    return d;
                }
            }
        }
        return null;
    }

    /** Whether the type, through typedefs, qualifiers, pointers and arrays, ends in a problem type. */
    private static boolean hasProblem(IType type) {
        IType t = Types.strip(type);
        for (int guard = 0; guard < 64; guard++) {
            if (t instanceof IPointerType p) {
                t = Types.strip(p.getType());
            } else if (t instanceof IArrayType a) {
                t = Types.strip(a.getType());
            } else {
                break;
            }
        }
        return t instanceof IProblemType;
    }
}
