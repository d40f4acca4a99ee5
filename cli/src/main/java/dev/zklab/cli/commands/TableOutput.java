package dev.zklab.cli.commands;

import dev.zklab.cli.output.Documents;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}, for every command that prints a table: the table for people, the API's own document for scripts. */
class TableOutput {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json or yaml.")
    TableFormat format;

    /** Prints {@code document} when JSON or YAML is asked for; false when the command is to print its table. */
    boolean printed(Object document) {
        if (format == TableFormat.table) {
            return false;
        }
        System.out.print(Documents.render(document, format));
        return true;
    }
}
