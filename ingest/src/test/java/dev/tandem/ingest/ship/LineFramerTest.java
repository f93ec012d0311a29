package dev.tandem.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    /** One emitted line, copied out of the reused buffer. */
    record Line(String text, long fullLength, long endOffset, boolean containsNul) {}

    @Test
    void findsEveryLineBreakAndNulAtEachPositionOfAWord() {
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                for (byte target : new byte[] {'\n', 0}) {
                    byte[] bytes = new byte[length];
                    Arrays.fill(bytes, (byte) 'a');
                    bytes[at] = target;
                    assertThat(ByteScan.indexOfNewlineOrNul(bytes, 0, length)).isEqualTo(at);
                    assertThat(ByteScan.indexOfNewlineOrNul(bytes, at + 1, length)).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void bytesNextToTheTargetsDoNotMatch() {
        // 0x01 and 0x0b sit one off the NUL and line-break patterns, where a borrow could fool
        // a careless word test; 0x80 and 0x8a set the high bits it looks at.
        byte[] bytes = {1, 0x0b, 9, (byte) 0x80, (byte) 0x8a, (byte) 0xff, 1, 1, 0x0b, 0x0b, '\n'};
        assertThat(ByteScan.indexOfNewlineOrNul(bytes, 0, bytes.length)).isEqualTo(10);
    }

    @Test
    void splitsLinesAcrossChunksWithTheirEndOffsets() throws InterruptedException {
        List<Line> lines = frame(64, 0, 3, "ab\ncd", "e\r\n\nfg");
        assertThat(lines)
                .containsExactly(
                        new Line("ab", 2, 3, false),
                        new Line("cde", 3, 8, false),
                        new Line("", 0, 9, false),
                        new Line("fg", 2, 11, false));
    }

    @Test
    void marksALineWithANulByteEvenWhenTheNulIsInAnEarlierChunk() throws InterruptedException {
        List<Line> lines = frame(64, 100, 0, "ok\nbin\0", "ary\nok again\n");
        assertThat(lines)
                .containsExactly(
                        new Line("ok", 2, 103, false),
                        new Line("bin\0ary", 7, 111, true),
                        new Line("ok again", 8, 120, false));
    }

    @Test
    void aNulPastTheCapDoesNotCountSinceOnlyTheFirstBytesAreKept() throws InterruptedException {
        List<Line> lines = frame(4, 0, 0, "abcdef\0gh\nab\0\n");
        assertThat(lines)
                .containsExactly(new Line("abcd", 9, 10, false), new Line("ab\0", 3, 14, true));
    }

    @Test
    void matchesAByteAtATimeReferenceOnRandomInput() throws InterruptedException {
        Random random = new Random(20261126L);
        byte[] alphabet = {'a', 'b', ' ', '\r', '\n', '\n', 0, 1, 0x0b, (byte) 0x8a};
        for (int trial = 0; trial < 300; trial++) {
            byte[] stream = new byte[random.nextInt(400)];
            for (int i = 0; i < stream.length; i++) {
                stream[i] =
                        random.nextInt(4) == 0
                                ? alphabet[random.nextInt(alphabet.length)]
                                : (byte) ('c' + random.nextInt(20));
            }
            int cap = 1 + random.nextInt(40);
            List<Line> framed = new ArrayList<>();
            LineFramer framer = new LineFramer(cap, 0);
            int at = 0;
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(50));
                byte[] chunk = new byte[n + 16];
                System.arraycopy(stream, at, chunk, 8, n);
                framer.feed(chunk, 8, n, collector(framed));
                at += n;
            }
            framer.flushPartial(collector(framed));
            assertThat(framed).as("trial %d, cap %d", trial, cap).isEqualTo(reference(stream, cap));
        }
    }

    private static List<Line> reference(byte[] stream, int cap) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            boolean last = i == stream.length;
            if (!last && stream[i] != '\n') {
                continue;
            }
            if (last && start == i) {
                break;
            }
            int full = i - start;
            int kept = Math.min(full, cap);
            long fullLength = full;
            if (kept > 0 && kept == full && stream[start + kept - 1] == '\r') {
                kept--;
                fullLength--;
            }
            byte[] text = Arrays.copyOfRange(stream, start, start + kept);
            boolean nul = false;
            for (byte b : text) {
                nul |= b == 0;
            }
            lines.add(
                    new Line(
                            new String(text, StandardCharsets.ISO_8859_1),
                            fullLength,
                            last ? i : i + 1,
                            nul));
            start = i + 1;
        }
        return lines;
    }

    private static List<Line> frame(int cap, long startOffset, int padding, String... chunks)
            throws InterruptedException {
        List<Line> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(cap, startOffset);
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.ISO_8859_1);
            byte[] padded = new byte[bytes.length + 2 * padding];
            System.arraycopy(bytes, 0, padded, padding, bytes.length);
            framer.feed(padded, padding, bytes.length, collector(lines));
        }
        framer.flushPartial(collector(lines));
        return lines;
    }

    private static LineFramer.LineSink collector(List<Line> lines) {
        return (bytes, offset, length, fullLength, endOffset, containsNul) ->
                lines.add(
                        new Line(
                                new String(bytes, offset, length, StandardCharsets.ISO_8859_1),
                                fullLength,
                                endOffset,
                                containsNul));
    }
}
