package dev.tandem.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    @Test
    void splitsOnLineFeedAndCarriageReturnLineFeed() throws IOException {
        List<String> lines = readAll("first\r\nsecond\nthird", 100);
        assertThat(lines).containsExactly("1:first", "2:second", "3:third");
    }

    @Test
    void keepsEmptyLinesButNotAPhantomOneAfterTheLastBreak() throws IOException {
        assertThat(readAll("a\n\nb\n", 100)).containsExactly("1:a", "2:", "3:b");
    }

    @Test
    void emptyStreamHasNoLines() throws IOException {
        assertThat(readAll("", 100)).isEmpty();
    }

    @Test
    void cutsLongLinesAtTheCapAndResumesAtTheNextLine() throws IOException {
        String huge = "x".repeat(10 * 1024 * 1024);
        BoundedLineReader reader = reader(huge + "\nafter\n", 1024);

        BoundedLineReader.Line cut = reader.next();
        assertThat(cut.length()).isEqualTo(1024);
        assertThat(cut.fullLength()).isEqualTo(huge.length());
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.bytes().length).as("buffer stays bounded").isLessThanOrEqualTo(1024);

        BoundedLineReader.Line next = reader.next();
        assertThat(new String(next.copy(), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(next.number()).isEqualTo(2);
        assertThat(reader.next()).isNull();
    }

    @Test
    void passesInvalidUtf8Through() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, (byte) 0x28, '\n'};
        BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(bytes), 100);
        assertThat(reader.next().copy()).containsExactly('a', (byte) 0xC3, (byte) 0x28);
    }

    @Test
    void readsLinesSpanningManyReadCalls() throws IOException {
        // A stream that hands out one byte per read, as a pipe may.
        byte[] data = "alpha\nbeta\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle =
                new InputStream() {
                    int pos;

                    @Override
                    public int read() {
                        return pos < data.length ? data[pos++] : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (pos >= data.length) {
                            return -1;
                        }
                        b[off] = data[pos++];
                        return 1;
                    }
                };
        BoundedLineReader reader = new BoundedLineReader(trickle, 100);
        assertThat(new String(reader.next().copy(), StandardCharsets.UTF_8)).isEqualTo("alpha");
        assertThat(new String(reader.next().copy(), StandardCharsets.UTF_8)).isEqualTo("beta");
        assertThat(reader.next()).isNull();
    }

    private static BoundedLineReader reader(String text, int cap) {
        return new BoundedLineReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), cap);
    }

    private static List<String> readAll(String text, int cap) throws IOException {
        BoundedLineReader reader = reader(text, cap);
        List<String> out = new ArrayList<>();
        for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
            out.add(line.number() + ":" + new String(line.copy(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
