package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ELASTIC;
import static dev.tandem.ingest.envoy.EnvoySamples.ISSUES;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates real sample lines with a seeded random (so a failure replays exactly) and feeds every
 * mutant to both decoders: they must never throw, must return a record or a dead letter with a
 * one-line detail and the original bytes, and must give the same answer twice.
 */
class EnvoyDecoderFuzzTest {
    private static final long SEED = 0x7A4DE4L;
    private static final int ROUNDS = 20_000;

    private static final byte[][] SPLICES = {
        utf8("\""),
        utf8("\n"),
        utf8("\r\n"),
        utf8(" "),
        utf8("-"),
        utf8("{"),
        utf8("}"),
        utf8("["),
        utf8("]"),
        utf8(":"),
        utf8(","),
        utf8("\\"),
        utf8("\\u0000"),
        utf8("é"),
        utf8("🚀"),
        utf8("日本"),
        {(byte) 0xFF},
        {(byte) 0xC3},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        utf8("99999999999999999999"),
        utf8("spiffe://cluster.local/ns/a/sa/b"),
        utf8("\t"),
        utf8("\"start_time\":null,"),
        utf8("\"response_code\":{\"a\":[1]},"),
        {0}
    };

    private static final byte[][] TYPE_CHANGES = {
        utf8("null"), utf8("true"), utf8("{}"), utf8("[]"), utf8("-1"), utf8("1e999"), utf8("\"7\"")
    };

    private final List<Decoder<ProxyRequest>> decoders =
            List.of(new EnvoyTextDecoder(), new EnvoyJsonDecoder());

    private static List<byte[]> seeds() {
        List<String> texts = new ArrayList<>();
        texts.addAll(lines(ELASTIC + "test-access-logs.log"));
        texts.addAll(lines(ELASTIC + "test-access-failed.log"));
        texts.addAll(lines(ELASTIC + "test-access-json-logs.log"));
        texts.addAll(lines(ISSUES + "istio-issues_text-access-logs.log"));
        texts.addAll(lines(ISSUES + "istio-issues_text-access-logs_istio-1.8-format.log"));
        texts.addAll(lines(ISSUES + "istio-issues_json-access-log_blackhole.ndjson"));
        texts.addAll(lines(ISSUES + "ztunnel-ambient_access-log.log"));
        List<byte[]> seeds = new ArrayList<>();
        texts.forEach(text -> seeds.add(utf8(text)));
        return seeds;
    }

    @Test
    void mutatedSampleLinesNeverThrowAndAlwaysExplainThemselves() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        Map<ProxyLogFormat, Integer> decoded = new EnumMap<>(ProxyLogFormat.class);
        int deadLetters = 0;

        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            for (Decoder<ProxyRequest> decoder : decoders) {
                Decoded<ProxyRequest> result = decodeSafely(decoder, input, round);
                if (result.isOk()) {
                    ProxyRequest r = result.value();
                    assertThat(r.startTime()).isNotNull();
                    assertThat(r.responseCode()).isBetween(0, 999);
                    assertThat(r.bytesReceived()).isNotNegative();
                    assertThat(r.bytesSent()).isNotNegative();
                    decoded.merge(r.format(), 1, Integer::sum);
                } else {
                    DeadLetter letter = result.deadLetter();
                    assertThat(letter.detail())
                            .as("round %d: %s", round, letter)
                            .isNotBlank()
                            .doesNotContain("\n")
                            .doesNotStartWith("unexpected ");
                    assertThat(letter.source()).isEqualTo(decoder.sourceName());
                    assertThat(letter.position()).isEqualTo(round);
                    assertThat(letter.original()).isEqualTo(input);
                    deadLetters++;
                }
                assertThat(decodeSafely(decoder, input, round)).isEqualTo(result);
            }
        }
        // The mutations must leave some lines readable, or the test would only exercise failures.
        assertThat(decoded.getOrDefault(ProxyLogFormat.TEXT, 0)).isGreaterThan(ROUNDS / 20);
        assertThat(decoded.getOrDefault(ProxyLogFormat.JSON, 0)).isGreaterThan(ROUNDS / 100);
        assertThat(deadLetters).isGreaterThan(ROUNDS / 2);
    }

    private static Decoded<ProxyRequest> decodeSafely(
            Decoder<ProxyRequest> decoder, byte[] input, long position) {
        try {
            Decoded<ProxyRequest> result = decoder.decode(input, position);
            assertThat(result).isNotNull();
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(
                    decoder.sourceName() + " threw on " + Arrays.toString(input), e);
        }
    }

    private static byte[] mutate(byte[] input, Random random) {
        if (input.length == 0) {
            return SPLICES[random.nextInt(SPLICES.length)].clone();
        }
        int at = random.nextInt(input.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 64);
        switch (random.nextInt(7)) {
            case 0 -> out.write(input, 0, at); // truncate
            case 1 -> { // flip one byte
                byte[] copy = input.clone();
                int i = Math.min(at, copy.length - 1);
                copy[i] = (byte) (copy[i] ^ (1 << random.nextInt(8)));
                return copy;
            }
            case 2 -> { // insert a structural or unicode fragment
                out.write(input, 0, at);
                out.writeBytes(SPLICES[random.nextInt(SPLICES.length)]);
                out.write(input, at, input.length - at);
            }
            case 3 -> { // duplicate a slice (a repeated field or key)
                int end = at + random.nextInt(Math.max(1, Math.min(60, input.length - at + 1)));
                out.write(input, 0, end);
                out.write(input, at, end - at);
                out.write(input, end, input.length - end);
            }
            case 4 -> { // delete a slice (a missing field or quote)
                int end = Math.min(input.length, at + 1 + random.nextInt(20));
                out.write(input, 0, at);
                out.write(input, end, input.length - end);
            }
            case 5 -> { // change a type: a digit run becomes a string, object or array
                byte[] replacement = TYPE_CHANGES[random.nextInt(TYPE_CHANGES.length)];
                int start = indexOfDigit(input, at);
                if (start < 0) {
                    return input;
                }
                int end = start;
                while (end < input.length && input[end] >= '0' && input[end] <= '9') {
                    end++;
                }
                out.write(input, 0, start);
                out.writeBytes(replacement);
                out.write(input, end, input.length - end);
            }
            default -> { // deep nesting
                out.write(input, 0, at);
                byte open = random.nextBoolean() ? (byte) '[' : (byte) '{';
                for (int i = 0; i < 40 + random.nextInt(200); i++) {
                    out.write(open);
                }
                out.write(input, at, input.length - at);
            }
        }
        return out.toByteArray();
    }

    private static int indexOfDigit(byte[] input, int from) {
        for (int i = from; i < input.length; i++) {
            if (input[i] >= '0' && input[i] <= '9') {
                return i;
            }
        }
        return -1;
    }
}
