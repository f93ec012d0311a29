package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.testing.ByteMutator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final List<String> INSERTS =
            List.of(
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
                    "2022-07-22T12:24:12Z");

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
        ByteMutator mutator = new ByteMutator(random, INSERTS);
        List<byte[]> seeds = seeds();
        int ok = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutator.mutate(seeds.get(random.nextInt(seeds.size())));
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
        ByteMutator mutator = new ByteMutator(random, INSERTS);
        List<byte[]> seeds = seeds();
        CriPartialLineJoiner joiner = new CriPartialLineJoiner();
        int completed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutator.mutate(seeds.get(random.nextInt(seeds.size())));
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
