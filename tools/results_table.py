"""Write the "Where it stands" table of nbs/index.ipynb (and so README.md) from the results files the experiments write.

Usage: python tools/results_table.py [--check]
The table sits between the markers `<!-- results:start -->` and `<!-- results:end -->` of a markdown cell of
nbs/index.ipynb. Every number in it comes from nbs/experiments/results/*.json (written by the experiment notebooks,
`python tools/run_experiment.py nbs/experiments/NAME.ipynb`); nothing is typed by hand. --check exits 1 when the table
is not what the results files give (CI runs it), so a stale number cannot land.
"""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
RES, INDEX = root/'nbs'/'experiments'/'results', root/'nbs'/'index.ipynb'
START, END = '<!-- results:start -->', '<!-- results:end -->'

def load(name): return json.loads((RES/f'{name}.json').read_text())

def pct(v): return f'{100*v:.0f} %'

def ps_c2st():
    "The second classifier's accuracies (Portilla-Simoncelli statistics) from experiments/what_differs, or None before it ran."
    return load('what_differs')['c2st']['Portilla-Simoncelli statistics'] if (RES/'what_differs.json').exists() else None

def scale_row():
    "The pass scales of experiments/fidelity_scales (shipped model, the paper-architecture model in brackets), or None before it ran."
    if not (RES/'fidelity_scales.json').exists(): return None
    r = load('fidelity_scales'); p, top = r['pass_scale'], max(r['scales'])
    def v(f, m): return ' / '.join(f"{'>' + str(top) if (k := p[f'{f} | {m} | {s}']['pass_px']) is None else k}" for s in ('reconstruction', 'prior sample'))
    return ("smallest averaging window (block side) from which on a classifier no longer tells the outputs from real patches (C2ST "
            "at its targets above; >: not even in the coarsest): reconstructions / prior samples ([at which scale](experiments/fidelity_scales.html))", '-',
            f"VGG19 {v('vgg', 'shipped')} px, Portilla-Simoncelli {v('ps', 'shipped')} px ({top} px = {top*r['um_per_px']:.0f} µm, the coarsest tried: a quarter of the patch side) "
            f"(VGG19 {v('vgg', 'paper architecture')}, Portilla-Simoncelli {v('ps', 'paper architecture')})")

