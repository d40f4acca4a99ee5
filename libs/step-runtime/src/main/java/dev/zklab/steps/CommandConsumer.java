package dev.zklab.steps;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the service's command topic (see {@link CommandTopicConfig}) and hands each message to the processor. */
@ApplicationScoped
public class CommandConsumer {

    /** The channel of the command topic; {@link CommandTopicConfig} names its topic. */
    public static final String CHANNEL = "commands";

    private final StepCommandProcessor processor;

    public CommandConsumer(StepCommandProcessor processor) {
        this.processor = processor;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<String> command) {
        return processor.process(command);
    }
}
