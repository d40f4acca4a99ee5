package dev.zklab.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.security.TestTokens;
import dev.zklab.support.kubernetes.EnsembleNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The secrets a run's cluster holds — its kubeconfig's credentials, the ZooKeeper super user's password and digest —
 * and the check that none of them is in anything zklab produced. A failure names the secret's kind and where it
 * was found, never the secret.
 */
final class SecretHygiene {

    private SecretHygiene() {}

    /** Every user's credentials in a kubeconfig: tokens, passwords, client keys and certificates (inline or in files). */
    @SuppressWarnings("unchecked")
    static Map<String, String> ofKubeconfig(Path kubeconfig) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, Object> config;
        try (Reader in = Files.newBufferedReader(kubeconfig)) {
            config = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map<String, Object> named : (List<Map<String, Object>>) config.getOrDefault("users", List.of())) {
            Map<String, Object> user = (Map<String, Object>) named.getOrDefault("user", Map.of());
            String who = "kubeconfig user " + named.get("name") + " ";
            for (String key : List.of("token", "password")) {
                if (user.get(key) instanceof String value) {
                    secrets.put(who + key, value);
                }
            }
            for (String key : List.of("client-key", "client-certificate")) {
                if (user.get(key + "-data") instanceof String data) {
                    secrets.put(who + key + "-data", data);
                    secrets.put(
                            who + key + " (PEM)",
                            pemBody(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8)));
                } else if (user.get(key) instanceof String file) {
                    secrets.put(who + key + " (PEM)", pemBody(read(kubeconfig.resolveSibling(file))));
                }
            }
        }
        assertThat(secrets).as("credentials in %s", kubeconfig).isNotEmpty();
        return secrets;
    }

    /**
     * The API tokens the tests sign in with, and tokens that are refused — {@code refused} are sent with requests
     * first, so that a service that logged a refused token would be caught.
     */
    static Map<String, String> ofApiTokens(Map<String, String> refused) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the viewer's API token", TestTokens.VIEWER);
        secrets.put("the operator's API token", TestTokens.OPERATOR);
        secrets.put("the admin's API token", TestTokens.ADMIN);
        secrets.putAll(refused);
        return secrets;
    }

    /** The ZooKeeper super user's password and digest, from its Secret. */
    static Map<String, String> ofSuperUser(Secret secret) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("ZooKeeper super user's password", decode(secret.getData().get(EnsembleNames.SUPER_PASSWORD_KEY)));
        // The digest's hash part: what a log of the server's flags would show.
        String digest = decode(secret.getData().get(EnsembleNames.SUPER_DIGEST_KEY));
        secrets.put("ZooKeeper super user's digest", digest.substring(digest.indexOf(':') + 1));
        return secrets;
    }

    /** Fails if any secret (values of 8 characters or more) is in any of the places (name → text). */
    static void assertNoneIn(Map<String, String> secrets, Map<String, String> places) {
        assertThat(places).isNotEmpty();
        for (Map.Entry<String, String> place : places.entrySet()) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (secret.getValue().length() < 8) {
                    throw new AssertionError(
                            "the " + secret.getKey() + " is too short to look for without false matches");
                }
                if (place.getValue().contains(secret.getValue())) {
                    throw new AssertionError("the " + secret.getKey() + " is in " + place.getKey());
                }
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The longest base64 line of a PEM: a piece of the key or certificate that any copy of it contains. */
    private static String pemBody(String pem) {
        return pem.lines()
                .filter(l -> !l.startsWith("-----"))
                .max(Comparator.comparingInt(String::length))
                .orElseThrow();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
