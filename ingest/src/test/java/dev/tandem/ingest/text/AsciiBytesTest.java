package dev.tandem.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiBytesTest {
    private static final byte[] LINE =
            "2026-11-27T10:00:00Z stdout F {\"log\":\"é\"} stdout".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STDOUT = AsciiBytes.of(" stdout ");

    @Test
    void findsTheFirstWholeMatchInTheRange() {
        assertThat(AsciiBytes.indexOf(LINE, 0, LINE.length, STDOUT)).isEqualTo(20);
        assertThat(AsciiBytes.indexOf(LINE, 0, LINE.length, AsciiBytes.of("2026"))).isZero();
    }

    @Test
    void aMatchMustEndInsideTheRange() {
        assertThat(AsciiBytes.indexOf(LINE, 0, 27, STDOUT)).isEqualTo(-1);
        assertThat(AsciiBytes.indexOf(LINE, 0, 28, STDOUT)).isEqualTo(20);
        // The last " stdout" has no space after it: the needle would run past the line.
        assertThat(AsciiBytes.indexOf(LINE, 21, LINE.length, STDOUT)).isEqualTo(-1);
    }

    @Test
    void startsWhereItIsTold() {
        assertThat(AsciiBytes.indexOf(LINE, 1, LINE.length, AsciiBytes.of("2026"))).isEqualTo(-1);
        assertThat(AsciiBytes.indexOf(LINE, LINE.length, LINE.length, STDOUT)).isEqualTo(-1);
    }

    @Test
    void nonAsciiBytesAroundAMatchDoNotMatter() {
        byte[] key = AsciiBytes.of("\"}");
        int at = AsciiBytes.indexOf(LINE, 0, LINE.length, key);
        assertThat(at).isPositive();
        assertThat(LINE[at - 1]).isEqualTo((byte) 0xA9); // the last byte of é
    }
}
