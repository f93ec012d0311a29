package dev.tandem.ingest.ship;

import dev.tandem.ingest.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Saved read offsets, one small text file per input file in a state folder. A file is replaced
 * atomically (written to a temporary file, forced to disk, renamed over the old one), so a crash at
 * any moment leaves either the old offset or the new one, never a torn file. The offset saved is
 * always one Kafka acknowledged, so a restart resends at most what was not acknowledged.
 */
final class OffsetStore {
    private final Path folder;

    /** A saved position: which file, and how far into it everything was acknowledged. */
    record Saved(FileIdentity identity, long offset) {}

    OffsetStore(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    Optional<Saved> load(Path input) throws IOException {
        Path file = stateFile(input);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return Optional.of(
                    new Saved(
                            new FileIdentity(
                                    fields.get("fileKey"),
                                    Integer.parseInt(fields.get("fingerprintLength")),
                                    Long.parseLong(fields.get("fingerprint"))),
                            Long.parseLong(fields.get("offset"))));
        } catch (RuntimeException e) {
            // A state file from another version or edited by hand: start over rather than guess.
            return Optional.empty();
        }
    }

    void save(Path input, FileIdentity identity, long offset) throws IOException {
        String text =
                "path="
                        + input.toAbsolutePath().normalize()
                        + "\nfileKey="
                        + identity.fileKey()
                        + "\nfingerprintLength="
                        + identity.fingerprintLength()
                        + "\nfingerprint="
                        + identity.fingerprint()
                        + "\noffset="
                        + offset
                        + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(
                stateFile(input), ".tmp", channel -> AtomicFiles.writeFully(channel, bytes));
    }

    /** The state file of an input: named by a hash of its absolute path, so any path fits. */
    Path stateFile(Path input) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    input.toAbsolutePath()
                                            .normalize()
                                            .toString()
                                            .getBytes(StandardCharsets.UTF_8));
            String name = input.getFileName() == null ? "input" : input.getFileName().toString();
            return folder.resolve(
                    name.replaceAll("[^A-Za-z0-9._-]", "_")
                            + "-"
                            + HexFormat.of().formatHex(hash, 0, 8)
                            + ".offset");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
