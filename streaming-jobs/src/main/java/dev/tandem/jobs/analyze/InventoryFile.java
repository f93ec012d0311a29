package dev.tandem.jobs.analyze;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.ingest.model.PodRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code --inventory} strictly, as {@code tandem recommend} does: a file that is not a
 * kubectl JSON document as a whole (not JSON, empty, a log, truncated) is refused, and so is one
 * with no pod in it, since the inventory's only use here is to resolve pod addresses: a run with it
 * would look resolved and resolve nothing. One bad item in a good document costs that item, which
 * goes to the dead letters.
 */
final class InventoryFile {
    private InventoryFile() {}

    /** The pods of {@code file}; the items that could not be read are added to {@code skipped}. */
    static List<PodRecord> readPods(Path file, List<DeadLetter> skipped) throws AnalyzeException {
        Decoded<InventoryDecodeResult> decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new KubectlInventoryDecoder().decode(in, "inventory:" + file, null);
        } catch (IOException e) {
            throw new AnalyzeException(
                    "cannot read inventory " + file + ": " + IoProblems.cause(e), e);
        }
        if (!decoded.isOk()) {
            throw new AnalyzeException(
                    "cannot read inventory "
                            + file
                            + ": "
                            + IoProblems.firstLine(decoded.deadLetter().detail()));
        }
        InventoryDecodeResult result = decoded.value();
        List<PodRecord> pods = result.snapshot().pods();
        if (pods.isEmpty()) {
            throw new AnalyzeException(
                    "cannot use inventory "
                            + file
                            + ": no pods in it"
                            + (result.skippedCount() == 0
                                    ? ""
                                    : " (" + result.skippedCount() + " items could not be read)")
                            + "; it should be kubectl get pods,services,namespaces -A -o json");
        }
        skipped.addAll(result.skipped());
        return pods;
    }
}
