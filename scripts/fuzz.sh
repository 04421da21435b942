#!/bin/sh
# Runs each cargo-fuzz target for N seconds (default 60), starting from the seed corpus in
# fuzz/seeds/<target>/. Not part of `cargo test`: needs cargo-fuzz (`cargo install cargo-fuzz`)
# and a nightly compiler, or stable with RUSTC_BOOTSTRAP=1 (set here).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Crashes land in fuzz/artifacts/<target>/; keep each as a regression case in
# tests/fuzz_smoke.rs (tests/fuzz-regressions/<target>/).
set -eu
cd "$(dirname "$0")/../fuzz"
secs="${1:-60}"
[ $# -gt 0 ] && shift
targets="${*:-article edition layout ad_pdf image}"
export RUSTC_BOOTSTRAP=1
for t in $targets; do
    mkdir -p "corpus/$t"
    cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
    echo "== $t: $secs s"
    # One job: the machine's cores are shared. -rss_limit_mb catches memory blow-ups.
    nice cargo fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 2>&1 |
        grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done" || true
done
