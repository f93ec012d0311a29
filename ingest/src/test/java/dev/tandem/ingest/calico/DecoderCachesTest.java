package dev.tandem.ingest.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.goldmane.GoldmaneFlowDecoder;
import dev.tandem.ingest.model.KernelFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The caches that make repeated values free must never change an answer: not when keys collide, not
 * when entries are evicted, not when threads race on a shared decoder.
 */
class DecoderCachesTest {

    @Test
    void manyThreadsSharingOneDecoderGetTheSameAnswersAsOne() throws Exception {
        List<byte[]> calicoLines = new ArrayList<>();
        for (String file :
                List.of(
                        "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson",
                        "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson",
                        "formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson",
                        "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson")) {
            for (String line : CalicoFlowLogDecoderTest.lines(file)) {
                calicoLines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        List<Decoded<KernelFlow>> expected = new ArrayList<>();
        for (byte[] line : calicoLines) {
            expected.add(new CalicoFlowLogDecoder().decode(line, 0));
        }
        // A small decoder-wide cache would thrash; the shared one here is the real size.
        CalicoFlowLogDecoder shared = new CalicoFlowLogDecoder();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(
                        pool.submit(
                                () -> {
                                    int checked = 0;
                                    for (int i = 0; i < 2000; i++) {
                                        int index = (i + offset) % calicoLines.size();
                                        Decoded<KernelFlow> result =
                                                shared.decode(calicoLines.get(index), 0);
                                        if (!result.equals(expected.get(index))) {
                                            throw new AssertionError("differs: " + result);
                                        }
                                        checked++;
                                    }
                                    return checked;
                                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void goldmaneDecoderReusesTheNamedHitForARepeatedTrace() throws IOException {
        GoldmaneFlowDecoder decoder = new GoldmaneFlowDecoder();
        String line =
                "{\"Key\":{\"source_name\":\"a-*\",\"action\":1,\"policies\":{\"enforced_policies\":"
                        + "[{\"kind\":1,\"namespace\":\"ns\",\"name\":\"p\",\"tier\":\"t\",\"action\":1}]}}}";
        String other = line.replace("\"name\":\"p\"", "\"name\":\"q\"");

        KernelFlow first = decoder.decode(line.getBytes(StandardCharsets.UTF_8), 0).value();
        KernelFlow second = decoder.decode(line.getBytes(StandardCharsets.UTF_8), 1).value();
        KernelFlow different = decoder.decode(other.getBytes(StandardCharsets.UTF_8), 2).value();

        assertThat(second.policies().enforced().get(0))
                .isSameAs(first.policies().enforced().get(0));
        assertThat(different.policies().enforced().get(0).name()).isEqualTo("ns/q");
    }
}
