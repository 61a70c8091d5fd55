"""Write the card (MODEL.md) of a model made by `tools/train_default_model.py`: how it was trained, stage by stage, with its logs.

Run: python tools/model_card.py texturevae_nb/assets/texturevae_synth64.pth [NOTE ...]  (each NOTE a line under "Notes")
(the per-epoch CSV logs named in the model's stages are read from the model's folder).
"""
import sys, csv
from pathlib import Path
from texturevae_nb.model import _read_model_file

def fmt(v):
    try: return f"{float(v):.4g}"
    except (TypeError, ValueError): return str(v)

p, notes = Path(sys.argv[1]), sys.argv[2:]; ck = _read_model_file(p); meta, cfg = ck['meta'], ck['config']
(h, w), stages = meta['synth_size'], meta.get('stages', [])
L = [f"# {p.name}", "", f"The default TextureVAE of texturevae_nb {cfg['version']}: latent {cfg['latent']}, VGG19 weights `{cfg['weights']}`,",
     f"trained on the built-in synthetic cast-iron set (12 micrographs of {h}x{w} px, {meta['crops']} random {cfg['size']} px crops each,",
     f"{meta['valid_pct']:.0%} of them held out), on the {meta['device']}, torch {meta['torch']}, seed {meta['seed']}, {meta['seconds']} s in all.", "",
     "Loss: stage 1, the pixel-MSE VAE loss; later stages, style loss (paper Eq. 2, balanced layers) + `w_mse` x pixel MSE",
     "(normalised by the MSE between two different patches) + beta x KL, each stage one `fit_one_cycle`.",
     "Why not the pure style loss of the paper: see `tools/train_default_model.py`.", "", "## Stages", ""]
for i, s in enumerate(stages):
    L += [f"{i+1}. `{s.get('command')}`: " + ', '.join(f"{k} {fmt(v)}" for k, v in s.items() if k not in ('command', 'log') and v is not None)]
L += ["", "## Settings", "", "| setting | value |", "|---|---|"] + [f"| {k} | {fmt(v)} |" for k, v in meta.items() if k not in ('command', 'stages')]
for i, s in enumerate(stages):
    lg = p.parent/s['log'] if s.get('log') else None
    if not lg or not lg.exists(): continue
    rows = list(csv.DictReader(open(lg)))
    L += ["", f"Stage {i+1}, per-epoch log `{lg.name}`:", "", "| " + " | ".join(rows[0].keys()) + " |", "|" + "---|"*len(rows[0])]
    L += ["| " + " | ".join(fmt(v) if k != 'time' else v for k, v in r.items()) + " |" for r in rows]
if notes: L += ["", "## Notes", ""] + [f"- {n}" for n in notes]
p.with_suffix('.md').write_text('\n'.join(L) + '\n'); print('\n'.join(L))
