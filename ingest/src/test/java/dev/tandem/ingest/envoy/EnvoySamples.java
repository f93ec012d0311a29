package dev.tandem.ingest.envoy;

import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared Envoy/Istio sample files line by line, for the decoder tests. */
final class EnvoySamples {
    static final String ELASTIC = "formats/envoy/elastic-integrations-istio/";
    static final String ISSUES = "formats/envoy/github-issues/";
    static final String ISTIO_DOCS = "formats/envoy/istio-io-docs/";

    private EnvoySamples() {}

    /** Every line of a sample file, without line endings; a missing final newline is fine. */
    static List<String> lines(String relative) {
        try {
            String text = Files.readString(SharedFiles.path(relative), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Envoy line inside a CRI container-log envelope ({@code <time> stdout F <line>}). A
     * stand-in for the real envelope decoder, which is not part of this package.
     */
    static String unwrapCri(String envelope) {
        int afterTime = envelope.indexOf(' ');
        int afterStream = envelope.indexOf(' ', afterTime + 1);
        int afterFlag = envelope.indexOf(' ', afterStream + 1);
        if (afterTime < 0 || afterStream < 0 || afterFlag < 0) {
            throw new IllegalArgumentException("not a CRI envelope: " + envelope);
        }
        return envelope.substring(afterFlag + 1);
    }

    /** One row of the istio.io legacy TSV: where the line was found and the log line itself. */
    record LegacyLine(String path, int lineNo, String logLine) {
        @Override
        public String toString() {
            return path.substring(path.lastIndexOf("/content/en/") + 1) + ":" + lineNo;
        }
    }

    /** The data rows of {@code istio-io-2019_legacy-format-lines.tsv} (header skipped). */
    static List<LegacyLine> legacyLines() {
        List<String> rows = lines(ISTIO_DOCS + "istio-io-2019_legacy-format-lines.tsv");
        if (!rows.get(0).equals("path\tline_no\tlog_line")) {
            throw new IllegalStateException("unexpected TSV header: " + rows.get(0));
        }
        List<LegacyLine> result = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] columns = row.split("\t", 3);
            result.add(new LegacyLine(columns[0], Integer.parseInt(columns[1]), columns[2]));
        }
        return result;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
