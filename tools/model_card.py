"""Write the card (MODEL.md) of a model trained in stages: how it was trained, stage by stage, with each stage's per-epoch losses.

Run: python tools/model_card.py texturevae_nb/assets/texturevae_synth64.pth [NOTE ...]  (each NOTE a line under "Notes")
The stages are read from the model's own metadata: the chain of `init` records that `texturevae train --init` keeps (newest
first), ending in the `stages` list of a model of the first form of `tools/train_default_model.py`. Per-epoch losses come
from each stage's recorded history, else from the stage's model file, else from the CSV log the stage names (looked for
in the model's folder, then beside the stage's file).
"""
import sys, csv
from pathlib import Path
from texturevae_nb.model import _read_model_file

def fmt(v):
    if isinstance(v, bool): return str(v)
    try: return f"{float(v):.4g}"
    except (TypeError, ValueError): return str(v)

def stages_of(meta, here):
    "The model's stages, oldest first: dicts of command, facts (settings and final losses) and per-epoch rows."
    recs, rec = [], meta.get('init')
    while isinstance(rec, dict): recs.append(rec); rec = rec.get('init')
    out = []
    for s in (rec if isinstance(rec, list) else meta.get('stages', [])): # the first script's stages, with their CSV logs
        logs = [d/s['log'] for d in [here] + [Path(r['file']).parent for r in recs] if s.get('log') and (d/s['log']).exists()]
        out.append(dict(command=s.get('command'), facts={k: v for k, v in s.items() if k not in ('command', 'log')},
                        rows=list(csv.DictReader(open(logs[0]))) if logs else []))
    last = out[-1]['command'] if out else None
    for r in recs[::-1] + [dict(meta, file=None)]:
        if isinstance(r.get('init'), list) and r.get('command') == last: continue # a first-script model: its stage is listed
        m = meta if r.get('file') is None else (_read_model_file(r['file'])['meta'] if Path(r['file']).exists() else r)
        hist = r.get('history') or m.get('history') or []
        keep = ('epochs', 'lr', 'mse_weight', 'style_weight', 'beta', 'warmup', 'seconds', 'final_valid_loss', 'final_mse', 'final_style', 'final_kl')
        out.append(dict(command=r.get('command'), facts={k: m.get(k) for k in keep if m.get(k) is not None},
                        rows=[{'epoch': i, **h} for i, h in enumerate(hist)]))
    return out

p, notes = Path(sys.argv[1]), sys.argv[2:]; ck = _read_model_file(p); meta, cfg = ck['meta'], ck['config']
stages = stages_of(meta, p.parent); (h, w) = meta['synth_size']
secs = sum(float(s['facts'].get('seconds') or s['facts'].get('seconds_stages_1_2') or 0) for s in stages)
L = [f"# {p.name}", "", f"The default TextureVAE of texturevae_nb {cfg['version']}: latent {cfg['latent']}, VGG19 weights `{cfg['weights']}`,",
     f"trained on the built-in synthetic cast-iron set (12 micrographs of {h}x{w} px, {meta['crops']} random {cfg['size']} px crops each,",
     f"{meta['valid_pct']:.0%} of them held out), on the {meta['device']}, torch {meta['torch']}, seed {meta['seed']}, {len(stages)} stages, {secs:.0f} s in all.", "",
     "Loss: stage 1, the pixel-MSE VAE loss; later stages, style loss (paper Eq. 2, balanced layers) + a pixel-MSE anchor",
     "(`w_mse` or `mse_weight`, normalised by the MSE between two different patches) + beta x KL, each stage one `fit_one_cycle`",
     "started from the previous stage's model. An anchor weight of 0 is the paper's loss. Why the anchor: see `tools/train_default_model.py`.",
     "", "## Stages", ""]
L += [f"{i+1}. `{s['command']}`: " + ', '.join(f"{k} {fmt(v)}" for k, v in s['facts'].items() if v is not None) for i, s in enumerate(stages)]
L += ["", "## Settings of the last stage", "", "| setting | value |", "|---|---|"]
L += [f"| {k} | {fmt(v)} |" for k, v in meta.items() if k not in ('command', 'stages', 'init', 'history')]
for i, s in enumerate(stages):
    if not s['rows']: continue
    ks = list(s['rows'][0])
    L += ["", f"Stage {i+1}, per epoch:", "", "| " + " | ".join(ks) + " |", "|" + "---|"*len(ks)]
    L += ["| " + " | ".join(fmt(r.get(k)) if k != 'time' else str(r.get(k)) for k in ks) + " |" for r in s['rows']]
if notes: L += ["", "## Notes", ""] + [f"- {n}" for n in notes]
p.with_suffix('.md').write_text('\n'.join(L) + '\n'); print('\n'.join(L))
