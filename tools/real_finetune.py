"""Table 1 on real micrographs with models trained on them: fine-tune on a mix of real UHCS and ductile-iron patches, test on held-out ones.

Data: the UHCS set (`--uhcs`, default `../shared/data/uhcs`, 81 SEM images of 19 samples) and the packaged ductile-iron
SEM image. Held out, never trained on: `--hold` UHCS samples (whole samples, drawn with `--seed`) and the right
`--ductile-test` columns of the ductile image. The rest (the other samples; the ductile image's left part, cut into 4 tiles
so it counts as 4 images) gives `--crops` random patches per image for training.
Each model is fine-tuned with the loss it was trained with, `--epochs` of `fit_one_cycle` each:
  the TextureVAE (style + W x MSE, as its last stage; with `--rescale`, its loss scales measured on the real patches),
  and the pixel-MSE VAE (MSE only).
Then STSIM-2 of reconstructions of 100 held-out patches of each set, for the models before and after fine-tuning.

Run: python tools/real_finetune.py --texturevae texturevae_nb/assets/texturevae_synth64.pth --mse MSE.pth --out DIR
"""
import argparse, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from fastai.callback.progress import CSVLogger
from texturevae_nb.model import load_model
from texturevae_nb.data import load_micrographs, table_from_arrays, micrograph_dls, patch_table
from texturevae_nb.quality import table1, quality_learner
from texturevae_nb.train import texturevae_learner
from texturevae_nb.data import cut_patches
from texturevae_nb.vgg import sample_micrograph
from texturevae_nb.train import set_seed
from texturevae_nb.utils import write_json, table_records

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--texturevae', required=True); p.add_argument('--mse', required=True); p.add_argument('--out', required=True)
p.add_argument('--uhcs', default=str(Path(__file__).resolve().parents[2]/'shared'/'data'/'uhcs'))
p.add_argument('--hold', type=int, default=4, help='UHCS samples held out'); p.add_argument('--ductile-test', type=int, default=320)
p.add_argument('--crops', type=int, default=24); p.add_argument('--epochs', type=int, default=2); p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--w-mse', type=float, default=2.); p.add_argument('--bs', type=int, default=8); p.add_argument('--n', type=int, default=100)
p.add_argument('--seed', type=int, default=0)
p.add_argument('--rescale', action='store_true', help="measure the TextureVAE's loss scales on the real patches (`texturevae_learner(rescale=True)`) "
               "instead of keeping the synthetic ones")
a = p.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True); t0 = time.time(); set_seed(a.seed)

uh = load_micrographs(a.uhcs)[['file', 'group', 'um_per_px', 'image', 'conversion']]
uh['group'] = 'uhcs_' + uh.group.astype(str)
keys = sorted(uh.group.unique()); held = sorted(np.random.default_rng(a.seed).choice(keys, a.hold, replace=False).tolist())
img = sample_micrograph(); cut = img.shape[1] - a.ductile_test; left = img[:, :cut]; h2, w2 = left.shape[0]//2, left.shape[1]//2
tiles = [left[i*h2:(i+1)*h2, j*w2:(j+1)*w2] for i in range(2) for j in range(2)]
du = table_from_arrays(tiles + [img[:, cut:]], groups=['ductile_train']*4 + ['ductile_test'], um_per_px=1.16279,
                       names=[f'ductile_left_{k}' for k in range(4)] + ['ductile_right'])
tab = pd.concat([uh, du], ignore_index=True)
dls = micrograph_dls(tab, 128, bs=a.bs, split='group', valid_groups=held + ['ductile_test'], crops=a.crops, seed=a.seed)
print(f'train {len(dls.train_ds)} patches, valid {len(dls.valid_ds)}; held-out UHCS samples {held}', flush=True)

def finetune(src, kind, name):
    m = load_model(src); t = time.time(); log = out/f'{name}.log.csv'
    learn = (texturevae_learner(dls, model=m, warmup=0., balance=True, w_mse=a.w_mse, rescale=a.rescale) if kind == 'mse+style' # TextureVAE with its anchor
             else quality_learner(dls, kind, model=m, warmup=0.)) # the pixel-MSE VAE
    with learn.no_bar(): learn.fit_one_cycle(a.epochs, a.lr, cbs=CSVLogger(str(log)))
    fm = learn.model.eval().cpu(); f = out/f'{name}.pth'
    fm.save(f, **(m.meta or {}), finetune=dict(command='python tools/real_finetune.py', data='UHCS + ductile iron (see real_finetune.json)',
                                                 kind=kind, epochs=a.epochs, lr=a.lr, seconds=round(time.time() - t),
                                                 final_valid_loss=float(learn.recorder.values[-1][1])))
    print(f'{name}: {time.time() - t:.0f} s, valid loss {float(learn.recorder.values[-1][1]):.4g}', flush=True)
    return str(f)

models = {'TextureVAE 64, synthetic only': a.texturevae, 'TextureVAE 64, fine-tuned on real': finetune(a.texturevae, 'mse+style', 'texturevae_real'),
          'pixel-MSE VAE 64, synthetic only': a.mse, 'pixel-MSE VAE 64, fine-tuned on real': finetune(a.mse, 'mse', 'mse_real')}

def heldout(groups):
    t = tab[tab.group.isin(groups)].reset_index(drop=True); pt = patch_table(t, 128, 50)
    pt = pt.iloc[np.sort(np.random.default_rng(a.seed).choice(len(pt), min(a.n, len(pt)), replace=False))].reset_index(drop=True)
    return torch.from_numpy(cut_patches(t, pt, 128))[:, None], pt

tables = {}
for name, groups in (('UHCS steel, held-out samples', held), ('real ductile iron, held-out right part', ['ductile_test'])):
    x, pt = heldout(groups); tables[name] = table1(models, x, pt.file)
t = pd.concat(tables, names=['data']); print(t.round(3).to_string())
write_json(out/'real_finetune.json', dict(settings=vars(a), held_out_uhcs_samples=held, train_patches=len(dls.train_ds),
                                          seconds=round(time.time() - t0), models=models, table=table_records(t)))
