package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Globs over paths and name patterns over identifiers. */
class PatternsTest {

    @ParameterizedTest
    @CsvSource({
        "net/ipv4/*.c, net/ipv4/tcp.c, true",
        "net/ipv4/*.c, /src/linux/net/ipv4/tcp.c, true",
        "net/ipv4/*.c, net/ipv4/sub/tcp.c, false",
        "net/ipv4/*.c, xnet/ipv4/tcp.c, false",
        "net/**, net/ipv4/sub/tcp.c, true",
        "tcp.c, net/ipv4/tcp.c, true",
        "/abs/*.c, /abs/a.c, true",
        "/abs/*.c, /x/abs/a.c, false",
        "tcp_?.c, net/tcp_a.c, true",
        "tcp_[ab].c, tcp_b.c, true",
        "tcp_[!ab].c, tcp_b.c, false",
        "tcp_[a-c].c, tcp_c.c, true",
        "a\\*.c, a*.c, true",
        "a\\*.c, ab.c, false",
    })
    void globMatching(String glob, String path, boolean expected) {
        assertEquals(expected, Glob.of(glob).matches(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''            | 0 | empty glob",
        "a[bc          | 1 | '[' is never closed",
        "a[]           | 1 | empty []",
        "a***          | 1 | is not a wildcard",
        "a\\           | 1 | trailing backslash",
        "a[z-a]        | 0 | Illegal character range",
        "a[x/y]        | 3 | '/' inside",
    })
    void malformedGlobs(String glob, int index, String message) {
        PatternSyntaxError e = assertThrows(PatternSyntaxError.class, () -> Glob.of(glob));
        assertEquals(index, e.index());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void namePatterns() {
        assertTrue(NamePattern.of("m_len").isExact());
        assertTrue(NamePattern.of("tcp_*").matches("tcp_sendmsg"));
        assertFalse(NamePattern.of("tcp_*").matches("udp_sendmsg"));
        assertTrue(NamePattern.of("m_?en").matches("m_len"));
        assertFalse(NamePattern.of("m_len").matches("m_le"));
        assertEquals(1, assertThrows(PatternSyntaxError.class, () -> NamePattern.of("m-len")).index());
        assertEquals(0, assertThrows(PatternSyntaxError.class, () -> NamePattern.of("9x")).index());
        assertThrows(PatternSyntaxError.class, () -> NamePattern.of(""));
    }
}
