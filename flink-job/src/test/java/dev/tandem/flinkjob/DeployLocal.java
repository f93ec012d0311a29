package dev.tandem.flinkjob;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find {@code deploy/local}'s scripts: in the checkout this module is part of. */
final class DeployLocal {
    private DeployLocal() {}

    /** The {@code deploy/local} folder of the first folder above this one that holds e2e.sh. */
    static Path scripts() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path local = dir.resolve("deploy/local");
            if (Files.isRegularFile(local.resolve("e2e.sh"))) {
                return local;
            }
        }
        throw new IllegalStateException(
                "no deploy/local/e2e.sh above " + Path.of("").toAbsolutePath());
    }
}
