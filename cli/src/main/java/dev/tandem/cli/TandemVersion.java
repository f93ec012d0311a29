package dev.tandem.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class TandemVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Tandem.class.getPackage().getImplementationVersion();
        return new String[] {"tandem " + (version == null ? "development build" : version)};
    }
}
