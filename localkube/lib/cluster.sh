# `localkube create|kubeconfig|status|delete`: named local clusters run by kwokctl's binary runtime.
# shellcheck shell=bash

# kwokctl keeps each cluster in $KWOK_WORKDIR/clusters/NAME; localkube's own files sit beside.
export KWOK_WORKDIR="$ZKLAB_CACHE/localkube/kwok"
CLUSTERS_DIR="$KWOK_WORKDIR/clusters"
# Simulated addresses, local to each cluster's network namespace (see config/kwok.yaml).
POD_CIDR=10.244.0.0/16
# The ZooKeeper pods' network (localkube-runtime): a bridge in the cluster's namespace, a namespace per pod.
ZK_POD_CIDR=10.245.0.0/16
SERVICE_CIDR=10.96.0.0/16
# The API server's advertised address (the `kubernetes` Service endpoint); left alone it would
# advertise the host's own interface address.
ADVERTISE_IP=10.243.0.1
DEFAULT_NODES=4

cluster_dir() { printf '%s/%s\n' "$CLUSTERS_DIR" "$1"; }
netns_name() { printf 'localkube-%s\n' "$1"; }
kubeconfig_path() { printf '%s/kubeconfig.yaml\n' "$(cluster_dir "$1")"; }
kctl() { local name="$1"; shift; "$(bin_path kubectl)" --kubeconfig "$(kubeconfig_path "$name")" "$@"; }

