"""Run experiment notebooks in place, from their own folder, and keep their outputs (the results the docs show).

Usage: python tools/run_experiment.py nbs/experiments/NAME.ipynb [...]

Each notebook runs top to bottom in a fresh shell (execnb, as nbdev_test runs notebooks). Its outputs are written
back only if every cell succeeded, so a failed run never replaces good results; `nbdev_clean` then strips the
metadata, as for every notebook of the project.
"""
import os, sys, time, subprocess
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def run(path:Path):
    here = os.getcwd(); os.chdir(path.parent); t0 = time.time()
    try:
        nb = read_nb(path.name); sh = CaptureShell()
        sh.run_all(nb, exc_stop=True)
    finally: os.chdir(here)
    write_nb(nb, path)
    print(f'{path}: ran in {time.time() - t0:.0f} s', flush=True)

if __name__ == '__main__':
    if len(sys.argv) < 2: sys.exit(__doc__)
    for p in sys.argv[1:]:
        p = Path(p).resolve()
        if not p.is_file(): sys.exit(f'{p}: no such notebook')
        try: run(p)
        except Exception as e: sys.exit(f'{p}: stopped at an error, outputs not written ({type(e).__name__}: {e})')
    subprocess.run(['nbdev_clean', '--fname', *sys.argv[1:]], check=True)
