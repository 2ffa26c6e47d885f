#!/bin/sh
# Smoke test of tools/qat: a few batches of float training and QAT, export to .hqm, integer simulation.
# Needs Debian's python3-torch, python3-numpy and dataset-fashion-mnist (apt); any accuracy passes.
# Usage: tools/qat/ci_smoke.sh [DATA_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data_arg=""
if [ $# -ge 1 ]; then data_arg="--data $1"; fi

"$python" "$here/test_intsim_exact.py"
for arch in demo hcnn; do
    # shellcheck disable=SC2086
    "$python" "$here/train.py" --arch "$arch" --bits W4A4 --out "$tmp/$arch.hqm" --float-epochs 1 \
        --qat-epochs 1 --max-batches 3 --test-limit 200 --sample 50 --threads 2 \
        --accuracy-json "$tmp/accuracy.json" $data_arg
    if [ ! -s "$tmp/$arch.hqm" ]; then
        echo "ci_smoke: $tmp/$arch.hqm was not written" >&2
        exit 1
    fi
done
# The BFV network (no requantization): the exact simulator must agree with the float64 fake-quant net.
# shellcheck disable=SC2086
"$python" "$here/train.py" --arch hcnn-bfv --bits W3 --out "$tmp/hcnn-bfv.hqm" --float-epochs 1 \
    --qat-epochs 1 --max-batches 3 --test-limit 200 --sample 50 --threads 2 \
    --accuracy-json "$tmp/accuracy.json" $data_arg
if [ ! -s "$tmp/hcnn-bfv.hqm" ]; then
    echo "ci_smoke: $tmp/hcnn-bfv.hqm was not written" >&2
    exit 1
fi
"$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 3, d
b = d["hcnn-bfv-fashion-mnist-w3"]; assert b["integer_fake_quant_agreement"] == b["test_images"], b' "$tmp/accuracy.json"
echo "ci_smoke: ok"
