package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputBudgetTest {
    private static final long MIB = 1024 * 1024;

    @TempDir Path dir;

    /** Sparse: as big as {@code bytes} to Files.size, without writing them. */
    private Path file(String name, long bytes) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return file;
    }

    @Test
    void inputsThatFitTheHeapPass() throws IOException {
        List<Path> flows = List.of(file("flows.log", 10 * MIB));
        List<Path> proxy = List.of(file("proxy.log", 20 * MIB));

        assertThatCode(() -> InputBudget.check(flows, proxy, 512 * MIB)).doesNotThrowAnyException();
    }

    @Test
    void inputsTooBigForTheHeapAreRefusedSayingWhatToDo() throws IOException {
        List<Path> flows = List.of(file("flows.log", 100 * MIB));
        List<Path> proxy = List.of(file("proxy-1.log", 100 * MIB), file("proxy-2.log", 100 * MIB));

        assertThatThrownBy(() -> InputBudget.check(flows, proxy, 1024 * MIB))
                .isInstanceOf(AnalyzeException.class)
                .hasMessage(
                        "the inputs total 0.3 GiB and analyze holds them in memory, about 4 times"
                                + " their size, more than this JVM's 1.0 GiB heap: give it more"
                                + " (TANDEM_JAVA_OPTS=-Xmx2g) or analyze fewer hours at a time");
    }

    /** Flink copies each kind of input into one byte array: no heap makes that bigger. */
    @Test
    void oneKindOfInputBeyondWhatAnArrayHoldsIsRefusedWhateverTheHeap() throws IOException {
        List<Path> flows = List.of(file("flows.log", MIB));
        List<Path> proxy = List.of(file("proxy.log", InputBudget.MAX_BYTES_PER_KIND + 1));

        assertThatThrownBy(() -> InputBudget.check(flows, proxy, 64L * 1024 * MIB))
                .isInstanceOf(AnalyzeException.class)
                .hasMessageStartingWith("the --proxy files total 1.8 GiB, more than the 1.8 GiB");
    }
}
