"""Check the docs site without Quarto: what `nbdev_docs` does before it calls `quarto render`, then
nbconvert instead of Quarto.

1. navigation: `nbs/_quarto.yml` and the sidebar Quarto would use list every notebook (home first,
   tutorials, one API page per module) and point only at files that exist;
2. `nbdev_proc_nbs`'s work (`nbdev.quarto._pre_docs`: nbdev.yml, module index, sidebar, `proc_nbs`,
   which runs the export and `show_doc` cells of every notebook), in a copy of the project so the
   work tree is never touched; the call is the one `nbdev_docs` makes, with Quarto's install check off;
3. every processed notebook rendered to HTML with nbconvert, next to its `.ipynb` in OUT
   under the name Quarto gives it (the front matter's `output-file`: `06a_quality.ipynb` is `quality.html`),
   links to `.ipynb` pages rewritten to those names, cell directives honoured (`echo`, `output`, `include`),
   no prompts, math typeset by a local MathJax where `jupyter-server-mathjax` is installed; no error outputs,
   a title on every page, every exported name shown on its module's page,
   and no relative link or image that points at a missing file.

Usage: python .ci/render_docs.py [--out DIR] [--n_workers N] [--lenient]
Exit 1 with a list of every problem found; OUT/index.html is the home page."""
import argparse, json, os, re, shutil, sys, tempfile, time
from pathlib import Path

import yaml

root = Path(__file__).resolve().parent.parent
NBS = 'nbs'
SKIP = re.compile(r'^[_.]')  # nbdev's skip_file_re / skip_folder_re
MARK = '.render_docs'  # marks an output folder this script may replace


def notebooks(nbs:Path)->list:
    "Notebooks nbdev renders: `*.ipynb` under `nbs`, skipping names and folders that start with `_` or `.`."
    return sorted(str(p.relative_to(nbs)) for p in nbs.rglob('*.ipynb')
                  if not any(SKIP.match(part) for part in p.relative_to(nbs).parts))


def default_exp(nb:Path):
    "The module a notebook exports to (`#| default_exp m`), or None."
    for c in json.loads(nb.read_text())['cells']:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
        if c['cell_type'] == 'code' and m: return m.group(1)


def hrefs(node)->list:
    "Every page a Quarto sidebar/navbar item list points at (strings, `href`, `file`, nested `contents`)."
    if isinstance(node, str): return [] if node.strip() in ('---', '') or node.startswith('http') else [node]
    if isinstance(node, list): return [h for o in node for h in hrefs(o)]
    if isinstance(node, dict):
        own = [node[k] for k in ('href', 'file') if isinstance(node.get(k), str) and not node[k].startswith('http')]
        return own + hrefs(node.get('contents', [])) + hrefs(node.get('left', [])) + hrefs(node.get('right', [])) + hrefs(node.get('menu', []))
    return []


def check_nav(nbs:Path, sidebar_yml:Path, lib:Path)->list:
    "Problems with the navigation in `_quarto.yml` and `sidebar_yml` (empty list: all good)."
    errs, nbs_set = [], set(notebooks(nbs))
    quarto = yaml.safe_load((nbs/'_quarto.yml').read_text())
    if 'sidebar.yml' not in quarto.get('metadata-files', []): errs.append("nbs/_quarto.yml: `metadata-files` must include sidebar.yml")
    if not sidebar_yml.exists(): return errs + [f"{sidebar_yml} is missing: with `custom_sidebar = True` it must be committed (not in .gitignore)"]
    side = ((yaml.safe_load(sidebar_yml.read_text()) or {}).get('website') or {}).get('sidebar') or {}
    items = side.get('contents', []) if isinstance(side, dict) else [c for s in side for c in s.get('contents', [])]
    listed = [h.lstrip('/') for h in hrefs(items)]
    nav = [h.lstrip('/') for h in hrefs(((quarto.get('website') or {}).get('navbar') or {}))]
    for h in listed + nav:
        if any(ch in h for ch in '*?['): errs.append(f"{sidebar_yml.name}: glob `{h}`: list pages by name (this check and Quarto >= 1.10 differ on globs)")
        elif not (nbs/h).exists(): errs.append(f"navigation points at `{h}`, which is not in nbs/")
        elif not re.search(r'\.(ipynb|qmd|md|html)$', h): errs.append(f"navigation lists `{h}`, which is not a page (.ipynb, .qmd, .md, .html)")
    for nb in sorted(nbs_set - set(listed)):
        sec = 'Tutorials' if nb.startswith('tutorials/') else 'API'
        errs.append(f"{nb} is not in the sidebar: add `- {nb}` to the {sec} section of {sidebar_yml}")
    if listed and listed[0] != 'index.ipynb': errs.append(f"the sidebar must start with the home page index.ipynb, not {listed[0]}")
    if len(set(listed)) != len(listed): errs.append(f"{sidebar_yml.name} lists a page twice: {sorted({h for h in listed if listed.count(h) > 1})}")
    mods = {default_exp(nbs/nb): nb for nb in nbs_set}
    for m in sorted(p.stem for p in lib.glob('*.py') if not p.stem.startswith('_')):
        if m not in mods: errs.append(f"module {lib.name}.{m} has no notebook with `#| default_exp {m}` (no API page)")
    return errs


