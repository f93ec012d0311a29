package dev.tandem.ingest.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates the Bookinfo List at random (seeded, so a failure replays) and checks that the decoder
 * answers every input with a snapshot or a well-formed dead letter, and never throws.
 */
class KubectlInventoryFuzzTest {
    private static final long SEED = 20_261_120L;
    private static final int ROUNDS = 400;
    private static final String[] INSERTS = {
        "\"",
        "\\",
        "\n",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "true",
        "1e999",
        "-1",
        "\"None\"",
        "\u00e9",
        "\ud83d\ude80",
        "\"kind\":\"Pod\",",
        "\"items\":5,",
        "\"labels\":{\"a\":[]},"
    };

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length + 1);
            out =
                    switch (random.nextInt(4)) {
                        case 0 -> Arrays.copyOf(out, at);
                        case 1 -> {
                            byte[] flipped = out.clone();
                            if (flipped.length > 0) {
                                flipped[Math.min(at, flipped.length - 1)] =
                                        (byte) random.nextInt(256);
                            }
                            yield flipped;
                        }
                        case 2 -> insert(out, at, INSERTS[random.nextInt(INSERTS.length)]);
                        default -> retype(out, at);
                    };
        }
        return out;
    }

    private static byte[] insert(byte[] in, int at, String text) {
        byte[] piece = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }

    /**
     * Replaces the next string value ({@code "key": "value"}) with a number: the JSON stays well
     * formed, the field gets the wrong type.
     */
    private static byte[] retype(byte[] in, int from) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf("\": \"", from);
        if (colon < 0) {
            return in;
        }
        int open = colon + 3;
        int close = open + 1;
        while (close < text.length()
                && (text.charAt(close) != '"' || text.charAt(close - 1) == '\\')) {
            close++;
        }
        if (close >= text.length()) {
            return in;
        }
        return (text.substring(0, open) + "7" + text.substring(close + 1))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void mutatedListsGiveASnapshotOrADeadLetterNeverAnException() {
        Random random = new Random(SEED);
        byte[] bookinfo = InventoryInputs.bookinfo();
        int snapshots = 0;
        int partial = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(bookinfo, random);
            Decoded<InventoryDecodeResult> result = InventoryInputs.decode(input);
            if (result.isOk()) {
                snapshots++;
                InventoryDecodeResult read = result.value();
                partial += read.complete() ? 0 : 1;
                for (DeadLetter skipped : read.skipped()) {
                    assertThat(skipped.detail()).isNotBlank().doesNotContain("\n");
                }
            } else {
                assertThat(result.deadLetter().detail()).isNotBlank().doesNotContain("\n");
            }
        }
        // Mutations must leave some documents readable, some with skipped items, and break
        // others, or the fuzzing is idle.
        assertThat(snapshots).isBetween(1, ROUNDS - 1);
        assertThat(partial).isPositive();
    }
}
