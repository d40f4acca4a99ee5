package dev.zklab.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.cluster.ClusterRef;
import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.Step;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.provisioner.providers.ClusterProviders;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.StepServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The provisioner against a real Kafka broker: the contract every step service keeps. Its steps are
 * asked about an existing cluster nobody configured (a missing local one it would create).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class ProvisionerServiceIT extends StepServiceContract {

    @Inject
    ClusterProviders providers;

    ProvisionerServiceIT() {
        super(
                Service.PROVISIONER,
                Set.of(Step.PROVISION_CLUSTER, Step.SETUP_STORAGE, Step.TEARDOWN),
                new ClusterRef(ClusterRef.EXISTING, "none", "", ""),
                "no existing cluster named 'none' is configured");
    }

    /** Every provider a run may name is a bean of the packaged service (GKE once was not: its tests built it by hand). */
    @Test
    void everyClusterProviderIsInTheService() {
        assertThat(providers.ids())
                .containsExactly(ClusterRef.EXISTING, ClusterRef.GKE, ClusterRef.KIND, ClusterRef.LOCAL);
    }
}
