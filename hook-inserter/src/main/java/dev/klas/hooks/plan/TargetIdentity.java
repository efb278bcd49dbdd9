package dev.klas.hooks.plan;

import java.util.Objects;

/**
 * The object a plan was made for.
 *
 * @param path       the file as given to the weave
 * @param match      how the runtime finds it among the loaded objects: {@code main} or a file name
 * @param buildId    the NT_GNU_BUILD_ID descriptor in hex, empty when the object has none
 * @param size       the file's size in bytes
 * @param textSha256 SHA-256 over the bytes of its executable sections, in section-header order
 */
public record TargetIdentity(String path, String match, String buildId, long size, String textSha256) {
    public TargetIdentity {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(textSha256, "textSha256");
    }
}
