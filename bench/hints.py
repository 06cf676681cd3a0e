"""What colour hints buy, and how fast a pin updates the photo (issue 24).

    python bench/hints.py ../shared/data/colour MODEL [--plain PLAIN] [--counts 0 1 2 5 10 20] [--out bench/results/hints]

MODEL is a model file that takes hints (`colorize-train --config hints --init PLAIN`), PLAIN a
hint-free model to compare with on the same photos (default: the project's `models/colorizer.pth`,
which takes hints itself: without them it colours as the colouriser it was trained from).

1. **The curve** (`colorizer.evaluate.hint_curve`): on the validation photos and on each held-out
   set (`bench/everyday.py`'s `street` and `everyday`), at the model's working size, mean ΔE00 and PSNR with 0, 1, 2, 5, 10, 20
   hints drawn from the truth (3-pixel squares of the mean true chroma, the same points for a
   photo however many it gets), each count against none per photo (paired 95 % bootstrap
   interval), and PLAIN on the same photos with none. Written to OUT/curve.json and
   drawn in OUT/curve.png (ΔE00 against the number of hints, one line per set).
2. **A pin to an updated photo**: `colorizer.app.colorize_pinned` on a 1 MP photo with one more pin
   each time, at the model's working size (what the page does after a click: the network at the
   working size, the photo's own luminance recombined at full size, the output and its pins file
   written, the preview made), median of 7 after one warm-up; the same photo without pins beside
   it, measured in the same run.

Run it on a quiet machine: it times things."""
from __future__ import annotations
import argparse, json, statistics, tempfile, time, sys
from pathlib import Path
import numpy as np
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from everyday import eval_sets
from colorizer.learner import load_colorizer, default_model_path
from colorizer.evaluate import hint_curve, evaluate, colorizer_predictor, Evaluation

def curve(photos:Path, model:Path, plain:Path, counts:tuple, size:int|None=None) -> dict:
    "set -> {'n', 'plain': ΔE00, 'hints': {count: {'deltae2000', 'psnr'}}, 'paired': {count: ΔE00 with it − without hints, 95 % interval}}, at `size` (default: the model's working size)."
    c, p, out = load_colorizer(model, device='cpu'), load_colorizer(plain, device='cpu'), {}
    size = size or c.size
    for name, files in eval_sets(photos).items():
        cv = hint_curve(c, files, counts, size)
        base = evaluate(files, {'plain': colorizer_predictor(p)}, size).metrics['plain']
        out[name] = dict(n=len(files), plain=dict(deltae2000=float(base['deltae2000'].mean()), psnr=float(base['psnr'].mean())),
                         hints={k: {m: float(v[m].mean()) for m in ('deltae2000', 'psnr')} for k, v in cv.items()})
        if 0 in cv:  # paired per photo against no hints, 95 % bootstrap interval (`Evaluation.paired`)
            ev = Evaluation(files, size, {str(k): v for k, v in cv.items()}, {}, {})
            out[name]['paired'] = {k: ev.paired(str(k), '0') for k in cv if k}
        print(f"{name} ({len(files)} photos): plain ΔE00 {out[name]['plain']['deltae2000']:.2f}; with hints: "
              + ', '.join(f"{k}: {v['deltae2000']:.2f}" for k, v in out[name]['hints'].items()), flush=True)
        for k, d in out[name].get('paired', {}).items():
            print(f"  {k} hints − none: {d['diff']:+.2f} ΔE00 (95 % {d['lo']:+.2f} to {d['hi']:+.2f}), lower on {d['lower_on']} of {d['n']} photos", flush=True)
    return out

def plot(res:dict, fname:Path):
    "ΔE00 against the number of hints, one line per set, the hint-free model's level dotted."
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, r in res.items():
        ks = sorted(r['hints'], key=int)
        line, = ax.plot([int(k) for k in ks], [r['hints'][k]['deltae2000'] for k in ks], 'o-', label=f"{name} ({r['n']})")
        ax.axhline(r['plain']['deltae2000'], ls=':', color=line.get_color())
    ax.set_xscale('symlog', linthresh=1); ax.set_xlabel('hints per photo (drawn from the truth)'); ax.set_ylabel('mean ΔE00 (lower is better)')
    ax.set_title('What hints buy (dotted: the model without hints)'); ax.legend(); fig.tight_layout(); fig.savefig(fname, dpi=120)

def latency(model:Path, photo:Path, megapixels:float=1., repeats:int=7) -> dict:
    "Seconds from a pin to the updated photo (median), with no pin and with 1..repeats pins, on a `megapixels` MP photo."
    from colorizer.app import Pins, colorize_pinned
    c = load_colorizer(model, device='cpu')
    with tempfile.TemporaryDirectory() as d:
        im = Image.open(photo).convert('RGB'); s = (megapixels * 1e6 / (im.width * im.height)) ** 0.5
        src = Path(d)/'photo.jpg'; im.resize((round(im.width * s), round(im.height * s)), Image.BICUBIC).save(src, quality=92)
        w, h = Image.open(src).size; pins = Pins(str(src), (w, h)); rng = np.random.default_rng(0)
        colorize_pinned(c, pins, c.size, Path(d)/'out')  # warm-up
        def timed(p):
            t = time.perf_counter(); colorize_pinned(c, p, c.size, Path(d)/'out'); return time.perf_counter() - t
        plain = statistics.median(timed(pins) for _ in range(repeats))
        pinned = []
        for k in range(repeats):
            pins = pins.click(float(rng.uniform(0, w)), float(rng.uniform(0, h)), '#%06x' % int(rng.integers(0, 2**24)), 1); pinned.append(timed(pins))
    return dict(megapixels=round(w * h / 1e6, 2), working_size=c.size, no_pins_s=plain, with_pins_s=statistics.median(pinned), ratio=statistics.median(pinned) / plain)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('photos'); p.add_argument('model')
    p.add_argument('--plain', default=str(default_model_path()), help='the hint-free model MODEL was fine-tuned from')
    p.add_argument('--counts', nargs='+', type=int, default=[0, 1, 2, 5, 10, 20])
    p.add_argument('--out', default=str(Path(__file__).parent/'results'/'hints'))
    p.add_argument('--no-curve', action='store_true', help='the latency alone')
    a = p.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res = {}
    if not a.no_curve:
        res['curve'] = curve(Path(a.photos), Path(a.model), Path(a.plain), tuple(a.counts)); plot(res['curve'], out/'curve.png')
    photo = sorted((Path(a.photos)/'valid').glob('*.jpg'))[0]
    res['latency'] = lat = latency(Path(a.model), photo)
    print(f"a pin to the updated photo, {lat['megapixels']} MP at working size {lat['working_size']}: {lat['with_pins_s']:.2f} s "
          f"(without pins {lat['no_pins_s']:.2f} s: {lat['ratio']:.2f}x)")
    (out/'curve.json').write_text(json.dumps(res, indent=1))
    print(f'written: {out}/curve.json' + ('' if a.no_curve else f', {out}/curve.png'))

if __name__ == '__main__': main()
