"""Headless-browser test of the docs home page and the traversal `Explorer`, as a person would use them.

1. opens the rendered home page (`OUT/index.html` of `.ci/render_docs.py`) in headless Chromium: a title,
   every image loaded, a link to the traversal page that opens; screenshot `home.png`; then the style-loss
   page's equations typeset by MathJax (no raw LaTeX left); screenshot `math.png`;
2. serves a one-cell notebook with `texturevae_nb.traverse.Explorer` on a random
   `TextureVAE(latent=8, weights=None, size=64)` (the widget is under test, not the model) through Voila on
   127.0.0.1, waits for the widget, drags the first slider's handle, and checks that the slider's value
   and the 'current' image both changed (decoded pixels, not only the PNG bytes); screenshots
   `explorer_before.png` and `explorer_after.png`. Voila is started and stopped here.

Chromium is Debian's `chromium` (driven by Playwright through `executable_path`; Playwright's own
browser download is not needed). `install()` holds the commands CI runs first (`--install`).
Usage: python .ci/browser_test.py [--install] [--docs DIR] [--out DIR] [--timeout S]"""
import argparse, io, json, os, shutil, signal, socket, subprocess, sys, tempfile, time
from pathlib import Path

PIP = ['voila>=0.5,<0.6', 'playwright>=1.45', 'ipykernel']


def sh(cmd:list):
    "Run `cmd`, echoing it; raise if it fails."
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True, env={**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'})


def install():
    "What CI installs for this test: Debian's chromium (when missing) and, in the current venv, Voila and Playwright."
    if not chromium():
        sh(['apt-get', 'update', '-q'])
        sh(['apt-get', 'install', '-y', '-q', 'chromium'])
    sh([sys.executable, '-m', 'pip', 'install', '-q', *PIP])


def chromium()->str:
    "Path of a Chromium executable, or None."
    for n in ('chromium', 'chromium-browser', 'google-chrome'):
        if shutil.which(n): return shutil.which(n)


APP = r'''import warnings; warnings.filterwarnings('ignore')
import torch
from texturevae_nb.model import default_model
from texturevae_nb.synth import synth_micrograph
from texturevae_nb.traverse import Explorer
model = default_model() # the shipped model, as a user gets it (a random one decodes nearly the same image for every z)
im = torch.from_numpy(synth_micrograph(48, 0.045, (256, 384), 0).image).float()/255
ex = Explorer(model, torch.stack([im[:128, :128], im[128:, :128], im[:128, 128:256]])[:, None], names=['a', 'b', 'c'], n_dims=3, measure_names=False)
ex.widget()'''


def write_app(d:Path)->Path:
    "Write the one-cell explorer notebook into folder `d`."
    nb = dict(nbformat=4, nbformat_minor=5, metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')),
              cells=[dict(cell_type='code', id='explorer', metadata={}, execution_count=None, outputs=[], source=APP)])
    (d/'explorer.ipynb').write_text(json.dumps(nb))
    return d/'explorer.ipynb'


def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def start_voila(nb:Path, port:int, log:Path, timeout:float=60)->subprocess.Popen:
    "Start Voila on 127.0.0.1:`port` serving `nb` (its own process group); return once it listens."
    cmd = [sys.executable, '-m', 'voila', str(nb), '--no-browser', f'--port={port}', '--Voila.ip=127.0.0.1',
           '--show_tracebacks=True', '--ServerApp.open_browser=False']
    p = subprocess.Popen(cmd, stdout=open(log, 'w'), stderr=subprocess.STDOUT, cwd=nb.parent, start_new_session=True)
    t0 = time.time()
    while time.time() - t0 < timeout:
        if p.poll() is not None: raise RuntimeError(f"voila exited with {p.returncode}:\n{log.read_text()[-3000:]}")
        try: socket.create_connection(('127.0.0.1', port), timeout=2).close(); return p  # listening (a GET would run the notebook)
        except OSError: time.sleep(0.5)
    stop(p); raise RuntimeError(f"voila did not answer on port {port} within {timeout} s:\n{log.read_text()[-3000:]}")


def stop(p:subprocess.Popen):
    "Stop the server and its kernel (the whole process group)."
    if p.poll() is not None: return
    os.killpg(p.pid, signal.SIGTERM)
    try: p.wait(10)
    except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL); p.wait()


