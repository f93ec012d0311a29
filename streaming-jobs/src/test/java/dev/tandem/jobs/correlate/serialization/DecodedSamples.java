package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every record the job's decoder reads from the project's {@code shared/formats} samples. */
public final class DecodedSamples {
    private DecodedSamples() {}

    /** The decoded records of every sample file, files in name order, lines in file order. */
    public static List<Evidence> all() throws IOException {
        List<Evidence> decoded = new ArrayList<>();
        for (Path file : sampleFiles()) {
            byte[] all = Files.readAllBytes(file);
            LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, file.toString());
            int start = 0;
            long position = 1;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    decoder.accept(
                            all,
                            start,
                            i - start,
                            position++,
                            d -> {
                                if (d.isOk()) {
                                    decoded.add(d.value());
                                }
                            });
                    start = i + 1;
                }
            }
        }
        return decoded;
    }

    private static List<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SharedFiles.path("formats"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".SOURCE.txt"))
                    .sorted()
                    .toList();
        }
    }
}
