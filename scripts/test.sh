#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs every test
# (unit tests with surefire, interop and boot tests with failsafe).
# Run as root on Debian 12: the interop tests make network namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec ./mvnw -B -ntp verify "$@"
