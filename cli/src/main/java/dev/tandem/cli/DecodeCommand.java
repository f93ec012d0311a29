package dev.tandem.cli;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelFlow;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem decode}: shows what Tandem reads from log files, one canonical record per line. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = {
            "Reads log files and prints what Tandem understands of each line as JSON: a kernel flow, a"
                    + " proxy request, or a dead letter saying why the line could not be read. Use it to check"
                    + " that Tandem reads your cluster's logs before shipping them.",
            ""
        },
        footer = {
            "",
            "Output: one JSON object per line, {\"type\":\"flow\"|\"proxy\"|\"inventory\"|\"deadLetter\", ...}.",
            "A summary goes to standard error. Dead letters are not failures: the exit status stays 0;"
                    + " it is 2 when a file cannot be read.",
            "",
            "Examples:",
            "  tandem decode /var/log/calico/flowlogs/flows.log",
            "  kubectl logs deploy/reviews-v1 -c istio-proxy | tandem decode --kind envoy -",
            "  kubectl get pods,services,namespaces -A -o json > inv.json",
            "  tandem decode --kind inventory inv.json"
        })
final class DecodeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            defaultValue = "auto",
            description =
                    "What the files hold: auto (detect per line), calico, goldmane, envoy, or inventory"
                            + " (kubectl get pods,services,namespaces -A -o json). Default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Write records to FILE instead of standard output.")
    Path out;

    @Option(
            names = "--dead-letters",
            paramLabel = "FILE",
            description = "Write dead letters to FILE instead of mixing them into the output.")
    Path deadLetters;

    @Option(
            names = {"-q", "--quiet"},
            description = "Do not print the summary.")
    boolean quiet;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Files to read; - reads standard input.")
    List<String> files;

    @Override
    public Integer call() throws IOException {
        InputFiles.checkReadable(files);
        DecodeSummary summary = new DecodeSummary();
        try (Writer records = openOutput(out);
                Writer letters = deadLetters == null ? null : openOutput(deadLetters)) {
            Writer letterSink = letters == null ? records : letters;
            for (String file : files) {
                if (kind.equals("inventory")) {
                    decodeInventory(file, records, letterSink, summary);
                } else {
                    decodeLines(file, parseKind(), records, letterSink, summary);
                }
            }
        }
        if (!quiet) {
            spec.commandLine().getErr().println(summary.describe(files.size()));
        }
        return 0;
    }

    private LogKind parseKind() {
        switch (kind) {
            case "auto":
                return LogKind.AUTO;
            case "calico":
                return LogKind.CALICO;
            case "goldmane":
                return LogKind.GOLDMANE;
            case "envoy":
                return LogKind.ENVOY;
            default:
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--kind': '"
                                + kind
                                + "' (expected auto, calico, goldmane, envoy or inventory)");
        }
    }

    private void decodeLines(
            String file, LogKind logKind, Writer records, Writer letters, DecodeSummary summary)
            throws IOException {
        LogStreamDecoder decoder = new LogStreamDecoder(logKind, file);
        try (InputStream in = InputFiles.open(file)) {
            BoundedLineReader reader = new BoundedLineReader(in);
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                long number = line.number();
                summary.lineRead();
                decoder.accept(
                        line, result -> write(result, file, number, records, letters, summary));
            }
            decoder.finish(result -> write(result, file, -1, records, letters, summary));
        }
        summary.blankLines(decoder.blankLines());
    }

    private void decodeInventory(String file, Writer records, Writer letters, DecodeSummary summary)
            throws IOException {
        Decoded<InventoryDecodeResult> decoded;
        try (InputStream in = InputFiles.open(file)) {
            decoded = new KubectlInventoryDecoder().decode(in, file, Instant.now());
        }
        if (!decoded.isOk()) {
            writeDeadLetter(decoded.deadLetter(), letters, summary);
            return;
        }
        InventoryDecodeResult result = decoded.value();
        summary.record("inventory");
        writeLine(records, new OutputLine("inventory", file, null, result.snapshot()));
        for (DeadLetter skipped : result.skipped()) {
            writeDeadLetter(skipped, letters, summary);
        }
    }

    private void write(
            Decoded<Evidence> result,
            String file,
            long line,
            Writer records,
            Writer letters,
            DecodeSummary summary) {
        if (result.isOk()) {
            String type = result.value() instanceof KernelFlow ? "flow" : "proxy";
            summary.record(type);
            writeLine(records, new OutputLine(type, file, line < 0 ? null : line, result.value()));
        } else {
            writeDeadLetter(result.deadLetter(), letters, summary);
        }
    }

    private void writeDeadLetter(DeadLetter letter, Writer letters, DecodeSummary summary) {
        summary.deadLetter(letter.reason());
        writeLine(letters, new OutputLine("deadLetter", null, null, letter));
    }

    private static void writeLine(Writer writer, OutputLine line) {
        try {
            writer.write(CanonicalJson.toJsonLine(line));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Writer openOutput(Path path) throws IOException {
        if (path == null) {
            Writer stdout = spec.commandLine().getOut();
            return new FilterWriter(stdout) {
                @Override
                public void close() throws IOException {
                    flush(); // standard output stays open for picocli's own messages
                }
            };
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("cannot write " + path + ": folder " + parent + " does not exist");
        }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    /** One line of output: what it is, where it came from, and the record. */
    record OutputLine(String type, String source, Long line, Object record) {}
}
