"""Paper Table 1 for the models at hand: STSIM-2 of reconstructions of the same patches, with model-free reference rows.

Run: python tools/table1_study.py --out table1.json NAME=MODEL.pth [NAME=MODEL.pth ...]
The first model's training run decides the held-out synthetic patches (100); then 100 patches of the real ductile-iron
image and 100 of the UHCS fixtures (`nbs/test_data/uhcs`). Models trained with `train_variant` (`06a_quality`) fit here.
"""
import argparse, time
from pathlib import Path
import pandas as pd
from texturevae_nb.quality import table1, real_patches
from texturevae_nb.utils import write_json, table_records

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('models', nargs='+'); p.add_argument('--out', required=True); p.add_argument('--n', type=int, default=100)
p.add_argument('--uhcs', default=str(Path(__file__).resolve().parents[1]/'nbs'/'test_data'/'uhcs'))
a = p.parse_args(); t0 = time.time()
models = dict(m.split('=', 1) for m in a.models)
tables = {'synthetic (held out)': table1(models, n=a.n)}
x, pt = real_patches('ductile', a.n); tables['real ductile iron'] = table1(models, x, pt.file)
x, pt = real_patches(a.uhcs, a.n); tables['UHCS steel'] = table1(models, x, pt.file)
t = pd.concat(tables, names=['data']); print(t.round(3).to_string())
write_json(a.out, dict(models=models, n=a.n, seconds=round(time.time() - t0), table=table_records(t)))
