"""Check the documentation site (`tools/build_docs.py`'s `_docs/`) in headless Chromium, through Playwright.

    python tools/docs_check.py [--site _docs] [--out DIR] [--chromium /usr/bin/chromium]

Serves the site on a free loopback port, as a reader's browser would see it, and:

- on every page, without a browser: each local link (`href`, `src`) names a file of the site and,
  when it has a `#fragment`, an element with that id there;
- opens the home page, one chapter and one API entry and finds on each its text, that every
  picture on it loaded (a rendered picture: `naturalWidth` > 0; the home page and the chapter must
  have at least one), and that each local link on it answers 200;
- types a name into the site's search and finds its API page among the results;
- records every request Chromium makes and every script error: a request to another host, or an
  error, fails the check (the site must work offline).

Writes DIR/home.png, DIR/chapter.png, DIR/api.png and DIR/search.png (DIR: a new temporary folder
by default) and prints what it checked; exit status 0 when every check passes. Needs Chromium
(Debian: `apt-get install chromium`) and the `playwright` Python package."""
import argparse, functools, re, sys, tempfile, threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse
from playwright.sync_api import sync_playwright, expect

root = Path(__file__).resolve().parents[1]
chromium_args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']

# The three pages opened in the browser: (name, path with fragment, texts it must show, needs a picture)
pages = [('home', 'index.html', ['Quick start', 'load_colorizer', 'colorize-train'], True),
         ('chapter', 'chapters/00_colorspaces.html', ['Colour spaces', 'luminance', 'rgb2lab'], True),
         ('api', 'api/learner.html#load_colorizer', ['load_colorizer', 'argument'], False)]
search_term, search_hit = 'load_colorizer', 'api/learner.html'

class Links(HTMLParser):
    "The ids, and the `href`/`src` targets, of one HTML page."
    def __init__(self):
        super().__init__(); self.ids, self.targets = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag == 'a' and a.get('name'): self.ids.add(a['name'])
        for k in ('href', 'src'):
            if a.get(k) is not None and not (tag == 'script' and k == 'src' and a[k] == ''): self.targets.append(a[k])

@functools.cache
def parsed(f:Path) -> Links:
    p = Links(); p.feed(f.read_text(errors='replace')); return p

def local_target(site:Path, page:Path, target:str) -> tuple|None:
    "(file, fragment) that `target` on `page` names inside `site`, or None for an outside or data URL."
    u = urlparse(target)
    if u.scheme or u.netloc or target.startswith(('mailto:', 'javascript:')): return None
    f = page if not u.path else (site/u.path.lstrip('/') if u.path.startswith('/') else page.parent/unquote(u.path))
    if f.is_dir(): f = f/'index.html'
    return f.resolve(), u.fragment

def broken_links(site:Path) -> list:
    "Every local link of every page of `site` that names no file, or an id its page lacks."
    bad = []
    for page in sorted(site.rglob('*.html')):
        for t in parsed(page).targets:
            if (lt := local_target(site, page, t)) is None: continue
            f, frag = lt
            if not f.is_file(): bad.append(f'{page.relative_to(site)}: {t} (no such file)')
            elif frag and f.suffix == '.html' and unquote(frag) not in parsed(f).ids:
                bad.append(f'{page.relative_to(site)}: {t} (no id {frag!r})')
    return bad

def serve(site:Path) -> ThreadingHTTPServer:
    "An HTTP server for `site` on a free loopback port, in a daemon thread."
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    srv = ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

def check_page(page, base:str, name:str, path:str, texts:list, needs_picture:bool, out:Path) -> str:
    "Open `path`, find `texts`, its pictures loaded, its local links answering; a screenshot. A line for the report."
    resp = page.goto(base + path)
    assert resp.ok, f'{path}: HTTP {resp.status}'
    page.wait_for_load_state('load')
    body = page.locator('article')
    for t in texts: expect(body.get_by_text(t).first).to_be_attached()
    if frag := urlparse(path).fragment:
        expect(page.locator(f'[id="{frag}"]')).to_be_in_viewport()
    imgs = page.eval_on_selector_all('article img', 'els => els.map(e => [e.currentSrc.slice(0, 80), e.complete && e.naturalWidth > 0])')
    unloaded = [s for s, ok in imgs if not ok]
    assert not unloaded, f'{path}: pictures not rendered: {unloaded}'
    assert imgs or not needs_picture, f'{path}: no picture'
    hrefs = page.eval_on_selector_all('a[href]', 'els => els.map(e => e.href)')
    local = sorted({h.split('#')[0] for h in hrefs if h.startswith(base)})
    failed = [h for h in local if not page.request.get(h).ok]
    assert not failed, f'{path}: links that do not answer: {failed}'
    page.screenshot(path=out/f'{name}.png', full_page=False)
    return f'{name}: {path}: {len(texts)} texts, {len(imgs)} pictures rendered, {len(local)} local links answer'

def check_search(page, base:str, out:Path) -> str:
    "Type `search_term` into the site's search; its API page must be among the results."
    page.goto(base + 'index.html'); page.wait_for_load_state('load')
    box = page.locator('input.md-search__input')
    box.click(); box.fill(search_term)  # the header's search field (wide pages show it)
    results = page.locator('.md-search-result__item a')
    expect(results.first).to_be_attached(timeout=30_000)
    links = results.evaluate_all('els => els.map(e => e.href)')
    assert any(search_hit in h for h in links), f'search for {search_term!r}: no result on {search_hit}: {links[:5]}'
    page.screenshot(path=out/'search.png')
    return f'search: {search_term!r} gives {len(links)} results, {search_hit} among them'

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--site', default=str(root/'_docs'), help='the built site (default: _docs/)')
    p.add_argument('--out', default=None, help='folder for the screenshots (default: a new temporary folder)')
    p.add_argument('--chromium', default='/usr/bin/chromium', help="Chromium's executable")
    a = p.parse_args()
    site = Path(a.site).resolve()
    if not (site/'index.html').is_file(): sys.exit(f'{site}/index.html not found: build the site first (python tools/build_docs.py)')
    if not Path(a.chromium).is_file(): sys.exit(f'{a.chromium} not found: install Chromium (Debian: apt-get install chromium) or pass --chromium')
    out = Path(a.out or tempfile.mkdtemp(prefix='docs_check_')); out.mkdir(parents=True, exist_ok=True)
    n_pages = sum(1 for _ in site.rglob('*.html'))
    bad = broken_links(site)
    if bad: sys.exit(f'{len(bad)} broken local links:\n' + '\n'.join(bad[:50]))
    print(f'{n_pages} pages: every local link names a file and an id of the site')
    srv = serve(site); base = f'http://127.0.0.1:{srv.server_address[1]}/'
    requests, errors = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=a.chromium, args=chromium_args)
            page = browser.new_page(viewport=dict(width=1280, height=900))
            page.on('request', lambda r: requests.append(r.url))
            page.on('pageerror', lambda e: errors.append(str(e)))
            for name, path, texts, needs_picture in pages: print(check_page(page, base, name, path, texts, needs_picture, out))
            print(check_search(page, base, out))
            browser.close()
    finally: srv.shutdown()
    outside = sorted({u for u in requests if urlparse(u).hostname not in (None, '127.0.0.1')})
    if outside: sys.exit(f'requests to other hosts: {outside}')
    if errors: sys.exit(f'script errors: {errors}')
    print(f'{len(requests)} requests, all to 127.0.0.1; no script errors; screenshots in {out}')

if __name__ == '__main__': main()
