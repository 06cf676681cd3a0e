"""Train a ResNet-34 U-Net and its minimal-CNN baseline on this CPU with one small, identical budget, and
save both (plus the training set's mean chroma) into OUT as `colorizer.pth`, `baseline_minimal.pth`
and `mean_chroma.json`, so `colorize-eval` can be run on them:

    python tools/cpu_model.py OUT [--n_train 160] [--size 64] [--photos PHOTOS]
    colorize-eval PHOTOS/valid --model OUT/colorizer.pth --size 256

This is a CPU stand-in for the GPU schedule: a few minutes of training at 64 px on random weights. It
exists to check the evaluation pipeline end to end with real (if weak) trained models, not to ship.
Resumable: every phase is checkpointed in OUT/run and OUT/run_minimal."""
import argparse, time
from pathlib import Path
from colorizer.data import data_path
from colorizer.schedule import TrainConfig, Stage, train_progressive, read_progress
from colorizer.learner import save_colorizer
from colorizer.evaluate import train_minimal_baseline, cached_mean_chroma

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out'); ap.add_argument('--photos', default=None, help='folder with train/ and valid/ (default: the sample photos)')
    ap.add_argument('--n_train', type=int, default=160); ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--bs', type=int, default=8); ap.add_argument('--arch', default='resnet34')
    a = ap.parse_args(); out = Path(a.out); photos = Path(a.photos) if a.photos else data_path()/'colour'
    cfg = TrainConfig(stages=[Stage(a.size, a.bs, 1, 1, 1e-3, (1e-5, 1e-4))], arch=a.arch, pretrained=False,
                      n_train=a.n_train, n_valid=16, num_workers=0)
    t = time.time(); learn = train_progressive(photos, cfg, out/'run')
    save_colorizer(learn.model, out/'colorizer.pth', arch=cfg.arch, space=cfg.space, train_size=a.size,
                   note=f'CPU stand-in: {a.n_train} photos, {a.size} px, 1+1 epochs, random init')
    print(f'model: {sum(d["seconds"] for d in read_progress(out/"run")):.0f} s of training ({time.time() - t:.0f} s with set-up)')
    t = time.time(); train_minimal_baseline(photos, cfg, out/'run_minimal', out/'baseline_minimal.pth')
    print(f'minimal baseline: {sum(d["seconds"] for d in read_progress(out/"run_minimal")):.0f} s of training ({time.time() - t:.0f} s with set-up)')
    cached_mean_chroma(out/'mean_chroma.json', photos/'train')
    print('wrote', *sorted(p.name for p in out.iterdir() if p.is_file()))

if __name__ == '__main__': main()
