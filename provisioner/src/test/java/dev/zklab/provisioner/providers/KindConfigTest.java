package dev.zklab.provisioner.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kind configuration: one control plane, N workers. */
class KindConfigTest {

    @Test
    void oneControlPlaneAndAWorkerPerNode() {
        assertThat(KindConfig.of(4))
                .contains("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n"
                        + "- role: control-plane\n- role: worker\n- role: worker\n- role: worker\n- role: worker\n");
    }
}