def table()->str:
    s = load('shipped_model'); f, o = s['fidelity'], s['fidelity_paper_model']
    fo = lambda k, g=lambda v: f'{v:.2f}': f'{g(f[k])} ({g(o[k])})'
    d, do = f['descriptors'], o['descriptors']
    rows = [('a classifier tells reconstructions from real patches (C2ST accuracy; 0.5 = never) ([06b](fidelity.html))', '≤ 0.75', fo('c2st_reconstruction')),
            ('... tells prior samples from real patches', '≤ 0.85', fo('c2st_prior')),
            *([(f"... on Portilla-Simoncelli statistics instead (nothing of the VGG19 the model trains with): reconstructions / prior samples "
                f"([what gives it away](experiments/what_differs.html))", '-',
                f"{w['reconstruction']:.2f} / {w['prior sample']:.2f}; real vs real {w['another real draw (the floor)']:.2f} (paper model not measured)")]
              if (w := ps_c2st()) else []),
            *([row] if (row := scale_row()) else []),
            ('fixed marks: position index of reconstructions / prior samples, over real patches (1 = none)', '≤ 1.5',
             f"{f['position_ratio_reconstruction']:.1f} / {f['position_ratio_prior']:.1f} ({o['position_ratio_reconstruction']:.1f} / {o['position_ratio_prior']:.1f})"),
            *[(f'{name} of a reconstruction: median relative error', t, f"{pct(d[k]['median_rel_error'])} ({pct(do[k]['median_rel_error'])})")
              for k, name, t in (('area_fraction', 'graphite area fraction', '≤ 10 %'), ('mean_diameter_um', 'mean particle diameter', '≤ 10 %'),
                                 ('count_per_mm2', 'particle count per mm²', '≤ 15 %'), ('nodularity', 'nodularity', '≤ 15 %'),
                                 ('flake_length_um', 'graphite flake length', '-'))]] # flake length: the issue sets no target
    if (RES/'field_fidelity.json').exists(): # the same descriptors on whole micrographs (no target: the targets are per patch)
        ff = load('field_fidelity')['per_micrograph']
        rows.append((f"the same four per micrograph, each the mean of its tiles: median relative error "
                     f"([experiment](experiments/field_fidelity.html))", '-',
                     ' / '.join(pct(ff[k]['median_rel_error']) for k in ('area_fraction', 'mean_diameter_um', 'count_per_mm2', 'nodularity'))
                     + f" (nodularity {pct(abs(ff['nodularity']['bias']))} {'too low' if ff['nodularity']['bias'] < 0 else 'too high'}; paper model not measured)"))
        fl = ff['flake_length_um']
        rows.append(("graphite flake length per micrograph (micrographs with flakes): median relative error "
                     "([experiment](experiments/field_fidelity.html), [why](experiments/coarse_term.html), [broken, not short](experiments/flake_pieces.html))", '-',
                     f"{pct(fl['median_rel_error'])}, flakes {pct(abs(fl['bias']))} {'too short' if fl['bias'] < 0 else 'too long'} (paper model not measured)"))
    t1 = {r['model']: r for r in s['table1']}
    rows.append(('Table 1: STSIM-2 of reconstructions of 100 held-out synthetic patches ([06a](quality.html))', '0.76 (paper)',
                 f"{t1['shipped (texture)']['STSIM-2']:.3f} ({t1['before (paper architecture)']['STSIM-2']:.3f}); another patch of another micrograph: {t1['reference: other micrograph']['STSIM-2']:.3f}"))
    best = lambda r: {x['factor']: abs(x['rho']) for x in r['best']}
    b, bo = best(s['factors']), best(s['factors_paper_model'])
    rows.append(('best single-dimension \\|Spearman rho\\|: nodularity / size / count ([07](traverse.html))', '"highly correlated" (paper)',
                 ' / '.join(f'{b[k]:.2f}' for k in ('nodularity', 'nodule_diam_um', 'nodule_count_mm2')) + ' (' + ' / '.join(f'{bo[k]:.2f}' for k in ('nodularity', 'nodule_diam_um', 'nodule_count_mm2')) + ')'))
    p = s['properties']
    ys = lambda tab, feat: next(r for r in tab if r['feature'] == feat and r['method'] == 'svr')['YS_MPa MAPE']
    rows.append(('yield strength from latents, SVR (feature scaling searched for every feature kind), MAPE: random 20 % / a whole micrograph held out ([08](properties.html))', '5 % / 8 % (paper)',
                 f"{ys(p['table2_random'], 'texturevae'):.0f} % / {ys(p['table2_group'], 'texturevae'):.0f} % (VGG19 pool4 features: {ys(p['table2_random'], 'vgg19'):.0f} % / {ys(p['table2_group'], 'vgg19'):.0f} %)"))
    if (RES/'uhcs_linkage.json').exists(): # real steel: one prediction per held-out sample
        u = load('uhcs_linkage'); r = {x['run']: x for x in u['summary']}; b = r[u['best']['run']]
        rows.append((f"real UHCS steel, {u['samples']} samples each held out: anneal temperature R² / class accuracy, per micrograph ([08a](linkage.html), "
                     f"[experiment](experiments/uhcs_linkage.html), {u['best']['run']})", '> 0 / ≥ best baseline',
                     f"{b['TextureVAE R²']:.2f} / {b['TextureVAE accuracy']:.2f} (best baseline {b['best baseline R²']:.2f} / {b['best baseline accuracy']:.2f}; "
                     f"constant {b['constant R²']:.2f} / {b['constant accuracy']:.2f})"))
    head = ['| what | target | shipped model (the paper-architecture model it replaced) |', '|---|---|---|']
    return '\n'.join(head + [f'| {a} | {t} | {v} |' for a, t, v in rows])

def main():
    nb = json.loads(INDEX.read_text()); new = table(); hit = False
    for c in nb['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and START in s:
            hit = True; upd = re.sub(re.escape(START) + r'.*?' + re.escape(END), lambda _: f'{START}\n{new}\n{END}', s, flags=re.S)
            if '--check' in sys.argv:
                if upd != s: sys.exit('nbs/index.ipynb: the results table is not what nbs/experiments/results/ gives: run `python tools/results_table.py`, then `python .ci/readme.py`.')
                return print('results table: up to date')
            c['source'] = [l + '\n' for l in upd.split('\n')]; c['source'][-1] = c['source'][-1].rstrip('\n')
    if not hit: sys.exit(f'nbs/index.ipynb has no markdown cell with {START} ... {END}')
    INDEX.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n'); print('results table written')

if __name__ == '__main__': main()
