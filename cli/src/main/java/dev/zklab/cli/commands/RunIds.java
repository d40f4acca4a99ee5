package dev.zklab.cli.commands;

import dev.zklab.cli.BadInputException;
import dev.zklab.cli.client.ApiException;
import dev.zklab.cli.client.GatewayApi;
import dev.zklab.cli.output.Text;
import dev.zklab.common.api.RunPage;
import dev.zklab.common.api.RunSummary;
import java.util.ArrayList;
import java.util.List;

/** A run named on the command line: its whole id, or any prefix of it that names one run only (the list shows 8 characters). */
final class RunIds {

    private static final int PAGE = 200;

    private RunIds() {
    }

    /** The whole id of the run {@code given} names; bad input when it names none, or more than one. */
    static String resolve(GatewayApi api, String given) {
        String prefix = given.strip();
        if (prefix.isEmpty()) {
            throw new BadInputException("give a run's id (zklab runs list shows them)");
        }
        try {
            return api.get(prefix).id();
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        List<String> matches = new ArrayList<>();
        for (int page = 0; ; page++) {
            RunPage runs = api.list(null, page, PAGE);
            runs.items().stream().map(RunSummary::id).filter(id -> id.startsWith(prefix)).forEach(matches::add);
            if ((page + 1) * PAGE >= runs.total() || runs.items().isEmpty()) {
                break;
            }
        }
        if (matches.isEmpty()) {
            throw new BadInputException("no run " + prefix + " at the gateway; zklab runs list shows the runs it has");
        }
        if (matches.size() > 1) {
            throw new BadInputException("run " + prefix + " is ambiguous: " + matches.size() + " runs start with it ("
                    + String.join(", ", matches.stream().limit(5).map(Text::shortId).toList())
                    + (matches.size() > 5 ? ", ..." : "") + "); give more of the id");
        }
        return matches.get(0);
    }
}
