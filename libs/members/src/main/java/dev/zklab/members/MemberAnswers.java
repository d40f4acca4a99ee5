package dev.zklab.members;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * The one way zklab asks members about themselves: {@code srvr} and {@code conf} to every member at
 * once (each question bounded by the timeout), so that asking an ensemble costs one round trip, not
 * one per member and question; a member that does not answer is an answer too, with the reason.
 */
public final class MemberAnswers {

    private MemberAnswers() {}

    /** Asks every member {@code srvr} and {@code conf} at once; a member that does not answer says why. */
    public static List<MemberAnswer> ask(MemberAccess access, Collection<Integer> ordinals, Duration timeout) {
        return eachAtOnce(ordinals, 2, (ordinal, pool) -> {
            CompletableFuture<String> srvr =
                    CompletableFuture.supplyAsync(() -> FourLetterWords.ask(access, ordinal, "srvr", timeout), pool);
            CompletableFuture<String> conf =
                    CompletableFuture.supplyAsync(() -> FourLetterWords.ask(access, ordinal, "conf", timeout), pool);
            return srvr.thenCombine(
                    conf, (s, c) -> MemberAnswer.answered(ordinal, ServerStatus.parse(s), ServerConf.parse(c)));
        });
    }

    /** Asks every member {@code srvr} only, at once; the answers have no {@code conf}. */
    public static List<MemberAnswer> status(MemberAccess access, Collection<Integer> ordinals, Duration timeout) {
        return eachAtOnce(
                ordinals,
                1,
                (ordinal, pool) -> CompletableFuture.supplyAsync(
                        () -> new MemberAnswer(
                                ordinal,
                                Optional.of(ServerStatus.parse(FourLetterWords.ask(access, ordinal, "srvr", timeout))),
                                Optional.empty(),
                                Optional.empty()),
                        pool));
    }

    /** Runs one member's questions per ordinal on a pool of its own; a member whose questions fail is unreachable. */
    private static List<MemberAnswer> eachAtOnce(
            Collection<Integer> ordinals,
            int questionsPerMember,
            BiFunction<Integer, ExecutorService, CompletableFuture<MemberAnswer>> ask) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ordinals.size() * questionsPerMember));
        try {
            List<CompletableFuture<MemberAnswer>> answers = new ArrayList<>();
            for (int ordinal : ordinals) {
                answers.add(
                        ask.apply(ordinal, pool).exceptionally(e -> MemberAnswer.unreachable(ordinal, rootMessage(e))));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The message of what went wrong, past the wrappers of asynchronous execution. */
    public static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause instanceof CompletionException || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
