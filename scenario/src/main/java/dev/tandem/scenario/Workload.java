package dev.tandem.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Deployment and what its pods look like to both layers.
 *
 * @param namespace where it runs
 * @param name the Deployment's name (the workload Tandem reports)
 * @param app the {@code app} label (Bookinfo's Services select on it; {@code k8s-app} for CoreDNS)
 * @param version the {@code version} label, or null
 * @param serviceAccount the pods' service account
 * @param meshed whether Istio injected a sidecar
 * @param process the application's process name, as Calico's process info reports it
 * @param annotations pod annotations (Istio's interception exclusions live there)
 */
record Workload(
        String namespace,
        String name,
        String app,
        String version,
        String serviceAccount,
        boolean meshed,
        String process,
        Map<String, String> annotations) {

    static Workload meshed(String namespace, String name, String app, String version) {
        return new Workload(
                namespace, name, app, version, "bookinfo-" + app, true, "python3", Map.of());
    }

    static Workload plain(String namespace, String name, String app, String process) {
        return new Workload(namespace, name, app, null, app, false, process, Map.of());
    }

    /**
     * The label that names the app: {@code k8s-app} for CoreDNS, which keeps kube-dns's label (its
     * Service, and every DNS NetworkPolicy, select on it), else {@code app}.
     */
    static String appLabelKey(String app) {
        return app.equals("kube-dns") ? "k8s-app" : "app";
    }

    Workload withServiceAccount(String account) {
        return new Workload(namespace, name, app, version, account, meshed, process, annotations);
    }

    Workload withProcess(String value) {
        return new Workload(
                namespace, name, app, version, serviceAccount, meshed, value, annotations);
    }

    Workload withMeshed(boolean value) {
        return new Workload(
                namespace, name, app, version, serviceAccount, value, process, annotations);
    }

    Workload withAnnotation(String key, String value) {
        Map<String, String> all = new TreeMap<>(annotations);
        all.put(key, value);
        return new Workload(namespace, name, app, version, serviceAccount, meshed, process, all);
    }
}
