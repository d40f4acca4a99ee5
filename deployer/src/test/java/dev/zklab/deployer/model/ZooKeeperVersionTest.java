package dev.zklab.deployer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zklab.contracts.ensemble.ImageProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One ZooKeeper everywhere: the current profile's image, the servers localkube's runtime runs, the
 * servers the tests start and the client zklab links are the same version, written in four files.
 */
class ZooKeeperVersionTest {

    @Test
    void everyPlaceNamesTheSameZooKeeper() throws IOException {
        Path root = Path.of(System.getProperty("zklab.root", ".."));
        String parent = find(root.resolve("pom.xml"), "<zookeeper.version>([^<]+)</zookeeper.version>");
        assertThat(find(root.resolve("localkube/versions.env"), "(?m)^ZOOKEEPER_VERSION=(\\S+)$"))
                .isEqualTo(parent);
        assertThat(find(root.resolve("localkube/zookeeper/pom.xml"), "<zookeeper.version>([^<]+)</zookeeper.version>"))
                .isEqualTo(parent);
        assertThat(ImageProfile.CURRENT.image()).endsWith(":" + parent);
    }

    private static String find(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
        assertThat(m.find()).as("%s in %s", regex, file).isTrue();
        return m.group(1);
    }
}
