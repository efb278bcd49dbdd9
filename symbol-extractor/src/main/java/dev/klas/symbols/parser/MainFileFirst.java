package dev.klas.symbols.parser;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * Resolves the member accesses of the main file before those of any header's function bodies, so that a unit's own
 * shadows do not depend on which header bodies were parsed (header reuse skips some). CDT's bindings are resolved
 * lazily and cached, and the order matters: in mm/mmu_notifier.c, resolving {@code mm->notifier_subscriptions} in
 * include/linux/mmu_notifier.h's bodies first (where {@code struct mmu_notifier_subscriptions} is only declared)
 * left every {@code (&subscriptions->list)->first} of the main file unresolved (207 accesses of
 * {@code hlist_head.first}); resolved first, they are all found, with or without the header's bodies.
 */
final class MainFileFirst {
    private MainFileFirst() {
    }

    static void resolve(IASTTranslationUnit tu, String mainFile) {
        tu.accept(new ASTVisitor() {
            {
                shouldVisitDeclarations = true;
                shouldVisitExpressions = true;
            }

            @Override
            public int visit(IASTDeclaration d) {
                return d.getParent() instanceof IASTTranslationUnit && !d.getContainingFilename().equals(mainFile)
                        ? PROCESS_SKIP : PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFieldReference f) {
                    Fields.resolve(f);
                }
                return PROCESS_CONTINUE;
            }
        });
    }
}
