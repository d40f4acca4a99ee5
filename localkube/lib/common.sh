# Shared paths and helpers of localkube. Sourced, never run.
# shellcheck shell=bash

LOCALKUBE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=localkube/versions.env
source "$LOCALKUBE_HOME/versions.env"

# Everything built or created lives outside the repository.
ZKLAB_CACHE="${ZKLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zklab}"
LOCALKUBE_BIN="$ZKLAB_CACHE/localkube/bin"
LOCALKUBE_SRC="$ZKLAB_CACHE/localkube/src"
LOCALKUBE_CLUSTERS="${LOCALKUBE_CLUSTERS:-$ZKLAB_CACHE/localkube/clusters}"

log() { printf '[localkube] %s\n' "$*" >&2; }
die() { printf '[localkube] error: %s\n' "$*" >&2; exit 1; }

# Whatever a command must undo if it does not finish — a failure, `die`, an interrupt — it registers
# with `on_exit`; the actions run, newest first, when the script exits (each in a subshell, so one that
# fails or dies does not stop the others). `done_with` forgets them once the work is complete.
EXIT_ACTIONS=()
on_exit() { EXIT_ACTIONS+=("$1"); }
done_with() { EXIT_ACTIONS=(); }
run_exit_actions() {
  local status=$? i
  for ((i = ${#EXIT_ACTIONS[@]} - 1; i >= 0; i--)); do (eval "${EXIT_ACTIONS[$i]}") || true; done
  exit "$status"
}
trap run_exit_actions EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Path of a built binary, e.g. bin_path kube-apiserver -> .../kube-apiserver-v1.34.4
bin_path() {
  local name="$1" version
  case "$name" in
    kube-apiserver|kube-controller-manager|kube-scheduler|kubectl) version="$KUBE_VERSION" ;;
    etcd) version="$ETCD_VERSION" ;;
    kwok|kwokctl) version="$KWOK_VERSION" ;;
    # Our own code: rebuilt whenever its source or the client-go it links changes.
    localkube-provisioner) version="$KUBE_VERSION-$(cat "$LOCALKUBE_HOME"/provisioner/*.go | sha256sum | cut -c1-12)" ;;
    localkube-runtime) version="$KUBE_VERSION-$(cat "$LOCALKUBE_HOME"/runtime/*.go | sha256sum | cut -c1-12)" ;;
    *) die "unknown component '$name'" ;;
  esac
  printf '%s/%s-%s\n' "$LOCALKUBE_BIN" "$name" "$version"
}

ALL_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl localkube-provisioner localkube-runtime)

# ZooKeeper's jars, the lib of localkube's image (localkube/image), which the zk pods' containers run.
zookeeper_lib() { printf '%s/zookeeper-%s/lib\n' "$ZKLAB_CACHE/localkube" "$ZOOKEEPER_VERSION"; }
# The fetched jars are those of localkube/zookeeper/pom.xml as it is now (its hash, written beside them).
zookeeper_pom_hash() { sha256sum "$LOCALKUBE_HOME/zookeeper/pom.xml" | cut -c1-12; }
zookeeper_fetched() {
  [ -f "$(zookeeper_lib)/zookeeper-$ZOOKEEPER_VERSION.jar" ] &&
    [ "$(cat "$(zookeeper_lib)/.pom-hash" 2>/dev/null)" = "$(zookeeper_pom_hash)" ]
}
# KWOK's own stages, copied at build time; `create` adds the zk exclusion to the pod stages.
stages_dir() { printf '%s/kwok-stages-%s\n' "$ZKLAB_CACHE/localkube" "$KWOK_VERSION"; }

require_built() {
  local c missing=()
  for c in "${ALL_COMPONENTS[@]}"; do [ -x "$(bin_path "$c")" ] || missing+=("$c"); done
  zookeeper_fetched || missing+=("zookeeper-$ZOOKEEPER_VERSION jars")
  [ -d "$(stages_dir)" ] || missing+=("kwok stages")
  ((${#missing[@]} == 0)) || die "not built yet: ${missing[*]}; run '$LOCALKUBE_HOME/localkube build' first"
}
