package dev.tandem.recommender;

import dev.tandem.ingest.model.EdgeWindow;

/**
 * Why an observed request path cannot be written into an AuthorizationPolicy as itself. The path is
 * whatever a client sent, so a character Istio gives a meaning to would let any client choose the
 * rule: {@code /*} requested once would allow every path. Such a path is never allowed; it goes to
 * review instead. Tandem's own prefix patterns ({@link PathTemplates}) are made from paths that
 * passed this check, so every wildcard in a policy is one Tandem wrote.
 */
public enum PathHazard {
    UNRECORDED(
            "stands for the paths beyond the ones the edge's windows recorded by name, so which"
                    + " paths they were is not known"),
    TOO_LONG("is longer than " + PathHazard.MAX_PATH_CHARS + " characters"),
    CONTROL_CHARACTER("contains a control character (such as a tab or a line break)"),
    BIDI_CONTROL(
            "contains a bidirectional control character, which can make it display as another path"),
    WILDCARD("contains '*', which an AuthorizationPolicy would read as a wildcard"),
    TEMPLATE(
            "contains '{' or '}', which Istio 1.22 and later would read as a path template such as"
                    + " {*} or {**}");

    /**
     * The longest path written into a policy, in characters. Real API paths are far shorter; a
     * longer one is more likely a scanner probing for overflows than an endpoint worth a rule. 1024
     * is also the bound Calico's CRD puts on an HTTP path match, and every kept path repeats in
     * each rule that names it, so the bound keeps policies small.
     */
    public static final int MAX_PATH_CHARS = 1024;

    private final String description;

    PathHazard(String description) {
        this.description = description;
    }

    /** Completes "the path ...": {@code contains '*', which ...}. */
    public String description() {
        return description;
    }

    /**
     * The hazard of {@code observed} as a policy would name it (query and fragment dropped, see
     * {@link PathTemplates#normalize}), or null when the policy can name it exactly. When several
     * apply, the first in declaration order is reported.
     */
    public static PathHazard of(String observed) {
        if (observed.equals(EdgeWindow.OTHER)) {
            return UNRECORDED;
        }
        String path = PathTemplates.normalize(observed);
        if (path.length() > MAX_PATH_CHARS) {
            return TOO_LONG;
        }
        boolean control = false;
        boolean bidi = false;
        boolean wildcard = false;
        boolean template = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            control |= Character.isISOControl(c);
            bidi |= BidiControls.isControl(c);
            wildcard |= c == '*';
            template |= c == '{' || c == '}';
        }
        if (control) {
            return CONTROL_CHARACTER;
        }
        if (bidi) {
            return BIDI_CONTROL;
        }
        if (wildcard) {
            return WILDCARD;
        }
        return template ? TEMPLATE : null;
    }
}
