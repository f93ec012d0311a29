package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed UTF-8 in every format a log stream may hold, JSON or text, bare or in an envelope: each
 * such line costs exactly one {@code BAD_ENCODING} dead letter naming the byte and its column, and
 * the lines around it decode as if it were not there. Jackson alone read the overlong forms as
 * ASCII ({@code C0 AF} as {@code /}) and surrogates or code points above U+10FFFF as {@code ?}.
 */
class MalformedUtf8Test {
    private static final String CRI_PREFIX = "2022-07-22T12:24:12.325744791Z stdout F ";

    /** A real line of each format, and an ASCII text inside one of its string values. */
    enum Format {
        CALICO_JSON(
                firstLine("formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson"),
                "bz-n8kf-kadm-node-1"),
        GOLDMANE_JSON(firstResourceLine("/goldmane/emitter-proto-names.ndjson"), "frontend"),
        ENVOY_JSON(envoyJson(), "curl/7.79.1"),
        ENVOY_TEXT(envoyText(), "curl/7.79.1"),
        FLUENT_BIT_LOG(fluentBit(envoyJson()), "curl/7.79.1"),
        FLUENT_BIT_METADATA(fluentBit(envoyJson()), "reviews-v1"),
        CRI_ENVOY_JSON(CRI_PREFIX + envoyJson(), "curl/7.79.1"),
        CRI_ENVOY_TEXT(CRI_PREFIX + envoyText(), "curl/7.79.1");

        final String line;
        final String marker;

        Format(String line, String marker) {
            this.line = line;
            this.marker = marker;
        }

        /** The line with {@code inserted} just before the marker. */
        byte[] withBefore(byte[] inserted) {
            int at = line.indexOf(marker);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(line.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(inserted);
            out.writeBytes(line.substring(at).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        /** The bytes a dead letter for this format keeps: the inner line, for a CRI envelope. */
        byte[] keptBy(byte[] arrived) {
            if (name().startsWith("CRI_")) {
                return Arrays.copyOfRange(arrived, CRI_PREFIX.length(), arrived.length);
            }
            return arrived;
        }
    }

    static Stream<Arguments> malformedFormsInEveryFormat() {
        String[][] forms = {
            {"overlong '/' in two bytes", "C0AF"},
            {"overlong '/' in three bytes", "E080AF"},
            {"overlong DEL", "C1BF"},
            {"UTF-16 surrogate", "EDA080"},
            {"above U+10FFFF", "F4908080"},
            {"FF", "FF"},
            {"lead byte without its continuation", "C328"},
            {"five-byte lead", "F8"},
            {"FE", "FE"},
            {"stray continuation byte", "80"},
            {"three-byte sequence cut short", "E282"},
        };
        List<Arguments> cases = new ArrayList<>();
        for (Format format : Format.values()) {
            for (String[] form : forms) {
                cases.add(Arguments.of(format, form[0], HexFormat.of().parseHex(form[1])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedFormsInEveryFormat")
    void aMalformedLineIsOneBadEncodingDeadLetterAndItsNeighboursDecode(
            Format format, String name, byte[] form) {
        byte[] good = format.line.getBytes(StandardCharsets.UTF_8);
        byte[] bad = format.withBefore(form);

        List<Decoded<Evidence>> results = decodeStream(good, bad, good);

        assertThat(results).hasSize(3);
        Evidence alone = decodeStream(good).get(0).value();
        assertThat(results.get(0).isOk()).as("%s", results.get(0)).isTrue();
        assertThat(results.get(0).value()).isEqualTo(alone);
        assertThat(results.get(2).isOk()).as("%s", results.get(2)).isTrue();
        assertThat(results.get(2).value()).isEqualTo(alone);
        DeadLetter letter = results.get(1).deadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(letter.position()).isEqualTo(2);
        byte[] kept = format.keptBy(bad);
        assertThat(letter.original()).isEqualTo(kept);
        int column = indexOf(kept, form) + 1;
        assertThat(letter.detail())
                .isEqualTo(
                        String.format(
                                "invalid UTF-8 byte 0x%02X at column %d", form[0] & 0xFF, column));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aSequenceCutOffByTheEndOfTheLineIsBadEncoding(Format format) {
        byte[] good = format.line.getBytes(StandardCharsets.UTF_8);
        byte[] cut = HexFormat.of().parseHex("F09F98"); // the first three bytes of an emoji
        byte[] bad = new byte[good.length + cut.length];
        System.arraycopy(good, 0, bad, 0, good.length);
        System.arraycopy(cut, 0, bad, good.length, cut.length);

        List<Decoded<Evidence>> results = decodeStream(good, bad, good);

        assertThat(results).hasSize(3);
        assertThat(results.get(0).isOk()).isTrue();
        assertThat(results.get(1).deadLetter().reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(results.get(1).deadLetter().detail()).startsWith("invalid UTF-8 byte 0xF0");
        assertThat(results.get(2).isOk()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void wellFormedMultiByteTextDecodesUnchanged(Format format) {
        String text = "é-日本-😀-";
        byte[] line = format.withBefore(text.getBytes(StandardCharsets.UTF_8));

        Decoded<Evidence> result = decodeStream(line).get(0);

        assertThat(result.isOk()).as("%s", result).isTrue();
        assertThat(result.value().toString()).contains(text + format.marker);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i <= bytes.length - part.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /** The results of decoding {@code lines} as one stream, one line each, numbered from 1. */
    private static List<Decoded<Evidence>> decodeStream(byte[]... lines) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            stream.writeBytes(line);
            stream.write('\n');
        }
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "test");
        List<Decoded<Evidence>> results = new ArrayList<>();
        try {
            BoundedLineReader reader =
                    new BoundedLineReader(new ByteArrayInputStream(stream.toByteArray()));
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                decoder.accept(line, results::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        decoder.finish(results::add);
        return results;
    }

    private static String envoyJson() {
        return firstLine("formats/envoy/elastic-integrations-istio/test-access-json-logs.log");
    }

    private static String envoyText() {
        return lines("formats/envoy/elastic-integrations-istio/test-access-logs.log").get(3);
    }

    /** {@code line} as Fluent Bit's kubernetes filter writes it. */
    private static String fluentBit(String line) {
        String escaped = line.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"log\":\""
                + escaped
                + "\\n\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":\"reviews-v1-545db77b95-2ps8x\","
                + "\"namespace_name\":\"default\",\"labels\":{\"app\":\"reviews\"}}}";
    }

    private static String firstLine(String shared) {
        return lines(shared).get(0);
    }

    private static List<String> lines(String shared) {
        try {
            return Files.readAllLines(SharedFiles.path(shared), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstResourceLine(String resource) {
        try (InputStream in = MalformedUtf8Test.class.getResourceAsStream(resource)) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.substring(0, all.indexOf('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
