package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.Evidence;
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
    private static final String[] INSERTS = {
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
        "{\"Key\":{}}"
    };

    @Test
    void noMutatedLineEverEscapesAsAnException() throws IOException {
        List<byte[]> corpus = sampleLines();
        assertThat(corpus).hasSizeGreaterThan(50);
        Random random = new Random(SEED);
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "fuzz");
        List<Decoded<Evidence>> results = new ArrayList<>();
        int records = 0;
        int deadLetters = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] line = mutate(corpus.get(random.nextInt(corpus.size())), random);
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

    private static byte[] mutate(byte[] line, Random random) {
        byte[] out = line.clone();
        switch (random.nextInt(6)) {
            case 0: // keep it as it is: real lines must still decode among the noise
                return out;
            case 1: // truncate
                return java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 2: // flip a few bytes
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    if (out.length > 0) {
                        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                    }
                }
                return out;
            case 3: // insert a hostile snippet
                {
                    byte[] insert =
                            INSERTS[random.nextInt(INSERTS.length)].getBytes(
                                    StandardCharsets.UTF_8);
                    int at = random.nextInt(out.length + 1);
                    byte[] grown = new byte[out.length + insert.length];
                    System.arraycopy(out, 0, grown, 0, at);
                    System.arraycopy(insert, 0, grown, at, insert.length);
                    System.arraycopy(out, at, grown, at + insert.length, out.length - at);
                    return grown;
                }
            case 4: // duplicate a slice
                {
                    int from = random.nextInt(out.length + 1);
                    int to = from + random.nextInt(out.length - from + 1);
                    byte[] grown = new byte[out.length + (to - from)];
                    System.arraycopy(out, 0, grown, 0, to);
                    System.arraycopy(out, from, grown, to, out.length - from);
                    return grown;
                }
            default: // swap digits for letters, as a wrong type would
                for (int i = 0; i < out.length; i++) {
                    if (out[i] >= '0' && out[i] <= '9' && random.nextInt(8) == 0) {
                        out[i] = 'x';
                    }
                }
                return out;
        }
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
