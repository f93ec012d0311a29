package dev.tandem.recommender.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates Kubernetes objects against the real schemas in ../shared/schemas: the openAPIV3Schema
 * of the Calico and Istio CRDs and the Kubernetes 1.35 OpenAPI for NetworkPolicy. The CRDs' {@code
 * x-kubernetes-validations} (CEL rules) are not JSON Schema and are not checked here.
 */
public final class CrdSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, String> FILES =
            Map.of(
                    "projectcalico.org/v3 NetworkPolicy",
                            "schemas/calico/projectcalico.org_v3_networkpolicies.v3.openapiv3.schema.json",
                    "projectcalico.org/v3 StagedNetworkPolicy",
                            "schemas/calico/projectcalico.org_v3_stagednetworkpolicies.v3.openapiv3.schema.json",
                    "networking.k8s.io/v1 NetworkPolicy",
                            "schemas/kubernetes/k8s-1.35_networkpolicy-networking-v1.schema.json",
                    "security.istio.io/v1 AuthorizationPolicy",
                            "schemas/istio/istio_authorizationpolicies.v1.openapiv3.schema.json",
                    "security.istio.io/v1 PeerAuthentication",
                            "schemas/istio/istio_peerauthentications.v1.openapiv3.schema.json",
                    "networking.istio.io/v1 ServiceEntry",
                            "schemas/istio/istio_serviceentries.v1.openapiv3.schema.json");
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private CrdSchemas() {}

    /** The schema violations of {@code document}; fails when no schema is known for its kind. */
    public static List<String> violations(JsonNode document) {
        String type = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        String file = FILES.get(type);
        if (file == null) {
            throw new IllegalArgumentException("no schema for " + type);
        }
        Schema schema = LOADED.computeIfAbsent(type, t -> load(file));
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    private static Schema load(String file) {
        try {
            return REGISTRY.getSchema(JSON.readTree(Files.readAllBytes(SharedFiles.path(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
