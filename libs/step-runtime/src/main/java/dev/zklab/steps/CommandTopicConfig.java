package dev.zklab.steps;

import dev.zklab.contracts.messaging.Service;
import dev.zklab.contracts.messaging.Topics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points a step service's {@value CommandConsumer#CHANNEL} channel at its command topic, and its
 * dead-letter queue at that topic's dead-letter topic, from {@code zklab.step-service.name} and
 * {@link Topics}: topic names stay in one place, and a service needs only its name.
 */
public class CommandTopicConfig implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue name = context.getValue("zklab.step-service.name");
        if (name == null || name.getValue() == null) {
            return List.of();
        }
        String topic = Topics.commands(Service.valueOf(name.getValue().toUpperCase(Locale.ROOT)));
        String channel = "mp.messaging.incoming." + CommandConsumer.CHANNEL + ".";
        return List.of(new PropertiesConfigSource(
                Map.of(channel + "topic", topic, channel + "dead-letter-queue.topic", Topics.deadLetter(topic)),
                "zklab-command-topic",
                150));
    }
}
