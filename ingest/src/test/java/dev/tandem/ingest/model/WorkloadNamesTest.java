package dev.tandem.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadNamesTest {

    @Test
    void aggregatedNamesLoseTheirPodTemplateHash() {
        assertThat(WorkloadNames.fromAggregatedName("checkoutservice-598d5b586d-*"))
                .isEqualTo("checkoutservice");
        assertThat(WorkloadNames.fromAggregatedName("access-6b687c8dcb-*")).isEqualTo("access");
        assertThat(WorkloadNames.fromAggregatedName("client-pods-*")).isEqualTo("client-pods");
        assertThat(WorkloadNames.fromAggregatedName("multitool")).isEqualTo("multitool");
        assertThat(WorkloadNames.fromAggregatedName("pub")).isEqualTo("pub");
    }

    @Test
    void ownersGiveTheWorkload() {
        assertThat(
                        WorkloadNames.fromOwner(
                                "reviews-v1-6584ddcf65-k78wz",
                                new OwnerRef("ReplicaSet", "reviews-v1-6584ddcf65")))
                .isEqualTo("reviews-v1");
        assertThat(
                        WorkloadNames.fromOwner(
                                "fluentbit-x7k2p", new OwnerRef("DaemonSet", "fluentbit-max")))
                .isEqualTo("fluentbit-max");
        assertThat(WorkloadNames.fromOwner("bare", null)).isEqualTo("bare");
    }

    @Test
    void podNamesAloneAreReadConservatively() {
        assertThat(WorkloadNames.fromPodName("reviews-v1-6584ddcf65-k78wz"))
                .isEqualTo("reviews-v1");
        assertThat(WorkloadNames.fromPodName("productpage-v1-d5789fdfb-c5w2c"))
                .isEqualTo("productpage-v1");
        assertThat(WorkloadNames.fromPodName("web-0")).isEqualTo("web");
        assertThat(WorkloadNames.fromPodName("multitool")).isEqualTo("multitool");
        assertThat(WorkloadNames.fromPodName("my-service"))
                .as("a word, not a random suffix")
                .isEqualTo("my-service");
    }
}
