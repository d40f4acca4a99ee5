package dev.zklab.verifier.zookeeper;

import dev.zklab.members.FourLetterWords;
import dev.zklab.members.MemberAccess;
import dev.zklab.members.ServerConf;
import dev.zklab.members.ServerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks every member {@code srvr} and {@code conf} at once (each question bounded by the timeout), so
 * that a verification costs one round trip per member, not one per question.
 */
public final class MemberAnswers {

    private MemberAnswers() {
    }

    public static List<MemberAnswer> ask(MemberAccess access, Collection<Integer> ordinals, Duration timeout) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ordinals.size() * 2));
        try {
            List<CompletableFuture<MemberAnswer>> answers = new ArrayList<>();
            for (int ordinal : ordinals) {
                CompletableFuture<String> srvr = CompletableFuture.supplyAsync(() -> FourLetterWords.ask(access, ordinal, "srvr", timeout), pool);
                CompletableFuture<String> conf = CompletableFuture.supplyAsync(() -> FourLetterWords.ask(access, ordinal, "conf", timeout), pool);
                answers.add(srvr.thenCombine(conf, (s, c) -> MemberAnswer.answered(ordinal, ServerStatus.parse(s), ServerConf.parse(c)))
                        .exceptionally(e -> MemberAnswer.unreachable(ordinal, rootMessage(e))));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Asks every member {@code srvr} at once; a member that does not answer has an empty status. */
    public static List<MemberAnswer> status(MemberAccess access, Collection<Integer> ordinals, Duration timeout) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ordinals.size()));
        try {
            List<CompletableFuture<MemberAnswer>> answers = new ArrayList<>();
            for (int ordinal : ordinals) {
                answers.add(CompletableFuture.supplyAsync(() -> new MemberAnswer(ordinal,
                        Optional.of(ServerStatus.parse(FourLetterWords.ask(access, ordinal, "srvr", timeout))),
                        Optional.empty(), Optional.empty()), pool)
                        .exceptionally(e -> MemberAnswer.unreachable(ordinal, rootMessage(e))));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause instanceof CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
