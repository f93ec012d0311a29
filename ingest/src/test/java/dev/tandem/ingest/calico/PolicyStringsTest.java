package dev.tandem.ingest.calico;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Calico's {@code idx|tier|name|action|rule} policy trace entries. */
class PolicyStringsTest {

    @Test
    void fivePartEntryWithEndOfTierRule() {
        assertThat(
                        PolicyStrings.parse(
                                "1|app-hipstershop|hipstershop/app-hipstershop.checkoutservice|deny|-1"))
                .isEqualTo(
                        new PolicyHit(
                                1,
                                "app-hipstershop",
                                "hipstershop/app-hipstershop.checkoutservice",
                                "deny",
                                -1,
                                false));
    }

    @Test
    void fourPartEntryOfOlderCalicoHasNoRule() {
        assertThat(PolicyStrings.parse("0|__PROFILE__|__PROFILE__.kns.policy-demo|allow"))
                .isEqualTo(
                        new PolicyHit(
                                0,
                                "__PROFILE__",
                                "__PROFILE__.kns.policy-demo",
                                "allow",
                                null,
                                false));
    }

    @Test
    void dashRuleIsNoRule() {
        assertThat(PolicyStrings.parse("2|default|ns/default.web|allow|-").rule()).isNull();
    }

    @Test
    void stagedPolicyKeepsItsNameAsWrittenAndIsFlagged() {
        PolicyHit hit = PolicyStrings.parse("1|tier2|ns2/staged:tier1.policy1|deny|1");

        assertThat(hit.name()).isEqualTo("ns2/staged:tier1.policy1");
        assertThat(hit.staged()).isTrue();
        assertThat(hit.rule()).isEqualTo(1);
    }

    @Test
    void stagedGlobalPolicyAsGoldmaneWritesItIsFlagged() {
        assertThat(PolicyStrings.parse("0|security|security.staged:block-all|deny|0").staged())
                .isTrue();
    }

    @Test
    void actionIsLowerCasedWhateverTheInputCase() {
        assertThat(PolicyStrings.parse("0|default|gnp|PASS|4").action()).isEqualTo("pass");
        assertThat(PolicyStrings.parse("0|default|gnp|Log|4").action()).isEqualTo("log");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" fails: {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "0|default|name; expected 'index|tier|name|action|rule'",
                "just-a-name; expected 'index|tier|name|action|rule'",
                "0|default|name|allow|1|extra; more than 5 parts",
                "x|default|name|allow|1; policy index 'x' is not an integer",
                "|default|name|allow|1; policy index '' is not a small integer",
                "-1|default|name|allow|1; policy index '-1' is not an integer",
                "0||name|allow|1; empty tier",
                "0|default||allow|1; empty name",
                "0|default|name|permit|1; action 'permit' is not allow, deny, pass or log",
                "0|default|name||1; action '' is not allow",
                "0|default|name|allow|one; rule 'one' is not an integer or '-'",
                "0|default|name|allow|; rule '' is not a small integer",
                "0|default|name|allow|99999999999; is not a small integer",
            })
    void malformedEntriesAreRejectedWithAReason(String entry, String reason) {
        assertThatThrownBy(() -> PolicyStrings.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aMalformedPolicyStringDeadLettersTheLineNamingTheString() {
        String line =
                "{\"source_name_aggr\":\"a-*\",\"action\":\"allow\","
                        + "\"policies\":{\"enforced_policies\":[\"0|default|ns/default.ok|allow|0\","
                        + "\"0|default|broken\"]}}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

        Decoded<KernelFlow> result = new CalicoFlowLogDecoder().decode(bytes, 9);

        DeadLetter letter = result.deadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail())
                .contains("policies.enforced_policies")
                .contains("\"0|default|broken\"");
        assertThat(letter.original()).isEqualTo(bytes);
        assertThat(letter.position()).isEqualTo(9);
    }
}
