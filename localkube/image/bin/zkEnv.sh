#!/bin/sh
# shellcheck disable=SC2034 # sourced: its variables are for the script that sources it
# localkube's image of docker.io/library/zookeeper (see ../README.md): what upstream's zkEnv.sh sets
# for the scripts beside it. Sourced, not run.
ZOOBINDIR="${ZOOBINDIR:-$(cd "$(dirname "$0")" && pwd)}"
ZOOKEEPER_PREFIX="$(dirname "$ZOOBINDIR")"
ZOOCFGDIR="${ZOOCFGDIR:-$ZOOKEEPER_PREFIX/conf}"
ZOOCFG="$ZOOCFGDIR/${ZOOCFG:-zoo.cfg}"
if [ -f "$ZOOCFGDIR/java.env" ]; then
  # shellcheck disable=SC1091 # the configuration of the server, not of the image
  . "$ZOOCFGDIR/java.env"
fi
ZOO_LOG_DIR="${ZOO_LOG_DIR:-$ZOOKEEPER_PREFIX/logs}"
if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
CLASSPATH="$ZOOCFGDIR:$ZOOKEEPER_PREFIX/lib/*${CLASSPATH:+:$CLASSPATH}"
# localkube's choices: small JVMs, and host names cached for 1 s (a pod's address changes when it moves).
LOCALKUBE_JVMFLAGS="-Xms32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Dsun.net.inetaddr.ttl=1 -Dsun.net.inetaddr.negative.ttl=1"
