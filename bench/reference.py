"""Colour from a reference photo (issue 34): what a reference buys, on pairs the model never trained on.

    python bench/reference.py [--model models/colorizer.pth] [--staged DIR] [--out bench/results/reference] [--tune]

Pair kinds, all from sources the model never trained on (`colorizer.data.heldout_kinds`):

(a) **frames**: CamVid street video (the held-out source `camvid`, in `../shared/data/colour/train`):
    each frame with the next listed frame of its sequence as the reference (120 frames, 4 s, apart
    at 30 frames/s). Frames 1-24 of sequence 0016E5 served `--tune` and are left out.
(b) **same class**: Corel/Wang stock photos (the held-out kind `corel`, staged by `colorize-stage`
    into `$COLORIZER_STAGED/heldout`): a photo with another photo of its class (ten classes: people
    in Africa, beaches, buildings, buses, dinosaurs, elephants, flowers, horses, mountains, food).
(c) **unrelated**: a Corel photo with a photo of another class; a CamVid frame with a Corel photo.

Each photo is coloured as `colorize` does it (whole, long side capped at 1024 px, the model's
working size): automatically, with the reference (`Colorizer.colorize(reference=)`), and with 10
true-colour hints at random points (for scale). ΔE00 and hue hits per pair; with-reference minus
automatic per pair kind with its paired 95 % bootstrap interval (`Evaluation.paired`), and how many
pairs the reference was used on (the rest were judged not alike and left as they were).

`--speed` times a 1 MP CamVid frame without and with a reference (the next frame): `colorize` on
the PyTorch `Colorizer` and on the torch-free `OrtColorizer` (median of 5, twice, in one process,
after a warm-up), and the whole `colorize photo.jpg [--reference ref.jpg]` command as a user types
it (fresh processes, median of 5, alternating): what the reference adds.

`--tune` measures the same on training-source pairs instead (SUN scenes and Caltech-101 objects:
same class and different classes; CamVid 0016E5 frames 1-24) with the relatedness bar off, over
a grid of cell-similarity bars and hint counts, and writes each pair's relatedness: the bars of
`colorizer.reference.reference_hints` were chosen from it, so the pairs above never chose them.

Run it on a quiet machine (nothing training beside it)."""
from __future__ import annotations
import argparse, json, os, random, sys, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
from colorizer.colorspaces import data_path
from colorizer.evaluate import Evaluation, load_full_photo
from colorizer.learner import load_colorizer, default_model_path, prepare_photo
from colorizer.metrics import deltae2000, hue_hits
from colorizer.photos import Hint
from colorizer.staging import staged_path

def _camvid(train:Path) -> dict:
    "CamVid frames by sequence, in frame order."
    seqs = {}
    for f in sorted(train.glob('camvid__*.jpg')): seqs.setdefault(f.name.split('__')[1].split('_')[0], []).append(f)
    return seqs

