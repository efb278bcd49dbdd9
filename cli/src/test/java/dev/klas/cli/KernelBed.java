package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import dev.klas.advice.testbed.VmRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The kernel test bed (testbed/README.md) seen from the CLI's heavy tests: the cloud kernel's release, its build dir,
 * and one VM run through {@code testbed/run-vm}. Heavy tests run only with {@code -Dklas.heavy=true}; then a missing
 * input fails the test with what to install.
 */
final class KernelBed {
    private KernelBed() {
    }

    /** Skips unless heavy; in heavy mode checks the test bed script is there. */
    static void requireHeavy(String what) {
        Assumptions.assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy: " + what + " (-Dklas.heavy=true)");
        require(Files.isExecutable(runVm()), "the test bed is missing: " + runVm());
    }

    static void require(boolean ok, String message) {
        assertTrue(ok, message);
    }

    static Path runVm() {
        return Run.repo().resolve("testbed/run-vm");
    }

    /**
     * The release the test bed boots (testbed/lib/common.sh): $KLAS_KERNEL_RELEASE, else the release
     * linux-image-cloud-amd64 depends on.
     */
    static String release() {
        String env = System.getenv().getOrDefault("KLAS_KERNEL_RELEASE", "");
        if (!env.isEmpty()) {
            return env;
        }
        String depends = Tools.run(Path.of("/"), "dpkg-query", "-W", "-f=${Depends}", "linux-image-cloud-amd64");
        Matcher m = Pattern.compile("linux-image-(\\S+-cloud-amd64)").matcher(depends);
        require(m.find(), "cannot tell the cloud kernel release from '" + depends
                + "': scripts/install-packages testbed, or set KLAS_KERNEL_RELEASE");
        return m.group(1);
    }

    /** /lib/modules/RELEASE/build, checked. */
    static Path kdir(String release) {
        Path kdir = Path.of("/lib/modules", release, "build");
        require(Files.isRegularFile(kdir.resolve("Makefile")),
                "no kernel build dir " + kdir + ": install linux-headers-" + release + " (scripts/install-packages testbed)");
        return kdir;
    }

    /** The debug vmlinux of {@code release}, checked. */
    static Path vmlinux(String release) {
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        require(Files.isRegularFile(vmlinux), "no " + vmlinux + ": install linux-image-" + release
                + "-dbg (scripts/install-packages kernel)");
        return vmlinux;
    }

    /** The Linux source tree scripts/prepare-kernel-tree prepares (it prepares it when missing). */
    static Path preparedTree() {
        Path repo = Run.repo();
        return Path.of(Tools.run(repo, repo.resolve("scripts/prepare-kernel-tree").toString(), "--print-dir").trim());
    }

    /**
     * One VM boot; the console log is also kept in target/NAME.log. {@code runVmArgs} go to run-vm as they are, e.g.
     * {@code --net} for a virtio-net NIC.
     */
    static VmRun boot(String name, List<Path> modules, String script, Path work, String... runVmArgs)
            throws IOException, InterruptedException {
        Path file = Files.writeString(work.resolve(name + ".sh"), script);
        List<String> cmd = new ArrayList<>(List.of(runVm().toString(), "--script", file.toString(), "--timeout", "300"));
        cmd.addAll(List.of(runVmArgs));
        if (!modules.isEmpty()) {
            cmd.add("--modules");
            cmd.add(String.join(",", modules.stream().map(Path::toString).toList()));
        }
        Exec.Result vm = Exec.run(new ProcessBuilder(cmd), Duration.ofSeconds(420));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", name + ".log"), vm.output());
        return new VmRun(vm.exit(), vm.output());
    }

    /**
     * The script that pings the loopback address once with each payload size, each in its phase {@code pingSIZE},
     * with {@code advice}'s output on dmesg ({@code printk=1}), then unloads it in the phase {@code rmmod}.
     */
    static String pingScript(String advice, List<Integer> sizes) {
        StringBuilder script = new StringBuilder("set -e\nip link set lo up\necho 1 > /sys/module/" + advice
                + "/parameters/printk\n");
        for (int size : sizes) {
            script.append("echo \"KLAS-PHASE ping").append(size).append("\" > /dev/kmsg\n")
                    .append("ping -c 1 -s ").append(size).append(" 127.0.0.1\n");
        }
        return script.append("echo \"KLAS-PHASE rmmod\" > /dev/kmsg\nrmmod ").append(advice).append('\n').toString();
    }
}
