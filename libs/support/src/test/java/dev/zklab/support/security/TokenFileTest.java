package dev.zklab.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zklab.contracts.security.Roles;
import dev.zklab.support.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file (plain JUnit): only hashes are written, 0600; tokens are found by hash; bad files are refused by line. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsShownOnceAndOnlyItsHashIsKeptInAFileItsOwnerAloneMayRead() throws Exception {
        Path file = dir.resolve("conf/tokens");

        String alice = TokenFile.add(file, "alice", "operator");
        String bob = TokenFile.add(file, "bob", "ADMIN");

        assertThat(alice)
                .startsWith(TokenFile.TOKEN_PREFIX)
                .hasSizeGreaterThan(40)
                .isNotEqualTo(bob);
        assertThat(Files.readString(file))
                .doesNotContain(alice.substring(TokenFile.TOKEN_PREFIX.length()))
                .contains("alice operator ", "bob admin ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        TokenFile tokens = TokenFile.read(file);
        assertThat(tokens.holderOf(alice)).contains(new TokenFile.Holder("alice", Roles.OPERATOR));
        assertThat(tokens.holderOf(bob)).contains(new TokenFile.Holder("bob", Roles.ADMIN));
        assertThat(tokens.holderOf(alice + "x")).isEmpty();
        assertThat(tokens.holderOf("")).isEmpty();
    }

    @Test
    void removingAUserRemovesEveryTokenOfTheirsAndNoOneElses() {
        Path file = dir.resolve("tokens");
        String first = TokenFile.add(file, "alice", "viewer");
        String second = TokenFile.add(file, "alice", "operator");
        String bob = TokenFile.add(file, "bob", "viewer");

        assertThat(TokenFile.remove(file, "alice")).isEqualTo(2);

        TokenFile tokens = TokenFile.read(file);
        assertThat(tokens.holderOf(first)).isEmpty();
        assertThat(tokens.holderOf(second)).isEmpty();
        assertThat(tokens.holderOf(bob)).isPresent();
        assertThat(TokenFile.remove(dir.resolve("none"), "alice")).isZero();
    }

    @Test
    void aTokenAddedToAHandEditedFileWithoutItsLastNewLineGetsALineOfItsOwn() {
        Path file = PrivateFiles.write(dir.resolve("tokens"), "alice operator " + "ab".repeat(32));

        String bob = TokenFile.add(file, "bob", "viewer");

        assertThat(TokenFile.read(file).holders())
                .extracting(TokenFile.Holder::user)
                .containsExactly("alice", "bob");
        assertThat(TokenFile.read(file).holderOf(bob)).isPresent();
    }

    @Test
    void aFileOthersMayReadIsRefusedSayingHowToFixIt() throws Exception {
        Path file = dir.resolve("tokens");
        TokenFile.add(file, "alice", "viewer");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TokenFile.read(file))
                .isInstanceOf(PrivateFiles.InsecureFileException.class)
                .hasMessageContaining("chmod 600 " + file);
        assertThatThrownBy(() -> TokenFile.add(file, "bob", "viewer"))
                .isInstanceOf(PrivateFiles.InsecureFileException.class);
    }

    @Test
    void aMalformedLineIsNamedByItsNumber() {
        Path file = PrivateFiles.write(
                dir.resolve("tokens"),
                "# users\nalice operator " + "ab".repeat(32) + "\nbob root " + "cd".repeat(32) + "\n");

        assertThatThrownBy(() -> TokenFile.read(file))
                .hasMessageContaining("line 3")
                .hasMessageContaining("role 'root'")
                .hasMessageContaining(Roles.ALL.toString());
        PrivateFiles.write(file, "alice operator not-a-hash\n");
        assertThatThrownBy(() -> TokenFile.read(file))
                .hasMessageContaining("line 1 is not '<user> <role> <sha256 hex>'");
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("missing"))).hasMessageContaining("zklab tokens add");
    }

    @Test
    void badUsersAndRolesAreRefusedBeforeAnythingIsWritten() {
        Path file = dir.resolve("tokens");

        assertThatThrownBy(() -> TokenFile.add(file, "alice smith", "viewer"))
                .hasMessageContaining("user 'alice smith'");
        assertThatThrownBy(() -> TokenFile.add(file, "alice", "root")).hasMessageContaining("role 'root'");
        assertThat(file).doesNotExist();
    }

    @Test
    void eachRoleIncludesTheOnesBeforeIt() {
        assertThat(Roles.included(Roles.ADMIN)).containsExactlyInAnyOrder("viewer", "operator", "admin");
        assertThat(Roles.included(Roles.OPERATOR)).containsExactlyInAnyOrder("viewer", "operator");
        assertThat(Roles.included(Roles.VIEWER)).containsExactly("viewer");
        assertThat(Roles.included("root")).isEmpty();
    }
}
