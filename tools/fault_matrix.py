"""The bad-input and fault matrix of issue 19 against the `texturevae` CLI, tiny settings, one line per case and the counts.
Usage (repository root, package installed): python tools/fault_matrix.py OUTDIR   (about 4 minutes on 2 cores; writes OUTDIR/matrix.csv).
Verdicts: ok, traceback, silent wrong (exit 0 where an error was due, or a warning missing), vague (the error does not name the option or file),
lost file (a protected file changed), temp file left, failed (a good input that did not run)."""
import os, sys, json, shutil, signal, subprocess, time, hashlib
from pathlib import Path
import numpy as np, pandas as pd
from PIL import Image

T = Path(sys.argv[1]).resolve(); shutil.rmtree(T, ignore_errors=True); T.mkdir(parents=True)
REPO = Path.cwd(); TV = shutil.which('texturevae')
TINY = ['--size', '64', '--crops', '4', '--epochs', '1', '--latent', '8', '--bs', '4', '--synth_size', '256x384', '--no-progress']
rows = []

def run(args, timeout=600, sig_after=None):
    p = subprocess.Popen([TV, *args], cwd=T, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if sig_after:
        time.sleep(sig_after); p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err

def digest(p): return hashlib.sha256(Path(p).read_bytes()).hexdigest() if Path(p).is_file() else None

def case(cls, name, args, expect='error', words=(), keep=(), warn=(), sig_after=None, no_temp=None):
    "expect 'error' (non-zero, one clear line containing all `words`) or 'ok' (exit 0, stderr containing `warn`)."
    before = {k: digest(k) for k in keep}
    t0 = time.time(); rc, out, err = run(args, sig_after=sig_after); dt = time.time() - t0
    tb = 'Traceback (most recent call last)' in err
    lost = [k for k in keep if before[k] != digest(k)]
    temps = [str(p) for p in Path(no_temp).rglob('*') if p.name.startswith('.') and 'tmp' in p.name] if no_temp else []
    text = err + out
    if tb: verdict = 'traceback'
    elif lost or temps: verdict = 'lost file' if lost else 'temp file left'
    elif expect == 'error' and rc == 0: verdict = 'silent wrong'
    elif expect == 'error' and not all(w.lower() in text.lower() for w in words): verdict = 'vague'
    elif expect == 'ok' and rc != 0: verdict = 'failed'
    elif expect == 'ok' and not all(w.lower() in text.lower() for w in warn): verdict = 'silent wrong'
    else: verdict = 'ok'
    last = [l.strip() for l in err.strip().splitlines() if l.strip() and 'warn' not in l.lower()][-1:] or ['']
    rows.append(dict(cls=cls, case=name, rc=rc, verdict=verdict, seconds=round(dt, 1), last=last[0][:200]))
    print(f"{verdict:14s} rc={rc:<4} {dt:5.1f}s {cls:12s} {name:45s} | {last[0][:150]}", flush=True)

# ---------- data
u = T/'u'; shutil.copytree(REPO/'nbs/test_data/uhcs', u)
semi = T/'semi'; shutil.copytree(u, semi); pd.read_csv(u/'index.csv').to_csv(semi/'index.csv', sep=';', index=False)
nof = T/'nofile'; shutil.copytree(u, nof); pd.read_csv(u/'index.csv').rename(columns={'file': 'path'}).to_csv(nof/'index.csv', index=False)
hot = T/'hot'; shutil.copytree(u, hot); d = pd.read_csv(u/'index.csv'); d['um_per_px'] = d['um_per_px'].astype(object); d.loc[1, 'um_per_px'] = 'hot'; d.to_csv(hot/'index.csv', index=False)
nan_t = T/'nant'; shutil.copytree(u, nan_t); d = pd.read_csv(u/'index.csv'); d.loc[0, 'anneal_temperature_C'] = np.nan; d.to_csv(nan_t/'index.csv', index=False)
blank = T/'blank'; blank.mkdir(); [Image.fromarray(np.zeros((200, 200), np.uint8)).save(blank/f'{i}.png') for i in range(2)]
bad = T/'corrupt'; bad.mkdir(); Image.fromarray((np.random.default_rng(0).random((200, 200))*255).astype(np.uint8)).save(bad/'a.png'); (bad/'b.png').write_bytes(b'not an image')
masks = T/'masks'; masks.mkdir()
for i, f in enumerate(sorted((u/'images').rglob('*.png'))[:2]):
    im = np.asarray(Image.open(f).convert('L')); Image.fromarray(im).save(masks/f'img{i}.png')
    Image.fromarray(((im > 128)*255).astype(np.uint8)).save(masks/f'img{i}_mask.png')
b16 = T/'b16'; b16.mkdir()
for i, f in enumerate(sorted((u/'images').rglob('*.png'))[:2]): Image.fromarray((np.asarray(Image.open(f).convert('L')).astype(np.uint16)*257)).save(b16/f'img{i}.tif')
(T/'adir').mkdir(); (T/'bad.json').write_text('{"nodes": []}')

# ---------- a good model to protect
rc, out, err = run(['train', *TINY, '--out', 'good.pth'])
assert rc == 0 and (T/'good.pth').exists(), err[-2000:]
G = str(T/'good.pth')

# 1. diverged runs / untrained models
case('diverged', 'train --lr 1e6 over an existing good model', ['train', *TINY, '--lr', '1e6', '--epochs', '2', '--out', 'good.pth', '--overwrite'], words=['lr'], keep=[G])
case('files', 'train over an existing model without --overwrite', ['train', *TINY, '--out', 'good.pth'], words=['--overwrite'], keep=[G])
case('diverged', 'train on all-black images', ['train', '--data', str(blank), *TINY, '--crops', '8', '--out', 'black.pth'], words=['blank'])
# 2. numeric options
for a, w in ((['--epochs', '0'], 'epochs'), (['--epochs', '-2'], 'epochs'), (['--lr', '0'], 'lr'), (['--lr', '-0.001'], 'lr'), (['--bs', '0'], 'bs'),
             (['--size', '50'], 'size'), (['--valid_pct', '1.5'], 'valid_pct'), (['--minutes', '-1'], 'minutes'), (['--warmup', '2'], 'warmup')):
    case('numeric', 'train ' + ' '.join(a), ['train', *TINY, *a, '--out', 'x.pth'], words=[w])
case('numeric', 'evaluate --n 0', ['evaluate', '--model', G, '--n', '0', '--json', 'e.json'], words=['n'])
case('numeric', 'design --n_samples -2', ['design', '--model', G, '--target', 'YS_MPa=400', '--n_samples', '-2', '--out', 'd.png', '--json', 'd.json'], words=['n_samples'])
case('numeric', 'design --target YS_MPa=nan', ['design', '--model', G, '--target', 'YS_MPa=nan', '--out', 'd.png', '--json', 'd.json'], words=['YS_MPa'])
case('numeric', 'design --target YS_MPa=-inf', ['design', '--model', G, '--target', 'YS_MPa=-inf', '--out', 'd.png', '--json', 'd.json'], words=['YS_MPa'])
case('numeric', 'design --target NOPE=3', ['design', '--model', G, '--target', 'NOPE=3', '--out', 'd.png', '--json', 'd.json'], words=['NOPE'])
case('numeric', 'train --split nonsense', ['train', *TINY, '--split', 'nonsense', '--out', 'x.pth'], words=['split'])
# 3. CSV layouts
case('csv', 'semicolon index.csv (detected)', ['train', '--data', str(semi), *TINY, '--out', 'semi.pth'], expect='ok')
case('csv', 'index.csv without a file column', ['train', '--data', str(nof), *TINY, '--out', 'x.pth'], words=['file', 'index.csv'])
case('csv', "um_per_px 'hot' in index.csv", ['train', '--data', str(hot), *TINY, '--um_per_px', '0.1', '--out', 'x.pth'], words=['um_per_px', 'hot'])
case('csv', 'linkage target NaN in one row', ['linkage', '--data', str(nan_t), '--model', G, '--target', 'anneal_temperature_C', '--quick', '--max_tiles', '2', '--json', 'l.json', '--figure', 'l.png'], words=['anneal_temperature_C'])
case('csv', 'linkage target column missing', ['linkage', '--data', str(u), '--model', G, '--target', 'nope', '--quick', '--json', 'l.json', '--figure', 'l.png'], words=['nope'])
# 4. synthetic micrographs.csv
rc, out, err = run(['synth', '--out', 's', '--width', '384', '--height', '256'])
S = T/'s'; sd = pd.read_csv(S/'micrographs.csv')
def synth_variant(name, fn):
    p = T/name; shutil.copytree(S, p); d = pd.read_csv(p/'micrographs.csv'); d = fn(d); d.to_csv(p/'micrographs.csv', index=False); return str(p)
PQ = ['--model', G, '--quick', '--crops', '2', '--json', 'p.json', '--figure', 'p.png']
case('synth csv', 'micrographs.csv without file', ['properties', '--data', synth_variant('s_nofile', lambda d: d.drop(columns=['file'])), *PQ], words=['file'])
case('synth csv', "YS_MPa 'high'", ['properties', '--data', synth_variant('s_high', lambda d: d.assign(YS_MPa=d.YS_MPa.astype(object).where(d.index != 0, 'high'))), *PQ], words=['YS_MPa'])
case('synth csv', 'duplicate row', ['properties', '--data', synth_variant('s_dup', lambda d: pd.concat([d, d.iloc[:1]])), *PQ], words=['micrographs.csv'])
fcol = [c for c in sd.columns if c in ('radius_mm', 'mg_wt')][0]
case('synth csv', f'{fcol} NaN', ['properties', '--data', synth_variant('s_nan', lambda d: d.assign(**{fcol: d[fcol].where(d.index != 0, np.nan)})), *PQ], words=[fcol])
# 5. files and paths
case('files', '--json is a directory (evaluate)', ['evaluate', '--model', G, '--n', '4', '--json', 'adir'], words=['adir'], no_temp=T)
case('files', 'network JSON missing keys', ['design', '--model', G, '--target', 'YS_MPa=400', '--network', 'bad.json', '--out', 'd.png', '--json', 'd.json'], words=['bad.json'])
(T/'blocked.ckpt.pth').mkdir()
case('files', 'checkpoint path blocked by a directory', ['train', *TINY, '--out', 'blocked.pth'], words=['blocked.ckpt.pth', '--out'], no_temp=T)
case('files', 'model file is not a model', ['evaluate', '--model', 'bad.json', '--n', '4', '--json', 'e.json'], words=['bad.json'])
case('files', 'missing model file', ['evaluate', '--model', 'nope.pth', '--n', '4', '--json', 'e.json'], words=['nope.pth'])
case('files', 'corrupt image in the folder', ['train', '--data', str(bad), *TINY, '--out', 'x.pth'], words=['b.png'])
case('files', '--device cuda without a GPU', ['train', *TINY, '--device', 'cuda', '--out', 'x.pth'], words=['--device'])
# 6. interruption
case('interrupt', 'SIGTERM during training', ['train', *TINY, '--epochs', '30', '--crops', '16', '--out', 'int.pth'], words=['resume'], sig_after=45)
rows[-1]['interrupted_file'] = (T/'int.interrupted.pth').exists()
if not rows[-1]['interrupted_file']: rows[-1]['verdict'] = 'lost file'; print('  no int.interrupted.pth')
case('interrupt', 'resume with a conflicting --latent', ['train', *TINY, '--resume', 'good.ckpt.pth', '--latent', '4', '--out', 'good2.pth'], words=['latent'])
# 7. real folders
case('real', 'masks beside images: warned', ['train', '--data', str(masks), *TINY, '--out', 'm.pth'], expect='ok', warn=['mask'])
case('real', '16-bit TIFFs train', ['train', '--data', str(b16), *TINY, '--out', 'b16.pth'], expect='ok')
img = str(sorted((u/'images').rglob('*.png'))[0])
case('real', 'traverse a user image with --crop_bottom', ['traverse', '--model', G, '--image', img, '--crop_bottom', '38', '--n_dims', '2', '--out', 't.png'], expect='ok')
case('real', 'evaluate a user folder with --crop_bottom', ['evaluate', '--model', G, '--data', str(u), '--crop_bottom', '38', '--n', '4', '--json', 'eu.json'], expect='ok')
case('real', 'files written with mode 644', ['synth', '--out', 's2', '--width', '256', '--height', '256'], expect='ok')
mode = oct((T/'good.pth').stat().st_mode & 0o777); rows[-1]['mode'] = mode
if mode != '0o644': rows[-1]['verdict'] = 'silent wrong'
print('model file mode', mode)

df = pd.DataFrame(rows); df.to_csv(T/'matrix.csv', index=False)
print(df.verdict.value_counts().to_string()); print(df.groupby('cls').verdict.value_counts().to_string())
