package dev.tandem.recommender;

/**
 * Hears how a run is getting on, so a caller can show progress on a long one. The recommender calls
 * it often and cheaply (at every archive file and every {@link Recommender#PROGRESS_EVERY}
 * windows); deciding whether and how often to show anything is the listener's job, which keeps the
 * recommender free of console code. Every method has a default that ignores the call.
 */
public interface RecommendProgress {
    /** Ignores everything. */
    RecommendProgress NONE = new RecommendProgress() {};

    /** The parts of a run, in order. */
    enum Stage {
        READING("reading the archive"),
        PLANNING("planning policy"),
        SIMULATING("simulating"),
        WRITING("writing policies and reports");

        private final String description;

        Stage(String description) {
            this.description = description;
        }

        /** For people: {@code reading the archive}. */
        public String description() {
            return description;
        }
    }

    /** A stage begins. */
    default void stage(Stage stage) {}

    /**
     * Reading goes on.
     *
     * @param filesOpened archive files opened so far
     * @param filesTotal archive files to read
     * @param partitions hour partitions the files are in
     * @param windowsRead edge windows read so far
     */
    default void reading(long filesOpened, int filesTotal, int partitions, long windowsRead) {}
}
