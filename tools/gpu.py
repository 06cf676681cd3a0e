"""The GPU machine's steps (see tools/gpu_steps.md for the full commands, with the wheel install in front).

    python tools/gpu.py check                      # GPU, bf16, cached ImageNet weights (torch hub, timm, Hugging Face)
    python tools/gpu.py train PHOTOS RUN [--options JSON] [--scale 1] [--max-minutes 8]
                                                   # nbs/04_schedule's `slow` cell: train_gpu_schedule(...), resumable
    python tools/gpu.py export RUN OUT [--photos PHOTOS] [--size 192]
                                                   # the model file (fp16) in pieces of at most 15 MiB + sha256, the run's
                                                   # progress/config, and an evaluation on PHOTOS/valid
    python tools/gpu.py join OUT models/colorizer.pth   # (here) put the pieces together and check the sha256
"""
import argparse, hashlib, json, os, sys, time
from pathlib import Path

PIECE = 15 * 2**20  # a run brings back files of at most 16 MiB

def check():
    "What the machine has: GPU, bf16, and any ImageNet weights already cached."
    import torch
    print('torch', torch.__version__, '| cuda', torch.cuda.is_available(), '|', torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU',
          '| bf16', torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    places = [Path(torch.hub.get_dir())/'checkpoints', Path.home()/'.cache'/'huggingface', Path.home()/'.cache'/'timm', Path.home()/'.cache'/'torch']
    places += [Path(os.environ[v]) for v in ('TORCH_HOME', 'HF_HOME', 'HUGGINGFACE_HUB_CACHE') if os.environ.get(v)]
    for p in places:
        files = [f for f in p.rglob('*') if f.is_file() and f.stat().st_size > 1e6] if p.is_dir() else []
        print(f'{p}: ' + (', '.join(f'{f.name} ({f.stat().st_size / 2**20:.0f} MiB)' for f in files[:20]) if files else 'nothing'))
    for w in ('resnet34-b627a593.pth', 'vgg16-397923af.pth'):
        print(f'{w}:', 'CACHED (torchvision ImageNet weights are found automatically)' if (places[0]/w).is_file() else 'not cached')
    for v in ('COLORIZER_VGG16_HED', 'COLORIZER_EFFICIENTNET_LITE0'):
        print(f'${v} = {os.environ.get(v)}', '(exists)' if os.environ.get(v) and Path(os.environ[v]).is_file() else '(MISSING)')

def train(photos, run, options, scale, max_minutes):
    "Exactly the `slow` cell of nbs/04_schedule.ipynb."
    from colorizer.schedule import train_gpu_schedule, read_progress
    learn = train_gpu_schedule(Path(photos), Path(run), json.loads(options), scale, max_minutes)
    print(json.dumps(read_progress(learn.path), indent=1))

def sha256(fn): return hashlib.sha256(Path(fn).read_bytes()).hexdigest()

def export(run, out, photos, size):
    "Write the run's last phase as a model file, in pieces, with its hash, progress and an evaluation."
    from colorizer.learner import Colorizer
    from colorizer.schedule import read_progress
    run, out = Path(run), Path(out); out.mkdir(parents=True, exist_ok=True)
    cfg = json.loads((run/'config.json').read_text())
    model_file = Colorizer.from_checkpoint(run).save(run/'colorizer.pth', note=f"trained on the GPU machine: {run.name}", vgg_weights=cfg.get('vgg_weights'),
                                                    pretrained_encoder=cfg.get('pretrained'))
    data = model_file.read_bytes()
    pieces = [f'colorizer.pth.part{i}' for i in range(0, (len(data) + PIECE - 1) // PIECE)]
    for i, name in enumerate(pieces): (out/name).write_bytes(data[i * PIECE:(i + 1) * PIECE])
    manifest = dict(file='colorizer.pth', bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), pieces=pieces)
    (out/'manifest.json').write_text(json.dumps(manifest, indent=1))
    (out/'progress.json').write_text(json.dumps(dict(config=cfg, progress=read_progress(run)), indent=1))
    print(f'{model_file}: {len(data) / 2**20:.1f} MiB in {len(pieces)} pieces, sha256 {manifest["sha256"]}')
    if photos:
        from colorizer.evaluate import evaluate, grey_predictor, colorizer_predictor
        from colorizer.learner import load_colorizer
        ev = evaluate(Path(photos)/'valid', {'model': colorizer_predictor(load_colorizer(model_file, size=size)), 'grey': grey_predictor}, size=size)
        table = ev.table(); print(table); (out/'eval_gpu.md').write_text(table + '\n')

def join(out, dest):
    "Put the pieces in `out` together into `dest` and check the hash."
    out = Path(out); m = json.loads((out/'manifest.json').read_text())
    data = b''.join((out/p).read_bytes() for p in m['pieces'])
    got = hashlib.sha256(data).hexdigest()
    if len(data) != m['bytes'] or got != m['sha256']: sys.exit(f'pieces do not match the manifest: {len(data)} bytes, sha256 {got}; expected {m}')
    tmp = Path(dest).with_name(f'.{Path(dest).name}.partial'); tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(data); os.replace(tmp, dest)
    print(f'{dest}: {len(data)} bytes, sha256 {got} (matches)')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('check')
    t = sub.add_parser('train'); t.add_argument('photos'); t.add_argument('run'); t.add_argument('--options', default='{}')
    t.add_argument('--scale', type=float, default=1.); t.add_argument('--max-minutes', type=float, default=8.)
    e = sub.add_parser('export'); e.add_argument('run'); e.add_argument('out'); e.add_argument('--photos'); e.add_argument('--size', type=int, default=192)
    j = sub.add_parser('join'); j.add_argument('out'); j.add_argument('dest')
    a = ap.parse_args(); t0 = time.time()
    if a.cmd == 'check': check()
    elif a.cmd == 'train': train(a.photos, a.run, a.options, a.scale, a.max_minutes)
    elif a.cmd == 'export': export(a.run, a.out, a.photos, a.size)
    else: join(a.out, a.dest)
    print(f'{a.cmd}: {time.time() - t0:.0f} s')

if __name__ == '__main__': main()
