#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# localkube's image of docker.io/library/zookeeper (see ../README.md): upstream's zkCli.sh —
# ZooKeeper's command-line client, e.g. zkCli.sh create /hello world; zkCli.sh get /hello.
ZOOBINDIR="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=zkEnv.sh
. "$ZOOBINDIR/zkEnv.sh"
# shellcheck disable=SC2086 # the flags are lists of words
exec "$JAVA" "-Dzookeeper.log.dir=$ZOO_LOG_DIR" "-Xmx${ZK_CLIENT_HEAP:-256}m" $LOCALKUBE_JVMFLAGS \
  ${CLIENT_JVMFLAGS:-} ${JVMFLAGS:-} -cp "$CLASSPATH" org.apache.zookeeper.ZooKeeperMain "$@"
