package dev.tandem.ingest.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.goldmane.GoldmaneFlowDecoder;
import dev.tandem.ingest.model.KernelFlow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of both kernel flow decoders over real sample lines: thousands of
 * truncated, bit-flipped, re-typed and spliced lines. Whatever arrives, a decoder returns a record
 * or a dead letter with a detail and the exact input bytes; it never throws. The seed is fixed so
 * that a failure replays.
 */
class KernelFlowDecoderFuzzTest {
    private static final long SEED = 0x7A9D_E11CL;
    private static final int ITERATIONS_PER_DECODER = 5000;

    /** Text spliced into lines: JSON structure, escapes, control characters, wrong types. */
    private static final String[] SPLICES = {
        "\"",
        "\\",
        "\n",
        "\r\n",
        "\t",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\u0000",
        "null",
        "-",
        "\"-\"",
        "true",
        "1e309",
        "-0",
        "99999999999999999999999",
        "\"abc\"",
        "[]",
        "{}",
        "\"\u00e9\u4e2d\"",
        "\ud83d\ude00",
        "\"a|b|c\"",
        "\"0|t|n|allow|x\"",
        "NaN",
        "/*",
        "'",
        "\\u0000",
        "\\ud800",
    };

    /** Replacement values for "change the type of a field". */
    private static final String[] VALUES = {
        "null",
        "\"-\"",
        "\"\"",
        "0",
        "-1",
        "1.5",
        "\"abc\"",
        "[]",
        "{}",
        "[\"k=v\"]",
        "{\"labels\":[\"a=b\"]}",
        "true",
        "\"1597086849\"",
        "\"2020-08-10T19:14:09Z\"",
        "18446744073709551616",
        "[null,1,\"x\"]",
        "{\"enforced_policies\":[{}]}",
    };

