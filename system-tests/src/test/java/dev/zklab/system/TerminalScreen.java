package dev.zklab.system;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after it received some output: the few escape sequences the CLI's live view uses
 * (cursor up, clear line, clear to the end, colours, cursor shown or hidden) replayed onto lines of text, so a
 * test can read the screen a person would see instead of the bytes.
 */
final class TerminalScreen {

    private final List<StringBuilder> lines = new ArrayList<>();
    private int row;
    private int column;
    private int cursorUps;

    /** The screen after {@code output}, from an empty one. */
    static TerminalScreen replay(String output) {
        TerminalScreen screen = new TerminalScreen();
        screen.lines.add(new StringBuilder());
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\u001b' && i + 1 < output.length() && output.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < output.length() && !Character.isLetter(output.charAt(end))) {
                    end++;
                }
                screen.control(output.substring(i + 2, end), output.charAt(end));
                i = end;
            } else if (c == '\r') {
                screen.column = 0;
            } else if (c == '\n') {
                screen.row++;
                while (screen.lines.size() <= screen.row) {
                    screen.lines.add(new StringBuilder());
                }
                screen.column = 0;
            } else {
                StringBuilder line = screen.lines.get(screen.row);
                while (line.length() < screen.column) {
                    line.append(' ');
                }
                if (screen.column < line.length()) {
                    line.setCharAt(screen.column, c);
                } else {
                    line.append(c);
                }
                screen.column++;
            }
        }
        return screen;
    }

    private void control(String parameters, char command) {
        switch (command) {
            case 'A' -> {
                row = Math.max(0, row - (parameters.isEmpty() ? 1 : Integer.parseInt(parameters)));
                cursorUps++;
            }
            case 'K' ->
                lines.get(row)
                        .setLength(
                                parameters.equals("2")
                                        ? 0
                                        : Math.min(column, lines.get(row).length()));
            case 'J' -> {
                lines.get(row).setLength(Math.min(column, lines.get(row).length()));
                while (lines.size() > row + 1) {
                    lines.remove(lines.size() - 1);
                }
            }
            default -> {} // colours (m), cursor shown or hidden (h, l)
        }
    }

    /** The screen's lines, trailing blanks dropped. */
    List<String> lines() {
        List<String> text = new ArrayList<>(
                lines.stream().map(l -> l.toString().stripTrailing()).toList());
        while (!text.isEmpty() && text.get(text.size() - 1).isEmpty()) {
            text.remove(text.size() - 1);
        }
        return text;
    }

    /** How many times the cursor moved up: a live view redrew in place that often. */
    int redraws() {
        return cursorUps;
    }
}
