package dev.klas.weaver;

/** What a weave produces. */
public enum WeaveTarget {
    /** A kernel module of kprobes, for vmlinux or a loadable module. */
    LINUX_KPROBES("linux-kprobes"),
    /** BPF kprobe programs and a statically linked loader, for vmlinux or a loadable module (kernels in lockdown). */
    LINUX_BPF("linux-bpf"),
    /** A preload library with the hook runtime, for a program or shared object (run it with klas run). */
    USERSPACE("userspace");

    private final String label;

    WeaveTarget(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static WeaveTarget of(String label) {
        for (WeaveTarget t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (WeaveTarget t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.label);
        }
        throw new IllegalArgumentException("unknown target '" + label + "' (known: " + known + ")");
    }
}
