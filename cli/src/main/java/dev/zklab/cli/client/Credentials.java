package dev.zklab.cli.client;

import dev.zklab.cli.BadInputException;
import dev.zklab.support.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer token the CLI signs in with: {@code ZKLAB_TOKEN} (the token itself, as automation passes secrets), else
 * the file {@code ZKLAB_TOKEN_FILE} names — its owner's alone, like a kubeconfig. A zklab API token or a JWT.
 */
public final class Credentials {

    public static final String TOKEN_ENV = "ZKLAB_TOKEN";
    public static final String TOKEN_FILE_ENV = "ZKLAB_TOKEN_FILE";
    /** What to do when a service wants a token: said under a 401. */
    public static final String HINT =
            "sign in: set " + TOKEN_FILE_ENV + " to a file (chmod 600) that holds your token, or " + TOKEN_ENV
                    + " to the token; ./zklab up makes one for you, zklab tokens add makes others";

    private Credentials() {}

    /** The token the environment gives; empty when it gives none (the request goes without, and a service answers 401). */
    static Optional<String> fromEnvironment() {
        String token = System.getenv(TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            return Optional.of(token.strip());
        }
        String file = System.getenv(TOKEN_FILE_ENV);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(read(Path.of(file)));
    }

    static String read(Path file) {
        String token;
        try {
            PrivateFiles.requirePrivate(file, TOKEN_FILE_ENV);
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | UncheckedIOException | PrivateFiles.InsecureFileException e) {
            throw new BadInputException(TOKEN_FILE_ENV + " '" + file + "' cannot be used: " + e.getMessage());
        }
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException(TOKEN_FILE_ENV + " '" + file + "' must hold one token and nothing else");
        }
        return token;
    }
}
