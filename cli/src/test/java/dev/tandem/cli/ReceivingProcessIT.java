package dev.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.scenario.LogFile;
import dev.tandem.scenario.ScenarioFiles;
import dev.tandem.scenario.ScenarioGenerator;
import dev.tandem.scenario.ScenarioSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario as Calico would really log it: a destination-side report names the process that
 * received the connection. The generator leaves that name out of the reports of a meshed pod's
 * flows into istiod and CoreDNS (docs/demo.md, "What the scenario leaves out"); this test puts it
 * back and expects the same verdicts.
 */
class ReceivingProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void theReceivingProcessInADestinationReportIsNotTheSender() throws Exception {
        ScenarioFiles files =
                ScenarioGenerator.generate(
                        ScenarioSpec.defaults().withHours(1), dir.resolve("scenario"));
        for (LogFile log : files.logs(LogFile.Kind.FLOWS)) {
            nameReceivingProcesses(log.path());
        }

        Path out = dir.resolve("analyzed");
        List<EdgeWindow> windows = ScenarioVerdicts.analyze(files, out);
        ScenarioVerdicts.assertMatches(windows, files.injections());
    }

    /** Writes istiod's and CoreDNS's process into their allowed destination-side reports. */
    private static void nameReceivingProcesses(Path flows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(flows)) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            String destination = record.path("dest_name").asText();
            String server =
                    destination.startsWith("istiod-")
                            ? "pilot-discovery"
                            : destination.startsWith("coredns-") ? "coredns" : null;
            if (server != null
                    && record.path("reporter").asText().equals("dst")
                    && record.path("action").asText().equals("allow")
                    && record.path("process_name").asText().equals("-")) {
                record.put("process_name", server);
                record.put("num_process_names", 1);
                record.put("process_id", "*");
                record.put("num_process_ids", 1);
            }
            lines.add(JSON.writeValueAsString(record));
        }
        Files.write(flows, lines);
    }
}
