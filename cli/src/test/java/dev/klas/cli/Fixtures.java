package dev.klas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linking fixtures built with gcc: a library and programs reading its global {@code shared_counter} with and
 * without -fPIE, -no-pie, -z now, -z notext, DT_RPATH and a version script. Each gcc command is in
 * {@link #build}.
 */
record Fixtures(Path dir) {
    private static final String LIB = "int shared_counter = 7;\nint bump(void) { return ++shared_counter; }\n";
    private static final String PROG = "extern int shared_counter;\nint bump(void);\n"
            + "int main(void) { bump(); return shared_counter; }\n";
    /** Absolute addresses in .text: R_X86_64_64 against counter, R_X86_64_RELATIVE for the static hidden. */
    private static final String NOTEXT = "int counter = 1;\nstatic int hidden = 2;\n"
            + "int *keep(void) { return &hidden; }\n"
            + "__asm__(\".text\\n.globl absolute\\nabsolute: movabs $counter, %rax\\n movabs $hidden, %rax\\n ret\\n\");\n";
    private static final String VERSIONS = "V1 { global: bump; shared_counter; local: *; };\n";

    static Fixtures build(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("lib.c"), LIB);
            Files.writeString(dir.resolve("prog.c"), PROG);
            Files.writeString(dir.resolve("notext.c"), NOTEXT);
            Files.writeString(dir.resolve("v.map"), VERSIONS);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        gcc(dir, "-shared", "-fPIC", "-o", "libshared.so", "lib.c");
        gcc(dir, "-no-pie", "-fno-PIC", "-o", "prog-nopie", "prog.c", "-L.", "-lshared", "-Wl,-rpath,$ORIGIN");
        gcc(dir, "-fPIE", "-pie", "-o", "prog-pie", "prog.c", "-L.", "-lshared", "-Wl,-rpath,$ORIGIN");
        gcc(dir, "-fPIE", "-pie", "-Wl,-z,now", "-o", "prog-now", "prog.c", "-L.", "-lshared", "-Wl,-rpath,$ORIGIN");
        gcc(dir, "-no-pie", "-fno-PIC", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN", "-Wl,-z,now",
                "-o", "prog-rpath", "prog.c", "-L.", "-lshared");
        gcc(dir, "-shared", "-fPIC", "-Wl,-z,notext", "-Wl,--hash-style=both", "-o", "libnotext.so", "notext.c");
        gcc(dir, "-shared", "-fPIC", "-Wl,--version-script=v.map", "-Wl,--hash-style=sysv", "-Wl,-z,now",
                "-o", "libversioned.so", "lib.c");
        gcc(dir, "-no-pie", "-o", "prog-missing", "prog.c", "-L.", "-lshared");
        return new Fixtures(dir);
    }

    private static void gcc(Path dir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "gcc";
        System.arraycopy(args, 0, command, 1, args.length);
        Tools.run(dir, command);
    }

    Path library() {
        return dir.resolve("libshared.so");
    }

    Path nonPie() {
        return dir.resolve("prog-nopie");
    }

    Path pie() {
        return dir.resolve("prog-pie");
    }

    Path bindNow() {
        return dir.resolve("prog-now");
    }

    Path notext() {
        return dir.resolve("libnotext.so");
    }

    List<Path> all() {
        return List.of(library(), nonPie(), pie(), bindNow(), dir.resolve("prog-rpath"), notext(),
                dir.resolve("libversioned.so"), dir.resolve("prog-missing"));
    }
}
