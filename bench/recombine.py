"""Recombination alone (issue 33): the photo's own luminance with the chroma upsampled to full size, to 8-bit RGB (`recombine_pixels`).

    python bench/recombine.py                                   # 1 and 50 MP, one thread against one per core
    git show 608bc8b:colorizer/photos.py > /tmp/photos_before.py
    python bench/recombine.py --before /tmp/photos_before.py    # and an older version of colorizer/photos.py, in the same run

At each size a random 3:2 RGB photo and a working-size chroma map are recombined by each variant,
alternately, `--rounds` times; printed: the median seconds, the ratio to the first variant (the
older file when given, else one thread), the peak extra memory of one call (tracemalloc, numpy's
allocations) and the largest difference in 8-bit levels to the first variant, with the share of
values that differ. Run it on a quiet machine (nothing training beside it)."""
from __future__ import annotations
import argparse, importlib.util, statistics, sys, time, tracemalloc
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent)); from startup import machine; sys.path.pop(0)

def load_file(fname:str):
    "An older `colorizer/photos.py`, imported as a module of its own."
    spec = importlib.util.spec_from_file_location('colorizer.photos_before', fname); m = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = m; spec.loader.exec_module(m); return m

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--mp', type=float, nargs='+', default=[1, 50])
    p.add_argument('--rounds', type=int, default=5, help='rounds per size (2 at 20 MP and more)')
    p.add_argument('--before', help='an older colorizer/photos.py to compare with, e.g. from `git show COMMIT:colorizer/photos.py`')
    a = p.parse_args()
    import numpy as np
    from colorizer.photos import recombine_pixels, _cores
    variants = ([('before', load_file(a.before).recombine_pixels)] if a.before else []) + \
               [('1 thread', lambda px, c: recombine_pixels(px, c, threads=1)), (f'{_cores()} threads', recombine_pixels)]
    print(f'Measured on {machine()}, {time.strftime("%Y-%m-%d")}: `python bench/recombine.py {" ".join(sys.argv[1:])}`\n')
    print('| photo | variant | median s | ratio | peak extra memory (MB) | max diff (levels) | values differing |\n|---|---|---|---|---|---|---|')
    rng = np.random.default_rng(0)
    for mp in a.mp:
        W = int(round((mp * 1e6 * 1.5) ** 0.5)); H = int(round(W / 1.5))
        px = rng.integers(0, 256, (H, W, 3), np.uint8); c = rng.normal(0, 0.12, (2, 128, 192)).astype(np.float32)
        times, outs, mem = {n: [] for n, _ in variants}, {}, {}
        for n, f in variants:  # one call each under tracemalloc (and as a warm-up)
            tracemalloc.start(); outs[n] = f(px, c); mem[n] = tracemalloc.get_traced_memory()[1] / 2**20 - outs[n].nbytes / 2**20; tracemalloc.stop()
        for _ in range(2 if mp >= 20 else a.rounds):
            for n, f in variants:
                t = time.perf_counter(); f(px, c); times[n].append(time.perf_counter() - t)
        base, first = statistics.median(times[variants[0][0]]), outs[variants[0][0]]
        for n, _ in variants:
            s, d = statistics.median(times[n]), np.abs(outs[n].astype(np.int16) - first)
            print(f'| {W}×{H} ({mp:g} MP) | {n} | {s:.3f} | {base / s:.2f}× | {mem[n]:.0f} | {d.max()} | {(d > 0).mean():.1e} |', flush=True)

if __name__ == '__main__': main()
