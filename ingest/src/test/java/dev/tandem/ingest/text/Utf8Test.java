package dev.tandem.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shared strict UTF-8 check, against the JDK's decoder on {@code REPORT} (which follows the
 * Unicode standard's definition of well-formed UTF-8) as the reference.
 */
class Utf8Test {
    // Bytes where the rules change: ASCII's edge, continuation ranges, every special lead byte.
    private static final int[] EDGES = {
        0x00, 0x2F, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xAF, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
        0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF
    };

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overlong '/' in two bytes, C0AF",
        "overlong '/' in three bytes, E080AF",
        "overlong DEL, C1BF",
        "UTF-16 surrogate, EDA080",
        "above U+10FFFF, F4908080",
        "lead byte beyond UTF-8 (F5), F5808080",
        "five-byte lead, F8",
        "FE, FE",
        "FF, FF",
        "stray continuation byte, 80",
        "lead byte without its continuation, C328",
        "three-byte sequence cut short, E282",
        "four-byte sequence cut short, F09F98"
    })
    void malformedFormsAreFoundAtTheirFirstByte(String name, String hex) {
        // Up to 40 ASCII bytes before: the form falls in every lane of the 32-byte and the 8-byte
        // steps, and after them.
        byte[] form = hex(hex);
        for (int asciiBefore = 0; asciiBefore <= 40; asciiBefore++) {
            byte[] line = concat(ascii(asciiBefore), form, ascii(9));
            assertThat(Utf8.firstMalformed(line, 0, line.length))
                    .as("%s after %d ASCII bytes", name, asciiBefore)
                    .isEqualTo(asciiBefore);
        }
    }

    @Test
    void wellFormedTextOfEveryLengthPasses() {
        String text =
                "GET /é/日本/😀 ok \u007F \u0080 \u07FF \u0800 \uFFFD \uD800\uDC00 \uDBFF\uDFFF";
        for (int asciiBefore = 0; asciiBefore <= 40; asciiBefore++) {
            byte[] line = concat(ascii(asciiBefore), text.getBytes(StandardCharsets.UTF_8));
            assertThat(Utf8.firstMalformed(line, 0, line.length)).isEqualTo(-1);
        }
    }

    @Test
    void onlyTheRangeIsChecked() {
        byte[] line = concat(hex("C0AF"), ascii(20), hex("C0AF"));

        assertThat(Utf8.firstMalformed(line, 2, 22)).isEqualTo(-1);
        assertThat(Utf8.firstMalformed(line, 2, 23)).isEqualTo(22);
        // A sequence cut by the range's end is cut, whatever the array holds after it.
        byte[] euro = concat(ascii(10), hex("E282AC"));
        assertThat(Utf8.firstMalformed(euro, 0, 12)).isEqualTo(10);
        assertThat(Utf8.firstMalformed(euro, 0, 13)).isEqualTo(-1);
    }

    @Test
    void everyLeadAndSecondByteWithEdgeContinuationsAgreesWithTheJdk() {
        CharsetDecoder jdk = strictJdkDecoder();
        byte[] line = new byte[4];
        List<String> disagreements = new ArrayList<>();
        for (int lead = 0x80; lead <= 0xFF; lead++) {
            for (int second = 0; second <= 0xFF; second++) {
                for (int third : EDGES) {
                    for (int fourth : EDGES) {
                        line[0] = (byte) lead;
                        line[1] = (byte) second;
                        line[2] = (byte) third;
                        line[3] = (byte) fourth;
                        for (int length = 1; length <= 4; length++) {
                            int ours = Utf8.firstMalformed(line, 0, length);
                            int jdks = firstMalformedByJdk(jdk, line, 0, length);
                            if (ours != jdks) {
                                disagreements.add(
                                        String.format(
                                                "%s: %d, JDK %d",
                                                HexFormat.of().formatHex(line, 0, length),
                                                ours,
                                                jdks));
                            }
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void mostlyAsciiLinesAgreeWithTheJdkWhereverTheBadByteFalls() {
        CharsetDecoder jdk = strictJdkDecoder();
        Random random = new Random(20261127L);
        for (int i = 0; i < 200_000; i++) {
            byte[] line = new byte[random.nextInt(100)];
            for (int k = 0; k < line.length; k++) {
                line[k] =
                        random.nextInt(4) == 0
                                ? (byte) EDGES[random.nextInt(EDGES.length)]
                                : (byte) ('a' + random.nextInt(26));
            }
            int from = line.length == 0 ? 0 : random.nextInt(line.length);
            int to = from + random.nextInt(line.length - from + 1);
            assertThat(Utf8.firstMalformed(line, from, to))
                    .as("line %d", i)
                    .isEqualTo(firstMalformedByJdk(jdk, line, from, to));
        }
    }

    @Test
    void theDetailNamesTheByteAndItsColumn() {
        byte[] line = concat(ascii(4), hex("C0AF"));

        assertThat(Utf8.malformedDetail(line, 4, 5))
                .isEqualTo("invalid UTF-8 byte 0xC0 at column 5");
    }

    private static CharsetDecoder strictJdkDecoder() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Where the JDK's decoder stops on {@code bytes[from, to)} with an error, or -1. */
    private static int firstMalformedByJdk(CharsetDecoder jdk, byte[] bytes, int from, int to) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        jdk.reset();
        CoderResult result = jdk.decode(in, out, true);
        if (!result.isError()) {
            result = jdk.flush(out);
        }
        return result.isError() ? in.position() : -1;
    }

    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
