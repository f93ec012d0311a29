package dev.tandem.recommender;

import dev.tandem.ingest.model.Labels;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Chooses the labels a policy selects a workload by. A selector must survive a rollout, so labels
 * that change per pod or per release are never used; and it must be one the API server accepts, so
 * labels that are not valid Kubernetes label syntax (which a real pod cannot carry, so they can
 * only come from damaged or forged evidence) are dropped.
 */
public final class StableLabels {
    /** Labels that differ between pods or releases of one workload, or that the mesh adds. */
    private static final Set<String> UNSTABLE =
            Set.of(
                    "pod-template-hash",
                    "controller-revision-hash",
                    "pod-template-generation",
                    "statefulset.kubernetes.io/pod-name",
                    "apps.kubernetes.io/pod-index",
                    "controller-uid",
                    "job-name",
                    "batch.kubernetes.io/controller-uid",
                    "batch.kubernetes.io/job-name",
                    "app.kubernetes.io/version",
                    "helm.sh/chart",
                    "security.istio.io/tlsMode",
                    "service.istio.io/canonical-name",
                    "service.istio.io/canonical-revision",
                    "istio.io/rev",
                    "sidecar.istio.io/inject",
                    "topology.istio.io/network");

    /**
     * Labels that name what a workload is. When a workload has any, the selector uses only those:
     * short, readable, and what people expect ({@code app=reviews, version=v2}). {@code version}
     * stays because Bookinfo-style deployments run versions side by side under one app; {@code
     * app.kubernetes.io/version} does not, because it changes with every release.
     */
    private static final Set<String> IDENTITY =
            Set.of(
                    "app",
                    "version",
                    "k8s-app",
                    "component",
                    "app.kubernetes.io/name",
                    "app.kubernetes.io/instance",
                    "app.kubernetes.io/component");

    private static final Pattern NAME =
            Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private StableLabels() {}

    /** The selector for a workload with {@code labels}; empty when none qualifies. */
    public static SortedMap<String, String> selectorFor(Labels labels) {
        TreeMap<String, String> identity = new TreeMap<>();
        TreeMap<String, String> stable = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            if (UNSTABLE.contains(e.getKey())
                    || !isValidKey(e.getKey())
                    || !isValidValue(e.getValue())) {
                continue;
            }
            stable.put(e.getKey(), e.getValue());
            if (IDENTITY.contains(e.getKey())) {
                identity.put(e.getKey(), e.getValue());
            }
        }
        return identity.isEmpty() ? stable : identity;
    }

    /** True when every entry of {@code selector} is among {@code labels}. */
    public static boolean matches(Map<String, String> selector, Labels labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Kubernetes label key syntax: optional DNS-subdomain prefix, then a name. */
    public static boolean isValidKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty()
                    || prefix.length() > 253
                    || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return NAME.matcher(name).matches();
    }

    /** Kubernetes label value syntax: empty, or a name of at most 63 characters. */
    public static boolean isValidValue(String value) {
        return value.isEmpty() || NAME.matcher(value).matches();
    }
}
