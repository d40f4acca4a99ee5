package dev.zklab.drainer;

import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.Step;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.StepServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

/** The drainer against a real Kafka broker: the contract every step service keeps, with its drain and uncordon steps. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class DrainerServiceIT extends StepServiceContract {

    DrainerServiceIT() {
        super(Service.DRAINER, Set.of(Step.DRAIN, Step.UNCORDON));
    }
}
