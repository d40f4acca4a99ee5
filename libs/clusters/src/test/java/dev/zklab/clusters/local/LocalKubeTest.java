package dev.zklab.clusters.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Java wrapper reports a failing localkube command with the command, its exit code and why. */
class LocalKubeTest {

    @Test
    void badInputFailsWithTheCommandThatFailedAndItsReason() {
        LocalKube localKube = LocalKube.ofRepository();

        assertThatThrownBy(() -> localKube.create("Not_A_Valid_Name", 4))
                .isInstanceOf(LocalKubeException.class)
                .hasMessageContaining("create Not_A_Valid_Name")
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("invalid cluster name 'Not_A_Valid_Name'");
    }

    @Test
    void unknownClusterHasNoKubeconfig() {
        assertThatThrownBy(() -> LocalKube.ofRepository().kubeconfig("no-such-cluster"))
                .isInstanceOf(LocalKubeException.class)
                .hasMessageContaining("kubeconfig no-such-cluster")
                .hasMessageContaining("create it with 'localkube create no-such-cluster'");
    }
}
