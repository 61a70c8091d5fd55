#!/usr/bin/env bash
# One-shot training on a CUDA GPU: install what is missing, train the default architecture for MINUTES with bf16
# autocast (on by itself where the GPU has it), and write the model, its card and its fidelity measures to OUT.
#
#   tools/gpu_oneshot.sh [MINUTES] [OUT]        e.g. tools/gpu_oneshot.sh 6 gpu_run
#
# Timing on one H200 (2026-12-04): install from .whl 39 s, `evaluate` about 60-80 s, training MINUTES (+ 1-2 %): so
# MINUTES 6 fits one 10-minute call with the evaluation of the new model.
#
# Environment (all optional):
#   INIT     model file to continue (default: the shipped model when it has the default architecture; INIT=none: from scratch)
#   DEVICE   cuda (default) or cpu (the toy-size test in 03_gpu_server runs it so)
#   BS LR WORKERS   batch size (128), learning rate (2e-3), DataLoader workers (8)
#   EXTRA    more `texturevae train` options, e.g. "--size 32 --synth_size 128x192 --latent 8" for a toy run
#   EXTRA_EVAL  more `texturevae evaluate` options, e.g. "--n 4 --fidelity_n 10"
#   EVAL_BEFORE 1: also evaluate the model it starts from (evaluate_before.json; about a minute more); default 0
# Install: a machine without texturevae_nb's dependencies gets them from wheels in .whl/ (offline; made by
# tools/gpu_wheels.sh) or else from PyPI; the package itself is used from this checkout (PYTHONPATH).
# Output in OUT: texturevae_gpu.pth and .md (model and card), train.log, evaluate.json / .log (fidelity, STSIM-2) of
# the new model (and evaluate_before.json of the model it started from, with EVAL_BEFORE=1), quality.png and quality.fidelity.png.
set -euo pipefail
MINUTES=${1:-6}; OUT=${2:-gpu_run}
DEVICE=${DEVICE:-cuda}; BS=${BS:-128}; LR=${LR:-2e-3}; WORKERS=${WORKERS:-8}; EXTRA=${EXTRA:-}; EXTRA_EVAL=${EXTRA_EVAL:-}; EVAL_BEFORE=${EVAL_BEFORE:-0}
cd "$(dirname "$0")/.."; ROOT=$PWD; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1 PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
t0=$(date +%s)
if ! $PY -c "import texturevae_nb.train, texturevae_nb.quality" 2>/dev/null; then
  if [ -d .whl ]; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/tvae_site .whl/*.whl
    export PYTHONPATH="$PYTHONPATH:/tmp/tvae_site"
  else
    $PY -m pip install -q -e "$ROOT"
  fi
fi
$PY -c "import texturevae_nb.train, texturevae_nb.quality" || { echo "gpu_oneshot: texturevae_nb does not import here (see above)"; exit 1; }
if [ "$DEVICE" = cuda ]; then $PY -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'gpu_oneshot: no CUDA GPU visible to torch; run with DEVICE=cpu to try it on the CPU')"; fi
echo "gpu_oneshot: installed and checked in $(( $(date +%s) - t0 )) s"
if [ -z "${INIT:-}" ]; then
  INIT=$($PY -c "
import os; from texturevae_nb.model import default_model_path, _read_model_file
try: c = _read_model_file(default_model_path())['config']; print(os.path.relpath(default_model_path()) if c.get('arch') == 'texture' else 'none')
except Exception: print('none')")
fi
cli() { $PY -c "import sys; sys.argv[0] = 'texturevae'; from texturevae_nb.cli import main; main()" "$@"; } # the card records the command
INIT_OPT=""; WARM="--warmup 0.3"
if [ "$INIT" != none ]; then INIT_OPT="--init $INIT"; WARM="--warmup 0"; fi
if [ "$INIT" != none ] && [ "$EVAL_BEFORE" = 1 ]; then cli evaluate --model "$INIT" --device "$DEVICE" --json "$OUT/evaluate_before.json" $EXTRA_EVAL 2>&1 | tail -20 || true; fi
echo "gpu_oneshot: training for $MINUTES min on $DEVICE from ${INIT}"
cli train --device "$DEVICE" --minutes "$MINUTES" --bs "$BS" --lr "$LR" --workers "$WORKERS" --balance $WARM $INIT_OPT \
    --out "$OUT/texturevae_gpu.pth" --overwrite --no-progress $EXTRA 2>&1 | tee "$OUT/train.log"
cli evaluate --model "$OUT/texturevae_gpu.pth" --device "$DEVICE" --json "$OUT/evaluate.json" --figure "$OUT/quality.png" $EXTRA_EVAL 2>&1 | tee "$OUT/evaluate.log"
echo "gpu_oneshot: done in $(( $(date +%s) - t0 )) s; results in $OUT"
