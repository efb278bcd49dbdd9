package dev.klas.resolve.dwarf;

import java.util.Optional;

/**
 * One entry of a line program's file table (DWARF5 6.2.4.1, items 19-22; DWARF4 6.2.4 item 12).
 *
 * @param name           {@code DW_LNCT_path} as stored (may be relative)
 * @param directoryIndex {@code DW_LNCT_directory_index}
 * @param directory      that directory's path as stored, "" when the index is out of range
 * @param modificationTime {@code DW_LNCT_timestamp}, 0 when absent
 * @param size           {@code DW_LNCT_size}, 0 when absent
 * @param md5            {@code DW_LNCT_MD5} as 32 hex digits, when present
 */
public record LineFile(String name, long directoryIndex, String directory, long modificationTime, long size,
                       Optional<String> md5) {
    /** The name joined to its directory unless the name is absolute. */
    public String path() {
        if (name.startsWith("/") || directory.isEmpty()) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
