package dev.tandem.flinkjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CorrelateJobArgumentsTest {
    @Test
    void noArgumentsGiveTandemCorrelatesDefaults() {
        CorrelateJobArguments arguments = CorrelateJobArguments.parse();

        assertThat(arguments.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(arguments.kafka().groupId()).isEqualTo("tandem-correlate");
        assertThat(arguments.kafka().transactionalIdPrefix()).isEqualTo("tandem-correlate");
        assertThat(arguments.kafka().realert()).isEqualTo(Duration.ofHours(1));
        assertThat(arguments.kafka().archiveUri()).isNull();
        assertThat(arguments.kafka().bounded()).isFalse();
        assertThat(arguments.correlate().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(arguments.correlate().slack()).isEqualTo(Duration.ofMinutes(2));
        assertThat(arguments.correlate().idleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(arguments.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsEveryOptionInAnyOrder() {
        CorrelateJobArguments arguments =
                CorrelateJobArguments.parse(
                        "--slack", "30s",
                        "--bootstrap-servers", "127.0.0.1:19092",
                        "--archive", "file:///data/edges",
                        "--window", "PT1M",
                        "--realert", "2h",
                        "--idleness", "500ms",
                        "--max-hold", "1h",
                        "--checkpoint-interval", "2s",
                        "--group-id", "cluster-correlate");

        assertThat(arguments.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(arguments.kafka().archiveUri()).isEqualTo("file:///data/edges");
        assertThat(arguments.kafka().groupId()).isEqualTo("cluster-correlate");
        assertThat(arguments.kafka().transactionalIdPrefix()).isEqualTo("cluster-correlate");
        assertThat(arguments.kafka().realert()).isEqualTo(Duration.ofHours(2));
        assertThat(arguments.correlate().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(arguments.correlate().slack()).isEqualTo(Duration.ofSeconds(30));
        assertThat(arguments.correlate().idleness()).isEqualTo(Duration.ofMillis(500));
        assertThat(arguments.correlate().maxHold()).isEqualTo(Duration.ofHours(1));
        assertThat(arguments.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsAnUnknownOptionAndListsTheKnownOnes() {
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--parallelism", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown option '--parallelism'; known: --archive --bootstrap-servers"
                                + " --checkpoint-interval --group-id --idleness --max-hold --realert"
                                + " --slack --window");
    }

    @Test
    void rejectsAnOptionWithoutValueOrGivenTwice() {
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--archive", "--window", "5m"))
                .hasMessage("--archive needs a value");
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--window"))
                .hasMessage("--window needs a value");
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--slack", "1m", "--slack", "2m"))
                .hasMessage("--slack is given twice");
    }

    @Test
    void namesTheOptionOfAnInvalidDuration() {
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--window", "5 minutes"))
                .hasMessage(
                        "--window: '5 minutes' is not a duration (expected e.g. 500ms, 90s, 5m,"
                                + " 1h, 7d or PT5M)");
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--window", "0s"))
                .hasMessage("invalid arguments: window must be positive, was PT0S");
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--checkpoint-interval", "1ms"))
                .hasMessage("--checkpoint-interval must be at least 10ms, was PT0.001S");
        assertThatThrownBy(() -> CorrelateJobArguments.parse("--bootstrap-servers", " "))
                .hasMessage("invalid arguments: bootstrap servers must not be blank");
    }
}
