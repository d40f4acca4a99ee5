package dev.zklab.cli;

/**
 * The CLI's exit codes, one meaning each, so that scripts can branch on them. Every command's help lists
 * them (see {@link ZklabCommand}).
 */
public final class ExitCodes {

    /** The command did what was asked; for {@code run} and {@code runs watch}: the run succeeded. */
    public static final int OK = 0;
    /** The run failed or was cancelled, or the gateway refused an action (a run already ended) or failed. */
    public static final int FAILED = 1;
    /** Bad input: an unknown option, a spec the gateway refused (each field printed), an unknown run. */
    public static final int BAD_INPUT = 2;
    /** The gateway could not be reached, or answered 503 (not ready yet, or a service it relays to is not there). */
    public static final int UNREACHABLE = 3;
    /** Not allowed: the service did not accept the token (or none was given), or the token's role may not do this. */
    public static final int NOT_ALLOWED = 4;
    /** Interrupted (Ctrl-C), as a shell reports a process ended by SIGINT. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
