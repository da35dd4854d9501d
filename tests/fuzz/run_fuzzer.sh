#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: run_fuzzer.sh FUZZER SEED_DIR SECONDS [CORPUS_DIR]
# New inputs go to CORPUS_DIR (default: a temporary folder, removed afterwards); the seed
# corpus is only read, so the repository is never modified. A crashing input is saved as
# crash-* (or leak-*, timeout-*, oom-*) in the current folder, and the run fails.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3 corpus=${4:-}
if [ -z "$corpus" ]; then
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
fi
mkdir -p "$corpus"
# libFuzzer writes new inputs to the first folder only.
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
  -artifact_prefix="$PWD/" "$corpus" "$seeds"
