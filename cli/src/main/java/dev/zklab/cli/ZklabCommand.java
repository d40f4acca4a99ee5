package dev.zklab.cli;

import dev.zklab.cli.commands.CompletionCommand;
import dev.zklab.cli.commands.ManifestsCommand;
import dev.zklab.cli.commands.PreflightCommand;
import dev.zklab.cli.commands.RunCommand;
import dev.zklab.cli.commands.RunsCommand;
import dev.zklab.cli.commands.TokensCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code zklab} command: its subcommands, and what every command's help says about exit codes and addresses. */
@TopCommand
@Command(
        name = "zklab",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Run the lab \"Deploying ZooKeeper with a StatefulSet\" on a Kubernetes cluster, and follow, report and"
                        + " cancel its runs, through the zklab gateway's API.",
        subcommands = {
            RunCommand.class,
            RunsCommand.class,
            PreflightCommand.class,
            ManifestsCommand.class,
            TokensCommand.class,
            CompletionCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab run                            # the whole lab on a new local cluster",
            "  zklab run --set ensemble.replicas=5  # the same with 5 members",
            "  zklab runs list --state FAILED       # the runs that failed",
            "  zklab runs watch 4faec62f            # follow a run (an id's prefix will do)",
            "",
            "zklab COMMAND --help says more, with examples.",
            "Exit codes: 0 done (a run: succeeded), 1 a run failed or was cancelled, 2 bad input, 3 the gateway cannot"
                    + " be reached (or a service behind it), 4 not allowed (no token the gateway accepts, or a role that may not).",
            "Signing in: $ZKLAB_TOKEN_FILE names a file (chmod 600) that holds your token, or $ZKLAB_TOKEN is the token;"
                    + " ./zklab up makes one.",
            "The gateway, the CLI's one address: --gateway URL, else $ZKLAB_GATEWAY, else http://127.0.0.1:8080",
            "(what ./zklab up starts).",
            "Colour only on a terminal; NO_COLOR=1 turns it off."
        })
public class ZklabCommand {}