def docs_run_cells(nbs:Path)->list:
    "Cells the docs build runs although they are not import or export cells (nbdev runs any cell that imports)."
    import ast, warnings
    warnings.filterwarnings('ignore', 'Found cells containing imports')  # nbdev's warning; listed below instead
    from nbdev.process import NBProcessor
    from nbdev.processors import _do_eval, _ast_contains
    errs = []
    for name in notebooks(nbs):
        for c in NBProcessor(nbs/name).nb.cells:
            if c.cell_type != 'code' or not _do_eval(c) or c.directives_.keys() & {'export', 'exports', 'exporti', 'exec_doc'}: continue
            if _ast_contains(c.parsed_(), (ast.Expr, ast.Assign)):
                first = c.source.strip().splitlines()[0][:70]
                errs.append(f"{name} cell {c.idx_} (`{first}`): imports and runs code, so the docs build runs it out of context;"
                            " move its import into the notebook's import cell")
    return errs


def copy_project(dst:Path, src:Path=root)->Path:
    "Copy what `nbdev_docs` reads (settings.ini, the notebooks folder, the library's .py files) into `dst`."
    from nbdev.config import get_config
    cfg = get_config(path=src)
    shutil.copy2(src/'settings.ini', dst/'settings.ini')
    shutil.copytree(cfg.nbs_path, dst/cfg.nbs_path.relative_to(src),
                    ignore=shutil.ignore_patterns('.ipynb_checkpoints', '_proc', '_docs', '_out'))
    shutil.copytree(cfg.lib_path, dst/cfg.lib_path.relative_to(src), ignore=shutil.ignore_patterns('assets', '__pycache__'))
    return dst


def proc_docs(proj:Path, n_workers:int=2)->Path:
    "Run `nbdev_docs`'s preparation (what `nbdev_proc_nbs` runs) in `proj`, without Quarto; the `_proc` folder."
    import nbdev.quarto as Q
    cwd = os.getcwd(); os.chdir(proj)
    try:
        from nbdev.config import get_config
        get_config.cache_clear() if hasattr(get_config, 'cache_clear') else None
        Q._ensure_quarto = lambda: None  # the only step that needs Quarto: its installer
        os.environ['PYTHONWARNINGS'] = 'ignore:Found cells containing imports:UserWarning'  # listed by `docs_run_cells`
        cache, cfg, _ = Q._pre_docs(proj/NBS, n_workers=n_workers, file_glob=None, file_re=Q._def_file_re)  # as nbdev_docs calls it
        return Path(cache)
    finally: os.chdir(cwd)


def _front(nb)->dict:
    "The front matter nbdev's FrontmatterProc put in the processed notebook (a raw `---` cell), as a dict."
    for c in nb.cells:
        if c.cell_type == 'raw' and c.source.startswith('---'):
            return yaml.safe_load(c.source.strip().strip('-')) or {}
    return {}


def out_name(name:str, fm:dict)->str:
    "Where Quarto writes page `name` (relative to the docs root): its front matter's `output-file` (nbdev strips the number prefix)."
    return str(Path(name).with_name(fm['output-file'])) if fm.get('output-file') else str(Path(name).with_suffix('.html'))


PANDOC_ATTR = re.compile(r'(\[[^\]]*\]\([^)]*\))\{[^}]*\}')  # [text](url){target="_blank" ...}: Quarto reads the attributes, nbconvert shows them
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:\s*(\S+)', re.M)


