package dev.tandem.ingest.kafka;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TopicAdmin#ensureTopics} found and did.
 *
 * @param created topics it created, sorted
 * @param existing topics that were already there, sorted (compatible or not)
 * @param problems settings of existing topics Tandem cannot work with, sorted by topic and setting;
 *     empty when every topic is usable
 */
public record TopicReport(
        List<String> created, List<String> existing, List<TopicProblem> problems) {
    public TopicReport {
        created = List.copyOf(Objects.requireNonNull(created, "created"));
        existing = List.copyOf(Objects.requireNonNull(existing, "existing"));
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    }

    /** Whether every topic exists with settings Tandem can use. */
    public boolean compatible() {
        return problems.isEmpty();
    }

    /**
     * This report when every topic is usable.
     *
     * @throws IncompatibleTopicsException listing every problem, when there is any
     */
    public TopicReport requireCompatible() {
        if (!compatible()) {
            throw new IncompatibleTopicsException(problems);
        }
        return this;
    }
}
