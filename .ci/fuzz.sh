#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 60).
# Seeds: tests/fuzz/seeds, a small demo bundle in every export format, and the public samples when present.
# Crashes are kept in build-fuzz/crashes/<target>/; any crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash .ci/install-deps.sh
command -v clang++ >/dev/null || { echo "clang++ is not installed: apt-get install clang"; exit 1; }
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DKVW_FUZZ=ON -DKVW_BUILD_GUI=OFF -DKVW_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_json_records fuzz_csv_table fuzz_timestamp fuzz_ingest kvworkbook-cli

corpus=build-fuzz/corpus
if [ ! -d "$corpus/ingest" ]; then
  mkdir -p "$corpus"/{json_records,csv_table,timestamp,ingest}
  cp tests/fuzz/seeds/* "$corpus/ingest/"
  cp tests/fuzz/seeds/*.json "$corpus/json_records/"
  cp tests/fuzz/seeds/*.csv "$corpus/csv_table/"
  cp tests/fuzz/seeds/timestamps.txt "$corpus/timestamp/"
  for fmt in jsonl records azurediagnostics-csv azkvauditlogs-json ecs; do
    out="build-fuzz/demo-$fmt"
    rm -rf "$out"
    ASAN_OPTIONS=detect_leaks=0 build-fuzz/app/kvworkbook-cli demo "$out" --events 1000 --format "$fmt" >/dev/null
    # Small slices keep the seeds fast to execute.
    find "$out" -type f | sed -n "1,20p" | while read -r f; do
      head -c 20000 "$f" > "$corpus/ingest/demo-$fmt-$(basename "$f")"
      case "$fmt" in
        azurediagnostics-csv) head -c 20000 "$f" > "$corpus/csv_table/demo-$(basename "$f")" ;;
        *) head -c 20000 "$f" > "$corpus/json_records/demo-$fmt-$(basename "$f")" ;;
      esac
    done
  done
  if [ -d ../shared/samples/schema/derived ]; then
    cp ../shared/samples/schema/derived/* "$corpus/json_records/" || true
    cp ../shared/samples/sentinel/*.json "$corpus/json_records/" 2>/dev/null || true
  fi
  # Archives of the seeds exercise the container handling.
  (cd "$corpus/ingest" && tar czf ../seeds.tar.gz records.json query.json && mv ../seeds.tar.gz . && \
   gzip -c records.json > records.json.gz)
fi

status=0
for t in json_records csv_table timestamp ingest; do
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
