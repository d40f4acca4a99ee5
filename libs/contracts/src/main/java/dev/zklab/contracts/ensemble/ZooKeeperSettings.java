package dev.zklab.contracts.ensemble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zklab.contracts.run.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ZooKeeper settings of an ensemble: the lab's values, each overridable by the ensemble spec's
 * {@code zookeeper} map (zoo.cfg names, plus {@code heap} and {@code logLevel}).
 */
public final class ZooKeeperSettings {

    public static final String HEAP = "heap";
    public static final String LOG_LEVEL = "logLevel";

    /** The lab's settings, in the order zoo.cfg shows them. */
    public static final Map<String, String> LAB = labDefaults();

    /** zoo.cfg keys zklab sets itself: overriding them would break the StatefulSet's contract. */
    private static final Set<String> RESERVED = Set.of(
            "dataDir",
            "dataLogDir",
            "clientPort",
            "clientPortAddress",
            "secureClientPort",
            "dynamicConfigFile",
            "reconfigEnabled",
            "standaloneEnabled",
            "4lw.commands.whitelist",
            "admin.enableServer",
            "admin.serverPort",
            "admin.serverAddress",
            "skipACL",
            "metricsProvider.className",
            "metricsProvider.httpHost",
            "metricsProvider.httpPort");

    private static final Set<String> POSITIVE =
            Set.of("tickTime", "initLimit", "syncLimit", "minSessionTimeout", "maxSessionTimeout");
    private static final Set<String> NON_NEGATIVE = Set.of("maxClientCnxns", "autopurge.purgeInterval");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final Pattern HEAP_SIZE = Pattern.compile("([1-9][0-9]*)([MG])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values;
    private final Map<String, String> overrides;

    private ZooKeeperSettings(Map<String, String> overrides) {
        this.overrides = new TreeMap<>(overrides);
        this.values = new LinkedHashMap<>(LAB);
        new TreeMap<>(overrides).forEach(values::put);
    }

    /** The lab's settings with these overrides; check {@link #problems(ImageProfile)} before use. */
    public static ZooKeeperSettings of(Map<String, String> overrides) {
        return new ZooKeeperSettings(overrides == null ? Map.of() : overrides);
    }

    /** What is wrong with the settings for this profile, each naming the setting and the fix; empty when fine. */
    public List<FieldError> problems(ImageProfile profile) {
        List<FieldError> problems = new ArrayList<>();
        overrides.forEach((key, value) -> {
            if (!NAME.matcher(key).matches()) {
                problems.add(error(key, "not a ZooKeeper setting name (letters, digits and '.')"));
            } else if (RESERVED.contains(key) || key.startsWith("server.")) {
                problems.add(error(key, "zklab sets '" + key + "' itself (the StatefulSet depends on it); remove it"));
            } else if (profile == ImageProfile.TUTORIAL && !LAB.containsKey(key)) {
                problems.add(error(
                        key,
                        "the tutorial image's start-zookeeper has no flag for '" + key
                                + "'; use imageProfile 'current' or one of " + LAB.keySet()));
            } else if (value == null || value.isBlank()) {
                problems.add(error(key, "needs a value"));
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        for (String key : POSITIVE) {
            atLeast(key, 1, problems);
        }
        for (String key : NON_NEGATIVE) {
            atLeast(key, 0, problems);
        }
        atLeast("autopurge.snapRetainCount", 3, problems);
        if (!HEAP_SIZE.matcher(values.get(HEAP)).matches()) {
            problems.add(error(HEAP, "'" + values.get(HEAP) + "' is not a heap size; write e.g. 512M or 1G"));
        }
        if (!LOG_LEVELS.contains(values.get(LOG_LEVEL))) {
            problems.add(error(
                    LOG_LEVEL,
                    "'" + values.get(LOG_LEVEL) + "' is not a log level; use one of "
                            + LOG_LEVELS.stream().sorted().toList()));
        }
        if (problems.isEmpty() && intValue("minSessionTimeout") > intValue("maxSessionTimeout")) {
            problems.add(error(
                    "minSessionTimeout",
                    intValue("minSessionTimeout") + " is above maxSessionTimeout " + intValue("maxSessionTimeout")
                            + "; lower it or raise maxSessionTimeout"));
        }
        return problems;
    }

    private static FieldError error(String key, String message) {
        return new FieldError("ensemble.zookeeper." + key, message);
    }

    /** Every setting, lab defaults first then additions, as zoo.cfg names them (without heap and logLevel). */
    public Map<String, String> zooCfg() {
        Map<String, String> cfg = new LinkedHashMap<>(values);
        cfg.remove(HEAP);
        cfg.remove(LOG_LEVEL);
        return cfg;
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The JVM heap in MiB, as ZooKeeper's ZK_SERVER_HEAP wants it. */
    public int heapMegabytes() {
        Matcher m = HEAP_SIZE.matcher(values.get(HEAP));
        if (!m.matches()) {
            throw new IllegalStateException("invalid heap " + values.get(HEAP));
        }
        int size = Integer.parseInt(m.group(1));
        return m.group(2).equals("G") ? size * 1024 : size;
    }

    public String logLevel() {
        return values.get(LOG_LEVEL).toUpperCase(Locale.ROOT);
    }

    /** The settings that differ from the lab's, sorted: what a revision records so it can be restored. */
    public Map<String, String> overrides() {
        return overrides;
    }

    public String overridesJson() {
        try {
            return JSON.writeValueAsString(overrides);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> parseOverrides(String json) {
        try {
            return JSON.readValue(
                    json, JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a settings annotation: " + json, e);
        }
    }

    private void atLeast(String key, int min, List<FieldError> problems) {
        String value = values.get(key);
        try {
            if (Integer.parseInt(value) < min) {
                problems.add(error(key, "must be at least " + min + ", got " + value));
            }
        } catch (NumberFormatException e) {
            problems.add(error(key, "'" + value + "' is not a whole number"));
        }
    }

    private int intValue(String key) {
        return Integer.parseInt(values.get(key));
    }

    private static Map<String, String> labDefaults() {
        Map<String, String> lab = new LinkedHashMap<>();
        lab.put("tickTime", "2000");
        lab.put("initLimit", "10");
        lab.put("syncLimit", "5");
        lab.put("maxClientCnxns", "60");
        lab.put("autopurge.snapRetainCount", "3");
        lab.put("autopurge.purgeInterval", "12");
        lab.put("minSessionTimeout", "4000");
        lab.put("maxSessionTimeout", "40000");
        lab.put(HEAP, "512M");
        lab.put(LOG_LEVEL, "INFO");
        return java.util.Collections.unmodifiableMap(lab);
    }
}
