package dev.zklab.cli;

import dev.zklab.cli.client.ApiException;
import dev.zklab.cli.client.Credentials;
import dev.zklab.cli.client.UnreachableException;
import dev.zklab.cli.output.Style;
import dev.zklab.cli.output.Terminal;
import dev.zklab.contracts.api.Problem;
import dev.zklab.contracts.run.FieldError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Every failure of a command as people read it: what happened in the first line, each bad field on its own
 * line after: and as scripts branch on it, its {@link ExitCodes exit code}. No stack traces.
 */
public class Failures implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        Style style = new Style(Terminal.colour(Terminal.Stream.ERR));
        err.print(describe(failure, style));
        err.flush();
        return exitCode(failure);
    }

    /** The exit code a failure ends the command with. */
    public static int exitCode(Throwable failure) {
        if (failure instanceof ApiException api) {
            if (api.status()
                    == 503) { // the gateway is not ready, or cannot reach a service it relays to: zklab is not all
                // there
                return ExitCodes.UNREACHABLE;
            }
            return api.notAllowed() ? ExitCodes.NOT_ALLOWED : api.badInput() ? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
        }
        if (failure instanceof BadInputException) {
            return ExitCodes.BAD_INPUT;
        }
        if (failure instanceof UnreachableException) {
            return ExitCodes.UNREACHABLE;
        }
        return ExitCodes.FAILED;
    }

    /** What the failure says to people: one line, then the problem's fields, one a line. */
    public static String describe(Throwable failure, Style style) {
        StringBuilder text = new StringBuilder(style.red("error: "));
        if (failure instanceof ApiException api) {
            Problem problem = api.problem();
            text.append(api.service())
                    .append(api.badInput() || api.notAllowed() ? " refused the request: " : " answered: ")
                    .append(problem.title())
                    .append(" (")
                    .append(problem.status())
                    .append(')');
            if (problem.detail() != null) {
                text.append(": ").append(problem.detail());
            }
            text.append(System.lineSeparator());
            if (problem.errors() != null) {
                for (FieldError error : problem.errors()) {
                    text.append("  ")
                            .append(error.field().isEmpty() ? "" : style.bold(error.field()) + ": ")
                            .append(error.message())
                            .append(System.lineSeparator());
                }
            }
            if (api.status() == 401) {
                text.append("  ").append(Credentials.HINT).append(System.lineSeparator());
            } else if (api.status() == 403) {
                text.append("  ask whoever runs zklab for a token with that role")
                        .append(System.lineSeparator());
            }
            return text.toString();
        }
        if (failure instanceof UnreachableException unreachable) {
            return text.append(failure.getMessage())
                    .append(System.lineSeparator())
                    .append("  ")
                    .append(unreachable.hint())
                    .append(System.lineSeparator())
                    .toString();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return text.append(message).append(System.lineSeparator()).toString();
    }
}
