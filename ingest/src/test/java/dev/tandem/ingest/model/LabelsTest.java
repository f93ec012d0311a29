package dev.tandem.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void calicoPairsBecomeASortedMap() {
        Labels labels =
                Labels.fromPairs(List.of("pod-template-hash=6b687c8dcb", "app=access", "flag"));
        assertThat(labels.asMap().keySet()).containsExactly("app", "flag", "pod-template-hash");
        assertThat(labels.get("flag")).isEmpty();
    }

    @Test
    void valuesMayContainEqualsSigns() {
        assertThat(Labels.fromPairs(List.of("query=a=b")).get("query")).isEqualTo("a=b");
    }

    @Test
    void orderOfInputDoesNotMatter() {
        assertThat(Labels.fromPairs(List.of("b=2", "a=1")))
                .isEqualTo(Labels.of(Map.of("a", "1", "b", "2")));
    }

    @Test
    void istioTlsModeMarksASidecar() {
        assertThat(Labels.of(Map.of(Labels.ISTIO_TLS_MODE, "istio")).carriesIstioSidecar())
                .isTrue();
        assertThat(Labels.of(Map.of(Labels.ISTIO_TLS_MODE, "disabled")).carriesIstioSidecar())
                .isFalse();
        assertThat(Labels.empty().carriesIstioSidecar()).isFalse();
    }
}
