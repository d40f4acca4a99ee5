package dev.zklab.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** The CLI's version: the project's, as Maven built it. */
public class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "zklab "
                    + ConfigProvider.getConfig()
                            .getOptionalValue("quarkus.application.version", String.class)
                            .orElse("(development build)")
        };
    }
}
