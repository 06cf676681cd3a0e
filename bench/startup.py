"""The whole `colorize photo.jpg` command, start-up included: the torch-free path against PyTorch, as a ratio measured in the same run.

    python bench/startup.py                          # the shipped model, a 1 MP and a 50 MP B&W photo, 3 rounds
    python bench/startup.py --mp 1 --rounds 5
    python bench/startup.py --model runs/cpu/colorizer.pth

Each run is a fresh process of the installed `colorize` console script (what a user types), so the
time includes importing Python packages, loading the model, reading the photo, the network at the
model's working size, recombining at full resolution and writing the JPEG. The two paths are run
alternately (torch-free, PyTorch, torch-free, ...) so that load from other jobs falls on both alike;
the median wall time and the largest peak RSS (the child's `ru_maxrss`) of each are reported, with
the ratio PyTorch / torch-free. The test photos are made from a real B&W photo of `../shared/data/bw`
(or `--photo`), resized to the megapixels asked for and written as JPEG (quality 95) to a temporary
folder; nothing is written in the project. The two outputs are compared too: the largest
difference in 8-bit levels.
"""
from __future__ import annotations
import argparse, os, platform, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from PIL import Image


def machine() -> str:
    "The CPU and its cores, in words."
    info = Path('/proc/cpuinfo')
    cpu = next((l.split(':', 1)[1].strip() for l in info.read_text().splitlines() if l.startswith('model name')), '') if info.exists() else ''
    return f'{cpu or platform.processor()}, {os.cpu_count()} cores'


def test_photo(src:Path, mp:float, dst:Path) -> Path:
    "Photo `src` as a grey JPEG of about `mp` megapixels (aspect kept), written to `dst`."
    im = Image.open(src).convert('L'); s = (mp * 1e6 / (im.width * im.height)) ** 0.5
    im.resize((round(im.width * s), round(im.height * s)), Image.BICUBIC).save(dst, quality=95)
    return dst


def run(cmd:list) -> tuple:
    "Run `cmd` in a fresh process: (wall seconds, peak RSS in GB); an error if it fails."
    t = time.perf_counter(); p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0); wall = time.perf_counter() - t
    err = p.stderr.read().decode(); p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode: raise RuntimeError(f'{" ".join(map(str, cmd))} failed ({p.returncode}): {err[-2000:]}')
    return wall, usage.ru_maxrss / 2**20  # ru_maxrss is in KB on Linux


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model', help="model file (default: the project's)")
    p.add_argument('--photo', help='the B&W photo to scale (default: the first of ../shared/data/bw)')
    p.add_argument('--mp', type=float, nargs='+', default=[1, 50], help='megapixels of the test photos')
    p.add_argument('--rounds', type=int, default=3, help='runs of each path per photo')
    a = p.parse_args()
    colorize = Path(sys.executable).parent/'colorize'
    src = Path(a.photo) if a.photo else sorted((Path(__file__).resolve().parents[2]/'shared'/'data'/'bw').glob('*.jpg'))[0]
    paths = {'torch-free (onnxruntime)': ['--device', 'cpu'], 'PyTorch': ['--backend', 'torch', '--device', 'cpu']}
    print(f'Machine: {machine()}; photo made from {src.name}; {a.rounds} rounds; load average before: {os.getloadavg()[0]:.2f}\n')
    print('| photo | path | median wall s | peak RSS GB | ratio (PyTorch / torch-free) | max diff (8-bit levels) |')
    print('|---|---|---|---|---|---|')
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for mp in a.mp:
            photo = test_photo(src, mp, tmp/f'photo_{mp:g}mp.jpg'); w, h = Image.open(photo).size
            res = {k: [] for k in paths}
            for r in range(a.rounds):
                for name, opts in paths.items():
                    out = tmp/f'{name[:5]}_{r}.png'
                    res[name].append(run([colorize, photo, '-o', out, '--overwrite', '--quiet', *opts, *(['--model', a.model] if a.model else [])]))
            outs = [np.asarray(Image.open(tmp/f'{name[:5]}_0.png'), dtype=np.int16) for name in paths]
            diff = int(np.abs(outs[0] - outs[1]).max())
            base = statistics.median(t for t, _ in res['torch-free (onnxruntime)'])
            for name in paths:
                wall, rss = statistics.median(t for t, _ in res[name]), max(m for _, m in res[name])
                print(f'| {w}×{h} ({w * h / 1e6:.1f} MP) | {name} | {wall:.2f} | {rss:.2f} | {wall / base:.1f}× | {diff} |')
    print(f'\nload average after: {os.getloadavg()[0]:.2f}')


if __name__ == '__main__': main()
