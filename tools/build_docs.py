"""Build the documentation site from the notebooks into `_docs/`: MkDocs with mkdocs-jupyter, offline, no Quarto.

    python tools/build_docs.py [--out _docs] [--saved] [--n_workers N]

nbdev's own `nbdev_docs` renders through Quarto, which cannot be installed on this project's
machines. This builds the same kind of site from the same notebooks:

- every chapter (`nbs/NN_*.ipynb`, `nbs/NNa_*.ipynb`) as a page with its prose, code and stored outputs (pictures,
  tables), the cells nbdev hides (`#| hide`) left out and nbdev's `#| ...` directives stripped;
  each `show_doc(name)` cell becomes the entry for `name`, as on an nbdev site;
- an API page per module: every name in its `__all__` (and a class's public methods) with its
  signature, docstring and a table of its arguments with their docments;
- README.md (made from `nbs/index.ipynb`) as the home page, its chapter table linked to the
  chapters and the API pages, and the local pages it links to (the model card, ...) copied in;
- MkDocs' search.

The notebooks are run first, as `nbdev_test` runs them (in `nbs/`, the cells flagged `slow`,
`notest` or `cuda` skipped; in parallel, minutes on two cores), so every chapter shows its
outputs: tables, plots, pictures; a notebook that fails stops the build, naming it. `--saved`
skips that and shows the outputs the notebooks were saved with (the cleaned notebooks keep few).
Then `tools/docs_check.py` opens the site in headless Chromium."""
import argparse, importlib, inspect, json, multiprocessing, os, re, shutil, subprocess, sys, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from execnb.nbio import nb2dict
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.frontmatter import FrontmatterProc
from nbdev.process import NBProcessor

warnings.filterwarnings('ignore', category=FutureWarning)  # torch.jit.script and weight_norm deprecations, raised while importing
from fastcore.docments import docments

root = Path(__file__).resolve().parents[1]
directive = re.compile(r'^\s*#\s*\|')

def module_of(cells:list) -> str|None:
    "The module a notebook exports to (`#| default_exp`), or None."
    for c in cells:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
        if m: return m.group(1)

def _anno(a) -> str:
    if a is inspect.Parameter.empty or a is None: return ''
    return a if isinstance(a, str) else getattr(a, '__name__', str(a)).replace('typing.', '')

def _cell_md(x) -> str: return str(x).replace('|', '\\|').replace('\n', ' ')

def api_entry(obj, name:str, level:int=3) -> str:
    "Markdown for `name`: a heading, its signature, its docstring, and a table of its arguments with their docments."
    h = '#' * level
    try: sig = inspect.signature(obj)
    except (TypeError, ValueError): sig = None
    fn = obj.__init__ if inspect.isclass(obj) else obj
    kind = 'class' if inspect.isclass(obj) else 'def' if callable(obj) else ''
    lines = [f'{h} {name}', '']
    if sig is not None and kind: lines += ['```python', f'{kind} {name.split(".")[-1]}{sig}', '```', '']
    doc = inspect.getdoc(obj) if (kind or inspect.getdoc(obj) != inspect.getdoc(type(obj))) else None
    if doc: lines += [f'*{doc.strip()}*', '']
    if not kind: lines += ['```python', f'{name} = {obj!r}'[:300], '```', '']
    try: dm = docments(fn, full=True) if kind else {}
    except Exception: dm = {}
    rows = [(k, v) for k, v in dm.items() if k not in ('self', 'cls')]
    if any(v.get('docment') for _, v in rows):
        lines += ['| argument | type | default | |', '|---|---|---|---|']
        for k, v in rows:
            d = v.get('default', inspect.Parameter.empty)
            label = '**returns**' if k == 'return' else f'`{k}`'
            lines.append(f"| {label} | {_cell_md(_anno(v.get('anno')))} | {'' if d is inspect.Parameter.empty else _cell_md(f'`{d!r}`')} | {_cell_md(v.get('docment') or '')} |")
        lines.append('')
    return '\n'.join(lines)

def class_methods(cls) -> list:
    "The public methods of `cls` (its own, or added with fastcore's `@patch`) that have a docstring, in definition order."
    return [(k, v) for k, v in vars(cls).items() if not k.startswith('_') and inspect.isfunction(v) and v.__doc__]

