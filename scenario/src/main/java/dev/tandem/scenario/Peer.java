package dev.tandem.scenario;

import java.util.List;

/**
 * One side of a kernel flow, as Calico names it: a pod ({@code wep}), a node ({@code hep}, the
 * kubelet's probes come from there) or an address outside the cluster ({@code net}, aggregated as
 * {@code pub} or {@code pvt}).
 */
record Peer(String type, Pod pod, Node node, String ip, String aggregate) {
    static Peer of(Pod pod) {
        return new Peer("wep", pod, pod.node(), pod.ip(), pod.replicaSet() + "-*");
    }

    static Peer host(Node node) {
        return new Peer("hep", null, node, node.ip(), node.name());
    }

    static Peer external(String ip, String aggregate) {
        return new Peer("net", null, null, ip, aggregate);
    }

    String name() {
        return switch (type) {
            case "wep" -> pod.name();
            case "hep" -> node.name();
            default -> "-";
        };
    }

    String namespace() {
        return pod == null ? "-" : pod.namespace();
    }

    boolean meshed() {
        return pod != null && pod.workload().meshed();
    }

    /** Labels as Calico writes them, {@code k=v} sorted; null for networks. */
    List<String> labels() {
        if (pod != null) {
            return pod.labels().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList();
        }
        if (node != null) {
            return List.of("kubernetes.io/hostname=" + node.name(), "kubernetes.io/os=linux");
        }
        return null;
    }

    /** A stable, sortable identity for tallies. */
    String id() {
        return type
                + ":"
                + (pod != null
                        ? pod.namespace() + "/" + pod.name()
                        : node != null ? node.name() : ip);
    }
}
