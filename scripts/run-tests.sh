#!/usr/bin/env bash
# Runs every test registered with CTest in the given build directory.
set -euo pipefail
BUILD_DIR=${1:-build}
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" --timeout 600
