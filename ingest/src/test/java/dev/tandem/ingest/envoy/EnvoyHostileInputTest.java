package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ELASTIC;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input a real sidecar would not write, or an attacker would: every case ends in a dead letter. */
class EnvoyHostileInputTest {
    /** A well-formed Istio 1.9+ line to break in specific places. */
    static final String LINE = lines(ELASTIC + "test-access-logs.log").get(3);

    /** The same request as Istio JSON. */
    static final String JSON = lines(ELASTIC + "test-access-json-logs.log").get(0);

    static DeadLetter deadLetter(Decoder<ProxyRequest> decoder, byte[] input) {
        Decoded<ProxyRequest> result = decoder.decode(input, 11);
        assertThat(result.isOk()).as("expected a dead letter, got %s", result).isFalse();
        DeadLetter letter = result.deadLetter();
        assertThat(letter.detail()).isNotBlank().doesNotContain("\n");
        assertThat(letter.source()).isEqualTo(decoder.sourceName());
        assertThat(letter.position()).isEqualTo(11);
        return letter;
    }

    static byte[] withBytes(String text, String marker, byte... replacement) {
        byte[] bytes = utf8(text);
        byte[] needle = utf8(marker);
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                byte[] out = new byte[bytes.length - needle.length + replacement.length];
                System.arraycopy(bytes, 0, out, 0, i);
                System.arraycopy(replacement, 0, out, i, replacement.length);
                System.arraycopy(
                        bytes,
                        i + needle.length,
                        out,
                        i + replacement.length,
                        bytes.length - i - needle.length);
                return out;
            }
        }
        throw new IllegalArgumentException("marker not found: " + marker);
    }

    static byte[] tenMegabytes(byte fill, String prefix) {
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, fill);
        byte[] head = utf8(prefix);
        System.arraycopy(head, 0, big, 0, head.length);
        return big;
    }

    @Nested
    class Text {
        private final EnvoyTextDecoder decoder = new EnvoyTextDecoder();

        private ProxyRequest ok(byte[] input) {
            Decoded<ProxyRequest> result = decoder.decode(input, 1);
            assertThat(result.isOk()).as("decoded -> %s", result).isTrue();
            return result.value();
        }

        private DeadLetter failed(byte[] input) {
            return deadLetter(decoder, input);
        }

        @ParameterizedTest(name = "line ending {0}")
        @ValueSource(strings = {"\n", "\r\n", "  \n", "\r\n\r\n"})
        void trailingLineEndingsAreIgnored(String ending) {
            assertThat(ok(utf8(LINE + ending))).isEqualTo(ok(utf8(LINE)));
        }

        @Test
        void aLineInsideALargerBufferDecodesFromItsOffset() {
            byte[] buffer = utf8("garbage before\n" + LINE + "\ngarbage after");
            int offset = "garbage before\n".length();
            int length = utf8(LINE).length;

            assertThat(decoder.decode(buffer, offset, length, 2).value()).isEqualTo(ok(utf8(LINE)));
            DeadLetter letter = decoder.decode(buffer, 0, offset, 1).deadLetter();
            assertThat(letter.originalText()).isEqualTo("garbage before\n");
        }

        @Test
        void rangesOutsideTheArrayAreDeadLettersNotExceptions() {
            assertThat(decoder.decode(utf8(LINE), 5, 10_000, 1).deadLetter().detail())
                    .contains("outside an array");
            assertThat(decoder.decode(utf8(LINE), -1, 3, 1).isOk()).isFalse();
            assertThat(decoder.decode(null, 0, 0, 1).deadLetter().detail()).contains("null");
        }

        @Test
        void tenMegabyteLineIsTooLargeAndNeverParsed() {
            DeadLetter letter = failed(tenMegabytes((byte) 'a', "[2022-08-22T13:08:23.188Z] \""));

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(letter.detail()).contains("10485760 bytes");
        }

        @ParameterizedTest(name = "blank input {0}")
        @ValueSource(strings = {"", " ", "\n", "\r\n", " \t \n"})
        void blankInputIsEmpty(String blank) {
            assertThat(failed(utf8(blank)).reason()).isEqualTo(DeadLetterReason.EMPTY);
        }

        @Test
        void unicodeUserAgentIsDecodedExactly() {
            String agent = "Mozilla/5.0 (日本語; Ünïcödé) 🚀 Ωmega";

            assertThat(ok(utf8(LINE.replace("curl/7.79.1", agent))).userAgent()).isEqualTo(agent);
        }

        @ParameterizedTest(name = "invalid UTF-8 {0}")
        @CsvSource({
            "lone 0xFF, FF",
            "stray continuation byte, 80",
            "overlong slash, C0AF",
            "UTF-16 surrogate, EDA080",
            "above U+10FFFF, F4908080",
            "truncated euro sign, E282"
        })
        void invalidUtf8IsBadEncoding(String name, String hex) {
            byte[] bad = new byte[hex.length() / 2];
            for (int i = 0; i < bad.length; i++) {
                bad[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }

            DeadLetter letter = failed(withBytes(LINE, "curl/7.79.1", bad));

            assertThat(letter.reason()).as(name).isEqualTo(DeadLetterReason.BAD_ENCODING);
            assertThat(letter.detail()).startsWith("invalid UTF-8 byte 0x" + hex.substring(0, 2));
        }

        @Test
        void truncatedUtf8AtTheVeryEndIsBadEncoding() {
            byte[] line = utf8(LINE);
            byte[] cut = Arrays.copyOf(line, line.length + 1);
            cut[line.length] = (byte) 0xE2;

            assertThat(failed(cut).reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        }

        @Test
        void anEmbeddedNewlineMeansTwoLinesGluedTogether() {
            DeadLetter letter = failed(utf8(LINE.replace("curl/7.79.1", "curl\n7.79.1")));

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
            assertThat(letter.detail()).contains("control character 0x0A");
        }

        @Test
        void valuesWithQuotesAndYamlSpecialsAreKeptVerbatim() {
            String agent = "key: value # {a: [b, c]} & *ref !tag 'single' \"q\"uoted | > %";

            ProxyRequest r = ok(utf8(LINE.replace("curl/7.79.1", agent)));

            assertThat(r.userAgent()).isEqualTo(agent);
        }

        @Test
        void aQuoteFollowedByASpaceInsideAUserAgentShiftsTheFieldsAndIsMalformed() {
            DeadLetter letter = failed(utf8(LINE.replace("curl/7.79.1", "evil\" \"agent")));

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        }

        @Test
        void truncatedLinesAreDeadLettersUntilOnlyTheRouteNameIsCut() {
            int routeStart = LINE.lastIndexOf(' ') + 1;
            for (int cut = 1; cut <= routeStart; cut++) {
                Decoded<ProxyRequest> result = decoder.decode(utf8(LINE.substring(0, cut)), 1);
                assertThat(result.isOk()).as("cut at %d", cut).isFalse();
                assertThat(result.deadLetter().reason())
                        .as("cut at %d: %s", cut, result.deadLetter().detail())
                        .isIn(
                                DeadLetterReason.MALFORMED_TEXT,
                                DeadLetterReason.INVALID_FIELD,
                                DeadLetterReason.UNSUPPORTED_FORMAT);
            }
            // A cut inside the last field leaves a shorter, well-formed route name: nothing tells.
            assertThat(ok(utf8(LINE.substring(0, routeStart + 3))).routeName()).isEqualTo("def");
        }

        @Test
        void unterminatedQuoteAndBracketAreNamed() {
            assertThat(failed(utf8("[2022-08-22T13:08:23.188Z")).detail()).contains("never closed");
            assertThat(failed(utf8("[2022-08-22T13:08:23.188Z] \"GET /x HTTP/1.1")).detail())
                    .contains("never closed");
        }

        @Test
        void aRequestLineWithoutThreePartsIsMalformed() {
            DeadLetter letter =
                    failed(utf8(LINE.replace("\"GET /reviews/0 HTTP/1.1\"", "\"GET\"")));

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
            assertThat(letter.detail()).contains("METHOD PATH PROTOCOL");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "bytes not a number | ' 0 442 12 12 ' | ' abc 442 12 12 ' | bytes_received",
                    "duration overflow | ' 0 442 12 12 ' | ' 0 442 99999999999999999999 12 ' |"
                            + " duration",
                    "status out of range | ' 200 - via' | ' 1000 - via' | response_code",
                    "port out of range | 10.124.2.6:52930 | 10.124.2.6:99999 |"
                            + " downstream_remote_address",
                    "bad IPv6 bracket | 10.124.2.6:52930 | [2a02:cf40::4e36 |"
                            + " downstream_remote_address",
                    "date out of range | 2022-08-22T13 | 2022-13-22T13 | start_time",
                    "no zone | 23.188Z] | 23.188] | start_time"
                })
        void invalidValuesNameTheirField(String name, String from, String to, String field) {
            assertThat(LINE).contains(from);

            DeadLetter letter = failed(utf8(LINE.replace(from, to)));

            assertThat(letter.reason()).as(name).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(letter.detail()).as(name).startsWith(field + ": ");
        }

        @ParameterizedTest(name = "start time {0}")
        @CsvSource({
            "2022-08-22T13:08:23.188Z, 2022-08-22T13:08:23.188Z",
            "2022-07-22T12:24:12.325744791Z, 2022-07-22T12:24:12.325744791Z",
            "2019-04-03T09:29:00Z, 2019-04-03T09:29:00Z",
            "2022-08-22T15:08:23.188+02:00, 2022-08-22T13:08:23.188Z"
        })
        void everyTimestampFormTheSourcesUse(String written, String expected) {
            ProxyRequest r = ok(utf8(LINE.replace("2022-08-22T13:08:23.188Z", written)));

            assertThat(r.startTime()).isEqualTo(Instant.parse(expected));
        }

        @Test
        void spacesInsideResponseCodeDetailBracesDoNotSplitTheField() {
            ProxyRequest r =
                    ok(
                            utf8(
                                    LINE.replace(
                                            " via_upstream ",
                                            " upstream_reset{remote reset, by peer} ")));

            assertThat(r.responseCodeDetails()).isEqualTo("upstream_reset{remote reset, by peer}");
            assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.124.2.6", 52930));
        }
    }

    @Nested
    class Json {
        private final EnvoyJsonDecoder decoder = new EnvoyJsonDecoder();

        private ProxyRequest ok(String json) {
            Decoded<ProxyRequest> result = decoder.decode(utf8(json), 1);
            assertThat(result.isOk()).as("decoded -> %s", result).isTrue();
            return result.value();
        }

        private DeadLetter failed(String json) {
            return deadLetter(decoder, utf8(json));
        }

        @Test
        void truncatedJsonIsMalformedAtEveryCut() {
            for (int cut = 1; cut < JSON.length() - 1; cut++) {
                DeadLetter letter = deadLetter(decoder, utf8(JSON.substring(0, cut)));
                assertThat(letter.reason())
                        .as("cut at %d", cut)
                        .isEqualTo(DeadLetterReason.MALFORMED_JSON);
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "object for a number | \"response_code\":200 | \"response_code\":{} | response_code:"
                            + " expected a number, found an object",
                    "array for a string | \"method\":\"GET\" | \"method\":[\"GET\"] | method: expected a"
                            + " string, found an array",
                    "boolean for a number | \"bytes_sent\":358 | \"bytes_sent\":true | bytes_sent:"
                            + " expected a number, found a boolean",
                    "negative count | \"bytes_sent\":358 | \"bytes_sent\":-5 | bytes_sent: negative",
                    "fractional duration | \"duration\":15 | \"duration\":1.5 | duration: not a whole"
                            + " number",
                    "text duration | \"duration\":15 | \"duration\":\"soon\" | duration: not a number",
                    "huge integer | \"duration\":15 | \"duration\":123456789012345678901234 |"
                            + " duration: number too large",
                    "status out of range | \"response_code\":200 | \"response_code\":1000 |"
                            + " response_code: not an HTTP status",
                    "epoch start time | \"start_time\":\"2022-09-08T12:51:05.656Z\" |"
                            + " \"start_time\":1662641465 | start_time: not an RFC 3339 timestamp",
                    "bad address | \"upstream_host\":\"10.124.1.5:9080\" |"
                            + " \"upstream_host\":\"10.124.1.5:http\" | upstream_host: bad port"
                })
        void wrongTypesAndValuesAreInvalidFields(
                String name, String from, String to, String detail) {
            assertThat(JSON).contains(from);

            DeadLetter letter = failed(JSON.replace(from, to));

            assertThat(letter.reason()).as(name).isEqualTo(DeadLetterReason.INVALID_FIELD);
            assertThat(letter.detail()).as(name).startsWith(detail);
        }

        @Test
        void deeplyNestedUnknownValueHitsTheDepthLimit() {
            String deep = "[".repeat(100_000) + "]".repeat(100_000);

            DeadLetter letter =
                    failed("{\"start_time\":\"2022-09-08T12:51:05Z\",\"x\":" + deep + "}");

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(letter.detail()).contains("exceeds a limit").contains("nesting depth");
        }

        @Test
        void tenMegabyteRecordIsTooLarge() {
            DeadLetter letter =
                    deadLetter(
                            decoder,
                            tenMegabytes((byte) ' ', "{\"start_time\":\"2022-09-08T12:51:05Z\""));

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        }

        @Test
        void invalidUtf8InAValueIsBadEncoding() {
            byte[] bad = withBytes(JSON, "curl/7.79.1", (byte) 'c', (byte) 0xC3, (byte) 0x28);

            DeadLetter letter = deadLetter(decoder, bad);

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
            int column = JSON.indexOf("curl/7.79.1") + 2; // the byte after the 'c', counted from 1
            assertThat(letter.detail()).isEqualTo("invalid UTF-8 byte 0xC3 at column " + column);
            assertThat(letter.original()).isEqualTo(bad);
        }

        @Test
        void escapesQuotesNewlinesAndUnicodeAreDecoded() {
            ProxyRequest r =
                    ok(
                            JSON.replace(
                                    "\"curl/7.79.1\"",
                                    "\"say \\\"hi\\\"\\nkey: [a] # \\u00fc \\ud83d\\ude80 日本\""));

            assertThat(r.userAgent()).isEqualTo("say \"hi\"\nkey: [a] # ü 🚀 日本");
        }

        @Test
        void twoObjectsOnOneLineAreMalformed() {
            DeadLetter letter = failed(JSON + JSON);

            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(letter.detail()).contains("more content after the JSON object");
        }

        @Test
        void trailingGarbageIsMalformed() {
            assertThat(failed(JSON + " x").reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        }

        @ParameterizedTest(name = "not an object: {0}")
        @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "hello"})
        void nonObjectsAreUnknownFormat(String input) {
            assertThat(failed(input).reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        }

        @ParameterizedTest(name = "line ending {0}")
        @ValueSource(strings = {"\n", "\r\n"})
        void trailingLineEndingsAreIgnored(String ending) {
            assertThat(ok(JSON + ending)).isEqualTo(ok(JSON));
        }

        @ParameterizedTest(name = "start time {0}")
        @CsvSource({
            "2022-09-08T12:51:05.656Z, 2022-09-08T12:51:05.656Z",
            "2022-07-22T12:24:12.325744791Z, 2022-07-22T12:24:12.325744791Z",
            "2019-04-03T09:29:00Z, 2019-04-03T09:29:00Z",
            "2022-09-08T14:51:05.656+02:00, 2022-09-08T12:51:05.656Z"
        })
        void everyTimestampFormTheSourcesUse(String written, String expected) {
            ProxyRequest r = ok(JSON.replace("2022-09-08T12:51:05.656Z", written));

            assertThat(r.startTime()).isEqualTo(Instant.parse(expected));
        }

        @Test
        void blankIsEmpty() {
            assertThat(deadLetter(decoder, "  \n".getBytes(StandardCharsets.UTF_8)).reason())
                    .isEqualTo(DeadLetterReason.EMPTY);
        }
    }
}
