package dev.klas.symbols.parser;

import dev.klas.symbols.ShadowKind;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.dom.ast.ASTNodeProperty;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTASMDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.internal.core.dom.parser.ASTNode;
import org.eclipse.cdt.internal.core.dom.parser.IASTAmbiguityParent;
import org.eclipse.cdt.internal.core.dom.parser.c.CASTASMDeclaration;

/**
 * An extended asm statement with its output and input operands as expressions (GCC manual, "Extended Asm":
 * {@code asm (template : "=m" (out) : "r" (in))}); CDT keeps only the text of an asm. Visiting the declaration
 * visits the operands, so that the member accesses in them are seen as the compiler's accesses: an output
 * operand writes its lvalue ({@code "+"}: reads and writes it), an input operand reads it.
 */
final class AsmDeclaration extends CASTASMDeclaration implements IASTAmbiguityParent {
    static final ASTNodeProperty OPERAND = new ASTNodeProperty("AsmDeclaration.OPERAND - an operand's expression");

    /** An operand's constraint string ({@code "+m"}, {@code "=&r"}, {@code "ir"}) and whether it is an output. */
    record Operand(String constraint, boolean output, IASTExpression expression) {
        ShadowKind kind() {
            if (!output) {
                return ShadowKind.FIELD_READ;
            }
            return constraint.startsWith("+") ? ShadowKind.FIELD_READWRITE : ShadowKind.FIELD_WRITE;
        }
    }

    private final List<Operand> operands;

    private AsmDeclaration(String assembly, List<Operand> operands) {
        super(assembly);
        this.operands = new ArrayList<>(operands);
    }

    /** The plain asm declaration {@code asm} with the operands parsed from it. */
    static AsmDeclaration of(IASTASMDeclaration asm, List<Operand> operands) {
        AsmDeclaration d = new AsmDeclaration(asm.getAssembly(), operands);
        d.setOffsetAndLength((ASTNode) asm);
        for (Operand o : operands) {
            o.expression().setParent(d);
            o.expression().setPropertyInParent(OPERAND);
        }
        return d;
    }

    /** How the operand whose whole expression is {@code expression} is accessed. */
    ShadowKind kindOf(IASTNode expression) {
        for (Operand o : operands) {
            if (o.expression() == expression) {
                return o.kind();
            }
        }
        return ShadowKind.FIELD_READ;
    }

    @Override
    public boolean accept(ASTVisitor action) {
        if (action.shouldVisitDeclarations) {
            switch (action.visit(this)) {
                case ASTVisitor.PROCESS_ABORT:
                    return false;
                case ASTVisitor.PROCESS_SKIP:
                    return true;
                default:
                    break;
            }
        }
        for (Operand o : operands) {
            if (!o.expression().accept(action)) {
                return false;
            }
        }
        return !action.shouldVisitDeclarations || action.leave(this) != ASTVisitor.PROCESS_ABORT;
    }

    @Override
    public void replace(IASTNode child, IASTNode other) {
        for (int i = 0; i < operands.size(); i++) {
            Operand o = operands.get(i);
            if (o.expression() == child && other instanceof IASTExpression e) {
                other.setParent(this);
                other.setPropertyInParent(OPERAND);
                operands.set(i, new Operand(o.constraint(), o.output(), e));
            }
        }
    }
}
