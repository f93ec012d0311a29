package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.testing.ByteMutator;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast {@link LineFormatSniffer} against {@link ReferenceLineFormatSniffer}, the byte-by-byte
 * scan it replaced: the same answer, from both {@code sniff} and {@code sniffLayer}, for every
 * sample line in /work/shared/formats, every prefix of it (a line cut anywhere, at every position
 * relative to an eight-byte word), seeded mutations of it, generated lines dense in quotes,
 * escapes, colons, whitespace and candidate keys, and huge lines. Every line is also sniffed inside
 * a larger array with quotes and colons just outside its range, which a scan reading past its end
 * would see.
 */
class LineFormatSnifferDifferentialTest {
    private static final long SEED = 0x5_1FF_E2L;
    // What sits just outside a line's range when it is sniffed in place: a scan that read past
    // either end would meet a quote closing its string and a colon making it a key.
    private static final byte[] OUTSIDE = "\":\"log\":\\".getBytes(StandardCharsets.UTF_8);
    private static final List<String> PIECES =
            List.of(
                    "\"",
                    "\"",
                    "\"",
                    "\\",
                    "\\\"",
                    "\\\\",
                    ":",
                    ":",
                    ",",
                    " ",
                    "\t",
                    "\r\n",
                    "\uFEFF",
                    "{",
                    "}",
                    "[",
                    "]",
                    "log",
                    "Key",
                    "key",
                    "kubernetes",
                    "stream",
                    "reporter",
                    "source_namespace",
                    "upstream_cluster",
                    "downstream_remote_address",
                    "response_code",
                    "source_name_aggr",
                    "_name_aggr",
                    "name_aggr",
                    "lo",
                    "g",
                    "Kex",
                    "kubernete",
                    "upstream_clusters",
                    "x",
                    "12345678",
                    "\u00e9",
                    "\uD83D\uDE00",
                    "\u0000",
                    // One above a quote and a backslash: a zero-byte test that lets a borrow
                    // through would take "# for two quotes and \] for two backslashes.
                    "#",
                    "\"#",
                    "\\]",
                    "\"log\":",
                    "\"stream\":",
                    "\"kubernetes\":",
                    "\"Key\":",
                    "\"reporter\":",
                    "\"response_code\":",
                    "\"a_name_aggr\":");
    private static final List<String> INSERTS =
            List.of(
                    "\"",
                    "\\",
                    "\\\"",
                    ":",
                    " : ",
                    "\uFEFF",
                    "\"log\":",
                    "\"stream\":",
                    "\"kubernetes\" :",
                    "\"Key\":",
                    "\"reporter\":",
                    "\"x_name_aggr\":",
                    "\"response_code\":",
                    "\u00e9",
                    "\"#\"#",
                    "\\]",
                    "{");

    private final Map<LineFormat, Integer> answers = new EnumMap<>(LineFormat.class);

    @Test
    void everySampleLineEveryPrefixAndEveryMutationGetTheReferenceAnswer() throws IOException {
        List<byte[]> samples = sampleLines();
        assertThat(samples).hasSizeGreaterThan(100);
        ByteMutator mutator = new ByteMutator(new Random(SEED), INSERTS);
        for (byte[] line : samples) {
            for (int length = 0; length <= line.length; length++) {
                assertSameAnswer(Arrays.copyOf(line, length));
            }
            for (int m = 0; m < 200; m++) {
                assertSameAnswer(mutator.mutate(line));
            }
        }
        // The samples hold every format the JSON scan tells apart, so each answer was compared.
        assertThat(answers)
                .containsKeys(
                        LineFormat.CALICO_JSON,
                        LineFormat.ENVOY_JSON,
                        LineFormat.FLUENT_BIT_ENVELOPE,
                        LineFormat.ENVOY_TEXT,
                        LineFormat.CRI_ENVELOPE,
                        LineFormat.UNKNOWN);
    }

