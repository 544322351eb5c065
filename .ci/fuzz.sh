#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 60).
# Usage: .ci/fuzz.sh [SECONDS] [TARGET...]   (default: every target, one after the other)
# Seeds: tests/fuzz/seeds, a small demo bundle in every export format, and the public samples when present.
# Crashes are kept in build-fuzz/crashes/<target>/; any crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
all_targets=(json_records csv_table timestamp ingest defender_alert stix threat_intel_text query_api ecs)
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=("${all_targets[@]}")
fi
bash .ci/install-deps.sh
command -v clang++ >/dev/null || { echo "clang++ is not installed: apt-get install clang"; exit 1; }
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DKVW_FUZZ=ON -DKVW_BUILD_GUI=OFF -DKVW_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}" kvworkbook-cli

corpus=build-fuzz/corpus
seeds=tests/fuzz/seeds
# Each target's corpus is seeded once; later runs start from what earlier runs found.
seed_dir() {
  local t="$1"
  [ -d "$corpus/$t" ] && return 1
  mkdir -p "$corpus/$t"
}

demo=build-fuzz/demo
if [ ! -d "$demo/bundle" ]; then
  for fmt in bundle jsonl records azurediagnostics-csv azkvauditlogs-json ecs; do
    rm -rf "$demo/$fmt"
    ASAN_OPTIONS=detect_leaks=0 build-fuzz/app/kvworkbook-cli demo "$demo/$fmt" --events 1000 --format "$fmt" >/dev/null
  done
fi
# Small slices keep the seeds fast to execute.
slices() { # FORMAT DEST [FIND-ARGS...]
  local fmt="$1" dest="$2"
  shift 2
  find "$demo/$fmt" -type f "$@" | sort | sed -n "1,20p" | while read -r f; do
    head -c 20000 "$f" > "$dest/demo-$fmt-$(basename "$f")"
  done
}

if seed_dir ingest; then
  cp "$seeds"/* "$corpus/ingest/"
  for fmt in jsonl records azurediagnostics-csv azkvauditlogs-json ecs; do slices "$fmt" "$corpus/ingest"; done
  slices bundle "$corpus/ingest" -path "*defender-alerts*"
  slices bundle "$corpus/ingest" -path "*threat-intel*"
  slices bundle "$corpus/ingest" -path "*metrics*"
  # Archives of the seeds exercise the container handling: tar.gz, gzip, zip, an archive inside an archive, and
  # members the reader must refuse (.. and absolute paths, a symbolic link).
  (cd "$corpus/ingest" && tar czf ../seeds.tar.gz records.json query.json && mv ../seeds.tar.gz . && \
   gzip -c records.json > records.json.gz && \
   tar cf ../nested.tar seeds.tar.gz tor-exits.txt && mv ../nested.tar .)
  hostile=build-fuzz/hostile-archive
  rm -rf "$hostile" && mkdir -p "$hostile/a"
  cp "$seeds/records.json" "$hostile/a/ok.json"
  ln -sf /etc/passwd "$hostile/a/link.json"
  tar cf "$corpus/ingest/hostile.tar" -C "$hostile" a/ok.json a/link.json \
    --transform 's,^a/ok.json,../escape.json,' 2>/dev/null || true
  tar cf "$corpus/ingest/absolute.tar" -P "$PWD/$seeds/records.json" 2>/dev/null || true
  if command -v zip >/dev/null; then
    (cd "$seeds" && zip -q -X "../../../$corpus/ingest/seeds.zip" records.json defender-alert.json stix-bundle.json)
  fi
fi
if seed_dir json_records; then
  cp "$seeds"/*.json "$corpus/json_records/"
  for fmt in jsonl records azkvauditlogs-json ecs; do slices "$fmt" "$corpus/json_records"; done
  slices bundle "$corpus/json_records" -path "*defender-alerts*"
  if [ -d ../shared/samples/schema/derived ]; then
    cp ../shared/samples/schema/derived/* "$corpus/json_records/" || true
    cp ../shared/samples/sentinel/*.json "$corpus/json_records/" 2>/dev/null || true
  fi
fi
if seed_dir csv_table; then
  cp "$seeds"/*.csv "$corpus/csv_table/"
  slices azurediagnostics-csv "$corpus/csv_table"
  slices bundle "$corpus/csv_table" -path "*metrics*"
fi
if seed_dir timestamp; then
  cp "$seeds/timestamps.txt" "$corpus/timestamp/"
  # One timestamp per file as well: the target parses the whole input as one value.
  n=0
  while IFS= read -r line; do printf '%s' "$line" > "$corpus/timestamp/line-$((n += 1))"; done < "$seeds/timestamps.txt"
fi
if seed_dir defender_alert; then
  cp "$seeds"/defender-*.json "$seeds"/securityalert-row.json "$corpus/defender_alert/"
  slices bundle "$corpus/defender_alert" -path "*defender-alerts*"
  cp ../shared/samples/sentinel/*.json "$corpus/defender_alert/" 2>/dev/null || true
fi
if seed_dir stix; then
  cp "$seeds"/stix-*.json "$corpus/stix/"
fi
if seed_dir threat_intel_text; then
  cp "$seeds"/tor-exits.txt "$seeds"/ip-list.txt "$seeds"/ti-list.csv "$corpus/threat_intel_text/"
  slices bundle "$corpus/threat_intel_text" -path "*threat-intel*"
fi
if seed_dir query_api; then
  cp "$seeds"/query*.json "$corpus/query_api/"
  # The Log Analytics API export is one document per file: take whole small files, not slices.
  find "$demo/azkvauditlogs-json" -type f -size -64k | sort | sed -n "1,5p" | while read -r f; do
    cp "$f" "$corpus/query_api/demo-$(basename "$f")"
  done
fi
if seed_dir ecs; then
  cp "$seeds"/ecs-*.json "$corpus/ecs/"
  # Elastic NDJSON: one document per line, one line per seed.
  find "$demo/ecs" -type f | sort | sed -n 1p | xargs -r head -20 | split -l 1 - "$corpus/ecs/demo-"
fi

status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/crashes/$t"
  echo "fuzz_$t: ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
       "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 "$corpus/$t" > "build-fuzz/fuzz_$t.log" 2>&1; then
    echo "fuzz_$t FAILED:"; tail -60 "build-fuzz/fuzz_$t.log"; status=1
  else
    grep -E "stat::number_of_executed_units|Done" "build-fuzz/fuzz_$t.log" | tail -2 | sed 's/^/  /'
  fi
done
exit $status
