package dev.klas.advice;

import java.util.Objects;
import java.util.Optional;

/**
 * The code an advice module hooks: {@code object} is {@code "vmlinux"}, a kernel module's name as the kernel knows it
 * ({@code kernel_mbuf}: dashes become underscores), or, for user space, a program or library path.
 *
 * @param kernelRelease {@code uname -r} of the kernel the plan was made for; empty in user space
 * @param buildId       the GNU build-id of the object, hex, when known
 */
public record Target(String object, Optional<String> kernelRelease, Optional<String> buildId) {
    public static final String VMLINUX = "vmlinux";

    public Target {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(buildId, "buildId");
        if (object.isEmpty()) {
            throw new IllegalArgumentException("empty target object");
        }
    }

    public static Target vmlinux(String release, Optional<String> buildId) {
        return new Target(VMLINUX, Optional.of(release), buildId);
    }

    public static Target kernelModule(String moduleName, String release) {
        return new Target(moduleName.replace('-', '_'), Optional.of(release), Optional.empty());
    }

    public boolean isVmlinux() {
        return object.equals(VMLINUX);
    }
}