    @Test
    void generatedLinesDenseInQuotesEscapesAndKeysGetTheReferenceAnswer() {
        Random random = new Random(SEED + 1);
        for (int n = 0; n < 60_000; n++) {
            StringBuilder line = new StringBuilder(random.nextInt(4) == 0 ? " {" : "{");
            int pieces = random.nextInt(40);
            for (int p = 0; p < pieces; p++) {
                line.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            assertSameAnswer(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        // Generated lines reach every answer a JSON object can get, so none went untested.
        assertThat(answers)
                .containsKeys(
                        LineFormat.CALICO_JSON,
                        LineFormat.GOLDMANE_JSON,
                        LineFormat.ENVOY_JSON,
                        LineFormat.FLUENT_BIT_ENVELOPE,
                        LineFormat.UNKNOWN);
    }

    @Test
    void wellFormedMixesOfEveryFormatsKeysGetTheReferenceAnswer() {
        Random random = new Random(SEED + 2);
        String[] keys = {
            "log",
            "Key",
            "key",
            "kubernetes",
            "stream",
            "reporter",
            "source_namespace",
            "upstream_cluster",
            "downstream_remote_address",
            "response_code",
            "dest_name_aggr",
            "authority",
            "start_time",
            "x_forwarded_for",
            "time"
        };
        String[] values = {
            "1",
            "null",
            "\"\"",
            "\"a\\\"b\"",
            "\"\\\\\"",
            "{\"log\":\"x\"}",
            "\"\\u00e9\"",
            "\"{\\\"response_code\\\":200}\"",
            "\"" + "v".repeat(37) + "\"",
            "[\"Key\",\":\"]"
        };
        for (int n = 0; n < 30_000; n++) {
            StringBuilder line = new StringBuilder("{");
            int fields = 1 + random.nextInt(8);
            for (int f = 0; f < fields; f++) {
                line.append(f == 0 ? "" : random.nextBoolean() ? "," : ", ")
                        .append('"')
                        .append(keys[random.nextInt(keys.length)])
                        .append(random.nextInt(8) == 0 ? "\" : " : "\":")
                        .append(values[random.nextInt(values.length)]);
            }
            assertSameAnswer(line.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(answers).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void hugeLinesGetTheReferenceAnswer() {
        String envoy = "{\"path\":\"/" + "a".repeat(1 << 20) + "\",\"response_code\":200}";
        String escaped =
                "{\"log\":\"" + "\\\"stream\\\":".repeat(100_000) + "\",\"kubernetes\":{}}";
        String unclosed = "{\"reporter\":\"src\",\"x\":\"" + "\u00e9".repeat(300_000);
        for (String line : List.of(envoy, escaped, unclosed)) {
            assertSameAnswer(line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(answers)
                .containsKeys(
                        LineFormat.ENVOY_JSON,
                        LineFormat.FLUENT_BIT_ENVELOPE,
                        LineFormat.CALICO_JSON);
    }

    private void assertSameAnswer(byte[] line) {
        LineFormat expected = ReferenceLineFormatSniffer.sniff(line, 0, line.length);
        answers.merge(expected, 1, Integer::sum);
        String shown = new String(line, StandardCharsets.UTF_8);
        assertThat(LineFormatSniffer.sniff(line, 0, line.length)).as(shown).isEqualTo(expected);
        assertThat(LineFormatSniffer.sniffLayer(line, 0, line.length))
                .as(shown)
                .isEqualTo(ReferenceLineFormatSniffer.sniffLayer(line, 0, line.length));
        // In place, with something to misread on both sides, at every alignment to a word.
        int offset = OUTSIDE.length + line.length % 8;
        byte[] padded = new byte[offset + line.length + OUTSIDE.length];
        System.arraycopy(OUTSIDE, 0, padded, offset - OUTSIDE.length, OUTSIDE.length);
        System.arraycopy(line, 0, padded, offset, line.length);
        System.arraycopy(OUTSIDE, 0, padded, offset + line.length, OUTSIDE.length);
        assertThat(LineFormatSniffer.sniff(padded, offset, line.length))
                .as(shown)
                .isEqualTo(expected);
        assertThat(LineFormatSniffer.sniffLayer(padded, offset, line.length))
                .as(shown)
                .isEqualTo(ReferenceLineFormatSniffer.sniffLayer(line, 0, line.length));
    }

    private static List<byte[]> sampleLines() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SharedFiles.path("formats"))) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (!Files.isRegularFile(file)
                        || file.getFileName().toString().endsWith(".SOURCE.txt")) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }
}
