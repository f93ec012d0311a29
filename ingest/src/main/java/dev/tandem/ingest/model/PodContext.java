package dev.tandem.ingest.model;

/**
 * What a log envelope says about the pod that wrote a line (Fluent Bit's kubernetes filter). Any
 * part may be null when the envelope did not carry it.
 *
 * @param namespace the pod's namespace
 * @param pod the pod name
 * @param labels the pod's labels, never null
 * @param container the container that wrote the line ({@code istio-proxy})
 * @param podIp the pod's IP at the time
 * @param node the node the pod ran on
 * @param owner the pod's controller, or null
 */
public record PodContext(
        String namespace,
        String pod,
        Labels labels,
        String container,
        String podIp,
        String node,
        OwnerRef owner) {
    public PodContext {
        labels = labels == null ? Labels.empty() : labels;
    }
}
