package dev.zklab.cli.commands;

/** What {@code -o} asks for where the default is text for people: text, or the API's own JSON or YAML for scripts. */
enum ReportFormat {
    text,
    json,
    yaml
}
