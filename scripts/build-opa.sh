#!/usr/bin/env bash
# Builds the `opa` CLI (OPA 1.4.2) that the translator tests run, from Debian packages only, and
# caches it. Nothing is installed system-wide: the .debs of Debian testing/sid (tablewriter 0.0.5
# from trixie) are fetched with apt-get download through a private apt configuration, unpacked
# with dpkg-deb -x, and compiled in GOPATH mode with the module proxy off, so neither GitHub, the
# Go module proxy nor Docker is needed (see the project's OPA notes for why this is the one route
# that works here). The recipe is the one of get-opa-from-debian.sh; the project carries its own
# copy because CI clones the project without that tool.
#
# Usage: scripts/build-opa.sh            prints the path of a working opa binary on stdout
# Environment:
#   PASSPORT_OPA_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/passport/opa)
#   DEBIAN_MIRROR       Debian mirror URL (default: the first one configured for apt)
# The tests find the binary through OPA_BIN, then this cache path, then `opa` on PATH.
set -euo pipefail

OPA_VERSION=1.4.2
CACHE_ROOT=${PASSPORT_OPA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/passport/opa}
DEST_DIR="$CACHE_ROOT/opa-$OPA_VERSION"
DEST="$DEST_DIR/opa"

# A cached binary that runs is reused: a cold build takes minutes and about 700 MB.
if [ -x "$DEST" ] && "$DEST" version >/dev/null 2>&1; then
  echo "$DEST"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-opa.sh: $tool is required (a Debian-based system)" >&2
    exit 1
  fi
done

mkdir -p "$DEST_DIR"
W=$(mktemp -d "$CACHE_ROOT/build.XXXXXX")
# The build tree (about 700 MB) goes whatever happens; only the binary is kept.
trap 'rm -rf "$W"' EXIT

{
  # reuse the Debian mirror the machine already uses (first "URIs:" / "deb" entry)
  MIRROR=${DEBIAN_MIRROR:-$( { grep -h "^URIs:" /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'; grep -h "^deb " /etc/apt/sources.list 2>/dev/null | awk '{print $2}'; } | grep -v security | head -1 || true)}
  if [ -z "$MIRROR" ]; then
    echo "build-opa.sh: no Debian mirror configured; set DEBIAN_MIRROR" >&2
    exit 1
  fi
  mkdir -p "$W"/{lists/partial,cache/archives/partial,parts,dl,root}
  cat > "$W/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR testing main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR sid main
SRC
  cat > "$W/apt.conf" <<CONF
Dir::Etc::SourceList "$W/sources.list";
Dir::Etc::SourceParts "$W/parts";
Dir::State::Lists "$W/lists";
Dir::Cache "$W/cache";
Acquire::Languages "none";
CONF
  export APT_CONFIG="$W/apt.conf"
  apt-get -q update >/dev/null
  PKGS=(
   golang-1.27-go golang-1.27-src
   golang-github-open-policy-agent-opa-dev
   golang-github-agnivade-levenshtein-dev golang-github-beorn7-perks-dev golang-github-cenkalti-backoff-v5-dev
   golang-github-cespare-xxhash-v2-dev golang-github-clipperhouse-uax29-dev golang-github-containerd-containerd-dev
   golang-github-containerd-errdefs-dev golang-github-containerd-log-dev golang-github-containerd-platforms-dev
   golang-github-dgraph-io-badger-dev golang-github-dgraph-io-ristretto-dev golang-github-dustin-go-humanize-dev
   golang-github-felixge-httpsnoop-dev golang-github-fsnotify-fsnotify-dev golang-github-go-ini-ini-dev
   golang-github-go-logr-logr-dev golang-github-go-logr-stdr-dev golang-github-go-viper-mapstructure-dev
   golang-github-gobwas-glob-dev golang-github-golang-protobuf-1-5-dev golang-github-google-flatbuffers-dev
   golang-github-google-uuid-dev golang-github-gorilla-mux-dev golang-github-grpc-ecosystem-grpc-gateway-dev
   golang-github-klauspost-compress-dev golang-github-mattn-go-runewidth-dev golang-github-moby-locker-dev
   golang-github-munnerz-goautoneg-dev golang-github-olekukonko-tablewriter-dev=0.0.5-2
   golang-github-opencontainers-go-digest-dev golang-github-opencontainers-image-spec-dev
   golang-github-pelletier-go-toml.v2-dev golang-github-peterh-liner-dev golang-github-prometheus-client-golang-dev
   golang-github-prometheus-client-model-dev golang-github-prometheus-common-dev golang-github-prometheus-procfs-dev
   golang-github-rcrowley-go-metrics-dev golang-github-sagikazarmark-locafero-dev golang-github-sergi-go-diff-dev
   golang-github-sirupsen-logrus-dev golang-github-spf13-afero-dev golang-github-spf13-cast-dev
   golang-github-spf13-cobra-dev golang-github-spf13-pflag-dev golang-github-spf13-viper-dev
   golang-github-subosito-gotenv-dev golang-github-tchap-go-patricia-dev golang-github-xeipuuv-gojsonpointer-dev
   golang-github-xeipuuv-gojsonreference-dev golang-github-yashtewari-glob-intersection-dev
   golang-golang-x-net-dev golang-golang-x-sync-dev golang-golang-x-sys-dev golang-golang-x-text-dev
   golang-golang-x-time-dev golang-google-genproto-dev golang-google-grpc-dev golang-google-protobuf-dev
   golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev golang-k8s-sigs-yaml-dev golang-opentelemetry-contrib-dev
   golang-opentelemetry-otel-dev golang-opentelemetry-proto-dev golang-oras-oras-go-dev golang-uber-automaxprocs-dev
  )
  # tablewriter 0.0.5 is only in trixie; add trixie just for it
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" >> "$W/sources.list"
  apt-get -q update >/dev/null
  (cd "$W/dl" && apt-get -q -t testing download "${PKGS[@]}" 2>&1 | grep -E '^E:' && exit 1 || true)
  for f in "$W"/dl/*.deb; do dpkg-deb -x "$f" "$W/root"; done
  GOROOT_DIR=$(ls -d "$W"/root/usr/lib/go-1.* | head -1)
  env PATH="$GOROOT_DIR/bin:$PATH" GOPATH="$W/root/usr/share/gocode" GO111MODULE=off GOPROXY=off \
      GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS= GOCACHE="$W/gocache" \
      go build -o "$W/opa" -ldflags "-X github.com/open-policy-agent/opa/v1/version.Version=$(dpkg-deb -f "$W"/dl/golang-github-open-policy-agent-opa-dev_*.deb Version | cut -d+ -f1)" \
      github.com/open-policy-agent/opa
  "$W/opa" version
} >&2

# Moved into place only once it runs, so an interrupted build never leaves a broken cache entry.
mv "$W/opa" "$DEST.tmp"
mv "$DEST.tmp" "$DEST"
echo "$DEST"
