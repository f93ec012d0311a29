package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates real envelope samples at random (seeded, so a failure replays) and checks that every
 * envelope decoder, and the CRI joiner, answers every input with an envelope or a well-formed dead
 * letter, and never throws.
 */
class EnvelopeDecoderFuzzTest {
    private static final long SEED = 20_221_722L;
    private static final int ROUNDS = 6_000;
    private static final String[] INSERTS = {
        "\"",
        "\\",
        "\n",
        "\r\n",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "null",
        "1e999",
        "-",
        "\u00e9",
        "\ud83d\ude80",
        "\"log\":",
        "\"log\":\"dup\",",
        "\"kubernetes\":5,",
        " P ",
        " F ",
        " stderr ",
        "\u0000",
        "\"labels\":{\"a\":[]},",
        "[[",
        "2022-07-22T12:24:12Z"
    };

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.addAll(SampleLines.of(CriEnvelopeDecoderTest.SAMPLE));
        for (String file :
                List.of(
                        "filter_kubernetes_out_core_base.out",
                        "filter_kubernetes_out_merge_log_json.out",
                        "filter_kubernetes_out_with_namespace_labels.out",
                        "filter_kubernetes_out_with_owner_references.out",
                        "filter_kubernetes_in_core_base.log")) {
            seeds.addAll(SampleLines.of("fluent-bit/" + file));
        }
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            out =
                    switch (random.nextInt(6)) {
                        case 0 -> Arrays.copyOf(out, random.nextInt(out.length + 1));
                        case 1 -> flipByte(out, random);
                        case 2 -> insert(out, random, INSERTS[random.nextInt(INSERTS.length)]);
                        case 3 -> duplicateSlice(out, random);
                        case 4 -> insert(out, random, "\"" + random.nextInt() + "\"");
                        default -> replaceDigitsWithQuote(out, random);
                    };
        }
        return out;
    }

    private static byte[] flipByte(byte[] in, Random random) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        return out;
    }

    private static byte[] insert(byte[] in, Random random, String text) {
        byte[] piece = text.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(in.length + 1);
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }

    private static byte[] duplicateSlice(byte[] in, Random random) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = from + random.nextInt(in.length - from + 1);
        return insert(in, random, new String(in, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** Turns a number into a string or a string into a number: a type change. */
    private static byte[] replaceDigitsWithQuote(byte[] in, Random random) {
        byte[] out = in.clone();
        for (int i = random.nextInt(out.length + 1); i < out.length; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = '"';
                return out;
            }
            if (out[i] == '"') {
                out[i] = '7';
                return out;
            }
        }
        return out;
    }

    private static void assertWellFormed(Decoded<Envelope> result, byte[] input, String source) {
        assertThat(result).isNotNull();
        if (result.isOk()) {
            assertThat(result.value().line()).isNotNull();
            return;
        }
        DeadLetter deadLetter = result.deadLetter();
        assertThat(deadLetter.source()).isEqualTo(source);
        assertThat(deadLetter.detail()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        assertThat(deadLetter.detail().length()).isLessThanOrEqualTo(303);
        if (input != null) {
            assertThat(deadLetter.original()).isEqualTo(input);
        }
    }

    private static void fuzz(Decoder<Envelope> decoder) {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        int ok = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Decoded<Envelope> result;
            try {
                result = decoder.decode(input, round);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "round "
                                + round
                                + " threw on: "
                                + new String(input, StandardCharsets.UTF_8),
                        e);
            }
            assertWellFormed(result, input, decoder.sourceName());
            ok += result.isOk() ? 1 : 0;
        }
        // Mutations must leave some inputs readable and break others, or the fuzzing is idle.
        assertThat(ok).isBetween(1, ROUNDS - 1);
    }

    @Test
    void criDecoderNeverThrows() {
        fuzz(new CriEnvelopeDecoder());
    }

    @Test
    void fluentBitDecoderNeverThrows() {
        fuzz(new FluentBitEnvelopeDecoder());
    }

    @Test
    void rawDecoderNeverThrows() {
        fuzz(new RawEnvelopeDecoder());
    }

    @Test
    void criJoinerNeverThrowsAndEndsEmpty() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        CriPartialLineJoiner joiner = new CriPartialLineJoiner();
        int completed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Optional<Decoded<Envelope>> result = joiner.accept(input, round);
            if (result.isPresent()) {
                completed++;
                // A joined record's dead letter carries the joined text, not this line.
                assertWellFormed(result.get(), null, "cri");
            }
        }
        joiner.finish().forEach(unfinished -> assertWellFormed(unfinished, null, "cri"));
        assertThat(joiner.finish()).isEmpty();
        assertThat(completed).isPositive();
    }
}
