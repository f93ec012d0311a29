package dev.tandem.jobs.analyze;

import dev.tandem.ingest.io.FileTrees;
import dev.tandem.ingest.io.IoProblems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output folder of one {@code analyze} run. Everything is written into a fresh staging folder
 * inside it ({@code DIR/.tandem-analyze-<random>}) and moved into place only once complete, so a
 * run that fails or is killed leaves the previous run's outputs as they were: a failed run removes
 * its staging folder, a killed one leaves it for the next run to remove. Staging inside DIR, not in
 * the system's temporary folder, keeps every move a rename within one file system.
 *
 * <p>Four outputs cannot be swapped in one atomic step, so the swap keeps one rule instead:
 * summary.json is the first output moved aside and the last moved in, so a DIR with a summary.json
 * holds one run's outputs, all of them. A move that fails puts back what was moved.
 *
 * <p>Two runs into one DIR at the same time are not supported: each removes the other's staging
 * folder as a leftover.
 */
final class OutputFolder {
    static final String EDGES = "edges";
    static final String FINDINGS = "findings.jsonl";
    static final String DEAD_LETTERS = "deadletter.jsonl";
    static final String SUMMARY = "summary.json";
    static final String STAGING_PREFIX = ".tandem-analyze-";

    /** In the order they are moved in: summary.json last. */
    private static final List<String> MOVED_IN = List.of(EDGES, FINDINGS, DEAD_LETTERS, SUMMARY);

    /** In the order the previous ones are moved aside: summary.json first. */
    private static final List<String> MOVED_ASIDE = List.of(SUMMARY, DEAD_LETTERS, FINDINGS, EDGES);

    /** In the staging folder: the previous outputs, moved aside during the swap. */
    private static final String REPLACED = "replaced";

    private final Path out;
    private final Path staging;

    /** Set when a failed swap could not put the previous outputs back: they stay in staging. */
    private boolean holdsPreviousOutputs;

    private OutputFolder(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /**
     * Checks, without writing anything, that {@code out} is or can be created as a writable folder:
     * the nearest part of the path that exists must be a folder the user may write in.
     */
    static void checkWritable(Path out) throws AnalyzeException {
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        boolean isOut = existing.equals(out.toAbsolutePath());
        if (!Files.isDirectory(existing)) {
            throw new AnalyzeException(
                    "cannot write "
                            + out
                            + ": "
                            + (isOut ? "it" : existing.toString())
                            + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new AnalyzeException(
                    isOut
                            ? "cannot write " + out + ": permission denied"
                            : "cannot create " + out + ": permission denied in " + existing);
        }
    }

    /**
     * Creates {@code out} with its parents when missing, removes the staging folders that killed
     * runs left behind, checks that the previous outputs may be replaced, and opens a fresh staging
     * folder with an empty {@code edges/} in it (an archive of no windows is an empty folder, not a
     * missing one).
     */
    static OutputFolder open(Path out) throws AnalyzeException {
        checkWritable(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new AnalyzeException("cannot create " + out + ": " + IoProblems.cause(e), e);
        }
        removeLeftovers(out);
        checkReplaceable(out);
        try {
            Path staging = Files.createTempDirectory(out, STAGING_PREFIX);
            Files.createDirectory(staging.resolve(EDGES));
            return new OutputFolder(out, staging);
        } catch (IOException e) {
            throw new AnalyzeException("cannot write in " + out + ": " + IoProblems.cause(e), e);
        }
    }

    /** Where to write the output {@code name} (one of this class's names) until the swap. */
    Path staged(String name) {
        return staging.resolve(name);
    }

    /** Where the output {@code name} is once the run is complete: for messages to the user. */
    Path destination(String name) {
        return out.resolve(name);
    }

    /**
     * Why the staging folder's {@code name} cannot be written now, when that is known: Flink
     * reports a folder it could not create without saying why.
     */
    Optional<String> unwritable(String name) {
        Path staged = staged(name);
        if (!Files.exists(staged)) {
            return Optional.of(staged + " was removed during the run");
        }
        return Files.isWritable(staged) ? Optional.empty() : Optional.of("permission denied");
    }

    /** Moves the previous outputs aside, this run's in, and removes the previous ones. */
    void commit() throws AnalyzeException {
        Path replaced = staging.resolve(REPLACED);
        try {
            Files.createDirectory(replaced);
        } catch (IOException e) {
            throw new AnalyzeException(
                    "cannot write in " + staging + ": " + IoProblems.cause(e), e);
        }
        List<String> movedAside = new ArrayList<>();
        List<String> movedIn = new ArrayList<>();
        String moving = SUMMARY;
        try {
            for (String name : MOVED_ASIDE) {
                moving = name;
                if (Files.exists(out.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    move(out.resolve(name), replaced.resolve(name));
                    movedAside.add(name);
                }
            }
            for (String name : MOVED_IN) {
                moving = name;
                move(staging.resolve(name), out.resolve(name));
                movedIn.add(name);
            }
        } catch (IOException e) {
            holdsPreviousOutputs = !putBack(movedIn, movedAside, replaced);
            throw new AnalyzeException(
                    "cannot replace "
                            + out.resolve(moving)
                            + ": "
                            + IoProblems.cause(e)
                            + (holdsPreviousOutputs
                                    ? "; the previous outputs are in " + replaced
                                    : ""),
                    e);
        }
        deleteTree(staging);
    }

    /**
     * Removes the staging folder of a run that did not complete, unless a failed swap left the
     * previous outputs in it. Best effort: what stays behind is removed by the next run.
     */
    void discard() {
        if (!holdsPreviousOutputs) {
            deleteTree(staging);
        }
    }

    /** Undoes a swap that failed half way; false when that failed too. */
    private boolean putBack(List<String> movedIn, List<String> movedAside, Path replaced) {
        try {
            for (int i = movedIn.size() - 1; i >= 0; i--) {
                move(out.resolve(movedIn.get(i)), staging.resolve(movedIn.get(i)));
            }
            for (String name : movedAside) {
                move(replaced.resolve(name), out.resolve(name));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkReplaceable(Path out) throws AnalyzeException {
        ArchiveFolder.checkReplaceable(out.resolve(EDGES));
        for (String file : List.of(FINDINGS, DEAD_LETTERS, SUMMARY)) {
            // Replacing moves the old one aside and deletes it: never a folder of the user's.
            if (Files.isDirectory(out.resolve(file))) {
                throw new AnalyzeException(
                        "cannot replace " + out.resolve(file) + ": it is a folder, not a file");
            }
        }
    }

    private static void removeLeftovers(Path out) throws AnalyzeException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(out, STAGING_PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            throw new AnalyzeException("cannot read " + out + ": " + IoProblems.cause(e), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a folder and what is in it, never following a link out of it; best effort. */
    private static void deleteTree(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException | UncheckedIOException e) {
            // Left for the next run, which removes leftover staging folders before it starts.
        }
    }
}
