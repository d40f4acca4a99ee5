package dev.zklab.cli.output;

/** ANSI colours for what people read, or none at all (not a terminal, {@code NO_COLOR}). */
public record Style(boolean enabled) {

    public static final Style NONE = new Style(false);

    public String bold(String text) {
        return wrap("1", text);
    }

    public String dim(String text) {
        return wrap("2", text);
    }

    public String green(String text) {
        return wrap("32", text);
    }

    public String red(String text) {
        return wrap("31", text);
    }

    public String yellow(String text) {
        return wrap("33", text);
    }

    /** A run's or a step's state, coloured by what it means: done well, failed, under way, not started. */
    public String state(String state) {
        return switch (state) {
            case "SUCCEEDED" -> green(state);
            case "FAILED", "CANCELLED" -> red(state);
            case "RUNNING", "REQUESTED", "RETRYING", "CLEANING_UP" -> yellow(state);
            case "SKIPPED", "PENDING" -> dim(state);
            default -> state;
        };
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    /** The text without colour codes, for measuring. */
    public static String plain(String text) {
        return text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }
}
