package dev.zklab.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * What the API answered, written out for scripts: {@code -o json} is the API's JSON (the same fields, nulls
 * included, times as ISO-8601 strings, as the gateway writes them), indented; {@code -o yaml} the same as YAML.
 */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Documents() {}

    /** The value as {@code json} or {@code yaml} text (the name of a command's {@code -o}), ending with a new line. */
    public static String render(Object value, Enum<?> format) {
        try {
            return switch (format.name()) {
                case "json" -> JSON.writeValueAsString(value) + System.lineSeparator();
                case "yaml" -> YAML.writeValueAsString(value);
                default ->
                    throw new IllegalArgumentException(format + " is drawn by its command, not written as a document");
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
