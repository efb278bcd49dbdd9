package dev.klas.advice.bpf;

import dev.klas.advice.Diagnostic;
import dev.klas.schema.Include;
import java.util.List;
import java.util.Optional;

/**
 * An aspect's {@code <include>} on linux-bpf: the advice is compiled against {@code vmlinux.h}, which BTF makes with
 * every type of the kernel, and which cannot be mixed with the kernel's own headers. So a kernel header
 * ({@code <linux/...>}, {@code <net/...>}, {@code <uapi/...>}) is satisfied by vmlinux.h and not included; any other
 * is refused at its position.
 */
final class KernelHeaders {
    static final List<String> PREFIXES = List.of("<linux/", "<net/", "<uapi/");

    private KernelHeaders() {
    }

    /** Empty when vmlinux.h stands for the header; else the refusal. */
    static Optional<Diagnostic> check(Include include) {
        if (PREFIXES.stream().anyMatch(include.directive()::startsWith)) {
            return Optional.empty();
        }
        return Optional.of(new Diagnostic(include.position(), Diagnostic.Severity.ERROR, "#include "
                + include.directive() + ": linux-bpf compiles advice against vmlinux.h (the kernel's BTF), which"
                + " declares the kernel's types and stands for kernel headers (<linux/...>, <net/...>, <uapi/...>);"
                + " other headers cannot be mixed with it: leave it out, or use linux-kprobes"));
    }
}
