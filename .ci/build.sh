#!/usr/bin/env bash
# Configures and builds into build/ (RelWithDebInfo, Ninja, two jobs: CI machines have two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2
