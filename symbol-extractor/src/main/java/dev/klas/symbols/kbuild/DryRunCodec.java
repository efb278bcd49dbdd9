package dev.klas.symbols.kbuild;

import dev.klas.symbols.config.ArgumentParser;
import dev.klas.symbols.config.CompileCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A dry run's answer as bytes (gzip of length-prefixed strings), with the generated files that existed when it ran
 * (Kbuild prints the recipe of a generated file only while it is missing). A unit's flags are parsed again from its
 * command line on reading.
 */
final class DryRunCodec {
    private static final int FORMAT = 1;

    private DryRunCodec() {
    }

    /** A dry run read back, and which of its made files existed when it ran. */
    record Cached(DryRun run, Set<String> present) {
    }

    static byte[] encode(DryRun run, Set<String> present) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeInt(run.units().size());
            for (KernelUnit u : run.units()) {
                out.writeUTF(u.source());
                out.writeUTF(u.object());
                out.writeUTF(u.target());
                strings(out, u.arguments());
            }
            strings(out, List.copyOf(run.madeFiles()));
            strings(out, List.copyOf(present));
            out.writeInt(run.asmUnits());
            out.writeInt(run.hostUnits());
        }
        return bytes.toByteArray();
    }

    static Cached decode(byte[] data, Path tree) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown dry-run cache format");
            }
            int n = in.readInt();
            List<KernelUnit> units = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String source = in.readUTF();
                String object = in.readUTF();
                String target = in.readUTF();
                List<String> args = strings(in);
                units.add(new KernelUnit(source, object, target, new CompileCommand(tree.resolve(source), tree,
                        ArgumentParser.parse(args, tree)), args));
            }
            Set<String> made = new LinkedHashSet<>(strings(in));
            Set<String> present = new LinkedHashSet<>(strings(in));
            int asm = in.readInt();
            int host = in.readInt();
            return new Cached(new DryRun(units, made, asm, host), present);
        }
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