def api_page(module:str) -> str:
    "The API page of `colorizer.<module>`: every exported name, and each class's methods."
    mod = importlib.import_module(f'colorizer.{module}')
    parts = [f'# colorizer.{module}', '', f'*{(mod.__doc__ or "").strip()}*', '',
             f'The chapter: [{chapter_of[module]}](../chapters/{chapter_of[module]}.ipynb).', '']
    for name in getattr(mod, '__all__', []):
        obj = getattr(mod, name)
        parts.append(api_entry(obj, name))
        if inspect.isclass(obj): parts += [api_entry(m, f'{name}.{k}', 4) for k, m in class_methods(obj)]
    return '\n'.join(parts)

def _resolve(expr:str, ns:dict):
    obj = ns
    for i, part in enumerate(expr.split('.')): obj = obj[part] if i == 0 else getattr(obj, part)
    return obj

def executed(src:Path) -> dict:
    "Notebook `src` run as `nbdev_test` runs it (in `nbs/`, cells flagged with a `tst_flags` flag skipped), with its outputs."
    os.environ['IN_TEST'] = '1'
    skip = set(get_config().tst_flags.split())
    def no_eval(cell):
        if cell.cell_type != 'code' or 'nbdev_export(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        return direc.get('eval:', [''])[0].lower() == 'false' or bool(skip & direc.keys())
    nb, shell = NBProcessor(src, procs=FrontmatterProc, process=True).nb, CaptureShell(src)
    with working_directory(src.parent):
        try: shell.run_all(nb, exc_stop=True, preproc=no_eval)
        except Exception: raise RuntimeError(f'{src.name} failed while building the docs:\n{shell.prettytb(fname=src)}') from None
    return nb2dict(nb)

