package dev.zklab.drainer.preflight;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selectors evaluated as the API server does (matchLabels and matchExpressions). */
final class Selectors {

    private Selectors() {}

    /** A null selector selects nothing; an empty one selects everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!holds(r.getKey(), r.getOperator(), r.getValues(), have)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean matches(List<NodeSelectorRequirement> requirements, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        return requirements == null
                || requirements.stream().allMatch(r -> holds(r.getKey(), r.getOperator(), r.getValues(), have));
    }

    private static boolean holds(String key, String operator, List<String> values, Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            case "Gt" -> value != null && Long.parseLong(value) > Long.parseLong(values.get(0));
            case "Lt" -> value != null && Long.parseLong(value) < Long.parseLong(values.get(0));
            default -> false;
        };
    }
}
