package dev.tandem.ingest.envelope;

import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The lines of a shared sample file as the bytes a file reader would hand a decoder. */
final class SampleLines {
    private SampleLines() {}

    /** Every line of {@code formats/<relative>}, split on {@code \n}, without the terminator. */
    static List<byte[]> of(String relative) {
        byte[] all;
        try {
            all = Files.readAllBytes(SharedFiles.path("formats/" + relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            lines.add(Arrays.copyOfRange(all, start, all.length));
        }
        return lines;
    }

    /** The first line of {@code formats/<relative>} as text. */
    static String firstAsText(String relative) {
        return new String(of(relative).get(0), StandardCharsets.UTF_8);
    }
}
