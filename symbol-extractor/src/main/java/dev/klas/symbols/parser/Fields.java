package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IArrayType;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IField;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IProblemType;
import org.eclipse.cdt.core.dom.ast.IType;

/**
 * Resolves the field of a member access. CDT's own binding is used when it has one; otherwise the owner
 * expression's type is followed through typedefs, qualifiers (also on the pointer itself, as in
 * {@code *(const volatile T **)}), pointers and arrays to the record, and the member is looked up there.
 */
final class Fields {
    private Fields() {
    }

    static IField resolve(IASTFieldReference ref) {
        IBinding b = ref.getFieldName().resolveBinding();
        if (b instanceof IField f && f.getCompositeTypeOwner() != null) {
            return f;
        }
        IType t = Types.strip(ownerType(ref.getFieldOwner()));
        if (ref.isPointerDereference()) {
            if (t instanceof IPointerType p) {
                t = Types.strip(p.getType());
            } else if (t instanceof IArrayType a) {
                t = Types.strip(a.getType());
            } else {
                return null;
            }
        }
        if (t instanceof ICompositeType record) {
            IField f = record.findField(ref.getFieldName().toString());
            return f != null && f.getCompositeTypeOwner() != null ? f : null;
        }
        return null;
    }

    /**
     * The owner's type: a parameter's as {@link ParameterTypes} gives it; for an owner that is itself a member
     * access CDT could not type ({@code rt->dst} of {@code rt->dst.refs}), the type of the member we resolve.
     */
    private static IType ownerType(IASTExpression owner) {
        if (owner instanceof IASTIdExpression id) {
            return ParameterTypes.of(id);
        }
        IType t = owner.getExpressionType();
        if (t instanceof IProblemType && owner instanceof IASTFieldReference inner) {
            IField f = resolve(inner);
            if (f != null) {
                return f.getType();
            }
        }
        return t;
    }
}