def pixels(png:bytes):
    "Gray pixels of a PNG as a float array."
    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert('L'), dtype=float)


def check_home(page, docs:Path, out:Path)->dict:
    "Open the rendered home page: title, images loaded, the traversal page reachable by its link."
    page.goto((docs/'index.html').as_uri())
    title = page.title()
    assert title and 'texturevae' in (title + page.inner_text('h1')).lower(), f"home page title {title!r}: expected the project name"
    page.wait_for_load_state('load')
    imgs = page.eval_on_selector_all('img', 'els => els.map(e => [e.getAttribute("src"), e.complete && e.naturalWidth > 0])')
    broken = [s for s, ok in imgs if not ok]
    assert not broken, f"home page images that did not load: {broken}"
    page.screenshot(path=str(out/'home.png'), full_page=True)
    link = page.locator('a[href$="traverse.html"]')  # the published name of 07_traverse.ipynb
    assert link.count(), "the home page has no link to the traversal page (traverse.html)"
    link.first.click(); page.wait_for_load_state('load')
    text = page.inner_text('body')
    assert 'Explorer' in text, "the traversal page does not show `Explorer`"
    page.screenshot(path=str(out/'traverse.png'), full_page=False)
    traverse_page = page.url.rsplit('/', 1)[-1]
    page.goto((docs/'inverse.html').as_uri()); page.wait_for_load_state('load'); page.screenshot(path=str(out/'inverse.png'), full_page=False)
    return dict(home_title=title, home_images=len(imgs), traverse_page=traverse_page, **check_math(page, docs, out))


def check_math(page, docs:Path, out:Path, name:str='style.html')->dict:
    "The equations of page `name` (the style loss, Eq. 2) typeset by MathJax: rendered math elements, no TeX source left as text."
    page.goto((docs/name).as_uri()); page.wait_for_load_state('load')
    page.wait_for_selector('.MathJax', timeout=30000) # the render's local MathJax (`render_docs.local_mathjax`)
    page.wait_for_function('() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0', timeout=30000)
    n, text = page.locator('.MathJax').count(), page.inner_text('body')
    assert '\\mathcal' not in text and '$$' not in text, f"{name}: LaTeX source shown as text: MathJax did not typeset it"
    page.locator('.MathJax').first.scroll_into_view_if_needed()
    page.screenshot(path=str(out/'math.png'), full_page=False)
    return dict(math_page=name, math_elements=n)


def slider_state(page):
    "The first slider's readout and the 'current' image's PNG (its src and its pixels on screen)."
    readout = page.locator('.widget-hslider .widget-readout').first.inner_text().strip()
    cur = page.locator('.widget-image').nth(2)
    return readout, cur.get_attribute('src'), cur.screenshot()


