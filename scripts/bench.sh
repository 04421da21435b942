#!/usr/bin/env bash
# Benchmark: presswork on the sample edition at 1x, 4x, 16x (the flatplan after the cover
# repeated N times, by `scale-edition`), with RAYON_NUM_THREADS=1 and 2, and Typst on the same
# content (../shared/bench/peers/run.sh, when ../shared exists), in REPS rounds: each round
# runs every presswork case once under /usr/bin/time -v, then Typst on every scale once.
# Medians of wall, CPU (user+sys) and peak RSS, and a side-by-side table.
#
#   bash scripts/bench.sh                 # SCALES="1 4 16" THREADS="1 2" REPS=3
#   SCALES="1 16" REPS=5 PEERS=0 bash scripts/bench.sh
#   TABLE_ONLY=1 bash scripts/bench.sh    # the table again from the last run's figures
#
# Editions and PDFs go to out/bench/; the tables to out/bench/results.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SCALES="${SCALES:-1 4 16}"
THREADS="${THREADS:-1 2}"
REPS="${REPS:-3}"
PEERS="${PEERS:-1}"
EDITION="${EDITION:-editions/jn-magazine}"
OUT="$ROOT/out/bench"
mkdir -p "$OUT"

TSV="$OUT/presswork.tsv"
PEER_TSV=""
[ -f "$OUT/peers/out/results.tsv" ] && PEER_TSV="$OUT/peers/out/results.tsv"
if [ "${TABLE_ONLY:-0}" != 1 ]; then
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }

cargo build --release --quiet --bin presswork --bin scale-edition
BIN="$ROOT/target/release/presswork"
name=$(basename "$EDITION")
for n in $SCALES; do
  "$ROOT/target/release/scale-edition" "$EDITION" "$n" "$OUT/$name-${n}x" >/dev/null
done

