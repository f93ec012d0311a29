package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inventory} is read strictly: a file that resolves nothing is refused, not ignored. */
class InventoryPodsTest {
    @TempDir Path dir;

    @Test
    void readsThePodsOfAKubectlDocument() throws Exception {
        List<DeadLetter> skipped = new ArrayList<>();

        assertThat(InventoryPods.readPods(BookinfoScenario.writeInventory(dir), skipped))
                .hasSize(5);
        assertThat(skipped).isEmpty();
    }

    @Test
    void refusesTextThatIsNotJson() throws Exception {
        Path file = Files.writeString(dir.resolve("hi.txt"), "hi\n");

        assertThatThrownBy(() -> InventoryPods.readPods(file, new ArrayList<>()))
                .isInstanceOf(AnalyzeException.class)
                .hasMessageStartingWith("cannot read inventory " + file + ": Unrecognized token");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("pods.json"), "");

        assertThatThrownBy(() -> InventoryPods.readPods(file, new ArrayList<>()))
                .hasMessage("cannot read inventory " + file + ": no JSON in the input");
    }

    @Test
    void refusesAFlowLogGivenAsTheInventory() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("flows.ndjson"),
                        "{\"start_time\":1,\"source_ip\":\"10.0.0.1\"}\n"
                                + "{\"start_time\":2,\"source_ip\":\"10.0.0.2\"}\n");

        assertThatThrownBy(() -> InventoryPods.readPods(file, new ArrayList<>()))
                .hasMessage(
                        "cannot read inventory "
                                + file
                                + ": unexpected content after the JSON document");
    }

    @Test
    void refusesADocumentWithNoPods() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("services.json"),
                        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}");

        assertThatThrownBy(() -> InventoryPods.readPods(file, new ArrayList<>()))
                .hasMessage(
                        "cannot use inventory "
                                + file
                                + ": no pods in it; it should be kubectl get"
                                + " pods,services,namespaces -A -o json");
    }
}
