# `localkube build`: builds every component from its Go module at the pinned version.
# shellcheck shell=bash

check_go() {
  command -v go >/dev/null 2>&1 ||
    die "no Go toolchain on PATH; install Go $GO_MIN_VERSION or newer (https://go.dev/doc/install) and retry"
  local have
  have="$(go env GOVERSION)"; have="${have#go}"
  if [ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "$have" | sort -V | head -n1)" != "$GO_MIN_VERSION" ]; then
    die "Go $have is too old: kwok $KWOK_VERSION needs Go $GO_MIN_VERSION or newer"
  fi
}

# Fails with the proxy's own words when a module cannot be fetched.
fetch_module() {
  local mod="$1" out
  if ! out="$(cd "$2" && go mod download -json "$mod" 2>&1)"; then
    die "cannot fetch $mod through the Go module proxy (GOPROXY=$(go env GOPROXY)): $(printf '%s' "$out" | grep -m1 -E 'Error|error|403|dial' || printf '%s' "$out" | tail -n1)"
  fi
  printf '%s' "$out" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p'
}

# A throw-away module that requires the component's module and builds its main packages from it.
new_build_module() {
  local dir="$1"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'module zklab.local/localkube/build\n\ngo %s\n' "$GO_MIN_VERSION" >"$dir/go.mod"
}

go_build() {
  local dir="$1" out="$2" pkg="$3" ldflags="$4" tmp
  tmp="$out.tmp.$$"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg") ||
    { rm -f "$tmp"; die "go build of $pkg failed (see above)"; }
  mv -f "$tmp" "$out"
}

# Builds, from their main packages PREFIX/<name> in the module at DIR, the components not built yet.
build_components() {
  local dir="$1" version="$2" prefix="$3" ldflags="$4" c t0; shift 4
  for c in "$@"; do
    [ -x "$(bin_path "$c")" ] && continue
    log "building $c $version (cold: up to several minutes)"
    t0=$SECONDS
    go_build "$dir" "$(bin_path "$c")" "$prefix/$c" "$ldflags"
    log "built $c in $((SECONDS - t0))s"
  done
}

