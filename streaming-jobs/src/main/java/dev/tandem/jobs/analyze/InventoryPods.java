package dev.tandem.jobs.analyze;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.InventoryFile;
import dev.tandem.ingest.model.PodRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code --inventory} strictly ({@link InventoryFile}, as {@code tandem recommend} does), and
 * refuses one with no pod in it, since the inventory's only use here is to resolve pod addresses: a
 * run with it would look resolved and resolve nothing. One bad item in a good document costs that
 * item, which goes to the dead letters.
 */
final class InventoryPods {
    private InventoryPods() {}

    /** The pods of {@code file}; the items that could not be read are added to {@code skipped}. */
    static List<PodRecord> readPods(Path file, List<DeadLetter> skipped) throws AnalyzeException {
        InventoryDecodeResult result;
        try {
            result = InventoryFile.read(file);
        } catch (InventoryFile.Unreadable e) {
            throw new AnalyzeException(e.getMessage(), e);
        }
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
