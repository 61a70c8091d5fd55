"""Train a paper-architecture TextureVAE on the synthetic cast-iron set by the staged recipe of the former default model (latent 64 by default).

This is the recipe of the paper-architecture model that was shipped until the texture architecture replaced it; the
Table 1 study of `06a_quality` was made with it. The current default model (texture architecture) is trained by the five commands in `05_train`.

Stages, each one run of `texturevae_nb.train.train` (the function behind `texturevae train`: `fit_one_cycle`, a checkpoint
after every epoch, resume, the model card), each started from the previous stage's model with `init`:
1. `--pretrain` epochs of the pixel-MSE VAE loss (cheap: no VGG pass on the decoded image), so the decoder learns to use z;
2. for each `W:E` of `--schedule`, E epochs of style loss (Eq. 2, balanced layers) + W x pixel MSE (normalised by the
   MSE between two different patches) + beta x KL, with no KL warm-up (the posterior is already trained).
Stage K writes OUT.stageK.pth (with its card and checkpoint); the last stage's model and card are copied to OUT. The
commands this runs are printed; with the defaults they are the six `texturevae train` commands of `05_train`
(a pixel-MSE warm start, then anchors 10, 2, 0.5, 0.1 and 0: the last stage is the paper's pure style loss).

Why not the paper's pure style loss: on this 2-core CPU, within ~700 steps of 8 patches, a pure style phase collapsed
every reconstruction to one shared texture (diversity across a batch fell from 0.049 to 0.024 in 80 steps, target 0.084),
from scratch and after the MSE warm start alike. With W=10 the diversity rose (0.038 -> 0.052 in 60 steps) while the
style loss fell, but MSE dominated the loss and reconstructions stayed blurred; after those 3 epochs, W=2 let the style
term lead without collapse (60 steps from the W=10 model: style 1.22 -> lower, diversity 0.046 -> higher). Once the
decoder was diverse (after W=2), the anchor could shrink to 0 without collapse, and each step down tied the codes more
to the structure factors (`07_traverse`).
`texturevae train` with its defaults (pure style) remains the paper's recipe for long GPU runs.

The paper-architecture model once shipped as `texturevae_synth64.pth` (git 562f032): stages 1-4 were run by the first
form of this script (git 34bc379), which ran the same losses through `texturevae_nb.quality.quality_learner` in one
process; stages 5-6 by `texturevae train --init`. Its card (in that commit) lists every stage's command.

Run from scratch:  python tools/train_default_model.py --out OUT.pth
Continue a model:  python tools/train_default_model.py --start IN.pth --schedule 0.1:2,0:2 --out OUT.pth
"""
import argparse, shutil
from pathlib import Path
from texturevae_nb.model import _read_model_file
from texturevae_nb.train import train

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--out', required=True); p.add_argument('--pretrain', type=int, default=1)
p.add_argument('--latent', type=int, default=64, help='latent size of a new model (the size sweep of Table 1 uses 8, 16, 32, 64)')
p.add_argument('--schedule', default='10:3,2:6,0.5:2,0.1:2,0:2', help='comma-separated W_MSE:EPOCHS stages of style + W_MSE x MSE')
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--beta', type=float, default=1e-3, help='KL weight')
p.add_argument('--bs', type=int, default=8); p.add_argument('--crops', type=int, default=160)
p.add_argument('--seed', type=int, default=0); p.add_argument('--device', default=None)
p.add_argument('--start', default=None, help='skip the pretraining: continue this saved model')
p.add_argument('--arch', default='paper', help="architecture of a new model: 'paper' (this recipe's) or 'texture'")
a = p.parse_args(); out = Path(a.out)
common = dict(data='synthetic', latent=_read_model_file(a.start)['config']['latent'] if a.start else a.latent, bs=a.bs, crops=a.crops,
              seed=a.seed, beta=a.beta, balance=True, progress=False,
              arch=_read_model_file(a.start)['config'].get('arch', 'paper') if a.start else a.arch)
stages = [dict(style_weight=0., mse_weight=1., epochs=a.pretrain, lr=3e-3, warmup=0.3)] if a.pretrain and not a.start else []
stages += [dict(mse_weight=float(w), epochs=int(e), lr=a.lr, warmup=0.) for w, e in (st.split(':') for st in a.schedule.split(','))]
prev = a.start
for k, st in enumerate(stages, 1):
    f = out.with_suffix(f'.stage{k}.pth'); kw = dict(**common, **st, init=prev, out=str(f))
    print('texturevae train ' + ' '.join(f'--{n}' if v is True else f'--{n} {v}' for n, v in kw.items()
                                         if v is not None and v is not False and n not in ('data', 'progress')), flush=True)
    train(**kw, device=a.device); prev = f
shutil.copy(prev, out); shutil.copy(Path(prev).with_suffix('.md'), out.with_suffix('.md')); print('model:', out)
