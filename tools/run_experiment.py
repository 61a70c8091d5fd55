"""Run experiment notebooks in place, from their own folder, and keep their outputs (the results the docs show).

Usage: python tools/run_experiment.py nbs/experiments/NAME.ipynb [...]

Each notebook runs top to bottom in a fresh shell (execnb, as nbdev_test runs notebooks). Its outputs are written
back only if every cell succeeded, so a failed run never replaces good results; figures are stored with a 128-colour
palette (small files), and `nbdev_clean` then strips the metadata, as for every notebook of the project.
"""
import os, io, sys, time, base64, subprocess
from pathlib import Path
from PIL import Image
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def shrink_pngs(nb, colours:int=128):
    "Store the notebook's PNG outputs with a palette of `colours` (gray micrographs and plots lose nothing visible): smaller files."
    for c in nb.cells:
        for o in c.get('outputs', []):
            png = o.get('data', {}).get('image/png')
            if not png: continue
            buf = io.BytesIO(); Image.open(io.BytesIO(base64.b64decode(png))).convert('RGB').quantize(colours).save(buf, 'PNG', optimize=True)
            o['data']['image/png'] = base64.b64encode(buf.getvalue()).decode()

def run(path:Path):
    here = os.getcwd(); os.chdir(path.parent); t0 = time.time()
    try:
        nb = read_nb(path.name); sh = CaptureShell()
        for c in nb.cells: # a cell that now prints nothing must not keep the output of an earlier run
            if c.cell_type == 'code': c.outputs = []
        sh.run_all(nb, exc_stop=True)
    finally: os.chdir(here)
    shrink_pngs(nb); write_nb(nb, path)
    print(f'{path}: ran in {time.time() - t0:.0f} s', flush=True)

if __name__ == '__main__':
    if len(sys.argv) < 2: sys.exit(__doc__)
    for p in sys.argv[1:]:
        p = Path(p).resolve()
        if not p.is_file(): sys.exit(f'{p}: no such notebook')
        try: run(p)
        except Exception as e: sys.exit(f'{p}: stopped at an error, outputs not written ({type(e).__name__}: {e})')
    subprocess.run(['nbdev_clean', '--fname', *sys.argv[1:]], check=True)
