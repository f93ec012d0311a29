package dev.tandem.bench;

import dev.tandem.ingest.calico.CalicoFlowLogDecoder;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.JsonSupport;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.envoy.EnvoyJsonDecoder;
import dev.tandem.ingest.envoy.EnvoyTextDecoder;
import dev.tandem.ingest.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Decode throughput per core against a raw Jackson token walk over the same bytes (the foundation
 * issue's benchmark). Prints medians over interleaved rounds and whether each target is met: Calico
 * JSON and Envoy JSON decoders >= 0.8x the token walk; the Envoy TEXT decoder faster than the Envoy
 * JSON decoder on the same requests; at most 1.5 KB allocated per record. Also, with no target of
 * its own, the auto-detecting {@code LogStreamDecoder} over the Envoy JSON lines, against the walk
 * and against the Envoy JSON decoder alone: what the correlate job's proxy source pays per line,
 * and the part of it that is format sniffing.
 *
 * <p>Run: {@code bench/run decoders [--rounds N] [--millis M]}.
 */
public final class DecoderBenchmark {
    private static final int CORPUS = 20_000;
    private static final double ALLOCATION_LIMIT = 1536;
    // For ratios shown to explain others, not held to a target of their own.
    private static final double NO_TARGET = Double.NaN;

    private DecoderBenchmark() {}

    public static void main(String[] args) {
        int rounds = intOption(args, "--rounds", 10);
        long millis = intOption(args, "--millis", 400);

        SyntheticLogs logs = new SyntheticLogs(20261126L);
        List<byte[]> calico = logs.calicoFlowLines(CORPUS);
        List<SyntheticLogs.AccessLine> access = logs.accessLines(CORPUS);
        List<byte[]> envoyText = new ArrayList<>();
        List<byte[]> envoyJson = new ArrayList<>();
        for (SyntheticLogs.AccessLine line : access) {
            envoyText.add(line.text());
            envoyJson.add(line.json());
        }

        TokenWalk walk = new TokenWalk(JsonSupport.factory());
        ToLongFunction<byte[]> calicoDecode = decoding(new CalicoFlowLogDecoder(), calico);
        ToLongFunction<byte[]> jsonDecode = decoding(new EnvoyJsonDecoder(), envoyJson);
        ToLongFunction<byte[]> textDecode = decoding(new EnvoyTextDecoder(), envoyText);
        ToLongFunction<byte[]> autoDecode = autoDecoding(envoyJson);

        System.out.printf(
                Locale.ROOT,
                "Decoder benchmark: %d rounds x %d ms per side, corpus %d records each%n",
                rounds,
                millis,
                CORPUS);
        System.out.printf(
                Locale.ROOT,
                "Average record size: calico %d B, envoy JSON %d B, envoy TEXT %d B%n",
                averageSize(calico),
                averageSize(envoyJson),
                averageSize(envoyText));

        // Warm-up: let the JIT compile every path before anything is timed.
        for (int i = 0; i < 3; i++) {
            Measurement.recordsPerSecond(calico, walk::walk, millis);
            Measurement.recordsPerSecond(calico, calicoDecode, millis);
            Measurement.recordsPerSecond(envoyJson, walk::walk, millis);
            Measurement.recordsPerSecond(envoyJson, jsonDecode, millis);
            Measurement.recordsPerSecond(envoyJson, autoDecode, millis);
            Measurement.recordsPerSecond(envoyText, textDecode, millis);
        }

        Comparison calicoVsWalk = new Comparison("calico decoder / token walk (calico JSON)", 0.8);
        Comparison jsonVsWalk = new Comparison("envoy JSON decoder / token walk (envoy JSON)", 0.8);
        // What the correlate job's proxy source runs per line: format sniffing, then the decoder.
        Comparison autoVsWalk =
                new Comparison("log stream decoder, auto / token walk (envoy JSON)", NO_TARGET);
        // The same, against the Envoy JSON decoder alone: what sniffing each line costs.
        Comparison autoVsJson =
                new Comparison(
                        "log stream decoder, auto / envoy JSON decoder (envoy JSON)", NO_TARGET);
        Comparison textVsJson =
                new Comparison("envoy TEXT decoder / envoy JSON decoder (same requests)", 1.0);
        for (int r = 0; r < rounds; r++) {
            // Alternate which side goes first so that neither always runs on a warmer cache.
            boolean flip = r % 2 == 1;
            calicoVsWalk.round(
                    flip,
                    () -> Measurement.recordsPerSecond(calico, calicoDecode, millis),
                    () -> Measurement.recordsPerSecond(calico, walk::walk, millis));
            jsonVsWalk.round(
                    flip,
                    () -> Measurement.recordsPerSecond(envoyJson, jsonDecode, millis),
                    () -> Measurement.recordsPerSecond(envoyJson, walk::walk, millis));
            autoVsWalk.round(
                    flip,
                    () -> Measurement.recordsPerSecond(envoyJson, autoDecode, millis),
                    () -> Measurement.recordsPerSecond(envoyJson, walk::walk, millis));
            autoVsJson.round(
                    flip,
                    () -> Measurement.recordsPerSecond(envoyJson, autoDecode, millis),
                    () -> Measurement.recordsPerSecond(envoyJson, jsonDecode, millis));
            textVsJson.round(
                    flip,
                    () -> Measurement.recordsPerSecond(envoyText, textDecode, millis),
                    () -> Measurement.recordsPerSecond(envoyJson, jsonDecode, millis));
        }

        System.out.println();
        System.out.println("throughput, median records/s per core:");
        calicoVsWalk.print();
        jsonVsWalk.print();
        autoVsWalk.print();
        autoVsJson.print();
        textVsJson.print();

        System.out.println();
        System.out.println("allocation per record (target <= " + (int) ALLOCATION_LIMIT + " B):");
        allocation("calico decoder", calico, calicoDecode, true);
        allocation("envoy JSON decoder", envoyJson, jsonDecode, true);
        allocation("envoy TEXT decoder", envoyText, textDecode, true);
        allocation("log stream decoder, auto", envoyJson, autoDecode, true);
        allocation("token walk (calico JSON)", calico, walk::walk, false);
        System.out.println("(blackhole " + (Measurement.blackhole & 1) + ")");
    }

    /** A function that decodes one record and fails loudly if the corpus does not decode. */
    private static <T> ToLongFunction<byte[]> decoding(Decoder<T> decoder, List<byte[]> corpus) {
        for (int i = 0; i < 100; i++) {
            Decoded<T> result = decoder.decode(corpus.get(i), i);
            if (!result.isOk()) {
                throw new IllegalStateException(
                        decoder.sourceName()
                                + " rejects the benchmark corpus: "
                                + result.deadLetter());
            }
        }
        return bytes -> decoder.decode(bytes, 0L).isOk() ? 1 : 0;
    }

    /**
     * A function that runs one line through an auto-detecting {@link LogStreamDecoder} (sniffing,
     * then decoding) and fails loudly if the corpus does not decode to one record per line.
     */
    private static ToLongFunction<byte[]> autoDecoding(List<byte[]> corpus) {
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "bench");
        long[] records = new long[1];
        Consumer<Decoded<Evidence>> count = decoded -> records[0] += decoded.isOk() ? 1 : 0;
        for (int i = 0; i < 100; i++) {
            byte[] line = corpus.get(i);
            decoder.accept(line, 0, line.length, i, count);
        }
        if (records[0] != 100) {
            throw new IllegalStateException(
                    "the auto-detecting decoder rejects the benchmark corpus ("
                            + records[0]
                            + " of 100 lines decoded)");
        }
        return bytes -> {
            long before = records[0];
            decoder.accept(bytes, 0, bytes.length, 0L, count);
            return records[0] - before;
        };
    }

    /** Prints bytes per record; the target applies to decoders, the walk is shown for reference. */
    private static void allocation(
            String name, List<byte[]> corpus, ToLongFunction<byte[]> work, boolean targeted) {
        Measurement.bytesAllocatedPerRecord(corpus, work); // warm
        double perRecord = Measurement.bytesAllocatedPerRecord(corpus, work);
        String verdict =
                !targeted
                        ? "(reference, no target)"
                        : perRecord <= ALLOCATION_LIMIT ? "met" : "MISSED";
        System.out.printf(Locale.ROOT, "  %-28s %7.0f B   %s%n", name, perRecord, verdict);
    }

    private static int averageSize(List<byte[]> corpus) {
        long total = 0;
        for (byte[] b : corpus) {
            total += b.length;
        }
        return (int) (total / corpus.size());
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** One ratio measured over interleaved rounds. */
    private static final class Comparison {
        private final String name;
        private final double target;
        private final List<double[]> samples = new ArrayList<>();

        Comparison(String name, double target) {
            this.name = name;
            this.target = target;
        }

        void round(
                boolean flip,
                java.util.function.DoubleSupplier subject,
                java.util.function.DoubleSupplier baseline) {
            double s;
            double b;
            if (flip) {
                b = baseline.getAsDouble();
                s = subject.getAsDouble();
            } else {
                s = subject.getAsDouble();
                b = baseline.getAsDouble();
            }
            samples.add(new double[] {s, b});
        }

        void print() {
            double[] subject = samples.stream().mapToDouble(x -> x[0]).toArray();
            double[] baseline = samples.stream().mapToDouble(x -> x[1]).toArray();
            double[] ratios = samples.stream().mapToDouble(x -> x[0] / x[1]).toArray();
            double ratio = Measurement.median(ratios);
            String verdict = Measurement.verdict(ratio, target);
            System.out.printf(
                    Locale.ROOT,
                    "  %-58s %10.0f vs %10.0f   ratio %.2fx (min %.2f, max %.2f; %s%n",
                    name,
                    Measurement.median(subject),
                    Measurement.median(baseline),
                    ratio,
                    java.util.Arrays.stream(ratios).min().orElse(0),
                    java.util.Arrays.stream(ratios).max().orElse(0),
                    verdict);
        }
    }
}
