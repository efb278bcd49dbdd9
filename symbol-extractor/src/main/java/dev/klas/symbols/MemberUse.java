package dev.klas.symbols;

import java.util.List;

/**
 * How a struct member is used across a symbol table: what {@code klas structs} prints to help a user pick what to
 * hook.
 *
 * @param reads      shadows that read the member (FIELD_READ and FIELD_READWRITE)
 * @param writes     shadows that write it (FIELD_WRITE and FIELD_READWRITE)
 * @param fpCalls    calls through it as a function pointer (FP_CALL)
 * @param addressOf  places that take its address (FIELD_ADDRESS)
 * @param shadows    all shadows of the member (a read-write counts once)
 * @param files      the files the shadows are in, sorted
 */
public record MemberUse(String struct, String member, long reads, long writes, long fpCalls, long addressOf,
                        long shadows, List<String> files) {
    public MemberUse {
        files = List.copyOf(files);
    }
}
