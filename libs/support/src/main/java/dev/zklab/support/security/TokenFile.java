package dev.zklab.support.security;

import dev.zklab.contracts.security.Roles;
import dev.zklab.support.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's file of zklab API tokens: one line per token, {@code <user> <role> <SHA-256 of the token, hex>}.
 * Only hashes are kept, so the file shows who may sign in, never how; a token is shown once, when it is made. The
 * file must be its owner's alone (0600), like a kubeconfig: it is refused otherwise.
 */
public final class TokenFile {

    /** What every zklab API token starts with, so it is told from a JWT at a glance (and by a secret scanner). */
    public static final String TOKEN_PREFIX = "zklab_";
    /** A user's name: what runs and reports show as their requester. */
    public static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private static final Pattern LINE = Pattern.compile("(\\S+)\\s+(\\S+)\\s+([0-9a-f]{64})");
    private static final String HEADER =
            "# zklab API tokens: <user> <role> <sha256 of the token>. Add one with: zklab tokens add"
                    + " <user> --role viewer|operator|admin --file <this file>\n";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One token's holder. */
    public record Holder(String user, String role) {}

    private record Entry(Holder holder, byte[] hash) {}

    private final Path file;
    private final List<Entry> entries;

    private TokenFile(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    /** Reads {@code file}; throws, naming the file and line and how to fix it, when it is not private or not well formed. */
    public static TokenFile read(Path file) {
        List<String> lines = existing(file)
                .orElseThrow(() -> new IllegalStateException("tokens file " + file
                        + " does not exist; make it with: zklab tokens add <user> --role operator --file " + file))
                .lines()
                .toList();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var match = LINE.matcher(line);
            String problem = !match.matches()
                    ? "is not '<user> <role> <sha256 hex>'"
                    : !USER.matcher(match.group(1)).matches()
                            ? "names a user that is not " + USER.pattern()
                            : Roles.parse(match.group(2)).isEmpty()
                                    ? "names role '" + match.group(2) + "'; the roles are " + Roles.ALL
                                    : null;
            if (problem != null) {
                throw new IllegalStateException("tokens file " + file + ", line " + (i + 1) + " " + problem
                        + "; fix or remove the line (zklab tokens add writes well-formed ones)");
            }
            entries.add(new Entry(
                    new Holder(match.group(1), Roles.parse(match.group(2)).orElseThrow()),
                    HexFormat.of().parseHex(match.group(3))));
        }
        return new TokenFile(file, entries);
    }

    /** Whose {@code token} is, if it is one of this file's. */
    public Optional<Holder> holderOf(String token) {
        byte[] hash = hash(token);
        Holder found = null;
        for (Entry entry : entries) {
            // Every entry is compared, in constant time, so how long a check takes says nothing about the hashes.
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                found = entry.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The users with a token, and their roles, in the file's order. */
    public List<Holder> holders() {
        return entries.stream().map(Entry::holder).toList();
    }

    public Path file() {
        return file;
    }

    /**
     * Makes a new token for {@code user} with {@code role}, adds its hash to {@code file} (made, 0600, when missing)
     * and returns the token: the only time it is ever seen.
     */
    public static String add(Path file, String user, String role) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException(
                    "user '" + user + "' is not a user name: give letters, digits and . _ @ -,"
                            + " starting with a letter or digit, at most 64");
        }
        String checkedRole = Roles.parse(role)
                .orElseThrow(() -> new IllegalArgumentException(
                        "role '" + role + "' is not a zklab role; give one of " + Roles.ALL));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = user + " " + checkedRole + " " + HexFormat.of().formatHex(hash(token)) + "\n";
        // A file edited by hand may lack its last new line: the new token's line must not run on from it.
        String before = existing(file)
                .map(content -> content.isEmpty() || content.endsWith("\n") ? content : content + "\n")
                .orElse(HEADER);
        PrivateFiles.write(file, before + line);
        return token;
    }

    /** Removes every token of {@code user} from {@code file}; returns how many there were. */
    public static int remove(Path file, String user) {
        Optional<String> content = existing(file);
        if (content.isEmpty()) {
            return 0;
        }
        StringBuilder kept = new StringBuilder();
        int removed = 0;
        for (String line : content.get().split("\n", -1)) {
            String[] words = line.strip().split("\\s+");
            if (!line.strip().startsWith("#") && words[0].equals(user)) {
                removed++;
            } else if (!line.isEmpty()) {
                kept.append(line).append('\n');
            }
        }
        PrivateFiles.write(file, kept.toString());
        return removed;
    }

    /** The SHA-256 of a token: what the file keeps. A token is 256 random bits, so a plain hash is enough (no salt). */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static Optional<String> existing(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PrivateFiles.requirePrivate(file, "tokens file");
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokens file " + file, e);
        }
    }
}
