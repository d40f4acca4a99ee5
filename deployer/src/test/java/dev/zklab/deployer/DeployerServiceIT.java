package dev.zklab.deployer;

import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.run.Step;
import dev.zklab.kafka.KafkaBrokerTestResource;
import dev.zklab.security.TestSignIn;
import dev.zklab.steps.StepServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

/** The deployer against a real Kafka broker: the contract every step service keeps. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(TestSignIn.class)
class DeployerServiceIT extends StepServiceContract {

    DeployerServiceIT() {
        super(Service.DEPLOYER, Set.of(Step.DEPLOY, Step.CONFIGURE, Step.DURABILITY, Step.SCALE));
    }
}
