#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# localkube's image of docker.io/library/zookeeper (see ../README.md): upstream's zkServer.sh, the part a
# container uses — start-foreground, with ZOOCFGDIR's java.env (ZK_SERVER_HEAP, SERVER_JVMFLAGS).
ZOOBINDIR="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=zkEnv.sh
. "$ZOOBINDIR/zkEnv.sh"
case "${1:-}" in
  start-foreground) ;;
  *)
    echo "usage: zkServer.sh start-foreground (localkube's image runs the server in the foreground only, as a container does)" >&2
    exit 2
    ;;
esac
# shellcheck disable=SC2086 # the flags are lists of words
exec "$JAVA" "-Dzookeeper.log.dir=$ZOO_LOG_DIR" "-Xmx${ZK_SERVER_HEAP:-1000}m" $LOCALKUBE_JVMFLAGS \
  ${SERVER_JVMFLAGS:-} ${JVMFLAGS:-} -cp "$CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZOOCFG"
