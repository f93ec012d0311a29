package dev.tandem.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamClusterTest {

    @Test
    void takesIstioClusterNamesApart() {
        UpstreamCluster outbound =
                UpstreamCluster.parse("outbound|9080|v1|reviews.default.svc.cluster.local");
        assertThat(outbound.kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(outbound.port()).isEqualTo(9080);
        assertThat(outbound.subset()).isEqualTo("v1");
        assertThat(outbound.host()).isEqualTo("reviews.default.svc.cluster.local");

        UpstreamCluster inbound = UpstreamCluster.parse("inbound|9080||");
        assertThat(inbound.kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(inbound.port()).isEqualTo(9080);
        assertThat(inbound.subset()).isNull();
        assertThat(inbound.host()).isNull();
    }

    @Test
    void recognisesIstiosSpecialClusters() {
        assertThat(UpstreamCluster.parse("PassthroughCluster").kind())
                .isEqualTo(ClusterKind.PASSTHROUGH);
        assertThat(UpstreamCluster.parse("InboundPassthroughClusterIpv4").kind())
                .isEqualTo(ClusterKind.INBOUND_PASSTHROUGH);
        assertThat(UpstreamCluster.parse("InboundPassthroughClusterIpv6").kind())
                .isEqualTo(ClusterKind.INBOUND_PASSTHROUGH);
        assertThat(UpstreamCluster.parse("BlackHoleCluster").kind())
                .isEqualTo(ClusterKind.BLACKHOLE);
        assertThat(UpstreamCluster.parse("-").kind()).isEqualTo(ClusterKind.NONE);
        assertThat(UpstreamCluster.parse(null).kind()).isEqualTo(ClusterKind.NONE);
    }

    @Test
    void unusualNamesAreOtherNotErrors() {
        assertThat(UpstreamCluster.parse("outbound|notaport||x").port()).isNull();
        assertThat(UpstreamCluster.parse("outbound|80|x").kind()).isEqualTo(ClusterKind.OTHER);
        assertThat(UpstreamCluster.parse("xds-grpc").kind()).isEqualTo(ClusterKind.OTHER);
        assertThat(UpstreamCluster.parse("outbound|<your MongoDB port>||my-mongo.tcp.svc").port())
                .isNull();
    }

    @Test
    void sidesFollowTheKind() {
        assertThat(ClusterKind.PASSTHROUGH.isOutboundSide()).isTrue();
        assertThat(ClusterKind.INBOUND_PASSTHROUGH.isInboundSide()).isTrue();
        assertThat(ClusterKind.NONE.isInboundSide() || ClusterKind.NONE.isOutboundSide()).isFalse();
    }
}
