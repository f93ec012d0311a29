package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StableLabelsTest {

    @Test
    void identityLabelsWinAndHashesNeverAppear() {
        Labels labels =
                Labels.of(
                        Map.of(
                                "app", "reviews",
                                "version", "v2",
                                "pod-template-hash", "7f9c",
                                "security.istio.io/tlsMode", "istio",
                                "team", "books"));

        assertThat(StableLabels.selectorFor(labels))
                .containsExactly(Map.entry("app", "reviews"), Map.entry("version", "v2"));
    }

    @Test
    void withoutIdentityLabelsEveryStableLabelIsUsed() {
        Labels labels =
                Labels.of(
                        Map.of(
                                "tier",
                                "db",
                                "controller-revision-hash",
                                "web-5d4",
                                "statefulset.kubernetes.io/pod-name",
                                "db-0"));

        assertThat(StableLabels.selectorFor(labels)).containsExactly(Map.entry("tier", "db"));
    }

    @Test
    void labelsNoPodCouldCarryAreDropped() {
        Labels labels =
                Labels.of(Map.of("app", "a: b # c", "name", "ok", "Bad Key", "x", "x/", "y"));

        assertThat(StableLabels.selectorFor(labels)).containsExactly(Map.entry("name", "ok"));
        assertThat(StableLabels.isValidKey("app.kubernetes.io/name")).isTrue();
        assertThat(StableLabels.isValidKey("UPPER.example/name")).isFalse();
        assertThat(StableLabels.isValidValue("")).isTrue();
        assertThat(StableLabels.isValidValue("x".repeat(64))).isFalse();
        assertThat(StableLabels.isValidValue("ünï")).isFalse();
    }

    @Test
    void matchingNeedsEveryEntry() {
        Labels pod = Labels.of(Map.of("app", "reviews", "version", "v2"));

        assertThat(StableLabels.matches(Map.of("app", "reviews"), pod)).isTrue();
        assertThat(StableLabels.matches(Map.of("app", "reviews", "version", "v1"), pod)).isFalse();
    }

    @Test
    void policyNamesAreValidAndDistinct() {
        assertThat(Names.policyName("tandem-ingress-", "reviews-v2"))
                .isEqualTo("tandem-ingress-reviews-v2");
        String odd = Names.policyName("tandem-ingress-", "Web_Frontend");
        String other = Names.policyName("tandem-ingress-", "web-frontend-");
        assertThat(odd)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(other);
        assertThat(Names.policyName("tandem-", "x".repeat(300))).hasSizeLessThanOrEqualTo(63);
        assertThat(Names.isNamespace("../etc")).isFalse();
        assertThat(Names.isNamespace("shop")).isTrue();
    }
}
