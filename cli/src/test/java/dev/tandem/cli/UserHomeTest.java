package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UserHomeTest {
    @Test
    void homeWinsOverJavasUserHome() {
        assertThat(UserHome.path("/data", "/root")).isEqualTo(Path.of("/data"));
    }

    @Test
    void withoutHomeJavasUserHomeIsUsed() {
        assertThat(UserHome.path(null, "/root")).isEqualTo(Path.of("/root"));
        assertThat(UserHome.path(" ", "/root")).isEqualTo(Path.of("/root"));
    }
}
