package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.testing.ByteMutator;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Feeds every real sample line, mutated by a seeded random, through the whole auto-detecting
 * pipeline (envelopes, sniffing, every decoder): nothing may throw, and every line must come out as
 * a record or a dead letter that keeps bytes and says why.
 */
class LogStreamDecoderFuzzTest {
    private static final long SEED = 0x7A_0D_E5L;
    private static final int ROUNDS = 20_000;
    private static final List<String> INSERTS =
            List.of(
                    "\"",
                    "\\",
                    "{",
                    "}",
                    "[",
                    "]",
                    ",",
                    ":",
                    "|",
                    "\u0000",
                    "\n",
                    "\u00e9",
                    "\uD83D\uDE00",
                    "null",
                    "-1",
                    "99999999999999999999",
                    "\"log\":",
                    "stdout F ",
                    "[2022-01-01T00:00:00Z] ",
                    "{\"Key\":{}}");

    @Test
    void noMutatedLineEverEscapesAsAnException() throws IOException {
        List<byte[]> corpus = sampleLines();
        assertThat(corpus).hasSizeGreaterThan(50);
        ByteMutator mutator = new ByteMutator(new Random(SEED), INSERTS);
        Random random = new Random(SEED + 1);
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "fuzz");
        List<Decoded<Evidence>> results = new ArrayList<>();
        int records = 0;
        int deadLetters = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] original = corpus.get(random.nextInt(corpus.size()));
            // One line in six goes in untouched: real lines must still decode among the noise.
            byte[] line = random.nextInt(6) == 0 ? original : mutator.mutate(original);
            results.clear();
            decoder.accept(line, 0, line.length, round, results::add);
            for (Decoded<Evidence> result : results) {
                if (result.isOk()) {
                    records++;
                } else {
                    deadLetters++;
                    assertThat(result.deadLetter().detail()).isNotBlank();
                    assertThat(result.deadLetter().source()).isNotBlank();
                }
            }
        }
        decoder.finish(results::add);
        // The mutations must leave some lines readable and break others, or the test proves
        // nothing.
        assertThat(records).isGreaterThan(ROUNDS / 20);
        assertThat(deadLetters).isGreaterThan(ROUNDS / 4);
    }

    private static List<byte[]> sampleLines() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SharedFiles.path("formats"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!Files.isRegularFile(file)
                        || name.endsWith(".SOURCE.txt")
                        || name.endsWith(".json")
                        || name.endsWith(".tsv")) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        lines.add(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return lines;
    }
}
