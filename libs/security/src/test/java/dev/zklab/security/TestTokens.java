package dev.zklab.security;

import dev.zklab.contracts.security.Roles;
import dev.zklab.support.files.PrivateFiles;
import dev.zklab.support.security.TokenFile;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Callers for the services' tests: an API token per role (in a tokens file the services read) and JWTs signed with a
 * key made for the test run. The tokens are fixed, so a test and the service it starts — two class loaders, or two
 * processes — agree on them; they are worth nothing outside a test.
 */
public final class TestTokens {

    public static final String VIEWER = TokenFile.TOKEN_PREFIX + "test-viewer-0b6f1c2e9d4a4f7e8c3b5a1d2e3f4a5b";
    public static final String OPERATOR = TokenFile.TOKEN_PREFIX + "test-operator-7e2d9c1b0a3f4e5d6c7b8a9f0e1d2c3b";
    public static final String ADMIN = TokenFile.TOKEN_PREFIX + "test-admin-4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f";
    /** What the tests' JWTs say issued them; the services check it. */
    public static final String ISSUER = "https://sign-in.zklab.test";
    /** Where the tests of one module keep their tokens file and JWT keys (Maven runs each module in its folder). */
    public static final Path DIR = Path.of("target", "test-sign-in").toAbsolutePath();

    private static final Map<String, String> HOLDERS = Map.of(
            VIEWER,
            "test-viewer " + Roles.VIEWER,
            OPERATOR,
            "test-operator " + Roles.OPERATOR,
            ADMIN,
            "test-admin " + Roles.ADMIN);

    private TestTokens() {}

    /** The user each test token belongs to. */
    public static String user(String token) {
        return HOLDERS.get(token).split(" ")[0];
    }

    /**
     * Writes the tokens file and a fresh JWT key pair into {@code dir} (0600) and returns the services' settings for
     * them: the tokens file, the JWT public key and issuer.
     */
    public static Map<String, String> writeSignIn(Path dir) {
        StringBuilder lines = new StringBuilder();
        HOLDERS.forEach((token, holder) -> lines.append(holder)
                .append(' ')
                .append(HexFormat.of().formatHex(TokenFile.hash(token)))
                .append('\n'));
        Path tokens = PrivateFiles.write(dir.resolve("tokens"), lines.toString());
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Path publicKey = PrivateFiles.write(
                    dir.resolve("jwt-public.pem"),
                    pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            PrivateFiles.write(
                    dir.resolve("jwt-private.pem"),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return Map.of(
                    "zklab.security.tokens-file",
                    tokens.toString(),
                    "mp.jwt.verify.publickey.location",
                    publicKey.toUri().toString(),
                    "mp.jwt.verify.issuer",
                    ISSUER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a JWT key pair", e);
        }
    }

    /** A file (0600) that holds {@code token} alone, as a user keeps theirs for the CLI ({@code ZKLAB_TOKEN_FILE}). */
    public static Path tokenFile(String token) {
        return PrivateFiles.write(DIR.resolve(user(token) + ".token"), token + "\n");
    }

    /** A JWT for {@code user} with these {@code groups} (roles), valid for five minutes, signed with {@link #DIR}'s key. */
    public static String jwt(String user, Set<String> groups) {
        return Jwt.issuer(ISSUER).upn(user).groups(groups).expiresIn(300).sign(privateKey(DIR));
    }

    /** A JWT signed with a key no service trusts. */
    public static String jwtOfAnotherIssuerKey(String user, Set<String> groups) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER)
                    .upn(user)
                    .groups(groups)
                    .expiresIn(300)
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(Path dir) {
        try {
            String pem = Files.readString(dir.resolve("jwt-private.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no test JWT key in " + dir + "; TestSignIn makes it when a Quarkus test starts", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
