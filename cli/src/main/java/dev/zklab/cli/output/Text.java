package dev.zklab.cli.output;

/** Small text helpers for what the CLI draws. */
public final class Text {

    private Text() {}

    /** The text cut to {@code width} characters, ending in {@code ...} when it was longer. */
    public static String cut(String text, int width) {
        if (width <= 0) {
            return "";
        }
        return text.length() <= width
                ? text
                : width <= 3 ? text.substring(0, width) : text.substring(0, width - 3) + "...";
    }

    /** The first {@code 8} characters of a run's id, as the report and the list show it. */
    public static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
