package dev.zklab.contracts.messaging;

import java.util.List;

/**
 * Every Kafka topic name of zklab, in one place. Channel names equal topic names, so services
 * need no topic configuration.
 */
public final class Topics {

    /** Lifecycle events of every run (keyed by run id); the gateway's run history is a projection of it. */
    public static final String EVENTS = "zklab.events";

    public static final String PROVISIONER_COMMANDS = "zklab.provisioner.commands";
    public static final String DEPLOYER_COMMANDS = "zklab.deployer.commands";
    public static final String VERIFIER_COMMANDS = "zklab.verifier.commands";
    public static final String DRAINER_COMMANDS = "zklab.drainer.commands";

    /** Prefix SmallRye's dead-letter-queue failure strategy gives the dead-letter topic of a channel. */
    public static final String DEAD_LETTER_PREFIX = "dead-letter-topic-";

    private Topics() {}

    /** The command topic of a step service. */
    public static String commands(Service service) {
        return switch (service) {
            case PROVISIONER -> PROVISIONER_COMMANDS;
            case DEPLOYER -> DEPLOYER_COMMANDS;
            case VERIFIER -> VERIFIER_COMMANDS;
            case DRAINER -> DRAINER_COMMANDS;
            case GATEWAY -> throw new IllegalArgumentException("the gateway consumes events, not commands");
        };
    }

    /** Where messages of {@code topic} that cannot be parsed end up. */
    public static String deadLetter(String topic) {
        return DEAD_LETTER_PREFIX + topic;
    }

    public static List<String> all() {
        return List.of(
                EVENTS,
                PROVISIONER_COMMANDS,
                DEPLOYER_COMMANDS,
                VERIFIER_COMMANDS,
                DRAINER_COMMANDS,
                deadLetter(PROVISIONER_COMMANDS),
                deadLetter(DEPLOYER_COMMANDS),
                deadLetter(VERIFIER_COMMANDS),
                deadLetter(DRAINER_COMMANDS));
    }
}
