package dev.klas.symbols.parser;

import dev.klas.symbols.ShadowKind;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IArrayType;
import org.eclipse.cdt.core.dom.ast.IType;

/**
 * Classifies a member access by its context. A member that contains the accessed storage ({@code a.b} in
 * {@code a.b.c = 1}, {@code a.arr} in {@code a.arr[i]++}) takes the kind of the outer access.
 */
final class AccessKinds {
    private AccessKinds() {
    }

    static ShadowKind of(IASTFieldReference field) {
        if (isCalled(field)) {
            return ShadowKind.FP_CALL;
        }
        IASTNode child = field;
        IASTNode parent = field.getParent();
        while (true) {
            if (isParens(parent)) {
                child = parent;
            } else if (parent instanceof IASTFieldReference outer && outer.getFieldOwner() == child
                    && !outer.isPointerDereference()) {
                if (isCalled(outer)) {
                    return ShadowKind.FIELD_READ;
                }
                child = parent;
            } else if (parent instanceof IASTArraySubscriptExpression sub && sub.getArrayExpression() == child
                    && isArray(((IASTExpression) child).getExpressionType())) {
                child = parent;
            } else {
                break;
            }
            parent = parent.getParent();
        }
        return ofContext(child, parent);
    }

    private static ShadowKind ofContext(IASTNode child, IASTNode parent) {
        if (parent instanceof AsmDeclaration asm) {
            return asm.kindOf(child);
        }
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == child) {
            return switch (b.getOperator()) {
                case IASTBinaryExpression.op_assign -> ShadowKind.FIELD_WRITE;
                case IASTBinaryExpression.op_multiplyAssign, IASTBinaryExpression.op_divideAssign,
                        IASTBinaryExpression.op_moduloAssign, IASTBinaryExpression.op_plusAssign,
                        IASTBinaryExpression.op_minusAssign, IASTBinaryExpression.op_shiftLeftAssign,
                        IASTBinaryExpression.op_shiftRightAssign, IASTBinaryExpression.op_binaryAndAssign,
                        IASTBinaryExpression.op_binaryXorAssign, IASTBinaryExpression.op_binaryOrAssign ->
                        ShadowKind.FIELD_READWRITE;
                default -> ShadowKind.FIELD_READ;
            };
        }
        if (parent instanceof IASTUnaryExpression u) {
            return switch (u.getOperator()) {
                case IASTUnaryExpression.op_prefixIncr, IASTUnaryExpression.op_prefixDecr,
                        IASTUnaryExpression.op_postFixIncr, IASTUnaryExpression.op_postFixDecr ->
                        ShadowKind.FIELD_READWRITE;
                case IASTUnaryExpression.op_amper -> addressKind(u);
                default -> ShadowKind.FIELD_READ;
            };
        }
        return ShadowKind.FIELD_READ;
    }

    /**
     * {@code &x} that is at once dereferenced, {@code *(volatile T *)&x} as READ_ONCE/WRITE_ONCE write it,
     * accesses x the way the dereference is used; any other {@code &x} takes the address.
     */
    private static ShadowKind addressKind(IASTUnaryExpression amper) {
        IASTNode child = amper;
        IASTNode parent = amper.getParent();
        while (isParens(parent) || parent instanceof IASTCastExpression) {
            child = parent;
            parent = parent.getParent();
        }
        if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_star
                && u.getOperand() == child) {
            IASTNode star = u;
            IASTNode above = u.getParent();
            while (isParens(above)) {
                star = above;
                above = above.getParent();
            }
            return ofContext(star, above);
        }
        return ShadowKind.FIELD_ADDRESS;
    }

    /** True when the expression is the callee of a call, possibly through parentheses and {@code *}. */
    private static boolean isCalled(IASTExpression e) {
        IASTNode child = e;
        IASTNode parent = e.getParent();
        while (isParens(parent) || parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_star) {
            child = parent;
            parent = parent.getParent();
        }
        return parent instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() == child;
    }

    private static boolean isParens(IASTNode n) {
        return n instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary;
    }

    private static boolean isArray(IType type) {
        return Types.strip(type) instanceof IArrayType;
    }
}
