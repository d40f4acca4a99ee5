package dev.zklab.provisioner.messaging;

import dev.zklab.common.messaging.Topics;
import dev.zklab.steps.StepCommandProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the provisioner's command topic; the shared step runtime does the rest. */
@ApplicationScoped
public class CommandConsumer {

    private final StepCommandProcessor processor;

    public CommandConsumer(StepCommandProcessor processor) {
        this.processor = processor;
    }

    @Incoming(Topics.PROVISIONER_COMMANDS)
    public CompletionStage<Void> consume(Message<String> command) {
        return processor.process(command);
    }
}
