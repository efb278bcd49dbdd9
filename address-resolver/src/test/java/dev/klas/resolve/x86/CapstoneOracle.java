package dev.klas.resolve.x86;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * scripts/tests/capstone-access (Capstone 4's operand access flags, see its docstring) as one long-lived process
 * for the whole test run: instructions go in batches, answers come back in order. A writer thread feeds the
 * batch while this thread reads, so neither pipe fills up.
 */
final class CapstoneOracle {
    /**
     * Capstone's view of one instruction, a line of the script's output.
     *
     * @param access   {@code r}, {@code w}, {@code rw}, {@code 0} (unset), several joined by '+'; {@code -} no memory
     *                 operand; {@code bad} refused
     * @param position index of the memory operand in Intel order, 0 being the destination
     * @param mnemonic Capstone's mnemonic without prefixes
     */
    record Answer(String access, String position, String mnemonic) {
    }

    /** One instruction to ask about. */
    record Query(long address, byte[] bytes) {
    }

    private static CapstoneOracle shared;

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path log;

    private CapstoneOracle() throws IOException {
        log = Files.createTempFile("capstone-access", ".log");
        log.toFile().deleteOnExit();
        process = new ProcessBuilder("/usr/bin/python3", script().toString())
                .redirectError(log.toFile()).start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), 1 << 16);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16);
    }

    static synchronized CapstoneOracle shared() throws IOException {
        if (shared == null || !shared.process.isAlive()) {
            shared = new CapstoneOracle();
        }
        return shared;
    }

    synchronized List<Answer> ask(List<Query> queries) throws IOException {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(queries));
        List<Answer> answers = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("scripts/tests/capstone-access stopped after " + i + " of " + queries.size()
                        + " answers: " + Files.readString(log).strip());
            }
            String[] f = line.split(" ", 3);
            if (f.length != 3) {
                throw new IOException("scripts/tests/capstone-access answered '" + line + "'");
            }
            answers.add(new Answer(f[0], f[1], f[2]));
        }
        try {
            writer.join();
        } catch (CompletionException e) {
            throw new IOException("writing to scripts/tests/capstone-access failed: " + e.getCause().getMessage());
        }
        return answers;
    }

    private void write(List<Query> queries) {
        HexFormat hex = HexFormat.of();
        try {
            for (Query q : queries) {
                in.write(Long.toHexString(q.address()));
                in.write(' ');
                in.write(hex.formatHex(q.bytes()));
                in.write('\n');
            }
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path script() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/tests/capstone-access"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/tests/capstone-access not found above "
                    + Path.of("").toAbsolutePath());
        }
        return p.resolve("scripts/tests/capstone-access");
    }
}
