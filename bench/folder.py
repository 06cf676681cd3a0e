"""A folder of photos in one process (issue 33): photos/s at 1 MP, the whole command and the overlap of reading with the network.

    python bench/folder.py                  # 50 grey 1 MP JPEGs made from ../shared/data/colour/valid, 3 rounds
    python bench/folder.py --n 20 --rounds 1

The photos are the first N of `../shared/data/colour/valid` (BSDS500), made grey and resized to
about 1 MP (JPEG, quality 95) in a temporary folder. Measured, alternately in each round:

| row | what |
|---|---|
| `colorize FOLDER -o OUT` | the whole command as a user types it, a fresh process (start-up, the session, every photo, the summary) |
| reading ahead (default) | `OrtColorizer.colorize_files` in this process: the next photo decoded in a thread while the network runs on this one, the last one recombined and written in another |
| reading in turn | the same with `num_workers=0`: each photo read, coloured and written one after the other |

Medians over the rounds, photos/s and seconds per photo, with the peak RSS of the command. Run it
on a quiet machine (nothing training beside it)."""
from __future__ import annotations
import argparse, shutil, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from startup import machine, test_photo, run

root = Path(__file__).resolve().parents[1]

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=50, help='photos in the folder')
    p.add_argument('--mp', type=float, default=1., help='megapixels per photo')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--model', help="model file (default: the project's, its ONNX export beside it)")
    p.add_argument('--out', help='also write the table to this markdown file')
    a = p.parse_args()
    from colorizer.runtime import ort_colorizer
    photos = sorted((root.parent/'shared'/'data'/'colour'/'valid').glob('*.jpg'))[:a.n]
    if len(photos) < a.n: raise SystemExit(f'only {len(photos)} photos in ../shared/data/colour/valid')
    exe = Path(sys.executable).with_name('colorize')
    times = {'command': [], 'ahead': [], 'in turn': []}; rss = []
    with tempfile.TemporaryDirectory(prefix='colorize-folder-') as d:
        src = Path(d)/'photos'; src.mkdir()
        for f in photos: test_photo(f, a.mp, src/f.name)
        clr = ort_colorizer(a.model)
        for _ in range(a.rounds):
            for k in times:
                out = Path(d)/'out'; shutil.rmtree(out, ignore_errors=True)
                if k == 'command':
                    wall, gb = run([str(exe), str(src), '-o', str(out), '-q'] + (['--model', a.model] if a.model else [])); rss.append(gb)
                else:
                    out.mkdir(); pairs = [(f, out/f.name) for f in sorted(src.iterdir())]
                    t = time.perf_counter(); r = clr.colorize_files(pairs, num_workers=1 if k == 'ahead' else 0, progress=False); wall = time.perf_counter() - t
                    if r.failed: raise RuntimeError(f'failed: {r.failed[:3]}')
                times[k].append(wall)
    label = {'command': f'`colorize FOLDER -o OUT` (whole command, peak RSS {statistics.median(rss):.2f} GB)',
             'ahead': 'reading ahead in a thread (the default)', 'in turn': 'reading in turn (`num_workers=0`)'}
    lines = [f'Measured on {machine()}, {time.strftime("%Y-%m-%d")}: `python bench/folder.py ' + ' '.join(sys.argv[1:]) + '`', '',
             f'{a.n} grey photos of about {a.mp:g} MP, working size {clr.size}; medians of {a.rounds} rounds', '',
             '| how | seconds | photos/s | s per photo |', '|---|---|---|---|']
    for k, v in times.items():
        s = statistics.median(v); lines.append(f'| {label[k]} | {s:.2f} | {a.n / s:.2f} | {s / a.n:.3f} |')
    table = '\n'.join(lines); print(table)
    if a.out: Path(a.out).write_text(table + '\n'); print(f'written: {a.out}')

if __name__ == '__main__': main()
