package dev.zklab.cli.commands;

import dev.zklab.cli.BadInputException;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.output.Text;
import dev.zklab.contracts.api.RunPage;
import dev.zklab.contracts.api.RunSummary;
import java.util.Locale;

/** A run named on the command line: its whole id, or any prefix of it that names one run only (the list shows 8 characters). */
final class RunIds {

    /** A whole run id: a UUID's 36 characters. */
    private static final int WHOLE = 36;
    /** How many of an ambiguous prefix's runs are named. */
    private static final int NAMED = 5;

    private RunIds() {}

    /**
     * The whole id of the run {@code given} names, found by the gateway (one request: its list of the runs whose id starts
     * with it); bad input when it names none, or more than one.
     */
    static String resolve(GatewayApi api, String given) {
        String prefix = given.strip().toLowerCase(Locale.ROOT);
        if (prefix.isEmpty()) {
            throw new BadInputException("give a run's id (zklab runs list shows them)");
        }
        if (!prefix.matches("[0-9a-f-]{1," + WHOLE + "}")) {
            throw new BadInputException(
                    "'" + given + "' is not a run's id: ids are 0-9, a-f and -, as zklab runs list shows them");
        }
        RunPage runs = api.list(null, prefix, 0, NAMED);
        if (runs.total() == 0) {
            throw new BadInputException("no run " + prefix + " at the gateway; zklab runs list shows the runs it has");
        }
        if (runs.total() > 1) {
            throw new BadInputException("run " + prefix + " is ambiguous: " + runs.total() + " runs start with it ("
                    + String.join(
                            ", ",
                            runs.items().stream()
                                    .map(RunSummary::id)
                                    .map(Text::shortId)
                                    .toList())
                    + (runs.total() > NAMED ? ", ..." : "") + "); give more of the id");
        }
        return runs.items().get(0).id();
    }
}