def quarto_cells(nb):
    "Apply what Quarto does with cell directives: `include: false` drops a cell, `echo: false` its code, `output: false` its outputs; `#|` lines are not shown."
    keep = []
    for c in nb.cells:
        if c.cell_type == 'code':
            d = {k: v.lower() for k, v in DIRECTIVE.findall(c.source)}
            if d.get('include') == 'false': continue
            c.source = '\n'.join(l for l in c.source.splitlines() if not l.lstrip().startswith('#|')).strip()
            tags = set(c.metadata.get('tags', []))
            if d.get('echo') == 'false' or not c.source: tags.add('remove_input')
            if d.get('output') == 'false': tags.add('remove_output')
            c.metadata['tags'] = sorted(tags)
            for o in c.get('outputs', []):  # show_doc's markdown: the same Pandoc attributes
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = PANDOC_ATTR.sub(r'\1', ''.join(md))
        elif c.cell_type == 'markdown':  # Pandoc attributes after a link, e.g. show_doc's [source](...){target="_blank" ...}
            c.source = PANDOC_ATTR.sub(r'\1', c.source)
        keep.append(c)
    nb.cells = keep
    return nb


def local_mathjax(out:Path):
    """Copy the MathJax of `jupyter-server-mathjax` to OUT/_mathjax, so pages typeset their math offline (the published
    site loads MathJax from a CDN); its MathJax.js, or None when that package is not installed."""
    try: import jupyter_server_mathjax
    except ImportError: return None
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent/'static', out/'_mathjax')
    return out/'_mathjax'/'MathJax.js'


STIX = ('<script type="text/x-mathjax-config">MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, '
        'webFont: "STIX-Web", imageFont: null}});</script>')  # the only fonts jupyter-server-mathjax ships (as Jupyter configures it)


def render_html(proc:Path, names:list, mathjax:Path=None)->dict:
    "nbconvert every processed notebook in `names` (relative to `proc`) to HTML where Quarto puts it, math by `mathjax` (a local MathJax.js) when given; {name: (title, html, nb, out name)}."
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    exp, res = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True), {}
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}, remove_all_outputs_tags={'remove_output'}), enabled=True)
    nbs = {name: nbformat.read(proc/name, as_version=4) for name in names}
    outs = {name: out_name(name, _front(nb)) for name, nb in nbs.items()}
    def link(m, page):  # a link to a notebook goes to the page Quarto made of it
        target = os.path.normpath(os.path.join(os.path.dirname(page), m.group(2) + '.ipynb'))
        dest = outs.get(target, target[:-6] + '.html')
        return m.group(1) + os.path.relpath(dest, os.path.dirname(page) or '.') + m.group(3)
    for name, nb in nbs.items():
        fm = _front(nb); title = str(fm.get('title', ''))
        for c in nb.cells:  # the title block Quarto makes from the front matter
            if c.cell_type == 'raw' and c.source.startswith('---'):
                c.cell_type, c.source = 'markdown', f"# {title}\n\n> {fm.get('description', '')}"
                c.pop('attachments', None)
        if mathjax: exp.mathjax_url = os.path.relpath(mathjax, (proc/name).parent) + '?config=TeX-AMS-MML_HTMLorMML-full,Safe'
        html, _ = exp.from_notebook_node(quarto_cells(nb), resources={'metadata': {'name': title or name}})
        html = re.sub(r'(href=")((?!https?:)[^"#]*?)\.ipynb([#"])', lambda m: link(m, name), html)
        if mathjax: html = html.replace('<!-- MathJax configuration -->', '<!-- MathJax configuration -->' + STIX, 1)
        (proc/outs[name]).write_text(html)
        res[name] = (title, html, nb, outs[name])
    return res


def check_links(out:Path, pages:dict)->list:
    "Relative links and images of every page that point at no file of the rendered site (anchors not checked)."
    errs = []
    for name, (_, html, _, page) in pages.items():
        for attr, url in re.findall(r'\b(href|src)="([^"]+)"', html):
            if re.match(r'^([a-z][a-z0-9+.-]*:|#|//)', url, re.I): continue  # http:, data:, mailto:, an anchor on the page
            path = url.split('#')[0].split('?')[0]
            if path and not (out/os.path.dirname(page)/path).exists(): errs.append(f"{page}: broken link {attr}={url!r}")
    return errs


def documented_names(py:Path)->list:
    "Names in a module's `__all__` that nbdev gives a `show_doc` (its top-level functions and classes; not constants)."
    import ast
    tree = ast.parse(py.read_text())
    defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    alls = [n.value for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, 'id', '') == '__all__' for t in n.targets)]
    return [o for o in (ast.literal_eval(alls[0]) if alls else []) if o in defs]


