"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto); links to docs pages point at the published site.
Usage: python .ci/readme.py [--check]   (--check: exit 1 if README.md is out of date)"""
import sys, json, re, configparser
from pathlib import Path

root = Path(__file__).resolve().parent.parent
cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini'); cfg = cfg['DEFAULT']
site = cfg['doc_host'].rstrip('/') + '/' + cfg['doc_baseurl'].strip('/') + '/'
def to_site(md:str)->str:
    "Links to docs pages (`quality.html`, `tutorials/paper.html#x`) made absolute: on GitHub and PyPI they point at the published site."
    return re.sub(r'\]\((?!https?:|#|/|nbs/)([^)\s]+\.html(?:#[^)\s]*)?)\)', lambda m: f']({site}{m.group(1)})', md)
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = []
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': parts.append(to_site(src.replace('](images/', '](nbs/images/')))
    elif src.strip() and not src.lstrip().startswith('#| hide'): parts.append(f"```python\n{src}\n```")
text = '\n\n'.join(parts).strip() + '\n'
readme = root/'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text() != text:
        sys.exit('README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit it.')
else: readme.write_text(text)
