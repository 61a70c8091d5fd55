"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto).
Usage: python .ci/readme.py [--check]   (--check: exit 1 if README.md is out of date)"""
import sys, json
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = []
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': parts.append(src.replace('](images/', '](nbs/images/'))
    elif src.strip() and not src.lstrip().startswith('#| hide'): parts.append(f"```python\n{src}\n```")
text = '\n\n'.join(parts).strip() + '\n'
readme = root/'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text() != text:
        sys.exit('README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit it.')
else: readme.write_text(text)
