"""How well route (b) of the inverse loop can measure a micrograph's properties from 128-px patches (09_inverse).

On the full-size synthetic set (seed 0, 32 random patches per micrograph), prints
- Spearman rho between measured and true flake length per patch: `flake_measures` (unsplit particles, L_A/N_A)
  against the max Feret of watershed-split particles (the earlier measurement);
- the MAPE of the properties computed from calibrated measured factors, for 1, 3, 5 and 8 patches of one micrograph
  pooled (`pooled_properties`), and the same from the patches' true factors (the limit of a perfect measurement).
Run: python tools/measurement_floor.py   (about a minute on 2 CPU cores)
"""
import numpy as np, pandas as pd
from scipy.stats import spearmanr
from texturevae_nb.synth import synth_dataset, FACTORS
from texturevae_nb.metrics import segment_dark, particle_table
from texturevae_nb.inverse import (design_patches, measured_factors, pooled_threshold, pooled_properties, field_groups,
                                   FactorCalibration, DESIGN_PROPS)
from texturevae_nb.properties import mape

x, tab = design_patches(synth_dataset(size=(1532, 2048), seed=0), 32, 128, seed=0)
thr, upp = pooled_threshold(x), float(tab.um_per_px.iloc[0])
fm = measured_factors(x, upp, thr); truth = tab[[f'f_{c}' for c in FACTORS]].set_axis(list(FACTORS), axis=1)
feret = [particle_table(segment_dark(p, thresh=thr), upp).query('roundness < 0.625').feret_um.mean() for p in x[:, 0].numpy()]
ok = truth.flake_length_um.notna()
print(f"flake length, rho measured vs true over {ok.sum()} patches: flake_measures {spearmanr(fm.flake_length_um[ok], truth.flake_length_um[ok], nan_policy='omit')[0]:.2f}, "
      f"max Feret of split particles {spearmanr(np.asarray(feret)[ok], truth.flake_length_um[ok], nan_policy='omit')[0]:.2f}")
cf = FactorCalibration(fm, truth)(fm)
for k in (1, 3, 5, 8):
    gs = field_groups(tab.group, k); tg = tab.iloc[[g[0] for g in gs]]
    row = {}
    for name, f in (('calibrated measured', cf), ('true', truth)):
        p = pd.DataFrame([pooled_properties(f.iloc[g]) for g in gs])
        row[name] = ' / '.join(f"{mape(tg[c].to_numpy(), p[c].to_numpy()):.1f}" for c in DESIGN_PROPS)
    print(f"{k} patches pooled: MAPE YS / UTS (%) from calibrated measured factors {row['calibrated measured']}, from true factors {row['true']}")
