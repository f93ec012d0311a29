package dev.tandem.ingest.inventory;

import dev.tandem.ingest.decode.Decoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Test inputs for the inventory decoder, and a shorthand to decode them. */
final class InventoryInputs {
    static final Instant OBSERVED_AT = Instant.parse("2026-11-20T10:05:00Z");
    static final String SOURCE = "inventory:test";

    private InventoryInputs() {}

    /**
     * A {@code kubectl get pods,services,namespaces -A -o json} List for Istio's Bookinfo sample
     * (names, labels, service accounts and ports from istio/samples/bookinfo), hand-built for these
     * tests: six Bookinfo pods plus a terminating old productpage pod, all with istio-proxy; a
     * completed Job pod with a native sidecar whose IP ratings-v1 got later; CoreDNS without a
     * sidecar; kube-proxy on the host network; a headless Service.
     */
    static byte[] bookinfo() {
        try (InputStream in =
                InventoryInputs.class.getResourceAsStream(
                        "/inventory/bookinfo-kubectl-list.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] file(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Decoded<InventoryDecodeResult> decode(KubectlInventoryDecoder decoder, byte[] json) {
        try {
            return decoder.decode(new ByteArrayInputStream(json), SOURCE, OBSERVED_AT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Decoded<InventoryDecodeResult> decode(byte[] json) {
        return decode(new KubectlInventoryDecoder(), json);
    }

    static Decoded<InventoryDecodeResult> decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
