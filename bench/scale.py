"""Photos/s of the Ray Data job (`colorize_ray`) against `colorize_folder` on the same photos, in the same run.

    python bench/scale.py                          # 40 validation photos at working size 256, ResNet-34 random weights, local cluster
    python bench/scale.py --n 200 --size 512 --address auto --actors 8

Both colourise the same copies of `--n` photos with the same random-weight model file into fresh output
folders. `colorize_folder` runs in this process with its defaults (all cores for torch, DataLoader
workers decoding); the Ray job runs on a local cluster started here (or the one at `--address`) with
`--actors` actors (default: one per GPU, else one per CPU). The Ray job's time runs from the dataset's
start to its last result: actors' start-up and model loading are included, the cluster's start is
printed apart. `--rounds` repeats the pair (folder, then Ray) on fresh outputs: on a shared machine
the load changes between measurements, and pairs taken close together compare best.
"""
from __future__ import annotations
import argparse, os, shutil, tempfile, time
from pathlib import Path


def machine() -> str:
    "The machine in words: CPU model and cores, GPU, torch version, load average at the start."
    import torch
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')), '?') \
          if Path('/proc/cpuinfo').exists() else '?'
    gpu = f'{torch.cuda.get_device_name()} + ' if torch.cuda.is_available() else ''
    load = ' / '.join(f'{x:.1f}' for x in os.getloadavg())
    return f'{gpu}{cpu}, {os.cpu_count()} cores; torch {torch.__version__}; load average {load} at the start'


def photos_copy(photos:Path, n:int, dst:Path) -> Path:
    "Copies of the first `n` photos of `photos` in `dst` (the benchmark never writes beside the originals)."
    files = sorted(p for p in photos.iterdir() if p.suffix.lower() in ('.jpg', '.jpeg', '.png'))[:n]
    if len(files) < n: raise SystemExit(f'{photos} has {len(files)} photos, fewer than --n {n}')
    dst.mkdir(parents=True)
    for f in files: shutil.copy(f, dst/f.name)
    return dst


def random_model(arch:str, fname:Path) -> Path:
    "A model file of `arch` with random weights: speed does not depend on them."
    from colorizer.schedule import TrainConfig, model_from_config
    from colorizer.model_file import save_colorizer
    return save_colorizer(model_from_config(TrainConfig(stages=[], arch=arch, pretrained=False)), fname, arch=arch, note='random weights, benchmark')


def main():
    from colorizer.colorspaces import data_path
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--photos', type=Path, help='folder of photos (default: the sample validation photos)')
    ap.add_argument('--n', type=int, default=40, help='photos colourised (default 40)')
    ap.add_argument('--size', type=int, default=256, help='working size (default 256)')
    ap.add_argument('--arch', default='resnet34', help='encoder of the random-weight U-Net (default resnet34)')
    ap.add_argument('--address', help='a running Ray cluster (default: a local one started here)')
    ap.add_argument('--actors', type=int, help='Ray actors (default: one per GPU, else one per CPU)')
    ap.add_argument('--batch-size', type=int, default=4, help='photos per actor call (default 4)')
    ap.add_argument('--object-store-mb', type=int, default=200, help='object store of the local cluster in MB (default 200)')
    ap.add_argument('--rounds', type=int, default=1, help='(colorize_folder, Ray) pairs measured (default 1)')
    a = ap.parse_args()
    from colorizer.learner import load_colorizer
    from colorizer.scale import ray_session, colorize_ray
    print(f'machine: {machine()}')
    tmp = Path(tempfile.mkdtemp(prefix='bench-scale-'))
    try:
        src = photos_copy(a.photos or data_path()/'colour'/'valid', a.n, tmp/'photos')
        model = random_model(a.arch, tmp/'model.pth')
        t = time.time(); clr = load_colorizer(model, size=a.size); load_s = time.time() - t
        t = time.time()
        with ray_session(a.address, object_store_mb=a.object_store_mb, quiet=True) as ray:
            ray_s = time.time() - t
            print(f'Ray cluster: {ray.cluster_resources().get("CPU", 0):g} CPUs, {ray.cluster_resources().get("GPU", 0):g} GPUs, '
                  f'{"started in" if not a.address else "connected in"} {ray_s:.1f} s; colorize_folder model load {load_s:.1f} s ({clr.device}, bs {clr.bs})')
            print(f'\n{a.n} photos, working size {a.size}, {a.arch} U-Net (random weights)\n')
            print('| round | job | seconds | photos/s | × colorize_folder (same round) |\n|---|---|---|---|---|')
            for r in range(a.rounds):
                t = time.time(); res = clr.colorize_folder(src, tmp/f'folder{r}', progress=False); folder_s = time.time() - t
                assert len(res.done) == a.n, res
                print(f'| {r + 1} | colorize_folder | {folder_s:.1f} | {a.n / folder_s:.2f} | 1.00 |', flush=True)
                job = colorize_ray(src, tmp/f'ray{r}', model, actors=a.actors, batch_size=a.batch_size, size=a.size, progress=False)
                assert len(job.done) == a.n, job
                print(f'| {r + 1} | Ray Data, {job.actors} actors | {job.seconds:.1f} | {job.photos_per_s:.2f} | '
                      f'{job.photos_per_s / (a.n / folder_s):.2f} |', flush=True)
    finally: shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__': main()
