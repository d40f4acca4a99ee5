package dev.zklab.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the system tests do with the processes they start: ask whether one answers 200 yet, and stop one. */
final class LocalProcesses {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalProcesses() {}

    /** Whether {@code url} answers 200 within 2 s; not yet (refused, timed out) is false. */
    static boolean answers(String url) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the process as a service is stopped (SIGTERM), and kills it when it has not ended within 20 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
