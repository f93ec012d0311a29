package dev.tandem.ingest.kafka;

import java.util.List;
import java.util.stream.Collectors;

/** Existing topics have settings Tandem cannot work with; the message lists all of them. */
public final class IncompatibleTopicsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<TopicProblem> problems;

    public IncompatibleTopicsException(List<TopicProblem> problems) {
        super(
                "incompatible Kafka topics (Tandem never changes an existing topic; fix or delete"
                        + " them): "
                        + problems.stream()
                                .map(TopicProblem::describe)
                                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, sorted by topic and setting. */
    public List<TopicProblem> problems() {
        return problems;
    }
}
