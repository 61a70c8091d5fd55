"""Measure a trained model the way the docs report the shipped one, and keep every number in one JSON.

Runs, on the 2-core CPU or wherever it is started, with the package's own commands:
- `evaluate`: Table 1 (STSIM-2 of 100 held-out synthetic patches, and of 100 patches of the real ductile-iron image);
- `traverse`: best |Spearman rho| per synthetic factor and MIG/SAP/DCI on 300 patches of an unseen draw (seed 1), DCI
  of the frozen VGG19's pool4 channel means on the same patches (what the encoder heads start from), and the Spearman rho
  of a linear read-out of all latent means (ridge, 5 folds by micrograph): how much of each factor the code holds at all
  (with the same read-out of random latents as a null: held-out micrographs are pulled to the others' mean, so it is negative),
  and the best |rho| of one principal component of the latent means (an unsupervised change of basis);
- `properties`: `texturevae properties --crops 40` (Tables 2-3, Fig. 7);
- `loop`: `texturevae design-loop` (inverse design, 10 targets, MAPE per route);
- `design`: refits the pgmpy network saved beside the model (`MODEL.inverse.json`).
Run: python tools/shipped_results.py --model texturevae_nb/assets/texturevae_synth64.pth --out DIR [--only evaluate,traverse]
The numbers go to DIR/results.json (merged with what is there), figures and per-command JSON files to DIR.
"""
import argparse, json, time
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
from texturevae_nb.model import load_model, _read_model_file
from texturevae_nb.synth import synth_dataset, FACTORS
from texturevae_nb.traverse import factor_patches, encode_patches, rank_dims, best_dims, disentanglement_scores, dci, spearman_matrix
from texturevae_nb.properties import deep_features # the frozen encoder's own features: is the information lost in the heads?
from texturevae_nb.utils import write_json
import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.decomposition import PCA
from texturevae_nb.train import weights_digest

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--model', required=True); p.add_argument('--out', required=True)
p.add_argument('--only', default='evaluate,traverse,properties,loop,design')
a = p.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True); M = a.model

def dump(k, v):
    f = out/'results.json'; d = json.loads(f.read_text()) if f.exists() else {}
    d[k] = v; write_json(f, d); print(k, json.dumps(v, default=str)[:1500], flush=True)

def readout(mu, ft):
    "Spearman rho of a ridge read-out of every latent mean, predicted 5-fold with whole micrographs held out, per factor."
    mu, r = np.asarray(mu), {}
    for c in FACTORS:
        f = ft[c].to_numpy(float); ok = np.isfinite(f)
        p = cross_val_predict(RidgeCV(alphas=np.logspace(-3, 3, 13)), mu[ok], f[ok], groups=ft.group[ok], cv=GroupKFold(5))
        r[c] = round(float(spearmanr(p, f[ok])[0]), 3)
    return r

def pca_best(mu, ft):
    "Best |Spearman rho| of one principal component of the latent means, per factor."
    return spearman_matrix(PCA().fit_transform(np.asarray(mu)), ft[list(FACTORS)]).abs().max().round(3).to_dict()

def traverse_numbers():
    m = load_model(M); ms = synth_dataset(size=(512, 768), seed=1)
    X, FT = factor_patches(ms, 300, seed=1); MU, LV = encode_patches(m, X)
    RK = rank_dims(MU, LV, FT[list(FACTORS)]); act = RK.index[RK.active]
    vd = dci(deep_features(X, m, kinds=('vgg19',))['vgg19'], FT[list(FACTORS)])
    return dict(n=len(X), active=int(RK.active.sum()), best=best_dims(RK).reset_index().to_dict('records'), readout=readout(MU, FT), readout_null=readout(np.random.default_rng(0).normal(size=np.shape(MU)), FT), pca_best=pca_best(MU, FT),
                dci_vgg19_pool4_means={k: v for k, v in vd.items() if k != 'importance'},
                scores_all=disentanglement_scores(MU, FT[list(FACTORS)]),
                scores_active=disentanglement_scores(MU[:, act], FT[list(FACTORS)]) if len(act) >= 2 else None)

def evaluate_numbers():
    from texturevae_nb.quality import evaluate_cmd
    s = evaluate_cmd(model=M, data='synthetic', json=str(out/'evaluate_synth.json'), n=100, figure=str(out/'quality.png'))
    d = evaluate_cmd(model=M, data='ductile', json=str(out/'evaluate_ductile.json'), n=100)
    return dict(synthetic=s, ductile=d)

def properties_numbers():
    from texturevae_nb.properties import properties_cmd
    return properties_cmd(model=M, json=str(out/'properties.json'), figure=str(out/'fig7.png'), crops=40)

def loop_numbers():
    from texturevae_nb.inverse import loop_cmd
    return loop_cmd(model=M, json=str(out/'design_loop.json'), figure=str(out/'design_loop.png'))

def design_numbers():
    from texturevae_nb.inverse import design_cmd
    return design_cmd(model=M, target=['YS=450', 'UTS=600'], out=str(out/'design.png'), json=str(out/'design.json'), refit=True)

meta = _read_model_file(M)['meta']
dump('model', dict(file=str(M), digest=weights_digest(load_model(M)), command=meta.get('command'), seconds=meta.get('seconds')))
for k in a.only.split(','): # each command writes its own JSON in OUT; results.json keeps the traversal numbers and the times
    t = time.time(); r = globals()[f'{k}_numbers']()
    dump(k, dict(result=r if k == 'traverse' else f'see the JSON files of {k} in {out}', seconds=round(time.time() - t, 1)))
