package dev.zklab.cli.commands;

import dev.zklab.cli.BadInputException;
import dev.zklab.cli.ExitCodes;
import dev.zklab.contracts.security.Roles;
import dev.zklab.support.security.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zklab tokens}: the operator's file of API tokens that the gateway and the step services read
 * ({@code ZKLAB_SECURITY_TOKENS_FILE}): add a user's token, list the holders, remove a user's tokens. Works on the
 * file only; the services read it again when it changes.
 */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = {
            "The API tokens file the services read (ZKLAB_SECURITY_TOKENS_FILE): it keeps each token's user, role"
                    + " and SHA-256, never the token, and only its owner may read it (0600).",
            "Roles: viewer (list, get, watch, report), operator (also start and cancel runs), admin (also keep clusters and"
                    + " force drains)."
        },
        subcommands = {TokensCommand.AddToken.class, TokensCommand.ListTokens.class, TokensCommand.RemoveToken.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  zklab tokens add alice --role operator --file /etc/zklab/tokens > alice.token",
            "  zklab tokens list --file /etc/zklab/tokens",
            "  zklab tokens remove alice --file /etc/zklab/tokens"
        })
public class TokensCommand {

    public static final String FILE_ENV = "ZKLAB_SECURITY_TOKENS_FILE";

    /** The {@code --file} every tokens command takes: else the services' own setting. */
    static class FileOption {
        @Option(names = "--file", paramLabel = "FILE", description = "The tokens file (default: $" + FILE_ENV + ").")
        Path file;

        Path path() {
            if (file != null) {
                return file;
            }
            String env = System.getenv(FILE_ENV);
            if (env == null || env.isBlank()) {
                throw new BadInputException(
                        "which tokens file? give --file, or set " + FILE_ENV + " as the services have it");
            }
            return Path.of(env);
        }
    }

    /** What the tokens file refuses (a bad user or role, a malformed file, one others may read): bad input, said as is. */
    static <T> T refusedAsBadInput(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Make a new token for USER with a role, add its hash to the tokens file (made, 0600, when missing),"
                        + " and print the token on standard output: the only time it is shown. Give it to USER, who sets"
                        + " ZKLAB_TOKEN_FILE to a file (chmod 600) holding it.",
                "Exit codes: 0 added, 2 bad input (a user name, a role, a file others may read)."
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  zklab tokens add alice --role operator --file /etc/zklab/tokens > alice.token",
                "  ZKLAB_SECURITY_TOKENS_FILE=/etc/zklab/tokens zklab tokens add ci --role viewer"
            })
    static class AddToken implements Callable<Integer> {
        @Parameters(
                paramLabel = "USER",
                description = "Who the token is for, as runs will name them (letters, digits, . _ @ -).")
        String user;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
        String role;

        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            Path tokens = file.path();
            String token = refusedAsBadInput(() -> TokenFile.add(tokens, user, role));
            System.out.println(token);
            System.err.println("added an API token for " + user + " ("
                    + Roles.parse(role).orElseThrow() + ") to " + tokens + "; it is shown only now");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The users with a token, and their roles.",
            footerHeading = "%nExamples:%n",
            footer = {"  zklab tokens list --file /etc/zklab/tokens"})
    static class ListTokens implements Callable<Integer> {
        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            Path tokens = file.path();
            refusedAsBadInput(() -> TokenFile.read(tokens))
                    .holders()
                    .forEach(holder -> System.out.println(holder.user() + "\t" + holder.role()));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Remove every token of USER: they can no" + " longer sign in with them, a second later at most.",
            footerHeading = "%nExamples:%n",
            footer = {"  zklab tokens remove alice --file /etc/zklab/tokens"})
    static class RemoveToken implements Callable<Integer> {
        @Parameters(paramLabel = "USER")
        String user;

        @Mixin
        FileOption file;

        @Override
        public Integer call() {
            Path tokens = file.path();
            if (!Files.exists(tokens)) {
                throw new BadInputException("tokens file " + tokens + " does not exist");
            }
            int removed = refusedAsBadInput(() -> TokenFile.remove(tokens, user));
            System.err.println("removed " + removed + " token(s) of " + user + " from " + tokens);
            return ExitCodes.OK;
        }
    }
}
