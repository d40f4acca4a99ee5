package dev.zklab.provisioner;

import dev.zklab.common.messaging.Service;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.steps.StepServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

/** The provisioner against a real Kafka broker: the contract every step service keeps. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class ProvisionerServiceIT extends StepServiceContract {

    ProvisionerServiceIT() {
        super(Service.PROVISIONER, Set.of());
    }
}
