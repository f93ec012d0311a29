package dev.tandem.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * One pod of a {@link Workload}.
 *
 * @param workload what it runs
 * @param templateHash the ReplicaSet's pod-template hash
 * @param name {@code <deployment>-<hash>-<suffix>}, as Kubernetes names Deployment pods
 * @param uid the pod's UID
 * @param ip its address, unique in the scenario
 * @param node where it runs
 */
record Pod(Workload workload, String templateHash, String name, String uid, String ip, Node node) {
    static final String TLS_MODE = "security.istio.io/tlsMode";

    String namespace() {
        return workload.namespace();
    }

    String replicaSet() {
        return workload.name() + "-" + templateHash;
    }

    /** The pod's labels, sorted: what both the inventory and Calico's flow logs carry. */
    Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Workload.appLabelKey(workload.app()), workload.app());
        if (workload.version() != null) {
            labels.put("version", workload.version());
        }
        labels.put("pod-template-hash", templateHash);
        if (workload.meshed() && workload.version() != null) {
            // Gateways run Envoy as their main container without a sidecar's labels.
            labels.put(TLS_MODE, "istio");
            labels.put("service.istio.io/canonical-name", workload.app());
            labels.put("service.istio.io/canonical-revision", workload.version());
        }
        if (workload.app().equals("istio-ingressgateway")) {
            labels.put("istio", "ingressgateway");
        }
        if (workload.app().equals("istiod")) {
            labels.put("istio", "pilot");
        }
        return labels;
    }
}
