package dev.klas.symbols.parser;

import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IVariable;

/**
 * Calls through the local copy the Linux kernel's {@code INDIRECT_CALL_*} wrappers make of a function pointer
 * (include/linux/indirect_call_wrapper.h: {@code typeof(f) __f2 = (f); __f2 == f2 ? f2(...) : __f2(...)}, nested
 * for several likely targets): the call through the copy is a call through the member the copy was read from.
 * Only copies declared inside such a wrapper count; a copy the program makes itself is a plain read.
 */
final class IndirectCalls {
    private static final Pattern WRAPPER = Pattern.compile("INDIRECT_CALL_\\w+");
    private static final int MAX_COPIES = 8;

    private IndirectCalls() {
    }

    /** The member a wrapper's copy {@code callee} was read from, through nested copies. */
    static Optional<IASTFieldReference> member(IASTIdExpression callee) {
        IASTExpression e = callee;
        for (int hops = 0; hops < MAX_COPIES && e instanceof IASTIdExpression id; hops++) {
            if (!(id.getName().resolveBinding() instanceof IVariable v) || !inWrapper(callee)) {
                return Optional.empty();
            }
            Optional<IASTExpression> init = initializer(callee, v);
            if (init.isEmpty()) {
                return Optional.empty();
            }
            e = unparenthesized(init.get());
        }
        return e instanceof IASTFieldReference ref ? Optional.of(ref) : Optional.empty();
    }

    /**
     * The initializer of the first declaration of {@code v} that a wrapper wrote. A wrapper is a statement
     * expression, which gcc allows only inside a function, and the copy it declares is local to it: so only the
     * declarators of the function around {@code at} are searched, not the whole unit (CDT's
     * {@code getDeclarationsInAST} walked every declaration of the unit, for every call through a copy).
     */
    private static Optional<IASTExpression> initializer(IASTNode at, IVariable v) {
        IASTNode scope = outermostFunction(at);
        if (scope == null) {
            return Optional.empty();
        }
        char[] name = v.getNameCharArray();
        IASTExpression[] found = new IASTExpression[1];
        scope.accept(new ASTVisitor() {
            {
                shouldVisitDeclarators = true;
            }

            @Override
            public int visit(IASTDeclarator d) {
                if (java.util.Arrays.equals(d.getName().getSimpleID(), name) && d.getName().resolveBinding() == v
                        && inWrapper(d)
                        && d.getInitializer() instanceof IASTEqualsInitializer eq
                        && eq.getInitializerClause() instanceof IASTExpression x) {
                    found[0] = x;
                    return PROCESS_ABORT;
                }
                return PROCESS_CONTINUE;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** The top-level function definition that holds the node; null outside any. */
    private static IASTFunctionDefinition outermostFunction(IASTNode node) {
        IASTFunctionDefinition out = null;
        for (IASTNode n = node; n != null; n = n.getParent()) {
            if (n instanceof IASTFunctionDefinition def) {
                out = def;
            }
        }
        return out;
    }

    private static IASTExpression unparenthesized(IASTExpression e) {
        while (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) {
            e = u.getOperand();
        }
        return e;
    }

    /** Whether the node comes from the expansion of an {@code INDIRECT_CALL_*} macro written in the source. */
    private static boolean inWrapper(IASTNode node) {
        IASTNodeLocation[] locations = node.getNodeLocations();
        return locations.length > 0 && locations[0] instanceof IASTMacroExpansionLocation m
                && WRAPPER.matcher(m.getExpansion().getMacroDefinition().getName().toString()).matches();
    }
}