check_name() {
  [ -n "${1:-}" ] || die "missing cluster NAME"
  if ! [[ "$1" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || ((${#1} > 30)); then
    die "invalid cluster name '$1': use lower-case letters, digits and '-', at most 30 characters, starting and ending with a letter or digit"
  fi
}

# The cluster's network namespace, in which the pod and service ranges are local addresses.
create_netns() {
  local ns; ns="$(netns_name "$1")"
  command -v ip >/dev/null 2>&1 || die "the 'ip' command (iproute2) is needed to create network namespaces; install it (apt-get install iproute2)"
  ip netns list 2>/dev/null | grep -qw "^$ns" && ip netns del "$ns"
  ip netns add "$ns" 2>/dev/null ||
    die "cannot create network namespace $ns: localkube needs root (CAP_SYS_ADMIN/CAP_NET_ADMIN) to keep simulated pod IPs off the host network"
  ip -n "$ns" link set lo up
  ip -n "$ns" route add local "$POD_CIDR" dev lo
  ip -n "$ns" route add local "$SERVICE_CIDR" dev lo
  ip -n "$ns" route add local "$ADVERTISE_IP/32" dev lo
}

# KWOK's configuration: kwok.yaml, KWOK's node stages, and its pod stages with the pods of app=zk left out
# (localkube-runtime runs those). A stage without the expected selector fails loudly: left as it is, KWOK
# would take the zk pods too, and the ensemble would run no ZooKeeper at all.
# kwok_config KUBELET_PORT: the nodes' kubelet endpoint is localkube-runtime's (exec into zk pods; the rest
# goes on to KWOK's), so the node stages publish that port instead of KWOK's own.
kwok_config() {
  local kubelet_port="$1"
  sed "s#__POD_CIDR__#$POD_CIDR#" "$LOCALKUBE_HOME/config/kwok.yaml"
  local f
  for f in "$(stages_dir)"/node/*.yaml; do
    echo "---"
    if grep -q '^          Port: {{ . }}$' "$f"; then
      sed "s#^          Port: {{ . }}\$#          Port: $kubelet_port#" "$f"
    else
      cat "$f"
    fi
  done
  for f in "$(stages_dir)"/pod/*.yaml; do
    echo "---"
    awk '{ print } /^    matchExpressions:$/ { found = 1; print "    - key: '"'"'.metadata.labels.app'"'"'"; print "      operator: '"'"'NotIn'"'"'"; print "      values:"; print "      - '"'"'zk'"'"'" }
      END { if (!found) exit 3 }' "$f" ||
      die "KWOK stage $f has no '    matchExpressions:' selector to leave the zk pods out of; KWOK $KWOK_VERSION's stages changed, adapt kwok_config in localkube/lib/cluster.sh"
  done
}

# A free loopback port (for the nodes' kubelet endpoint).
free_port() {
  local p
  for p in $(shuf -i 20000-29999 -n 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "found no free loopback port for the nodes' kubelet endpoint"
}

start_runtime() {
  local name="$1" dir java kwok_port; dir="$(cluster_dir "$1")"
  java="$(command -v java)" || die "no java on PATH: the pod runtime runs the zk pods' ZooKeeper servers on a JDK 17+"
  kwok_port="$(sed -n 's/^ *kwokControllerPort: *\([0-9]*\)$/\1/p' "$dir/kwok.yaml")"
  [ -n "$kwok_port" ] || die "no kwokControllerPort in $dir/kwok.yaml; kwokctl $KWOK_VERSION's configuration changed, adapt start_runtime"
  mkdir -p "$dir/runtime" "$dir/logs"
  setsid "$(bin_path localkube-runtime)" --kubeconfig "$(kubeconfig_path "$name")" --cluster "$name" \
    --dir "$dir/runtime" --cluster-netns "$(netns_name "$name")" --pod-cidr "$ZK_POD_CIDR" \
    --zookeeper-lib "$(zookeeper_lib)" --zookeeper-version "$ZOOKEEPER_VERSION" --image-scripts "$LOCALKUBE_HOME/image" \
    --kubelet-address "127.0.0.1:$(cat "$dir/kubelet.port")" --kwok-address "127.0.0.1:$kwok_port" \
    --tls-cert "$dir/pki/admin.crt" --tls-key "$dir/pki/admin.key" --java "$java" \
    --pod-proxy-address "127.0.0.1:$(cat "$dir/pod-proxy.port")" \
    >>"$dir/logs/localkube-runtime.log" 2>&1 </dev/null &
  echo $! >"$dir/localkube-runtime.pid"
}

start_provisioner() {
  local name="$1" dir; dir="$(cluster_dir "$1")"
  mkdir -p "$dir/volumes" "$dir/logs"
  setsid "$(bin_path localkube-provisioner)" --kubeconfig "$(kubeconfig_path "$name")" --volumes "$dir/volumes" \
    >>"$dir/logs/localkube-provisioner.log" 2>&1 </dev/null &
  echo $! >"$dir/localkube-provisioner.pid"
}

# Stops a component started with a pid file (localkube-runtime stops its ZooKeeper servers first,
# so it gets up to 25 s before it is killed).
stop_component() {
  local pidfile; pidfile="$(cluster_dir "$1")/$2.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null && for _ in $(seq 250); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

cmd_create() {
  local name="" nodes="$DEFAULT_NODES"
  while (($#)); do
    case "$1" in
      --nodes) nodes="${2:-}"; shift 2 || die "--nodes needs a number" ;;
      --nodes=*) nodes="${1#--nodes=}"; shift ;;
      -*) die "unknown option '$1' (create NAME [--nodes N])" ;;
      *) [ -z "$name" ] || die "one cluster NAME only (got '$name' and '$1')"; name="$1"; shift ;;
    esac
  done
  check_name "$name"
  if ! [[ "$nodes" =~ ^[0-9]+$ ]] || ((nodes < 1 || nodes > 50)); then
    die "--nodes must be a number from 1 to 50, got '$nodes'"
  fi
  require_built
  local dir; dir="$(cluster_dir "$name")"
  [ -e "$dir" ] && die "cluster '$name' already exists; use it, or run 'localkube delete $name' first"
  local t0=$SECONDS
  mkdir -p "$CLUSTERS_DIR"
  # Anything that stops the creation from here on (a failure, die, an interrupt) must not leave half a cluster behind.
  on_exit "log 'create failed; cleaning up'; cmd_delete '$name' >/dev/null 2>&1"
  create_netns "$name"
  local config; config="$(mktemp)"
  on_exit "rm -f '$config'"
  local kubelet_port; kubelet_port="$(free_port)"
  kwok_config "$kubelet_port" >"$config"
  grep -q "^          Port: $kubelet_port\$" "$config" ||
    die "KWOK $KWOK_VERSION's node stages publish no kubelet port to point at localkube-runtime; adapt kwok_config in localkube/lib/cluster.sh"
  log "starting control plane of '$name' (Kubernetes $KUBE_VERSION, etcd $ETCD_VERSION)"
  # kwokctl passes KWOK an empty --node-ip; the extra one wins, so that nodes' InternalIP is loopback
  # and the API server reaches KWOK's kubelet endpoint (logs, exec, port-forward) there.
  # The scheduler looks again at an unschedulable pod after 30 s instead of 5 min: a StatefulSet pod whose claim the
  # scheduler had not yet seen ("unbound immediate PersistentVolumeClaims. not found") was otherwise not retried
  # when the claim was bound, and a scale-up waited the full 5 min (seen once in a ./zklab run).
  "$(bin_path kwokctl)" create cluster --name "$name" --config "$config" --kubeconfig "" \
    --runtime binary --wait 120s \
    --kube-apiserver-binary "$(bin_path kube-apiserver)" \
    --kube-controller-manager-binary "$(bin_path kube-controller-manager)" \
    --kube-scheduler-binary "$(bin_path kube-scheduler)" \
    --kwok-controller-binary "$(bin_path kwok)" \
    --etcd-binary "$(bin_path etcd)" \
    --extra-args "kube-apiserver=service-cluster-ip-range=$SERVICE_CIDR" \
    --extra-args "kube-apiserver=advertise-address=$ADVERTISE_IP" \
    --extra-args "kwok-controller=node-ip=127.0.0.1" \
    --extra-args "kube-scheduler=pod-max-in-unschedulable-pods-duration=30s" \
    >"$(dirname "$config")/kwokctl-create-$name.log" 2>&1 ||
    { cat "$(dirname "$config")/kwokctl-create-$name.log" >&2; die "kwokctl could not create the cluster (its output above)"; }
  rm -f "$config"
  echo "$kubelet_port" >"$dir/kubelet.port"
  free_port >"$dir/pod-proxy.port"
  # A kubeconfig is a credential: readable by zklab's user only.
  chmod 600 "$(kubeconfig_path "$name")"
  log "adding $nodes worker nodes and StorageClass 'fast'"
  local i
  for i in $(seq 1 "$nodes"); do
    sed "s#__NAME__#worker-$i#g" "$LOCALKUBE_HOME/config/node.yaml"
    echo "---"
  done | kctl "$name" apply -f - >/dev/null
  kctl "$name" apply -f "$LOCALKUBE_HOME/config/storageclass.yaml" >/dev/null
  start_provisioner "$name"
  start_runtime "$name"
  kctl "$name" wait --for=condition=Ready node --all --timeout=60s >/dev/null
  # Pods cannot be created before the token controller made the default ServiceAccount.
  local ok=""
  for _ in $(seq 120); do
    kctl "$name" get serviceaccount default -n default >/dev/null 2>&1 && { ok=1; break; }
    sleep 0.5
  done
  [ -n "$ok" ] || die "the default ServiceAccount never appeared; see $dir/logs/kube-controller-manager.log"
  done_with
  log "cluster '$name' ready in $((SECONDS - t0))s: $nodes nodes, StorageClass 'fast'"
  log "kubeconfig: $(kubeconfig_path "$name")"
}

cmd_kubeconfig() {
  check_name "${1:-}"
  [ -f "$(kubeconfig_path "$1")" ] || die "no cluster '$1'; create it with 'localkube create $1'"
  kubeconfig_path "$1"
}

# pod-proxy NAME: the HTTP proxy into the cluster's pod network (localkube-runtime serves it on loopback), e.g.
#   curl -x "$(localkube pod-proxy lab)" http://10.245.0.2:7000/metrics
cmd_pod_proxy() {
  check_name "${1:-}"
  local file; file="$(cluster_dir "$1")/pod-proxy.port"
  [ -d "$(cluster_dir "$1")" ] || die "no cluster '$1'; create it with 'localkube create $1'"
  [ -f "$file" ] || die "cluster '$1' was created before localkube had a pod proxy; delete and create it again"
  printf 'http://127.0.0.1:%s\n' "$(cat "$file")"
}

# kubectl NAME ARGS...: the pinned kubectl on a cluster, e.g. localkube kubectl lab exec zk-0 -n zk-lab -- hostname
cmd_kubectl() {
  local kubeconfig; kubeconfig="$(cmd_kubeconfig "${1:-}")" || exit 1
  shift
  [ -x "$(bin_path kubectl)" ] || die "kubectl $KUBE_VERSION is not built; run 'localkube build'"
  exec "$(bin_path kubectl)" --kubeconfig "$kubeconfig" "$@"
}

status_of() {
  local name="$1" dir server nodes prov
  dir="$(cluster_dir "$name")"
  server="$(sed -n 's/^ *server: *//p' "$(kubeconfig_path "$name")" 2>/dev/null | head -n1)"
  if nodes="$(kctl "$name" get nodes --no-headers --request-timeout=3s 2>/dev/null)"; then
    nodes="$(printf '%s\n' "$nodes" | grep -c ' Ready') ready nodes"
  else
    nodes="API server not answering"
  fi
  prov="stopped"
  [ -f "$dir/localkube-provisioner.pid" ] && kill -0 "$(cat "$dir/localkube-provisioner.pid")" 2>/dev/null && prov="running"
  local rt="stopped"
  [ -f "$dir/localkube-runtime.pid" ] && kill -0 "$(cat "$dir/localkube-runtime.pid")" 2>/dev/null && rt="running"
  printf '%-20s %-28s %-24s provisioner %-8s zk runtime %s\n' "$name" "${server:-?}" "$nodes" "$prov" "$rt"
}

cmd_status() {
  if [ -n "${1:-}" ]; then
    check_name "$1"
    [ -d "$(cluster_dir "$1")" ] || die "no cluster '$1'"
    status_of "$1"
    return
  fi
  local d found=""
  for d in "$CLUSTERS_DIR"/*/; do
    [ -d "$d" ] || continue
    found=1; status_of "$(basename "$d")"
  done
  [ -n "$found" ] || log "no clusters (create one with 'localkube create NAME')"
}

cmd_delete() {
  check_name "${1:-}"
  local name="$1" dir; dir="$(cluster_dir "$1")"
  stop_component "$name" localkube-runtime
  stop_component "$name" localkube-provisioner
  if [ -d "$dir" ] && [ -x "$(bin_path kwokctl)" ]; then
    "$(bin_path kwokctl)" delete cluster --name "$name" --kubeconfig "" >/dev/null 2>&1 || true
  fi
  # Whatever kwokctl did not stop (a crash left a pid file behind, say) is stopped here.
  local pids=()
  mapfile -t pids < <(pgrep -f -- "$dir/" || true)
  if ((${#pids[@]})); then
    kill "${pids[@]}" 2>/dev/null || true
    sleep 1
    kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  local podns
  for podns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^lkp-$name-" || true); do ip netns del "$podns" 2>/dev/null || true; done
  ip netns del "$(netns_name "$name")" 2>/dev/null || true
  rm -rf "$dir"
  log "cluster '$name' deleted"
}
