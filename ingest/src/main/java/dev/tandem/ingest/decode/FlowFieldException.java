package dev.tandem.ingest.decode;

import java.util.Objects;

/**
 * A flow record field that is missing or unreadable, thrown inside a decoder and turned into a dead
 * letter at its boundary. It never escapes a {@link dev.tandem.ingest.decode.Decoder}.
 *
 * <p>It carries no stack trace: it is raised once per bad record, and the detail already says which
 * field and why, so the trace would cost time and say nothing.
 */
public final class FlowFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final String field;
    private final String why;

    private FlowFieldException(DeadLetterReason reason, String field, String why) {
        super(
                (reason == DeadLetterReason.MISSING_FIELD ? "missing field '" : "invalid field '")
                        + field
                        + "': "
                        + why,
                null,
                false,
                false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
        this.why = why;
    }

    /** A field with the wrong type or an impossible value. */
    public static FlowFieldException invalid(String field, String why) {
        return new FlowFieldException(DeadLetterReason.INVALID_FIELD, field, why);
    }

    /** A field the record cannot do without. */
    public static FlowFieldException missing(String field, String why) {
        return new FlowFieldException(DeadLetterReason.MISSING_FIELD, field, why);
    }

    /**
     * The same failure with the field named from an enclosing one: {@code kind} inside {@code
     * Key.policies.enforced_policies[0]}. Lets nested readers use constant field names on the hot
     * path and pay for the full path only when something is wrong.
     */
    public FlowFieldException within(String parent) {
        return new FlowFieldException(reason, parent + "." + field, why);
    }

    /** The dead-letter reason this failure counts under. */
    public DeadLetterReason reason() {
        return reason;
    }

    /** The field, as a path from the record's top level where the reader knew it. */
    public String field() {
        return field;
    }

    /** The one-line detail for the dead letter. */
    public String detail() {
        return getMessage();
    }
}
