package dev.klas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Requests to the klas runtime's control socket (docs/parts-format.md, "Control socket"): one line of ASCII words
 * out, one line of JSON back. Reads wait at most the request's own bound plus a margin.
 */
final class PartsClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MARGIN_MS = 10_000;

    /** The runtime said no: its code ({@code no-match}, {@code timeout}, ...), message and the whole answer. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final transient JsonNode answer;

        Refused(String code, String message, JsonNode answer) {
            super(message);
            this.code = code;
            this.answer = answer;
        }
    }

    private final PartsTarget target;
    private final SocketChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private PartsClient(PartsTarget target, SocketChannel channel) {
        this.target = target;
        this.channel = channel;
    }

    static PartsClient connect(PartsTarget target) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(target.socket()));
            ch.configureBlocking(false);
            return new PartsClient(target, ch);
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "cannot connect to " + target.socket() + " (process "
                    + target.pid() + "): " + e.getMessage(), e);
        }
    }

    /** Sends a request made of words (none may hold a space or a newline); the answer when {@code "ok":true}. */
    JsonNode request(long waitMs, String... words) throws Refused {
        for (String w : words) {
            if (w.isEmpty() || w.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new KlasException(ExitCode.USAGE, "'" + w + "' cannot be sent to the runtime: empty, or holds"
                        + " a space, a control or a non-ASCII character");
            }
        }
        String line = String.join(" ", words) + "\n";
        try {
            ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            JsonNode answer = MAPPER.readTree(readLine(waitMs + MARGIN_MS));
            if (answer == null || !answer.path("ok").isBoolean()) {
                throw new KlasException(ExitCode.INTERNAL, "the runtime of process " + target.pid()
                        + " answered '" + words[0] + "' with no \"ok\" field");
            }
            if (!answer.get("ok").asBoolean()) {
                throw new Refused(answer.path("code").asText("internal"), answer.path("message").asText(""), answer);
            }
            return answer;
        } catch (IOException e) {
            throw new KlasException(ExitCode.INVALID_INPUT, "the control socket of process " + target.pid()
                    + " failed during '" + words[0] + "': " + e.getMessage(), e);
        }
    }

    private String readLine(long waitMs) throws IOException {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try (Selector sel = Selector.open()) {
            channel.register(sel, SelectionKey.OP_READ);
            while (true) {
                byte[] have = pending.toByteArray();
                for (int i = 0; i < have.length; i++) {
                    if (have[i] == '\n') {
                        pending.reset();
                        pending.write(have, i + 1, have.length - i - 1);
                        return new String(have, 0, i, StandardCharsets.UTF_8);
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IOException("no answer within " + waitMs + " ms");
                }
                sel.select(left);
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    throw new IOException("the runtime closed the connection");
                }
                pending.write(buf.array(), 0, n);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
