package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENVOY_LINE =
            "[2022-04-01T03:23:12.738Z] \"GET /get HTTP/1.1\" 200 - via_upstream - \"-\" 0 605 2 2 \"-\""
                    + " \"curl/7.82.0-DEV\" \"200efb6c-82be-4760-8ab6-7b6af588d4fb\" \"httpbin:8000\" \"10.244.0.31:80\""
                    + " inbound|80|| 127.0.0.6:52027 10.244.0.31:80 10.244.0.26:35086"
                    + " outbound_.8000_._.httpbin.default.svc.cluster.local default";
    private static final String CALICO_LINE =
            "{\"start_time\":1597166083,\"end_time\":1597166383,\"source_ip\":null,\"source_name\":\"-\","
                    + "\"source_name_aggr\":\"access-6b687c8dcb-*\",\"source_namespace\":\"policy-demo\",\"source_type\":\"wep\","
                    + "\"source_labels\":{\"labels\":[\"app=access\"]},\"dest_ip\":null,\"dest_name\":\"-\","
                    + "\"dest_name_aggr\":\"nginx-86c57db685-*\",\"dest_namespace\":\"policy-demo\",\"dest_port\":80,"
                    + "\"dest_type\":\"wep\",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"dst\",\"bytes_in\":388}";

    @TempDir Path dir;

    @Test
    void printsOneRecordPerLineAndASummary() throws IOException {
        Path file = write("mixed.log", ENVOY_LINE, CALICO_LINE, "not a log line", "");

        CliRun run = CliRun.of("decode", file.toString());

        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = jsonLines(run.out());
        assertThat(lines)
                .extracting(l -> l.get("type").asText())
                .containsExactly("proxy", "flow", "deadLetter");
        assertThat(lines.get(0).at("/record/upstreamCluster/kind").asText()).isEqualTo("INBOUND");
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(lines.get(1).at("/record/destination/nameAggregate").asText())
                .isEqualTo("nginx-86c57db685-*");
        assertThat(lines.get(2).at("/record/reason").asText()).isEqualTo("UNKNOWN_FORMAT");
        assertThat(lines.get(2).at("/record/original").asText()).isEqualTo("not a log line");
        assertThat(run.err())
                .contains("1 flow records")
                .contains("1 proxy records")
                .contains("1 dead letters (UNKNOWN_FORMAT 1)")
                .contains("1 blank lines skipped");
    }

    @Test
    void deadLettersCanGoToTheirOwnFile() throws IOException {
        Path file = write("mixed.log", ENVOY_LINE, "garbage");
        Path letters = dir.resolve("dead.jsonl");

        CliRun run =
                CliRun.of(
                        "decode", "--quiet", "--dead-letters", letters.toString(), file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(jsonLines(run.out())).hasSize(1);
        assertThat(jsonLines(Files.readString(letters)))
                .singleElement()
                .satisfies(l -> assertThat(l.at("/record/original").asText()).isEqualTo("garbage"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anExplicitKindIsHonoured() throws IOException {
        Path file = write("flows.log", ENVOY_LINE);

        CliRun run = CliRun.of("decode", "--kind", "calico", file.toString());

        JsonNode letter = jsonLines(run.out()).get(0);
        assertThat(letter.get("type").asText()).isEqualTo("deadLetter");
        assertThat(letter.at("/record/source").asText()).startsWith("calico:");
    }

    @Test
    void readsAKubectlInventory() throws IOException {
        Path file =
                write(
                        "inventory.json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                                + "\"metadata\":{\"name\":\"bookinfo\",\"labels\":{\"istio-injection\":\"enabled\"}}}]}");

        CliRun run = CliRun.of("decode", "--kind", "inventory", file.toString());

        assertThat(run.exitCode()).isZero();
        JsonNode inventory = jsonLines(run.out()).get(0);
        assertThat(inventory.get("type").asText()).isEqualTo("inventory");
        assertThat(inventory.at("/record/namespaces/0/name").asText()).isEqualTo("bookinfo");
    }

    @Test
    void aMissingFileIsOneLineAndExitTwoBeforeAnythingIsWritten() throws IOException {
        Path good = write("good.log", ENVOY_LINE);

        CliRun run = CliRun.of("decode", good.toString(), dir.resolve("nope.log").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .isEqualTo("decode: cannot read " + dir.resolve("nope.log") + ": no such file");
    }

    @Test
    void anUnknownKindIsAUsageError() throws IOException {
        Path good = write("good.log", ENVOY_LINE);

        CliRun run = CliRun.of("decode", "--kind", "syslog", good.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("'syslog'")
                .contains("expected auto, calico, goldmane, envoy or inventory");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void helpDescribesEveryOption() {
        CliRun run = CliRun.of("decode", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--kind")
                .contains("--out")
                .contains("--dead-letters")
                .contains("--quiet");
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
