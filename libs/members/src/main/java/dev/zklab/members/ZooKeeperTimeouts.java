package dev.zklab.members;

import java.time.Duration;

/**
 * How long zklab waits for ZooKeeper: to connect, before a session expires, for one operation
 * (including its retries). Every call to a member is bounded by one of them.
 */
public record ZooKeeperTimeouts(Duration connect, Duration session, Duration operation) {

    public static ZooKeeperTimeouts defaults() {
        return new ZooKeeperTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(30));
    }
}
