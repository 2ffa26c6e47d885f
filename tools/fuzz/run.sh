#!/usr/bin/env bash
# Runs the Jazzer fuzz targets in fuzzing mode (CI replays their committed seed corpora as plain tests).
#
#   tools/fuzz/run.sh SECONDS [MODULE:CLASS#METHOD ...]
#
# Each target fuzzes for SECONDS in its own Maven run (Jazzer fuzzes one @FuzzTest per JVM). Without
# targets, all of TARGETS below run one after the other. Per target the script appends one line to
# $FUZZ_SUMMARY (default target/fuzz/summary.txt): minutes, executions, crashes, corpus size. Logs are
# in target/fuzz/; the corpus grown by fuzzing stays in MODULE/.cifuzz-corpus/; Jazzer writes a crashing
# or hanging input into the target's seed directory (src/test/resources/.../CLASSInputs/METHOD/, as
# crash-* or timeout-*), where, renamed found-* once the bug is fixed, it stays as a regression test.
set -u
cd "$(dirname "$0")/../.."

TARGETS=(
  he-kernels:org.hequant.he.wire.WireCodecFuzzTest#ciphertextCodec
  he-kernels:org.hequant.he.wire.WireCodecFuzzTest#keyCodec
  protocols:org.hequant.protocols.channel.TcpFrameFuzzTest#tcpFrames
  models:org.hequant.models.ModelFileFuzzTest#hqmReader
  models:org.hequant.models.onnx.OnnxImporterFuzzTest#onnxImporter
  datasets:org.hequant.datasets.DatasetFuzzTest#idx
  datasets:org.hequant.datasets.DatasetFuzzTest#cifar10
  datasets:org.hequant.datasets.DatasetFuzzTest#cifar100
  datasets:org.hequant.datasets.DatasetFuzzTest#labelFile
  datasets:org.hequant.datasets.DatasetFuzzTest#imageFile
  engine:org.hequant.engine.PlanCodecFuzzTest#planCodec
  engine:org.hequant.engine.PlanCodecFuzzTest#serverHello
)

if [[ $# -lt 1 || ! $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tools/fuzz/run.sh SECONDS [MODULE:CLASS#METHOD ...]" >&2
  echo "targets: ${TARGETS[*]}" >&2
  exit 2
fi
seconds=$1
shift
if [[ $# -gt 0 ]]; then
  TARGETS=("$@")
fi

mkdir -p target/fuzz
summary=${FUZZ_SUMMARY:-target/fuzz/summary.txt}
status=0
for target in "${TARGETS[@]}"; do
  module=${target%%:*}
  test=${target#*:}
  class=${test%%#*}
  method=${test#*#}
  if [[ $module == "$target" || $class == "$test" || ! -d $module ]]; then
    echo "run.sh: target '$target' is not MODULE:CLASS#METHOD" >&2
    exit 2
  fi
  simple=${class##*.}
  inputs="$module/src/test/resources/${class//.//}Inputs/$method"
  corpus="$module/.cifuzz-corpus/$class/$method"
  log="target/fuzz/$simple-$method.log"
  crashes_before=$(ls "$inputs" 2>/dev/null | grep -cE '^(crash|timeout|oom)-')
  start=$(date +%s)
  # -max_total_time replaces the @FuzzTest's own duration; -timeout makes an input that runs for a minute
  # a finding (a hang); the 2 GiB heap turns an allocation a hostile input could force into an
  # OutOfMemoryError, which Jazzer reports as a crash
  JAVA_TOOL_OPTIONS="-Xmx2g" JAZZER_FUZZ=1 mvn -B -ntp -o -pl "$module" -am test -Dtest="$class#$method" \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    -Djazzer.internal.arg.2=-timeout=60 >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
  if [[ -z $runs ]]; then
    runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  crashes=$(( $(ls "$inputs" 2>/dev/null | grep -cE '^(crash|timeout|oom)-') - crashes_before ))
  corpus_size=$(ls "$corpus" 2>/dev/null | wc -l)
  line=$(printf '%s  minutes %.1f  executions %s  crashes %d  corpus %d  exit %d  log %s' "$target" \
    "$(echo "$elapsed / 60" | bc -l)" "${runs:-0}" "$crashes" "$corpus_size" "$rc" "$log")
  echo "$line" | tee -a "$summary"
  [[ $rc -ne 0 ]] && status=1
done
exit $status
