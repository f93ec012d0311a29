package dev.tandem.ingest.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * Which file a path pointed to: the file system's key (device and inode on Linux) and a checksum of
 * the file's first bytes. Both must match before a saved offset is trusted: an inode is reused once
 * a rotated file is deleted, and a new file can start with the same bytes as an old one, but rarely
 * both.
 *
 * @param fileKey device and inode as the JDK prints them, e.g. {@code (dev=803,ino=1234)}
 * @param fingerprintLength how many first bytes the checksum covers (at most {@link #FINGERPRINT})
 * @param fingerprint CRC-32 of those bytes
 */
record FileIdentity(String fileKey, int fingerprintLength, long fingerprint) {
    /** Bytes covered by the fingerprint, once the file has that many. */
    static final int FINGERPRINT = 1024;

    /** The identity of the open file, by the path it was opened with. */
    static FileIdentity of(Path path, FileChannel channel) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        int length = (int) Math.min(FINGERPRINT, channel.size());
        return new FileIdentity(
                key == null ? path.toAbsolutePath().toString() : key.toString(),
                length,
                checksum(channel, length));
    }

    /** The file key of whatever {@code path} points to now, or null when it is gone. */
    static String currentKey(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? path.toAbsolutePath().toString() : key.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code channel} is the file this identity describes. */
    boolean matches(String currentFileKey, FileChannel channel) throws IOException {
        return fileKey.equals(currentFileKey)
                && channel.size() >= fingerprintLength
                && checksum(channel, fingerprintLength) == fingerprint;
    }

    /** This identity with a longer fingerprint, when the file has grown past the old one. */
    FileIdentity refreshed(FileChannel channel) throws IOException {
        if (fingerprintLength >= FINGERPRINT || channel.size() <= fingerprintLength) {
            return this;
        }
        int length = (int) Math.min(FINGERPRINT, channel.size());
        return new FileIdentity(fileKey, length, checksum(channel, length));
    }

    private static long checksum(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int read = 0;
        while (read < length) {
            int n = channel.read(buffer, read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, read);
        return crc.getValue();
    }
}