def _corel(heldout:Path) -> dict:
    "Corel/Wang photos by class (the original index // 100)."
    by = {}
    for f in sorted(heldout.glob('corel__*.jpg')): by.setdefault(int(f.stem.rsplit('_', 1)[1]) // 100, []).append(f)
    if not by: raise FileNotFoundError(f'no corel__*.jpg photos in {heldout}: stage them with colorize-stage (see README, "More training photos")')
    return by

def tune_frames(train:Path) -> list: return sorted(_camvid(train)['0016E5'])[:24]

def heldout_pairs(train:Path, heldout:Path, n:int, seed:int=0) -> dict:
    "kind -> [(photo, reference)], at most `n` per kind, seeded."
    rng, cam, cor = random.Random(seed), _camvid(train), _corel(heldout)
    skip = set(tune_frames(train))
    frames = [(a, b) for fs in cam.values() for a, b in zip(fs, fs[1:]) if a not in skip and b not in skip]
    ks = sorted(k for k in cor if len(cor[k]) > 1)
    same = [tuple(rng.sample(cor[k], 2)) for k in ks for _ in range(n // len(ks) + 1)]
    other = [(rng.choice(cor[a]), rng.choice(cor[b])) for a, b in (rng.sample(ks, 2) for _ in range(n))]
    cross = [(rng.choice(frames)[0], rng.choice(cor[rng.choice(ks)])) for _ in range(n // 3)]
    pick = lambda xs: sorted(rng.sample(xs, min(n, len(xs))))
    return {'frames': pick(frames), 'same class': pick(same), 'unrelated': pick(other[:n - len(cross)] + cross)}

def tune_pairs(train:Path, staged_train:Path, n:int=40, seed:int=3) -> dict:
    "kind -> [(photo, reference)] from training sources: SUN / Caltech-101 classes, CamVid 0016E5 frames 1-24."
    by = {}
    for f in sorted(staged_train.glob('*.jpg')):
        if f.name.startswith('sun__'): by.setdefault('sun:' + f.name[len('sun__data_'):].split('_sun_')[0], []).append(f)
        elif f.name.startswith('caltech101__'): by.setdefault('cal:' + f.name[len('caltech101__101_ObjectCategories_'):].rsplit('_image_', 1)[0], []).append(f)
    rng = random.Random(seed); ks = sorted(k for k in by if len(by[k]) >= 2)
    fr = tune_frames(train)
    return {'frames': list(zip(fr[0::2], fr[1::2])), 'same class': [tuple(rng.sample(by[k], 2)) for k in rng.sample(ks, n)],
            'unrelated': [(rng.choice(by[a]), rng.choice(by[b])) for a, b in (rng.sample(ks, 2) for _ in range(n))]}

def _scores(out:Image.Image, orig:torch.Tensor) -> tuple:
    x = torch.from_numpy(np.asarray(out, np.float32) / 255).permute(2, 0, 1)[None]
    return float(deltae2000(x, orig[None]).mean()), float(hue_hits(x, orig[None])[0])

def _photo(f:Path) -> tuple:
    "The photo as `colorize` gets it (long side capped at 1024) and its original as a tensor."
    orig = load_full_photo(f); return Image.fromarray((orig.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)), orig

def random_hints(orig:torch.Tensor, n:int=10, seed:int=0) -> list:
    "`n` hints of the photo's true colour at random points (pixels)."
    rng, (_, h, w) = np.random.default_rng(seed), orig.shape
    return [Hint(int(x), int(y), tuple(int(round(v * 255)) for v in orig[:, y, x].tolist())) for x, y in zip(rng.integers(0, w, n), rng.integers(0, h, n))]

def run_pairs(c, pairs:dict) -> dict:
    "kind -> per-pair rows: ΔE00 and hue hits automatic, with the reference, with 10 true hints; the reference's relatedness and hints."
    res = {}
    for kind, ps in pairs.items():
        rows = []
        for k, (a, b) in enumerate(ps):
            im, orig = _photo(a); ref = c.prepare_reference(b)
            p = prepare_photo(im, c.size, c.space, c.max_pixels, name=a.name); rh = c.apply_reference(p, ref)
            row = dict(photo=a.name, reference=b.name, relatedness=rh.relatedness, used=rh.used, hints=len(rh.matches))
            for name, out in (('auto', c.colorize(im)), ('reference', c.finish(p, c.predict([c.net_input(p)])[0])),
                              ('true_hints', c.colorize(im, hints=random_hints(orig, 10, k)))):
                row[f'{name}_deltae2000'], row[f'{name}_hue_hits'] = _scores(out, orig)
            rows.append(row)
        res[kind] = rows
    return res

def paired(rows:list, a:str, b:str='auto', metric:str='deltae2000') -> dict:
    "Mean per-pair difference `a` − `b` of `metric` with its 95 % paired-bootstrap interval."
    t = lambda k: torch.tensor([r[f'{k}_{metric}'] for r in rows], dtype=torch.float64)
    ev = Evaluation([r['photo'] for r in rows], 0, {a: {metric: t(a)}, b: {metric: t(b)}}, {}, {})
    return ev.paired(a, b, metric)

def report(res:dict) -> str:
    "A markdown table: per pair kind, mean ΔE00 / hue hits automatic, with the reference, with 10 true hints, and the paired differences."
    lines = ['| pairs | n | used | ΔE00 automatic | with reference | reference − automatic (95 %) | 10 true hints − automatic (95 %) | hue hits automatic / reference |',
             '|---|---|---|---|---|---|---|---|']
    for kind, rows in res.items():
        m = lambda k: np.mean([r[k] for r in rows])
        d, t = paired(rows, 'reference'), paired(rows, 'true_hints')
        hh = lambda k: np.nanmean([r[k] for r in rows])
        lines.append(f"| {kind} | {len(rows)} | {sum(r['used'] for r in rows)} | {m('auto_deltae2000'):.2f} | {m('reference_deltae2000'):.2f} | "
                     f"{d['diff']:+.2f} ({d['lo']:+.2f} to {d['hi']:+.2f}) | {t['diff']:+.2f} ({t['lo']:+.2f} to {t['hi']:+.2f}) | "
                     f"{hh('auto_hue_hits'):.3f} / {hh('reference_hue_hits'):.3f} |")
    return '\n'.join(lines)

def tune(c, pairs:dict, sims=(0.5, 0.6, 0.7), counts=(16, 64)) -> dict:
    "kind -> rows: each pair's relatedness, automatic ΔE00, and ΔE00 change with the relatedness bar off at each (similarity bar, hint count)."
    res = {}
    for kind, ps in pairs.items():
        rows = []
        for a, b in ps:
            im, orig = _photo(a); ref = c.prepare_reference(b)
            row = dict(photo=a.name, reference=b.name, auto=_scores(c.colorize(im), orig)[0])
            for s in sims:
                for n in counts:
                    p = prepare_photo(im, c.size, c.space, c.max_pixels, name=a.name)
                    rh = c.apply_reference(p, ref, min_relatedness=-1, min_similarity=s, max_hints=n)
                    row[f'{s}_{n}'] = _scores(c.finish(p, c.predict([c.net_input(p)])[0]), orig)[0] - row['auto']
            row['relatedness'] = rh.relatedness; rows.append(row)
        res[kind] = rows
    return res

def tune_table(res:dict, bars=(0.5, 0.55, 0.6, 0.65, 0.7)) -> str:
    "Mean ΔE00 change per pair kind when only pairs at or above each relatedness bar take the reference's hints."
    keys = [k for k in next(iter(res.values()))[0] if '_' in k and k[0].isdigit()]
    lines = ['| relatedness bar | pairs | used | ' + ' | '.join(f'sim {k.split("_")[0]}, {k.split("_")[1]} hints' for k in keys) + ' |',
             '|---|---|---|' + '---|' * len(keys)]
    for bar in bars:
        for kind, rows in res.items():
            used = [r['relatedness'] >= bar for r in rows]
            lines.append(f'| {bar} | {kind} | {sum(used)}/{len(rows)} | ' + ' | '.join(f"{np.mean([r[k] if u else 0 for r, u in zip(rows, used)]):+.2f}" for k in keys) + ' |')
    return '\n'.join(lines)

def _median_time(f, rounds:int) -> float:
    import statistics
    ts = []
    for _ in range(rounds): t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts)

def speed(c, train:Path, model:str, rounds:int=5) -> list:
    "Seconds without and with a reference on a 1 MP frame: `colorize` on `c` and on the torch-free colouriser (medians of `rounds`, twice), then the whole command."
    import subprocess, tempfile
    from colorizer.runtime import ort_colorizer
    fs = sorted(_camvid(train)['0001TP'])[:2]; im = Image.open(fs[0]).convert('RGB'); s = (1e6 / (im.width * im.height)) ** .5
    photo, ref = im.resize((round(im.width * s), round(im.height * s)), Image.BICUBIC), Image.open(fs[1]).convert('RGB')
    out = []
    for name, clr in (('PyTorch `Colorizer.colorize`', c), ('torch-free `OrtColorizer.colorize`', ort_colorizer(model))):
        clr.colorize(photo); clr.colorize(photo, reference=ref)  # warm-up
        for _ in range(2):
            a, b = _median_time(lambda: clr.colorize(photo), rounds), _median_time(lambda: clr.colorize(photo, reference=ref), rounds)
            out.append(f'{name}, {photo.width}x{photo.height} at working size {clr.size}: {a:.3f} s without, {b:.3f} s with the reference: +{b - a:.3f} s')
    with tempfile.TemporaryDirectory(prefix='colorize-ref-speed-') as d:
        src, rfile = Path(d)/'photo.jpg', Path(d)/'ref.jpg'; photo.convert('L').save(src, quality=95); ref.save(rfile, quality=95)
        exe = Path(sys.executable).with_name('colorize')
        cmd = lambda *more: [str(exe), str(src), '-o', str(Path(d)/'out.jpg'), '--overwrite', '-q', '--model', model, *more]
        times = {'without': [], 'with': []}
        for _ in range(rounds):
            for k, more in (('without', ()), ('with', ('--reference', str(rfile)))):
                t0 = time.perf_counter(); subprocess.run(cmd(*more), check=True, capture_output=True); times[k].append(time.perf_counter() - t0)
        import statistics
        a, b = (statistics.median(times[k]) for k in ('without', 'with'))
        out.append(f'the whole command `colorize photo.jpg [--reference ref.jpg]`, fresh processes: {a:.2f} s without, {b:.2f} s with the reference: +{b - a:.2f} s')
    return out

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', default=str(default_model_path()), help='a model file that takes hints (default: the project\'s)')
    p.add_argument('--photos', default=str(data_path()/'colour'), help='the project\'s photos (CamVid frames in train/)')
    p.add_argument('--staged', default=None, help='staged photos (default: $COLORIZER_STAGED, else ~/.cache/colorizer/staged)')
    p.add_argument('--n', type=int, default=60, help='pairs per kind at most')
    p.add_argument('--tune', action='store_true', help='measure the bars on training-source pairs instead')
    p.add_argument('--speed', action='store_true', help='time what a reference adds to one 1 MP photo instead')
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'reference'))
    a = p.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0); c = load_colorizer(a.model, device='cpu', backend='torch')
    staged, train, t0 = Path(a.staged) if a.staged else staged_path(), Path(a.photos)/'train', time.time()
    if a.speed:
        table = '\n'.join(speed(c, train, a.model)); (out/'speed.md').write_text(table + '\n')
    elif a.tune:
        res = tune(c, tune_pairs(train, staged/'train'))
        (out/'tune.json').write_text(json.dumps(res, indent=1)); table = tune_table(res); (out/'tune.md').write_text(table + '\n')
    else:
        res = run_pairs(c, heldout_pairs(train, staged/'heldout', a.n))
        (out/'pairs.json').write_text(json.dumps(res, indent=1)); table = report(res); (out/'README_table.md').write_text(table + '\n')
    print(table); print(f'model {a.model} at working size {c.size}; {time.time() - t0:.0f} s; written to {out}')

if __name__ == '__main__': main()
