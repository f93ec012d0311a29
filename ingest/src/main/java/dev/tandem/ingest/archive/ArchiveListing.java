package dev.tandem.ingest.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * The data files of an archive that may hold edge windows of a time range, after partition pruning.
 *
 * @param root the archive directory
 * @param exists false when {@code root} does not exist (an empty listing, not an error: a new
 *     cluster has no archive yet)
 * @param partitions how many hour partitions overlap the range
 * @param files the data files in those partitions, sorted by path
 */
public record ArchiveListing(Path root, boolean exists, int partitions, List<Path> files) {
    public ArchiveListing {
        files = List.copyOf(files);
    }

    /** True when there is nothing to read. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** One line for people: what was found where. */
    public String describe() {
        if (!exists) {
            return "edge archive " + root + " does not exist";
        }
        return "edge archive "
                + root
                + ": "
                + files.size()
                + (files.size() == 1 ? " file" : " files")
                + " in "
                + partitions
                + (partitions == 1 ? " hour partition" : " hour partitions");
    }
}