build_kubernetes() {
  local dir="$LOCALKUBE_SRC/kubernetes-$KUBE_VERSION" staging="v0.${KUBE_VERSION#v1.}" gomod m c
  local minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  new_build_module "$dir"
  gomod="$(fetch_module "k8s.io/kubernetes@$KUBE_VERSION" "$dir")"
  # k8s.io/kubernetes points its staging modules at ./staging; take their published twins.
  (cd "$dir" && go mod edit -require="k8s.io/kubernetes@$KUBE_VERSION")
  while IFS= read -r m; do
    (cd "$dir" && go mod edit -replace="$m=$m@$staging")
  done < <(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod")
  local pkgs=()
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do pkgs+=("k8s.io/kubernetes/cmd/$c@$KUBE_VERSION"); done
  log "resolving k8s.io/kubernetes $KUBE_VERSION dependencies"
  (cd "$dir" && go get -tool "${pkgs[@]}" >/dev/null 2>"$dir/get.log") ||
    die "cannot resolve k8s.io/kubernetes $KUBE_VERSION through the Go module proxy: $(grep -m3 -E 'reading|cannot find|error' "$dir/get.log")"
  local v="k8s.io/component-base/version" built ldflags
  built="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  ldflags="-s -w -X $v.gitVersion=$KUBE_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean -X $v.buildDate=$built"
  build_components "$dir" "$KUBE_VERSION" k8s.io/kubernetes/cmd "$ldflags" kube-apiserver kube-controller-manager kube-scheduler kubectl
  # The provisioner links the same client-go, so it reuses this module and its build cache.
  if [ ! -x "$(bin_path localkube-provisioner)" ]; then
    log "building localkube-provisioner"
    rm -rf "$dir/provisioner" && cp -r "$LOCALKUBE_HOME/provisioner" "$dir/provisioner"
    (cd "$dir" && go mod tidy >/dev/null 2>>"$dir/get.log") || die "cannot resolve the provisioner's dependencies: $(tail -n3 "$dir/get.log")"
    go_build "$dir" "$(bin_path localkube-provisioner)" ./provisioner "-s -w"
  fi
  if [ ! -x "$(bin_path localkube-runtime)" ]; then
    log "building localkube-runtime"
    rm -rf "$dir/runtime" && cp -r "$LOCALKUBE_HOME/runtime" "$dir/runtime"
    (cd "$dir" && go mod tidy >/dev/null 2>>"$dir/get.log") || die "cannot resolve the runtime's dependencies: $(tail -n3 "$dir/get.log")"
    (cd "$dir" && go vet ./runtime && go test ./runtime >"$dir/runtime-test.log" 2>&1) ||
      die "localkube-runtime's unit tests failed: $(tail -n 20 "$dir/runtime-test.log")"
    go_build "$dir" "$(bin_path localkube-runtime)" ./runtime "-s -w"
  fi
}

# ZooKeeper's server jars from Maven Central, through the repository's Maven wrapper.
build_zookeeper() {
  local lib; lib="$(zookeeper_lib)"
  command -v java >/dev/null 2>&1 || die "no java on PATH: the pod runtime runs ZooKeeper servers on a JDK 17+; install one"
  log "fetching ZooKeeper $ZOOKEEPER_VERSION server jars"
  mkdir -p "$LOCALKUBE_SRC"
  rm -rf "$lib.tmp"
  "$LOCALKUBE_HOME/../mvnw" -q -B -ntp -f "$LOCALKUBE_HOME/zookeeper/pom.xml" dependency:copy-dependencies \
    -Dzookeeper.lib="$lib.tmp" >"$LOCALKUBE_SRC/zookeeper.log" 2>&1 ||
    die "cannot fetch ZooKeeper $ZOOKEEPER_VERSION from Maven Central: $(grep -m3 -E 'ERROR' "$LOCALKUBE_SRC/zookeeper.log")"
  zookeeper_pom_hash >"$lib.tmp/.pom-hash"
  rm -rf "$lib" && mkdir -p "$(dirname "$lib")" && mv "$lib.tmp" "$lib"
}

# KWOK's default node and pod stages, from its module (a cluster's config lists every stage).
copy_stages() {
  local src dst; dst="$(stages_dir)"
  src="$(cd "$LOCALKUBE_SRC/kwok-$KWOK_VERSION" 2>/dev/null && go list -m -f '{{.Dir}}' "sigs.k8s.io/kwok" 2>/dev/null)" ||
    src="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION"
  [ -d "$src/kustomize/stage" ] || die "KWOK's stages not found in $src; run 'localkube build' after deleting $LOCALKUBE_SRC/kwok-$KWOK_VERSION"
  rm -rf "$dst.tmp" && mkdir -p "$dst.tmp/node" "$dst.tmp/pod"
  cp "$src/kustomize/stage/node/fast/node-initialize.yaml" \
     "$src/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" "$dst.tmp/node/"
  cp "$src/kustomize/stage/pod/fast/pod-ready.yaml" "$src/kustomize/stage/pod/fast/pod-complete.yaml" \
     "$src/kustomize/stage/pod/fast/pod-delete.yaml" "$dst.tmp/pod/"
  rm -rf "$dst" && mv "$dst.tmp" "$dst"
}

build_etcd() {
  local dir="$LOCALKUBE_SRC/etcd-$ETCD_VERSION"
  new_build_module "$dir"
  fetch_module "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "$dir" >/dev/null
  log "resolving etcd $ETCD_VERSION dependencies"
  (cd "$dir" && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>"$dir/get.log") ||
    die "cannot resolve etcd $ETCD_VERSION through the Go module proxy: $(grep -m3 -E 'reading|cannot find|error' "$dir/get.log")"
  log "building etcd $ETCD_VERSION"
  local t0=$SECONDS
  go_build "$dir" "$(bin_path etcd)" "go.etcd.io/etcd/server/v3" "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION"
  log "built etcd in $((SECONDS - t0))s"
}

build_kwok() {
  local dir="$LOCALKUBE_SRC/kwok-$KWOK_VERSION"
  new_build_module "$dir"
  fetch_module "sigs.k8s.io/kwok@$KWOK_VERSION" "$dir" >/dev/null
  log "resolving kwok $KWOK_VERSION dependencies"
  (cd "$dir" && go get -tool "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION" >/dev/null 2>"$dir/get.log") ||
    die "cannot resolve kwok $KWOK_VERSION through the Go module proxy: $(grep -m3 -E 'reading|cannot find|error' "$dir/get.log")"
  build_components "$dir" "$KWOK_VERSION" sigs.k8s.io/kwok/cmd "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" kwok kwokctl
}

cmd_build() {
  local c todo=()
  for c in "${ALL_COMPONENTS[@]}"; do [ -x "$(bin_path "$c")" ] || todo+=("$c"); done
  zookeeper_fetched || build_zookeeper
  if ((${#todo[@]} == 0)); then
    [ -d "$(stages_dir)" ] || { check_go; copy_stages; }
    log "all components built (cached in $LOCALKUBE_BIN)"
    return 0
  fi
  check_go
  mkdir -p "$LOCALKUBE_BIN" "$LOCALKUBE_SRC"
  log "building ${todo[*]} into $LOCALKUBE_BIN"
  local t0=$SECONDS
  [[ " ${todo[*]} " =~ \ (kube-|localkube-) ]] && build_kubernetes
  [[ " ${todo[*]} " =~ \ etcd\  ]] && build_etcd
  [[ " ${todo[*]} " =~ \ kwok ]] && build_kwok
  [ -d "$(stages_dir)" ] || copy_stages
  log "build done in $((SECONDS - t0))s"
}
