package dev.zklab.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows in aligned columns under upper-case headers, as kubectl prints them; the last column is cut to the
 * terminal's width (when there is one) rather than wrapped.
 */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        rows.add(Arrays.stream(cells)
                .map(c -> c == null ? "" : c.replace('\n', ' '))
                .toList());
        return this;
    }

    /** The table, {@code width} columns wide at most (0: no limit); {@code state} is the column coloured by {@link Style#state}. */
    public String render(int width, Style style, int stateColumn) {
        int[] widths = new int[headers.size()];
        for (List<String> row : concat()) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        boolean header = true;
        for (List<String> row : concat()) {
            StringBuilder line = new StringBuilder();
            StringBuilder plain = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean last = i == row.size() - 1;
                String cell = last ? row.get(i) : pad(row.get(i), widths[i]) + "   ";
                if (last && width > 0) {
                    cell = Text.cut(cell, width - plain.length());
                }
                plain.append(cell);
                line.append(
                        header
                                ? style.bold(cell)
                                : i == stateColumn
                                        ? style.state(row.get(i))
                                                + cell.substring(row.get(i).length())
                                        : cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
            header = false;
        }
        return out.toString();
    }

    /** The table for that stream: cut to the terminal's width and coloured when it is a terminal, plain otherwise. */
    public String renderFor(Terminal.Stream stream, int stateColumn) {
        boolean terminal = Terminal.isTerminal(stream);
        return render(
                terminal ? Terminal.width(stream) : 0, new Style(terminal && Terminal.colour(stream)), stateColumn);
    }

    private List<List<String>> concat() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
