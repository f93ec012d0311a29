package dev.tandem.ingest.inventory;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.io.IoProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An {@code --inventory} file ({@code kubectl get pods,services,namespaces -A -o json}) read
 * strictly, as {@code tandem analyze} and {@code tandem recommend} both take it: a file that is not
 * such a document as a whole (not JSON, empty, a log, truncated) is refused with one line naming
 * it; one bad item in a good document costs that item only ({@link
 * InventoryDecodeResult#skipped()}).
 */
public final class InventoryFile {
    private InventoryFile() {}

    /** The whole document of {@code file}. */
    public static InventoryDecodeResult read(Path file) throws Unreadable {
        Decoded<InventoryDecodeResult> decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new KubectlInventoryDecoder().decode(in, "inventory:" + file, null);
        } catch (IOException e) {
            throw new Unreadable("cannot read inventory " + file + ": " + IoProblems.cause(e), e);
        }
        if (!decoded.isOk()) {
            throw new Unreadable(
                    "cannot read inventory "
                            + file
                            + ": "
                            + IoProblems.firstLine(decoded.deadLetter().detail()),
                    null);
        }
        return decoded.value();
    }

    /** An inventory file that cannot be used; the message is one line for the user. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
