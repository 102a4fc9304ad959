# shellcheck shell=bash
# apt for Debian's arm64 packages on any host, without adding arm64 to dpkg's architectures:
# a private state (its own package lists, arm64 only, from the sources this host already uses)
# under CACHE/apt-arm64. Sourced by scripts/fetch-arm64-boot.sh and fetch-jre-arm64.sh.
#
#   apt_arm64_init CACHE       set up the state
#   apt_arm64_get  ARGS...     apt-get with it (update, download PKG:arm64 ...)
#   apt_arm64_cache ARGS...    apt-cache with it (depends, show ...)

APT_ARM64_OPTS=()

apt_arm64_init() {
  local state=$1/apt-arm64
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
  touch "$state/status"
  APT_ARM64_OPTS=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64
    -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache"
    -o Dir::State::status="$state/status" -o APT::Sandbox::User=root)
  # The lists are fetched once; `update` again when a package is no longer found.
  if ! compgen -G "$state/lists/*_Packages*" >/dev/null; then
    apt-get "${APT_ARM64_OPTS[@]}" update -qq >&2
  fi
}

apt_arm64_get() {
  apt-get "${APT_ARM64_OPTS[@]}" "$@"
}

apt_arm64_cache() {
  apt-cache "${APT_ARM64_OPTS[@]}" "$@"
}