def check_explorer(page, url:str, out:Path, timeout:float)->dict:
    "Open the explorer, drag the first slider, check value and image changed; screenshots before and after."
    t0 = time.time()
    page.goto(url, wait_until='commit', timeout=timeout*1000)  # Voila streams the page while the kernel runs the notebook
    page.wait_for_selector('.widget-hslider .noUi-handle', timeout=timeout*1000)
    page.wait_for_function("document.querySelectorAll('.widget-image').length >= 3 && "
                           "[...document.querySelectorAll('.widget-image')].every(i => i.complete && i.naturalWidth > 0)",
                           timeout=timeout*1000)
    t_ready = time.time() - t0
    r0, src0, shot0 = slider_state(page)
    page.screenshot(path=str(out/'explorer_before.png'), full_page=True)
    h = page.locator('.widget-hslider .noUi-handle').first
    b = h.bounding_box()
    x, y = b['x'] + b['width']/2, b['y'] + b['height']/2
    page.mouse.move(x, y); page.mouse.down(); page.mouse.move(x + 60, y, steps=8); page.mouse.up()
    t1 = time.time()
    try: page.wait_for_function("src => document.querySelectorAll('.widget-image')[2].getAttribute('src') !== src", arg=src0,
                                timeout=timeout*1000)
    except Exception as e: raise AssertionError(f"the 'current' image did not change within {timeout} s of the slider move "
                                                f"(readout now {slider_state(page)[0]}, was {r0})") from e
    page.wait_for_function("() => { const i = document.querySelectorAll('.widget-image')[2]; return i.complete && i.naturalWidth > 0 }")
    t_update = time.time() - t1
    r1, src1, shot1 = slider_state(page)
    page.screenshot(path=str(out/'explorer_after.png'), full_page=True)
    num = lambda r: float(r.replace("\u2212", "-"))  # the readout writes a Unicode minus
    assert r1 != r0 and num(r1) > num(r0), f"slider readout {r0} -> {r1}: dragging right should raise it"
    a, c = pixels(shot0), pixels(shot1)
    diff = float(abs(a - c).mean()) if a.shape == c.shape else float('inf')
    assert diff > 1, f"the 'current' image did not visibly change after the slider move (mean |diff| {diff:.2f} gray levels)"
    return dict(readout=[r0, r1], image_mean_abs_diff=round(diff, 2), widget_ready_s=round(t_ready, 1), update_s=round(t_update, 2))


def main(docs:Path=None, out:Path=None, timeout:float=120)->dict:
    "Run both checks; write screenshots and `browser_test.json` into `out`; raise on failure."
    from playwright.sync_api import sync_playwright
    t0, res = time.time(), {}
    out = Path(out or tempfile.mkdtemp(prefix='texturevae_browser_')).resolve(); out.mkdir(parents=True, exist_ok=True)
    exe = chromium()
    assert exe, "no Chromium found: run `python .ci/browser_test.py --install` (Debian's chromium package)"
    work = Path(tempfile.mkdtemp(prefix='texturevae_voila_'))
    port, server = free_port(), None
    try:
        server = start_voila(write_app(work), port, out/'voila.log')
        res['voila_start_s'] = round(time.time() - t0, 1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=['--no-sandbox', '--disable-dev-shm-usage'])
            page = browser.new_page(viewport=dict(width=1200, height=900))
            errors = []; page.on('pageerror', lambda e: errors.append(str(e)))
            try:
                if docs: res.update(check_home(page, Path(docs).resolve(), out))
                res.update(check_explorer(page, f'http://127.0.0.1:{port}/', out, timeout))
            except Exception:  # keep what the browser showed, for the CI log and the person reading it
                page.screenshot(path=str(out/'failure.png'), full_page=True); (out/'failure.html').write_text(page.content())
                print(f"browser test failed on {page.url}; page errors: {errors}; see {out}/failure.png, failure.html, voila.log", file=sys.stderr)
                raise
            res['page_errors'] = errors
            browser.close()
    finally:
        if server: stop(server)
        shutil.rmtree(work, ignore_errors=True)
    res['total_s'] = round(time.time() - t0, 1)
    (out/'browser_test.json').write_text(json.dumps(res, indent=1))
    print(f"browser test passed in {res['total_s']} s; screenshots in {out}: {json.dumps(res)}")
    return res


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--install', action='store_true', help='first install chromium (apt) and voila + playwright (pip)')
    ap.add_argument('--docs', help='folder with the rendered docs (from .ci/render_docs.py --out); skip the home page if not given')
    ap.add_argument('--out', help='folder for the screenshots and browser_test.json (default: a new temporary folder)')
    ap.add_argument('--timeout', type=float, default=120, help='seconds to wait for the widget and for an update')
    a = ap.parse_args()
    if a.install: install()
    main(a.docs, a.out, a.timeout)
