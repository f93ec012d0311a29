package dev.tandem.cli;

import java.nio.file.Path;

/**
 * The home folder for defaults such as {@code ~/.tandem/ship-state}: {@code $HOME} when set, as
 * every shell tool takes it, else Java's {@code user.home}. Java reads the latter from the password
 * database and ignores {@code HOME}, so {@code HOME=/data tandem ship} still wrote under {@code
 * /root}.
 */
final class UserHome {
    private UserHome() {}

    static Path path() {
        return path(System.getenv("HOME"), System.getProperty("user.home"));
    }

    static Path path(String homeVariable, String userHome) {
        return Path.of(homeVariable == null || homeVariable.isBlank() ? userHome : homeVariable);
    }
}
