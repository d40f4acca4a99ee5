package dev.zklab.verifier;

import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.Step;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.StepServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

/** The verifier against a real Kafka broker: the contract every step service keeps, with its verify step. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class VerifierServiceIT extends StepServiceContract {

    VerifierServiceIT() {
        super(Service.VERIFIER, Set.of(Step.VERIFY));
    }
}
