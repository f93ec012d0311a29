package dev.tandem.ingest.model;

/**
 * Derives the stable workload name from the names Kubernetes and Calico give pods, so that pods of
 * one Deployment (and all its rollouts) share one identity.
 */
public final class WorkloadNames {
    private WorkloadNames() {}

    /**
     * The workload behind Calico's aggregated name: {@code checkoutservice-598d5b586d-*} is the
     * Deployment {@code checkoutservice}, {@code fluentd-*} the DaemonSet or StatefulSet {@code
     * fluentd}. A name without the {@code -*} suffix is returned as it is.
     */
    public static String fromAggregatedName(String nameAggr) {
        if (nameAggr == null || nameAggr.isEmpty()) {
            return null;
        }
        String base =
                nameAggr.endsWith("-*") ? nameAggr.substring(0, nameAggr.length() - 2) : nameAggr;
        if (base.equals(nameAggr)) {
            return nameAggr;
        }
        return stripPodTemplateHash(base);
    }

    /**
     * The workload owning a pod, from its owner: a ReplicaSet's name loses its pod-template hash
     * (the Deployment's name), any other controller keeps its name. Without an owner, the pod is
     * its own workload.
     */
    public static String fromOwner(String podName, OwnerRef owner) {
        if (owner == null) {
            return podName;
        }
        if ("ReplicaSet".equals(owner.kind())) {
            return stripPodTemplateHash(owner.name());
        }
        return owner.name();
    }

    /**
     * The workload behind a pod name when nothing else is known: {@code
     * reviews-v1-6584ddcf65-k78wz} (Deployment pod) gives {@code reviews-v1}; {@code fluentd-x7k2p}
     * (DaemonSet pod) gives {@code fluentd}; {@code web-0} (StatefulSet pod) gives {@code web}.
     */
    public static String fromPodName(String podName) {
        if (podName == null || podName.isEmpty()) {
            return podName;
        }
        int last = podName.lastIndexOf('-');
        if (last <= 0) {
            return podName;
        }
        String suffix = podName.substring(last + 1);
        String rest = podName.substring(0, last);
        if (isStatefulOrdinal(suffix) || isRandomSuffix(suffix)) {
            return stripPodTemplateHash(rest);
        }
        return podName;
    }

    /** Drops a trailing {@code -<pod-template-hash>} (5 to 10 lower-case alphanumerics). */
    static String stripPodTemplateHash(String name) {
        int last = name.lastIndexOf('-');
        if (last <= 0) {
            return name;
        }
        String suffix = name.substring(last + 1);
        if (suffix.length() >= 5
                && suffix.length() <= 10
                && isHashAlphabet(suffix)
                && hasDigit(suffix)) {
            return name.substring(0, last);
        }
        return name;
    }

    private static boolean isStatefulOrdinal(String suffix) {
        if (suffix.isEmpty() || suffix.length() > 5) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (!Character.isDigit(suffix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Pods get a 5-character random suffix from an alphabet without vowels. */
    private static boolean isRandomSuffix(String suffix) {
        return suffix.length() == 5 && isHashAlphabet(suffix);
    }

    // Kubernetes' SafeEncodeString alphabet: "bcdfghjklmnpqrstvwxz2456789".
    private static boolean isHashAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("bcdfghjklmnpqrstvwxz2456789".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