def chapter(src:Path, dst:Path, run:bool=True) -> str|None:
    "Write notebook `src` for the site to `dst`, run (`run`) or as saved: hidden cells out, directives stripped, `show_doc` cells rendered; its module."
    nb = executed(src) if run else json.loads(src.read_text()); module = module_of(nb['cells'])
    ns = dict(vars(importlib.import_module(f'colorizer.{module}'))) if module else {}
    cells = []
    for c in nb['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'code':
            if re.search(r'^#\|\s*(hide|default_exp)\b', s, re.M): continue
            names = re.findall(r'^\s*show_doc\(([\w.]+)\)\s*$', s, re.M)
            if names and len(names) == len([l for l in s.split('\n') if l.strip()]):  # a cell of show_doc calls only
                try: objs = [_resolve(n, ns) for n in names]
                except (KeyError, AttributeError): pass
                else: cells.append(dict(cell_type='markdown', metadata={}, source='\n\n'.join(api_entry(o, n) for o, n in zip(objs, names)))); continue
            s = '\n'.join(l for l in s.split('\n') if not directive.match(l)).strip('\n')
            if not s and not c.get('outputs'): continue
            c = dict(c, source=s, outputs=c.get('outputs', []), execution_count=c.get('execution_count'))
        cells.append(c)
    dst.write_text(json.dumps(dict(nb, cells=cells), indent=1))
    return module

link = re.compile(r'\]\(([^)#\s]+)(#[^)\s]*)?\)')

def copy_linked(md:Path, site:Path, copied:set):
    "Copy into `site` the local files markdown file `md` (already in `site`) links to, keeping their paths; recursively for markdown."
    for target, _ in link.findall(md.read_text()):
        if re.match(r'[a-z]+:', target) or target.startswith('/'): continue
        rel = (md.parent/target).resolve().relative_to(site.resolve())
        src = root/rel
        if rel in copied or not src.is_file(): continue
        (site/rel).parent.mkdir(parents=True, exist_ok=True); shutil.copy(src, site/rel); copied.add(rel)
        if src.suffix == '.md': copy_linked(site/rel, site, copied)

def home_page(readme:str) -> str:
    "README.md for the site: the chapter table's chapters and modules linked to their pages."
    readme = re.sub(r'\| `(\d\d[a-z]?_\w+)` \|', lambda m: f'| [`{m.group(1)}`](chapters/{m.group(1)}.ipynb) |', readme)
    return re.sub(r'\| `colorizer\.(\w+)` \|', lambda m: f'| [`colorizer.{m.group(1)}`](api/{m.group(1)}.md) |', readme)

heading_re = re.compile(r'(<h([2-6]) id=")([^"]*)("[^>]*>.*?<a class="anchor-link" href="#)([^"]*)(")', re.S)
toc_re = re.compile(r'(<a href="#)([^"]*)(" class="md-nav__link">)')

def align_toc(page:Path) -> int:
    """Give the headings of a chapter page the ids its table of contents links to; the number of headings.

    mkdocs-jupyter makes the table of contents with Python-Markdown (repeated headings numbered:
    `psnr`, `psnr_1`; inline code left out of a slug) but the page's headings with nbconvert (no
    numbering; code kept), so some entries link nowhere. Both list the same headings (below the
    title) in the same order: each heading takes its entry's id."""
    html = page.read_text()
    heads = heading_re.findall(html[html.index('<article'):])
    toc = toc_re.findall(html)
    n = len(heads)
    if not n: return 0
    if len(toc) % n or any(toc[i][1] != toc[i % n][1] for i in range(len(toc))):
        raise ValueError(f'{page}: its table of contents ({len(toc)} links) does not list its {n} headings')
    ids, start = iter(t[1] for t in toc[:n]), html.index('<article')
    def retag(m):
        i = next(ids); return f'{m[1]}{i}{m[4]}{i}{m[6]}'
    page.write_text(html[:start] + heading_re.sub(retag, html[start:]))
    return n

chapter_of = {}

def write_chapter(nb:Path, chapters:Path, run:bool=True) -> str|None:
    "`chapter` of `nb` into folder `chapters`."
    return chapter(nb, chapters/nb.name, run)

def build(out:Path, src_dir:Path, run:bool=True, n_workers:int|None=None):
    "Write the site's sources to `src_dir` (the notebooks run first, when `run`) and build it into `out`."
    if src_dir.exists(): shutil.rmtree(src_dir)
    (src_dir/'chapters').mkdir(parents=True); (src_dir/'api').mkdir()
    nav_ch, titles = [], {}
    nbs = sorted((root/'nbs').glob('[0-9][0-9]*_*.ipynb'))
    with ProcessPoolExecutor(n_workers or os.cpu_count(), mp_context=multiprocessing.get_context('fork')) as pool:  # forked: the workers have this script's functions
        modules = list(pool.map(write_chapter, nbs, [src_dir/'chapters'] * len(nbs), [run] * len(nbs)))
    for nb, module in zip(nbs, modules):
        if module: chapter_of[module] = nb.stem
        first = json.loads(nb.read_text())['cells'][0]
        titles[nb.stem] = ''.join(first['source']).split('\n')[0].lstrip('# ').strip() or nb.stem
        nav_ch.append({f"{nb.stem.split('_')[0]} {titles[nb.stem]}": f'chapters/{nb.name}'})
    nav_api = []
    for module in sorted(chapter_of, key=chapter_of.get):
        (src_dir/'api'/f'{module}.md').write_text(api_page(module))
        nav_api.append({f'colorizer.{module}': f'api/{module}.md'})
    (src_dir/'index.md').write_text(home_page((root/'README.md').read_text()))
    copied = set(); copy_linked(src_dir/'index.md', src_dir, copied)
    heading = lambda p: next((l.lstrip('# ').strip() for l in (src_dir/p).read_text().splitlines() if l.startswith('# ')), p.as_posix())
    extra = [{heading(p): p.as_posix()} for p in sorted(copied) if p.suffix == '.md']
    config = dict(site_name='colorizer', docs_dir=str(src_dir), site_dir=str(out), use_directory_urls=False,
                  theme=dict(name='material', font=False, features=['navigation.sections', 'search.highlight']),
                  markdown_extensions=['tables', 'attr_list', 'admonition', dict(toc=dict(permalink=True)), 'pymdownx.superfences'],
                  plugins=['search', {'mkdocs-jupyter': dict(execute=False, include_source=True, ignore_h1_titles=True, include_requirejs=False, cache_dir=str(src_dir.parent/'mkdocs-jupyter'))}],
                  nav=[{'Home': 'index.md'}, {'Chapters': nav_ch}, {'API': nav_api}] + ([{'More': extra}] if extra else []))
    cfg = src_dir.parent/'mkdocs.yml'
    cfg.write_text(json.dumps(config, indent=1))  # YAML is a superset of JSON
    subprocess.run([Path(sys.executable).parent/'mkdocs', 'build', '--quiet', '-f', str(cfg)], check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING='1'))
    for page in sorted((out/'chapters').glob('*.html')): align_toc(page)
    return out

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', default=str(root/'_docs'), help='the site (default: _docs/)')
    p.add_argument('--saved', action='store_true', help="show the outputs the notebooks were saved with instead of running them (quick)")
    p.add_argument('--n_workers', type=int, default=None, help='notebooks run at once (default: one per CPU)')
    a = p.parse_args()
    sys.path.insert(0, str(Path(__file__).parent)); import build_docs  # as a module: the worker processes find its functions by name
    out = build_docs.build(Path(a.out).resolve(), root/'_proc'/'docs', run=not a.saved, n_workers=a.n_workers)
    print(f'{out}/index.html: {sum(1 for _ in out.rglob("*.html"))} pages')