    @Test
    void calicoDecoderSurvivesMutatedSampleLines() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String file :
                List.of(
                        "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson",
                        "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson",
                        "formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson",
                        "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson",
                        "formats/calico/felix-syslog_observability-clinic_hep-deny.log")) {
            for (String line : CalicoFlowLogDecoderTest.lines(file)) {
                seeds.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        fuzz(new CalicoFlowLogDecoder(), seeds, SEED);
    }

    @Test
    void goldmaneDecoderSurvivesMutatedFixtureFlows() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String resource :
                List.of(
                        "goldmane/emitter-proto-names.ndjson",
                        "goldmane/protojson-camel-case.ndjson",
                        "goldmane/protojson-proto-names-upper-enums.ndjson")) {
            for (String line : resourceLines(resource)) {
                seeds.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        fuzz(new GoldmaneFlowDecoder(), seeds, SEED + 1);
    }

    private static void fuzz(Decoder<KernelFlow> decoder, List<byte[]> seeds, long seed) {
        Random random = new Random(seed);
        Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
        int decoded = 0;
        for (int i = 0; i < ITERATIONS_PER_DECODER; i++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            // Sometimes decode from the middle of a bigger buffer, as a file reader would.
            int pad = random.nextBoolean() ? 0 : 1 + random.nextInt(16);
            byte[] buffer = new byte[input.length + 2 * pad];
            Arrays.fill(buffer, (byte) '}');
            System.arraycopy(input, 0, buffer, pad, input.length);
            long position = i;

            Decoded<KernelFlow> result = decodeWithoutThrowing(decoder, buffer, pad, input, i);

            assertThat(result).as("iteration %d", i).isNotNull();
            if (result.isOk()) {
                decoded++;
                KernelFlow flow = result.value();
                assertThat(flow.action()).isNotNull();
                assertThat(flow.policies()).isNotNull();
                assertThat(flow.source().labels()).isNotNull();
            } else {
                DeadLetter letter = result.deadLetter();
                reasons.merge(letter.reason(), 1, Integer::sum);
                assertThat(letter.detail()).as("iteration %d", i).isNotBlank();
                assertThat(letter.detail()).doesNotContain("\n");
                // The boundary's catch-all for reader bugs must never be what answers.
                assertThat(letter.detail()).as("iteration %d", i).doesNotStartWith("unreadable");
                assertThat(letter.original()).as("iteration %d", i).isEqualTo(input);
                assertThat(letter.source()).isEqualTo(decoder.sourceName());
                assertThat(letter.position()).isEqualTo(position);
            }
            // Same bytes, same answer.
            assertThat(decoder.decode(buffer, pad, input.length, position)).isEqualTo(result);
        }
        // The mutations must exercise both paths, or this test proves little.
        assertThat(decoded).isGreaterThan(ITERATIONS_PER_DECODER / 20);
        assertThat(reasons)
                .containsKeys(
                        DeadLetterReason.MALFORMED_JSON,
                        DeadLetterReason.INVALID_FIELD,
                        DeadLetterReason.BAD_ENCODING);
    }

    private static Decoded<KernelFlow> decodeWithoutThrowing(
            Decoder<KernelFlow> decoder, byte[] buffer, int offset, byte[] input, int iteration) {
        try {
            return decoder.decode(buffer, offset, input.length, iteration);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "decoder threw on iteration "
                            + iteration
                            + " for input: "
                            + new String(input, StandardCharsets.UTF_8),
                    e);
        }
    }

    private static byte[] mutate(byte[] input, Random random) {
        if (input.length == 0) {
            return splice(input, 0, 0, SPLICES[random.nextInt(SPLICES.length)]);
        }
        int at = random.nextInt(input.length);
        switch (random.nextInt(8)) {
            case 0: // truncate
                return Arrays.copyOf(input, at);
            case 1: // flip a byte, often into invalid UTF-8
                byte[] flipped = input.clone();
                flipped[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0x80 | at);
                return flipped;
            case 2: // insert structure, quotes, newlines, unicode
                return splice(input, at, at, SPLICES[random.nextInt(SPLICES.length)]);
            case 3: // delete a span
                int end = Math.min(input.length, at + 1 + random.nextInt(40));
                return splice(input, at, end, "");
            case 4: // duplicate a field at the start of the object
                return duplicateField(input, random);
            case 5: // change the type of some field's value
                return replaceValue(input, random);
            case 6: // grow a number beyond a long
                int digit = indexOfDigit(input, at);
                return digit < 0 ? input : splice(input, digit, digit, "98765432109876543210");
            default: // swap two halves: fields in another order, or broken structure
                byte[] swapped = new byte[input.length];
                System.arraycopy(input, at, swapped, 0, input.length - at);
                System.arraycopy(input, 0, swapped, input.length - at, at);
                return swapped;
        }
    }

    private static byte[] duplicateField(byte[] input, Random random) {
        String text = new String(input, StandardCharsets.UTF_8);
        int start = text.indexOf(",\"", random.nextInt(Math.max(1, text.length())));
        if (start < 0 || text.isEmpty() || text.charAt(0) != '{') {
            return input;
        }
        int end = text.indexOf(",\"", start + 2);
        if (end < 0) {
            return input;
        }
        String field = text.substring(start + 1, end);
        return (text.substring(0, 1) + field + "," + text.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceValue(byte[] input, Random random) {
        String text = new String(input, StandardCharsets.UTF_8);
        int colon = text.indexOf("\":", random.nextInt(Math.max(1, text.length())));
        if (colon < 0) {
            return input;
        }
        int valueStart = colon + 2;
        int valueEnd = valueStart;
        int depth = 0;
        boolean inString = false;
        while (valueEnd < text.length()) {
            char c = text.charAt(valueEnd);
            if (inString) {
                if (c == '\\') {
                    valueEnd++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            valueEnd++;
        }
        valueEnd = Math.min(valueEnd, text.length());
        return (text.substring(0, valueStart)
                        + VALUES[random.nextInt(VALUES.length)]
                        + text.substring(valueEnd))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfDigit(byte[] input, int from) {
        for (int i = from; i < input.length; i++) {
            if (input[i] >= '0' && input[i] <= '9') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] splice(byte[] input, int from, int to, String insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + insert.length());
        out.write(input, 0, from);
        out.writeBytes(insert.getBytes(StandardCharsets.UTF_8));
        out.write(input, to, input.length - to);
        return out.toByteArray();
    }

    private static List<String> resourceLines(String resource) throws IOException {
        try (InputStream in =
                KernelFlowDecoderFuzzTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }
}
