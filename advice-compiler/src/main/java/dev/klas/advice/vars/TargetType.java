package dev.klas.advice.vars;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.Pointcut;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code klas_target} typed {@code struct S *} when the aspect's pointcut names one struct ({@code S} exactly, in
 * every field-access and fp-call selector): S's definition from DWARF is spelled into the advice function (block
 * scope, as for {@code $name}s, so it never clashes with an included header's). Any other pointcut keeps the
 * runtime's {@code uint64_t klas_target}.
 */
final class TargetType {
    static final String NAME = "klas_target";

    private final Binary binary;

    TargetType(Binary binary) {
        this.binary = binary;
    }

    /** The typed declaration at the hook at {@code pc}, or empty when the pointcut names no single struct. */
    Optional<VariableReads.Declared> at(Pointcut pointcut, long pc, CTypes types) {
        Optional<String> tag = oneStruct(pointcut);
        if (tag.isEmpty()) {
            return Optional.empty();
        }
        Optional<Die> struct = MemberTypes.struct(binary.dwarf(),
                binary.inlines().subprogramAt(pc).map(Die::unit), tag.get());
        if (struct.isEmpty()) {
            return Optional.empty();
        }
        try {
            String decl = types.declare(struct, "*" + NAME);
            return Optional.of(new VariableReads.Declared(NAME, decl, List.of(NAME
                    + " = (__typeof__(" + NAME + "))(uintptr_t)klas_target_of(klas_ctx);"), "struct " + tag.get()));
        } catch (CTypes.Unprintable x) {
            return Optional.empty();
        }
    }

    static Optional<String> oneStruct(Pointcut pointcut) {
        Set<String> tags = new HashSet<>();
        List<Pointcut> todo = new ArrayList<>(List.of(pointcut));
        boolean wildcard = false;
        while (!todo.isEmpty()) {
            Pointcut p = todo.remove(todo.size() - 1);
            if (p instanceof Pointcut.And a) {
                todo.addAll(a.parts());
            } else if (p instanceof Pointcut.Or o) {
                todo.addAll(o.parts());
            } else if (p instanceof Pointcut.Not n) {
                todo.add(n.part());
            } else if (p instanceof Pointcut.FieldAccess f) {
                wildcard |= !f.struct().isExact();
                tags.add(f.struct().text());
            } else if (p instanceof Pointcut.FpCall f) {
                wildcard |= !f.struct().isExact();
                tags.add(f.struct().text());
            }
        }
        return tags.size() == 1 && !wildcard ? Optional.of(tags.iterator().next()) : Optional.empty();
    }
}
