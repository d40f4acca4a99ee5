package dev.zklab.cli.commands;

/** What {@code -o} asks for: a table for people, or the API's own JSON or YAML for scripts. */
enum TableFormat {
    table,
    json,
    yaml
}
