package dev.zklab.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Member access, connections and four-letter words against three real ZooKeeper servers. */
class MembersIT {

    static LocalZooKeeperServers servers;

    @BeforeAll
    static void start() {
        servers = new LocalZooKeeperServers(
                LocalZooKeeperServers.folderFor(MembersIT.class),
                LocalZooKeeperServers.defaultStaticConfig(),
                Optional.empty());
        servers.startEnsemble(List.of(0, 1, 2));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void writtenThroughOneMemberIsReadThroughAnother() throws Exception {
        try (EnsembleConnection zk0 = EnsembleConnection.open(
                        servers.access(), List.of(0), Optional.empty(), ZooKeeperTimeouts.defaults());
                EnsembleConnection zk1 = EnsembleConnection.open(
                        servers.access(), List.of(1), Optional.empty(), ZooKeeperTimeouts.defaults())) {
            zk0.client().create().orSetData().forPath("/hello", "world".getBytes(StandardCharsets.UTF_8));
            zk1.client().sync().forPath("/hello");
            assertThat(new String(zk1.client().getData().forPath("/hello"), StandardCharsets.UTF_8))
                    .isEqualTo("world");
            assertThat(zk0.members()).isEqualTo("[zk-0]");
        }
    }

    @Test
    void everyMemberReportsTheSameConfigurationAndOneLeader() throws Exception {
        long leaders = 0;
        for (int ordinal : List.of(0, 1, 2)) {
            ServerStatus status =
                    ServerStatus.parse(FourLetterWords.ask(servers.access(), ordinal, "srvr", Duration.ofSeconds(5)));
            assertThat(status.serving()).isTrue();
            assertThat(status.version()).startsWith("3.9.5");
            leaders += status.mode().orElseThrow().equals("leader") ? 1 : 0;
            try (EnsembleConnection zk = EnsembleConnection.open(
                    servers.access(), List.of(ordinal), Optional.empty(), ZooKeeperTimeouts.defaults())) {
                QuorumConfig config = QuorumConfig.parse(zk.client().getConfig().forEnsemble());
                assertThat(config.participants()).containsExactly(1, 2, 3);
                assertThat(config.servers().get(ordinal + 1)).isEqualTo(servers.serverSpec(ordinal));
            }
        }
        assertThat(leaders).isEqualTo(1);
    }

    @Test
    void adminServerAnswersRuok() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + servers.ports(0).admin() + "/commands/ruok"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("ruok: " + response.statusCode() + " " + response.body());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableMemberIsNamedWithTheTimeout() {
        MemberAccess nowhere =
                new FixedAddressAccess((ordinal, port) -> new java.net.InetSocketAddress("127.0.0.1", 1));
        assertThatThrownBy(() -> FourLetterWords.ask(nowhere, 2, "srvr", Duration.ofMillis(500)))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageContaining("zk-2 did not answer 'srvr' at 127.0.0.1:1 within 500 ms");
        ZooKeeperTimeouts quick =
                new ZooKeeperTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThatThrownBy(() -> EnsembleConnection.open(nowhere, List.of(0, 1), Optional.empty(), quick))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageContaining("no ZooKeeper session with [zk-0, zk-1] within 1 s via fixed addresses");
    }
}
