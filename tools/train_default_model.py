"""Train the default model shipped as `texturevae_nb/assets/texturevae_synth64.pth` (latent 64, synthetic cast iron).

Stages, all with the package's own learners (`texturevae_nb.quality.quality_learner`), each a `fit_one_cycle`:
1. `--pretrain` epochs of the pixel-MSE VAE loss (cheap: no VGG pass on the decoded image), so the decoder learns to use z;
2. for each `W:E` of `--schedule`, E epochs of style loss (Eq. 2, balanced layers) + W x pixel MSE (normalised by the
   MSE between two different patches) + beta x KL.
Why not the paper's pure style loss: on this 2-core CPU, within ~700 steps of 8 patches, a pure style phase collapsed
every reconstruction to one shared texture (diversity across a batch fell from 0.049 to 0.024 in 80 steps, target 0.084),
from scratch and after the MSE warm start alike. With W=10 the diversity rose (0.038 -> 0.052 in 60 steps) while the
style loss fell, but MSE dominated the loss and reconstructions stayed blurred; after those 3 epochs, W=2 let the style
term lead without collapse (60 steps from the W=10 model: style 1.22 -> lower, diversity 0.046 -> higher; see the card).
`texturevae train` (pure style) remains the paper's recipe for long GPU runs.

Run from scratch:  python tools/train_default_model.py --out OUT.pth --schedule 10:3,2:7
Continue a model:  python tools/train_default_model.py --start IN.pth --schedule 2:7 --out OUT.pth
(the model's earlier stages are kept in its metadata under `stages`). The weights after each epoch go to OUT.epoch.pth,
removed at the end; write OUT outside `texturevae_nb/assets` and copy the model, its logs and card in when done.
"""
import argparse, time, json, sys
from pathlib import Path
import torch
from fastai.callback.core import Callback
from fastai.callback.progress import CSVLogger
from texturevae_nb.quality import quality_learner
from texturevae_nb.train import set_seed, synthetic_dls


class SaveEachEpoch(Callback):
    "Save the model (with its metadata so far) after every epoch, so an interrupted stage loses at most one epoch."
    order = 99
    def __init__(self, fname, meta): self.fname, self.meta = fname, meta
    def after_epoch(self): self.learn.model.save(self.fname, half=False, epoch=self.epoch + 1, **self.meta)

def stage_meta(learn, w, epochs, seconds, log):
    vals = [float(v) for v in learn.recorder.values[-1]]
    return dict(w_mse=w, epochs=epochs, lr=a.lr, seconds=round(seconds), log=log.name, final_train_loss=vals[0], final_valid_loss=vals[1],
                final_mse=vals[2], final_style=vals[3], final_kl=vals[4])

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--out', required=True); p.add_argument('--pretrain', type=int, default=1)
p.add_argument('--latent', type=int, default=64, help='latent size of a new model (the size sweep of Table 1 uses 8, 16, 32, 64)')
p.add_argument('--schedule', default='10:3,2:7', help='comma-separated W_MSE:EPOCHS stages of style + W_MSE x MSE')
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--bs', type=int, default=8)
p.add_argument('--crops', type=int, default=160); p.add_argument('--seed', type=int, default=0); p.add_argument('--device', default=None)
p.add_argument('--start', default=None, help='skip the pretraining: continue this saved model (its stages are kept)')
a = p.parse_args()
dev = torch.device(a.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
set_seed(a.seed); out = Path(a.out); cmd = 'python tools/train_default_model.py ' + ' '.join(sys.argv[1:])
dls = synthetic_dls((1532, 2048), a.seed, patch=128, bs=a.bs, crops=a.crops, device=dev)
if a.start:
    from texturevae_nb.model import load_model
    model = load_model(a.start).to(dev); prev = model.meta
    stages = prev.get('stages') or [ # a model of the two-phase script: its pretraining and its one style stage
        dict(command=prev.get('command'), pretrain_epochs=prev.get('pretrain_epochs'), lr=3e-3, log=out.with_suffix('.log.stage1.csv').name),
        dict(command=prev.get('command'), w_mse=prev.get('w_mse'), epochs=prev.get('epochs'), lr=prev.get('lr'), seconds_stages_1_2=prev.get('seconds'),
             log=out.with_suffix('.log.stage2.csv').name, **{k: prev.get(k) for k in ('final_train_loss', 'final_valid_loss', 'final_mse', 'final_style', 'final_kl')})]
else:
    t0 = time.time(); l1 = quality_learner(dls, 'mse', latent=a.latent); log = out.with_suffix('.log.stage1.csv')
    with l1.no_bar(): l1.fit_one_cycle(a.pretrain, 3e-3, cbs=CSVLogger(str(log.resolve())))
    model, stages = l1.model, [dict(command=cmd, pretrain_epochs=a.pretrain, lr=3e-3, seconds=round(time.time() - t0), log=log.name)]
base = dict(latent=model.config['latent'], data='synthetic', synth_size=[1532, 2048], crops=a.crops, stride=50, seed=a.seed, valid_pct=0.1, bs=a.bs, beta=1e-3,
            device=str(dev), torch=str(torch.__version__))
for st in a.schedule.split(','):
    w, ep = float(st.split(':')[0]), int(st.split(':')[1]); t0 = time.time()
    log = out.with_suffix(f'.log.stage{len(stages) + 1}.csv')
    l2 = quality_learner(dls, 'mse+style', model=model, warmup=0.)
    l2.loss_func.w_mse = w; l2.model.config.update(loss='mse+style', w_mse=w)
    meta = dict(command=cmd, stages=stages, **base)
    with l2.no_bar(): l2.fit_one_cycle(ep, a.lr, cbs=[CSVLogger(str(log.resolve())), SaveEachEpoch(out.with_suffix('.epoch.pth'), meta)])
    model = l2.model; stages = stages + [dict(command=cmd, **stage_meta(l2, w, ep, time.time() - t0, log))]
m, last = model.eval().cpu(), stages[-1]
meta = dict(command=cmd, stages=stages, **base, w_mse=last['w_mse'], seconds=sum(s.get('seconds') or s.get('seconds_stages_1_2') or 0 for s in stages),
            **{k: last[k] for k in ('final_train_loss', 'final_valid_loss', 'final_mse', 'final_style', 'final_kl')})
m.save(out, **meta); out.with_suffix('.epoch.pth').unlink(missing_ok=True); print(json.dumps(meta, indent=1))
