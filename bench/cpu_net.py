"""The CPU-shaped network against the GPU-shaped one, measured in the same run: training photos/s at 128 px
through the real data pipeline and loss, and the network's time at a working size.

    python bench/cpu_net.py                          # both networks, training and inference
    python bench/cpu_net.py --batches 6 --sizes 256 512

Training: `train_run`'s pipeline (cached photos, `crop_loader`) and its `Learner`, a few batches of 16 at
128 px with everything unfrozen; the first batch is not counted. 'today' is the `DynamicUnet` on the
Lite0 encoder with the `FeatureLoss` at full resolution (what the GPU config trained before 2026-12-02); 'cpu' is
`cpu_config()`'s `ChromaUnet` with the feature loss made affordable (VGG at half resolution on half of
each batch), and with `cpu_config()`'s own pixel loss. Inference: one grey photo of size² through the
network in eval mode (`torch.inference_mode`), best of `--reps` after one warm-up call.
Random weights everywhere but the loss's VGG-16 (HED, as trained): speed does not depend on them.
Run it on a quiet machine; the ratios are to 'today' in the same run.
"""
from __future__ import annotations
import argparse, time
from dataclasses import replace
from pathlib import Path
import torch
from fastai.learner import Learner
from fastai.optimizer import Adam
from fastai.data.core import DataLoaders
from colorizer.colorspaces import data_path
from colorizer.data import split_files, PhotoCache, crop_loader
from colorizer.model import model_splitter
from colorizer.schedule import cpu_config, model_from_config, loss_from_config

def configs():
    cpu = cpu_config(pretrained=False)
    return {'today: DynamicUnet Lite0, feature loss': replace(cpu, arch='efficientnet_lite0', loss='feature', feature_scale=1., feature_frac=1.),
            'ChromaUnet Lite0, feature loss at 1/2 size on 1/2 batch': replace(cpu, loss='feature'),
            'ChromaUnet Lite0, pixel loss (cpu_config)': cpu}

def train_speed(cfg, cache, batches:int, bs:int=16, size:int=128) -> float:
    "Photos per second of training steps (everything unfrozen) on `batches` batches after a warm-up batch."
    loss = loss_from_config(replace(cfg, pretrained=True))  # the loss's VGG as trained (HED weights)
    dl = crop_loader(cache, size, bs)
    learn = Learner(DataLoaders(dl, dl), model_from_config(cfg), loss, opt_func=Adam, splitter=model_splitter)
    learn.unfreeze(); learn.create_opt(); model = learn.model.train(); it = iter(dl); times = []
    for i in range(batches + 1):
        x, y = next(it); t = time.perf_counter()
        l = loss(model(x), y); l.backward(); learn.opt.step(); learn.opt.zero_grad()
        if i: times.append(time.perf_counter() - t)
    return bs * len(times) / sum(times)

@torch.inference_mode()
def net_seconds(cfg, size:int, reps:int) -> float:
    "Best time of the network in eval mode on one photo of size²."
    net, x = model_from_config(cfg).eval(), torch.rand(1, 1, size, size)
    net(x); ts = []
    for _ in range(reps): t = time.perf_counter(); net(x); ts.append(time.perf_counter() - t)
    return min(ts)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batches', type=int, default=4); p.add_argument('--sizes', type=int, nargs='+', default=[256, 512])
    p.add_argument('--reps', type=int, default=3); p.add_argument('--threads', type=int, default=torch.get_num_threads())
    a = p.parse_args(); torch.set_num_threads(a.threads)
    files = split_files(data_path()/'colour', ('dpst', 'camvid'))['train'][:(a.batches + 1) * 16]
    cache = PhotoCache.build(files, 160)
    print(f'torch {torch.__version__}, {a.threads} threads')
    rows = {name: {'train': train_speed(cfg, cache, a.batches), **{s: net_seconds(cfg, s, a.reps) for s in a.sizes}} for name, cfg in configs().items()}
    base = next(iter(rows.values()))
    print('| network | training photos/s at 128 px | ratio | ' + ' | '.join(f'network s at {s}² | ratio' for s in a.sizes) + ' |')
    print('|---|---|---|' + '---|---|' * len(a.sizes))
    for name, r in rows.items():
        print(f"| {name} | {r['train']:.1f} | {r['train'] / base['train']:.2f}× | "
              + ' | '.join(f"{r[s]:.3f} | {base[s] / r[s]:.1f}× faster" for s in a.sizes) + ' |')