# "wall cpu rss_kib pages" for one run
run_one() {
  local n=$1 t=$2 rep=$3 log="$OUT/time-$n-$t-$rep.log" pdf="$OUT/$name-${n}x.pdf"
  # Wall time from the clock in nanoseconds (time -v rounds it to 10 ms, a seventh of the
  # sample's build); CPU and peak memory from time -v.
  local start end
  start=$(date +%s%N)
  RAYON_NUM_THREADS=$t /usr/bin/time -v "$BIN" build "$OUT/$name-${n}x" -o "$pdf" \
    >"$OUT/stdout.log" 2>"$log"
  end=$(date +%s%N)
  awk -F': ' -v ns=$((end - start)) '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {r=$2}
    END {printf "%.3f %.2f %d", ns / 1e9, u+s, r}' "$log"
  echo " $(sed -n 's/.*(\([0-9]*\) pages).*/\1/p' "$OUT/stdout.log")"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$TSV"
RUNS="$OUT/runs.txt"
: >"$RUNS"
PEER_DIR="$ROOT/../shared/bench/peers"
PEER_RUNS="$OUT/peer-runs.tsv"
: >"$PEER_RUNS"
peers_here=0
if [ "$PEERS" = 1 ] && [ -f "$PEER_DIR/run.sh" ]; then
  peers_here=1
  export WORK="$OUT/peers" OUTDIR="$OUT/peers/out"
  # The same font files as presswork (gen.py's default path does not exist here); gen.py
  # cannot re-create its font links, so they are removed first.
  if [ -d "$ROOT/../shared/fonts" ]; then export FONT_DIR="${FONT_DIR:-$ROOT/../shared/fonts}"
  else export FONT_DIR="${FONT_DIR:-$ROOT/fonts}"; fi
elif [ "$PEERS" = 1 ]; then
  echo "../shared/bench/peers/run.sh not found (fresh clone?): Typst comparison skipped"
fi
# One Typst run of every scale (run.sh with REPS=1); its rows appended to $PEER_RUNS.
peer_round() {
  rm -rf "$WORK/fonts" "$OUTDIR/results.tsv"
  # run.sh may exit non-zero after its table (renders of engines not run): use the table.
  ENGINES=typst SCALES="$SCALES" REPS=1 bash "$PEER_DIR/run.sh" >>"$OUT/peers.log" 2>&1 || true
  grep '^typst' "$OUTDIR/results.tsv" >>"$PEER_RUNS" 2>/dev/null || true
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Rounds: in each, every scale and thread count once, then Typst on every scale once. The
# machine's speed drifts from minute to minute (a VM); interleaving the two engines puts
# the same drift in both sides of each ratio, where running one engine's repetitions and
# then the other's put it between them.
: >"$OUT/peers.log"
for rep in $(seq 1 "$REPS"); do
  for n in $SCALES; do
    for t in $THREADS; do
      echo "$n $t $(run_one "$n" "$t" "$rep")" >>"$RUNS"
    done
  done
  if [ "$peers_here" = 1 ]; then peer_round; fi
done

printf "%-6s %-7s %-5s %-8s %-8s %-8s\n" scale threads pages wall_s cpu_s rss_mib
for n in $SCALES; do
  for t in $THREADS; do
    rows=$(awk -v n="$n" -v t="$t" '$1==n && $2==t {print $3, $4, $5, $6}' "$RUNS")
    wall=$(echo "$rows" | awk '{print $1}' | median)
    cpu=$(echo "$rows" | awk '{print $2}' | median)
    rss=$(echo "$rows" | awk '{print $3}' | median)
    pages=$(echo "$rows" | head -1 | awk '{print $4}')
    mib=$(awk -v r="$rss" 'BEGIN {printf "%.1f", r/1024}')
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$n" "$t" "$pages" "$wall" "$cpu" "$mib" >>"$TSV"
    printf "%-6s %-7s %-5s %-8s %-8s %-8s\n" "${n}x" "$t" "$pages" "$wall" "$cpu" "$mib"
  done
done

# Scaling figures from the presswork runs alone.
awk -F'\t' -v scales="$SCALES" '
  {w[$1" "$2]=$4}
  END {
    n=split(scales, s, " "); lo=s[1]; hi=s[n]
    if (w[lo" 1"] && w[hi" 1"]) printf "time %sx / time %sx (1 thread): %.1f (linear: %d)\n", hi, lo, w[hi" 1"]/w[lo" 1"], hi/lo
    if (w[lo" 2"] && w[hi" 2"]) printf "time %sx / time %sx (2 threads): %.1f\n", hi, lo, w[hi" 2"]/w[lo" 2"]
    if (w[hi" 1"] && w[hi" 2"]) printf "speed-up 2 threads vs 1 at %sx: %.2f\n", hi, w[hi" 1"]/w[hi" 2"]
  }' "$TSV"

# Typst's medians per scale, by wall time, in run.sh's own table format.
PEER_TSV=""
if [ -s "$PEER_RUNS" ]; then
  PEER_TSV="$OUT/peers/out/results.tsv"
  for n in $SCALES; do
    awk -F'\t' -v s="${n}x" '$2==s' "$PEER_RUNS" | sort -t$'\t' -k4,4n |
      awk -F'\t' -v OFS='\t' '{a[NR]=$0} END {m=a[int((NR+1)/2)]; split(m, f, "\t"); f[10]=NR; line=f[1]; for (i=2;i<=10;i++) line=line OFS f[i]; print line}'
  done >"$PEER_TSV"
elif [ "$peers_here" = 1 ]; then
  echo "peer run failed: see $OUT/peers.log"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

{
  echo "# presswork vs Typst ($(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "Medians of $REPS runs; presswork with 2 threads (RAYON_NUM_THREADS=2) unless noted."
  echo
  echo "Ratios are presswork (2 threads) / Typst; per page: seconds per page, since the two engines"
  echo "set the same content on different page counts."
  echo
  echo "| scale | pages | wall s 1 thr | wall s 2 thr | CPU s | RSS MiB | Typst pages | Typst wall s | Typst CPU s | Typst RSS MiB | wall | wall/page | CPU | RSS |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' -v peer="$PEER_TSV" '
    BEGIN { if (peer != "") while ((getline line < peer) > 0) { split(line, f, "\t"); if (f[1]=="typst") { sub("x","",f[2]); tp[f[2]]=f[3]; tw[f[2]]=f[4]; tc[f[2]]=f[5]+f[6]; tr[f[2]]=f[7] } } }
    { p[$1]=$3; w[$1" "$2]=$4; c[$1" "$2]=$5; r[$1" "$2]=$6; if (!($1 in seen)) { seen[$1]=1; order[++k]=$1 } }
    END {
      for (i=1;i<=k;i++) { n=order[i]; t=(w[n" 2"]!="")?"2":"1"
        if (tw[n]) { wr=sprintf("1/%.1f", tw[n]/w[n" "t]); pr=sprintf("1/%.1f", (tw[n]/tp[n])/(w[n" "t]/p[n])); cr=sprintf("1/%.1f", tc[n]/c[n" "t]); rr=sprintf("1/%.1f", tr[n]/r[n" "t]) } else { wr=pr=cr=rr="-" }
        printf "| %sx | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, p[n], w[n" 1"], w[n" 2"], c[n" "t], r[n" "t], tp[n]?tp[n]:"-", tw[n]?tw[n]:"-", tc[n]?tc[n]:"-", tr[n]?tr[n]:"-", wr, pr, cr, rr }
    }' "$TSV"
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
