package dev.zklab.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zklab.cli.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run spec from the command line: a file ({@code -f}, JSON or YAML, {@code -} for standard input) or
 * nothing ({@code {}}, the whole lab), then each {@code --set path=value} on top, as helm does. The gateway
 * validates the result; this only refuses what it cannot read or apply, saying what to give instead.
 */
public final class SpecInput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private SpecInput() {}

    /** The spec: the file's (null: none) with every {@code --set} applied, in order. */
    public static ObjectNode read(Path file, InputStream stdin, List<String> sets) {
        ObjectNode spec = file == null ? JsonNodeFactory.instance.objectNode() : parse(file, stdin);
        for (String set : sets) {
            apply(spec, set);
        }
        return spec;
    }

    private static ObjectNode parse(Path file, InputStream stdin) {
        String name = file.toString();
        String text;
        try {
            text = "-".equals(name) ? new String(stdin.readAllBytes()) : Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("-f " + name + ": no such file; give the path of a run spec (JSON or YAML)");
        } catch (IOException e) {
            throw new BadInputException("-f " + name + ": cannot read it: " + e.getMessage());
        }
        boolean json = name.endsWith(".json") || text.stripLeading().startsWith("{");
        JsonNode node;
        try {
            node = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(
                    "-f " + name + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new BadInputException("-f " + name
                    + ": a run spec is an object (e.g. {\"ensemble\": {\"replicas\": 5}}), not " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** Applies {@code path=value}: each name of the dotted path an object (made when missing), the value typed as JSON would be. */
    static void apply(ObjectNode spec, String set) {
        int equals = set.indexOf('=');
        if (equals <= 0) {
            throw new BadInputException("--set " + set + ": give path=value, e.g. --set ensemble.replicas=5");
        }
        String path = set.substring(0, equals).strip();
        String[] names = path.split("\\.", -1);
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new BadInputException(
                        "--set " + set + ": '" + path + "' is not a dotted path of names (e.g. ensemble.replicas);"
                                + " lists such as steps are given whole (--set 'steps=[\"deploy\",\"verify\"]') or with -f");
            }
        }
        ObjectNode parent = spec;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            if (child == null || child.isNull()) {
                parent = parent.putObject(names[i]);
            } else if (child.isObject()) {
                parent = (ObjectNode) child;
            } else {
                throw new BadInputException(
                        "--set " + set + ": " + String.join(".", List.of(names).subList(0, i + 1)) + " is "
                                + kind(child) + ", not an object, so it has no field " + names[i + 1]);
            }
        }
        parent.set(names[names.length - 1], value(set, set.substring(equals + 1).strip()));
    }

    /** true/false, null, numbers, JSON strings, lists and objects as JSON reads them; anything else a string. */
    private static JsonNode value(String set, String text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (text.equals("true") || text.equals("false")) {
            return nodes.booleanNode(Boolean.parseBoolean(text));
        }
        if (text.equals("null")) {
            return nodes.nullNode();
        }
        if (INTEGER.matcher(text).matches()) {
            return nodes.numberNode(Long.parseLong(text));
        }
        if (DECIMAL.matcher(text).matches()) {
            return nodes.numberNode(Double.parseDouble(text));
        }
        if (text.startsWith("[") || text.startsWith("{") || text.startsWith("\"")) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new BadInputException(
                        "--set " + set + ": the value is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return nodes.textNode(text);
    }

    private static String kind(JsonNode node) {
        return node.isArray()
                ? "a list"
                : node.isTextual()
                        ? "a string"
                        : node.isNumber()
                                ? "a number"
                                : node.isBoolean()
                                        ? "a boolean"
                                        : "a " + node.getNodeType().name().toLowerCase();
    }
}
