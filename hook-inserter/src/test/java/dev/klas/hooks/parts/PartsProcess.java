package dev.klas.hooks.parts;

import dev.klas.hooks.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A fixture process running with the parts runtime preloaded: its stdout lines, stdin, and the control socket. */
final class PartsProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder all = new StringBuilder();
    private final OutputStream in;

    PartsProcess(Map<String, String> env, List<String> command) {
        try {
            List<String> cmd = new ArrayList<>(command);
            cmd.set(0, PartsFixture.path(cmd.get(0)).toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(PartsFixture.DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("LD_PRELOAD", PartsFixture.path("libklas-parts.so").toString());
            pb.environment().putAll(env);
            process = pb.start();
            in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.append(l).append('\n');
                        }
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("io error " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The next stdout line starting with prefix (earlier lines are skipped). */
    String expect(String prefix) {
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                String l = lines.poll(1, TimeUnit.SECONDS);
                if (l != null && l.startsWith(prefix)) {
                    return l;
                }
                if (l == null && !process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError("no line '" + prefix + "'; output so far:\n" + output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    void send(String line) {
        try {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** One request on the control socket /dev/shm/klas-PID.sock; the answer line. */
    String request(String line) {
        return request(pid(), line);
    }

    static String request(long pid, String line) {
        Path sock = Path.of("/dev/shm/klas-" + pid + ".sock");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            try {
                ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                // a refused peer may be answered and closed before the request is written: read the answer
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            StringBuilder sb = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                sb.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') {
                    break;
                }
            }
            return sb.toString().trim();
        } catch (IOException e) {
            throw new UncheckedIOException("request '" + line + "' to " + sock, e);
        }
    }

    /** Sends quit and waits for the exit status. */
    int quit() {
        try {
            if (process.isAlive()) {
                try {
                    send("quit");
                } catch (UncheckedIOException e) {
                    // it exited meanwhile
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("did not exit; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        Run.kill(process);
    }
}