def check_pages(pages:dict, nbs:Path, lib:Path)->list:
    "Problems in the rendered pages: error outputs, missing titles, exported names not shown on their page."
    errs = []
    for name, (title, html, nb, _) in pages.items():
        if not title: errs.append(f"{name}: no title (a `# Title` markdown cell gives one)")
        raw = [w for w, pat in (('a Pandoc attribute {target=...}', r'\)\{target='), ('a cell directive #|', r'>#\|'), ('an input prompt', r'In&nbsp;\[')) if re.search(pat, html)]
        if raw: errs.append(f"{name}: the page shows {', '.join(raw)} as text, which the published site does not")
        for c in nb.cells:
            for o in c.get('outputs', []):
                if o.get('output_type') == 'error': errs.append(f"{name}: error output: {o.get('ename')}: {o.get('evalue')}")
        mod = default_exp(nbs/name)
        if mod and (lib/f'{mod}.py').exists():
            names = documented_names(lib/f'{mod}.py')
            missing = [n for n in names if not re.search(rf'>\s*{re.escape(n)}\s*<', html)]
            if missing: errs.append(f"{name}: exported but not shown on the page: {', '.join(missing)}")
    return errs


def main(out:Path=None, n_workers:int=2, lenient:bool=False)->Path:
    "Run every check; raise SystemExit listing the problems, else return the folder with OUT/index.html."
    from nbdev.config import get_config
    t0, cfg = time.time(), get_config(path=root)
    nbs, lib = cfg.nbs_path, cfg.lib_path
    out = Path(out or tempfile.mkdtemp(prefix='texturevae_docs_')).resolve()
    if out.exists() and any(out.iterdir()) and not (out/MARK).exists():
        sys.exit(f"--out {out} exists and was not written by this script: give a new or empty folder")
    shutil.rmtree(out, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix='texturevae_docproj_'))
    try:
        proj = copy_project(work)
        errs = docs_run_cells(nbs)
        if lenient:
            for e in errs: print(f"warning: {e}")
            errs = []
        try: proc = proc_docs(proj, n_workers)
        except Exception as e:
            why = f"\n  because: {str(e.__cause__).split('The above exception')[0].strip()}" if e.__cause__ else ''
            sys.exit("docs check failed:\n- " + "\n- ".join(errs + [f"nbdev_proc_nbs failed: {e}{why}"]))
        # the sidebar Quarto would read: the committed one with custom_sidebar, else the one nbdev_docs just wrote
        errs += check_nav(nbs, (nbs if cfg.custom_sidebar else proj/NBS)/'sidebar.yml', lib)
        if (proj/NBS/'nbdev.yml').read_text() != (nbs/'nbdev.yml').read_text():
            errs.append("nbs/nbdev.yml differs from what nbdev_docs writes from settings.ini: run `python -c 'from nbdev.quarto import refresh_quarto_yml as f; f()'` and commit it")
        shutil.copytree(proc, out); (out/MARK).write_text('written by .ci/render_docs.py\n')
    finally: shutil.rmtree(work, ignore_errors=True)
    names = notebooks(out)
    missing = sorted(set(notebooks(nbs)) - set(names))
    if missing: errs.append(f"nbdev_proc_nbs did not produce: {', '.join(missing)}")
    mathjax = local_mathjax(out)
    if not mathjax: print("note: jupyter-server-mathjax is not installed, so the pages load MathJax from its CDN (offline: raw LaTeX)")
    pages = render_html(out, names, mathjax)
    errs += check_pages(pages, nbs, lib) + check_links(out, pages)
    print(f"docs: {len(pages)} pages processed and rendered to HTML in {out} in {time.time()-t0:.0f} s")
    for n, (title, html, _, page) in pages.items(): print(f"  {n:36s} -> {page:28s} {len(html)//1024:5d} KB  {title}")
    if errs: sys.exit("docs check failed:\n- " + "\n- ".join(errs))
    return out


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', help='output folder (replaced); default a new temporary folder')
    ap.add_argument('--n_workers', type=int, default=2)
    ap.add_argument('--lenient', action='store_true', help='only warn about non-import cells that the docs build runs (they fail the check only if they fail to run)')
    a = ap.parse_args()
    main(a.out, a.n_workers, a.lenient)
