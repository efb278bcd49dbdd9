package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.LoaderScript;
import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running kernel through linux-bpf: the iphdr.ttl aspect (samples/aspects/ip_ttl.xml as it is: its
 * {@code <include> <linux/ip.h>} stands as vmlinux.h on linux-bpf and is included on linux-kprobes) woven with
 * {@code klas weave --target linux-bpf --build} and with linux-kprobes against the debug vmlinux. Boot 1: the kprobes
 * module and then the BPF loader each see three pings on loopback; every hook's hits are the same. Boot 2, with
 * {@code lockdown=integrity}: the kernel refuses the kprobes module (its Lockdown message), the BPF loader attaches,
 * counts the same hits and detaches with exit 0. Neither boot has an Oops, BUG or WARNING.
 */
class BpfLockdownVmHeavyTest {
    private static final String KPROBES = "klas_ip_ttl";
    private static final String BPF = "klas_ip_ttl_bpf";

    @Test
    void bpfLoaderWorksWhereLockdownRefusesTheModule(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM twice");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        KernelBed.require(Files.isRegularFile(vmlinux), "no " + vmlinux + ": scripts/install-packages kernel");
        Path repo = Run.repo();
        Path tree = Path.of(Tools.run(repo, repo.resolve("scripts/prepare-kernel-tree").toString(), "--print-dir")
                .trim());
        Path db = work.resolve("net.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(), "--root",
                tree.toString(), "--db", db.toString(), tree.resolve("net/ipv4/ip_output.c").toString(),
                tree.resolve("net/ipv4/icmp.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Path aspect = repo.resolve("samples/aspects/ip_ttl.xml");
        Run kp = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db", db.toString(),
                "--aspect", aspect.toString(), "--out", work.resolve("kp").toString(), "--name", KPROBES, "--build",
                "--kdir", kdir.toString());
        assertEquals(0, kp.exitCode(), kp.out() + kp.err());
        Run bpf = Run.klas("weave", "--target", "linux-bpf", "--binary", vmlinux.toString(), "--db", db.toString(),
                "--aspect", aspect.toString(), "--out", work.resolve("bpf").toString(), "--name", BPF, "--build");
        assertEquals(0, bpf.exitCode(), bpf.out() + bpf.err());
        assertTrue(Files.readString(work.resolve("bpf").resolve(BPF + ".bpf.c")).contains(aspect + ":4:12: note:"
                + " #include <linux/ip.h> not included: vmlinux.h (the kernel's BTF) declares every kernel type"),
                "the include stands as vmlinux.h");
        assertEquals(WovenHooks.parse(kp.out()).hooks().size(), WovenHooks.parse(bpf.out()).hooks().size(),
                "the same hooks on both targets:\n" + kp.out() + "\n" + bpf.out());
        Path module = work.resolve("kp").resolve(KPROBES + ".ko");
        Path loader = work.resolve("bpf").resolve(BPF);
        assertTrue(Files.isExecutable(loader), bpf.out());
        String hooks = WovenHooks.parse(bpf.out()).hooks().size() + " hooks attached in vmlinux";

        VmRun normal = KernelBed.boot("bpf-ip-ttl-vm", List.of(module), """
                set -e
                ip link set lo up
                ping -c 3 127.0.0.1
                rmmod %s
                %s
                ping -c 3 127.0.0.1
                %s
                """.formatted(KPROBES, LoaderScript.start(BPF, ""), LoaderScript.stop(BPF)), work, "--file",
                loader.toString());
        assertEquals(0, normal.verdict(), "run-vm verdict:\n" + normal.log());
        assertEquals(List.of(), normal.kernelErrors());
        List<String> out = LoaderScript.output(normal, BPF);
        assertTrue(out.contains(BPF + ": " + hooks) && out.contains("exit 0"), out.toString());
        Map<String, Long> kpHits = normal.hits(KPROBES);
        Map<String, Long> bpfHits = VmRun.hits(BPF, out);
        assertEquals(kpHits, bpfHits, "hits per hook: kprobes module vs BPF loader on the same pings");
        long sum = bpfHits.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(6, sum, "3 echo requests and 3 replies built by __ip_make_skb: " + bpfHits);
        assertEquals(sum, out.stream().filter(l -> l.matches("klas ip_ttl: ttl access in \\w+ by \\S+")).count(),
                "one advice line per hit: " + out);

        VmRun locked = KernelBed.boot("bpf-lockdown-vm", List.of(), """
                set -e
                mount -t securityfs securityfs /sys/kernel/security
                echo "lockdown: $(cat /sys/kernel/security/lockdown)"
                ip link set lo up
                if insmod /test/%s.ko; then echo "the kprobes module loaded under lockdown"; exit 1; fi
                %s
                ping -c 3 127.0.0.1
                %s
                """.formatted(KPROBES, LoaderScript.start(BPF, ""), LoaderScript.stop(BPF)), work, "--append",
                "lockdown=integrity", "--file", module.toString(), "--file", loader.toString());
        assertEquals(0, locked.verdict(), "run-vm verdict:\n" + locked.log());
        assertEquals(List.of(), locked.kernelErrors());
        assertTrue(locked.script().stream().anyMatch(l -> l.trim().equals("lockdown: none [integrity]"
                + " confidentiality")), locked.script().toString());
        assertTrue(locked.dmesg().stream().anyMatch(l -> l.contains(
                "Lockdown: insmod: unsigned module loading is restricted")), String.join("\n", locked.dmesg()));
        List<String> lockedOut = LoaderScript.output(locked, BPF);
        assertTrue(lockedOut.contains(BPF + ": " + hooks) && lockedOut.contains("exit 0"), lockedOut.toString());
        assertEquals(bpfHits, VmRun.hits(BPF, lockedOut), "the same hits under lockdown");
    }
}
