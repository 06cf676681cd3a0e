"""Where each second of `colorize photo.jpg` goes (issue 33): the torch-free command, stage by stage, at 0.26, 1 and 50 MP.

    python bench/stages.py                       # the shipped model; 0.26, 1 and 50 MP; 5 rounds (1 at 50 MP)
    python bench/stages.py --mp 1 --rounds 9
    python bench/stages.py --mp --files data/samples/camera.png   # a photo as it is (copied to a temporary folder)

Each round is a fresh Python process that does what `colorize photo.jpg` does on the CPU (the
default, torch-free path: `colorizer.cli` -> `OrtColorizer`), with a clock and the peak RSS read
between the stages:

| stage | what |
|---|---|
| imports | `import colorizer.cli` and what it pulls in (numpy, Pillow, onnxruntime; never torch) |
| session | the model file's export found and checked (its hash), the onnxruntime session made as `colorize` makes it for one photo (`colorizer.cli.load_for`) |
| decode | `read_photo`: the file opened, checked and decoded at full resolution |
| working size | the photo shrunk to the working size and its luminance (`photo_arrays` less the decode) |
| network | `OrtColorizer.predict`: onnxruntime on the working-size luminance |
| recombine | `recombine_pixels`: chroma upsampled to full size, with the photo's own luminance, to 8-bit RGB |
| encode | the output written (JPEG, as `colorize` writes it, atomically) |
| python start and exit | the interpreter's start to the child's first line, and its teardown (the parent's wall time less the child's marks) |

The medians over the rounds are printed per stage, in seconds and as a share of the whole, with
the peak RSS after each stage, and the whole command (`colorize photo.jpg` itself, as a user
types it) timed in the same run beside it, alternately with the profiled child, so that load from
other work falls on both. The test photos are made from a real B&W photo of `../shared/data/bw`,
resized to the megapixels asked for and written as JPEG (quality 95) to a temporary folder.
Run it on a quiet machine (nothing training beside it)."""
from __future__ import annotations
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from startup import machine, test_photo

CHILD = r'''
import json, resource, sys, time
t0 = time.perf_counter(); marks = []
def mark(name): marks.append((name, time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20))
mark('start')
import colorizer.cli
from pathlib import Path
from colorizer.runtime import ort_colorizer
from colorizer.photos import read_photo, photo_arrays, recombine_pixels, photo_output, save_image
mark('imports')
model, src = (None if sys.argv[1] == '-' else sys.argv[1]), Path(sys.argv[2])
clr = colorizer.cli.load_for(colorizer.cli._parser().parse_args([str(src), '--device', 'cpu'] + (['--model', model] if model else [])))  # as `colorize` opens it
mark('session')
p = read_photo(src, clr.max_pixels)
mark('decode')
a = photo_arrays(p.image, clr.size, clr.space, clr.max_pixels, name=str(src))
mark('working size')
chroma = clr.predict(a.luma, a.hints)
mark('network')
from PIL import Image
rgb = recombine_pixels(a.pixels, chroma, clr.space)
mark('recombine')
out = photo_output(src); save_image(Image.fromarray(rgb), out, a.info)
mark('encode')
print(json.dumps({'marks': marks, 'working_shape': list(a.luma.shape), 'pixels': list(a.pixels.shape[:2])}))
'''

def profile_once(model:str|None, photo:Path) -> dict:
    "One fresh process through the stages: {stage: seconds}, {stage: peak RSS GB after it}."
    t = time.perf_counter()
    r = subprocess.run([sys.executable, '-c', CHILD, model or '-', str(photo)], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode: raise RuntimeError(f'the profiled child failed: {r.stderr[-2000:]}')
    d = json.loads(r.stdout.strip().splitlines()[-1]); m = d['marks']
    secs, rss = {}, {}
    for (_, t0, _), (name, t1, gb) in zip(m, m[1:]): secs[name], rss[name] = t1 - t0, gb
    secs['python start and exit'] = wall - (m[-1][1] - m[0][1])  # the wall time outside the child's first and last marks
    return dict(secs=secs, rss=rss, wall=wall, working_shape=d['working_shape'], pixels=d['pixels'])

def command_once(model:str|None, photo:Path) -> float:
    "The whole `colorize photo.jpg -o OUT --overwrite -q`, as a user types it: wall seconds."
    exe = Path(sys.executable).with_name('colorize')
    cmd = [str(exe), str(photo), '-o', str(photo.with_name(photo.stem + '_cmd.jpg')), '--overwrite', '-q'] + (['--model', model] if model else [])
    t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: raise RuntimeError(f'colorize failed: {r.stderr[-2000:]}')
    return time.perf_counter() - t

def table(mp:float, runs:list, commands:list) -> str:
    "A markdown table of the median seconds, share and peak RSS per stage."
    stages = list(runs[0]['secs'])
    med = {k: statistics.median(r['secs'][k] for r in runs) for k in stages}
    total = sum(med.values())
    h, w = runs[0]['pixels']; wh, ww = runs[0]['working_shape']
    lines = [f'### {mp:.2g} MP ({w}×{h}, working shape {ww}×{wh}): {len(runs)} rounds; whole command {statistics.median(commands):.2f} s (median of {len(commands)})', '',
             '| stage | seconds | share | peak RSS after it (GB) |', '|---|---|---|---|']
    for k in stages:
        gb = statistics.median(r['rss'][k] for r in runs) if k in runs[0]['rss'] else None
        lines.append(f"| {k} | {med[k]:.3f} | {med[k] / total:.0%} | {'' if gb is None else f'{gb:.2f}'} |")
    lines.append(f'| **sum** | **{total:.3f}** | | |')
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', help="model file (default: the project's models/colorizer.pth, its ONNX export beside it)")
    p.add_argument('--mp', type=float, nargs='*', default=[0.26, 1, 50], help='photo sizes in megapixels')
    p.add_argument('--files', nargs='*', default=[], help='also these photos as they are (copied to the temporary folder)')
    p.add_argument('--rounds', type=int, default=5, help='rounds per size (one at 20 MP and more)')
    p.add_argument('--photo', default=str(Path(__file__).parents[2]/'shared'/'data'/'bw'/'bigcolor_images_gray__migrant_mother_1.jpg'))
    p.add_argument('--out', help='also write the tables to this markdown file')
    a = p.parse_args()
    out = [f'Measured on {machine()}, {time.strftime("%Y-%m-%d")}: `python bench/stages.py ' + ' '.join(sys.argv[1:]) + '`', '']
    with tempfile.TemporaryDirectory(prefix='colorize-profile-') as d:
        photos = [(mp, test_photo(Path(a.photo), mp, Path(d)/f'photo_{mp:g}mp.jpg')) for mp in a.mp]
        for f in a.files:
            dst = Path(d)/Path(f).name; shutil.copy(f, dst)
            with Image.open(dst) as im: photos.append((im.width * im.height / 1e6, dst))
        for mp, photo in photos:
            runs, commands = [], []
            for _ in range(1 if mp >= 20 else a.rounds):
                runs.append(profile_once(a.model, photo)); commands.append(command_once(a.model, photo))
            out += [table(mp, runs, commands), '']
            print(out[-2], flush=True)
    if a.out: Path(a.out).write_text('\n'.join(out) + '\n'); print(f'written: {a.out}')

if __name__ == '__main__': main()
