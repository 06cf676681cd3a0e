"""Training speed of each progressive stage: seconds per batch and per epoch, for the head and the all phase.

    python bench/train.py                                   # the full schedule's stages, on a GPU if there is one
    python bench/train.py --stages 64 128 --batches 4       # a quick look on the CPU
    python bench/train.py --arch minimal --loss mse         # the minimal baseline's cost

Each stage of `full_config()` (size and batch size) is trained for a few batches through the
real training code (`colour_dataloaders` with its augmentations, `colorizer_learner` with the
feature loss and, on a GPU, mixed precision), once with the encoder frozen ('head') and once
unfrozen ('all'). The first batches are not counted (cuDNN autotuning, allocator growth). Per
batch, 'step' is the time from the batch's arrival to the end of the optimiser step, and 'wall'
the time from one batch to the next (data loading included, as in a real epoch); the epoch time
is projected from 'wall' for the number of training photos given (`--epoch_photos`, default the
2,204 sample training photos). Weights are random: speed does not depend on them, and no
pretrained weights are needed.
"""
from __future__ import annotations
import argparse, json, os, resource, statistics, sys, time
from pathlib import Path
import torch
from fastai.callback.core import Callback


class BatchTimer(Callback):
    "Record, per training batch, the step time (arrival to end of step) and the wall time between batch arrivals."
    order = 99
    def __init__(self, skip:int): self.skip = skip
    def _now(self):
        if torch.cuda.is_available(): torch.cuda.synchronize()
        return time.perf_counter()
    def before_fit(self): self.steps, self.walls, self.prev, self.n = [], [], None, 0
    def before_batch(self):
        if not self.training: return
        self.t0 = self._now(); self.n += 1
        if self.prev is not None and self.n > self.skip + 1: self.walls.append(self.t0 - self.prev)
        self.prev = self.t0
    def after_batch(self):
        if self.training and self.n > self.skip: self.steps.append(self._now() - self.t0)
    def before_validate(self): self.prev = None  # the gap around validation is not a training batch


def machine() -> str:
    "The machine in words."
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')), '?')
    s = f'{cpu}, {os.cpu_count()} cores'
    if torch.cuda.is_available(): s = f'{torch.cuda.get_device_name()} + {s}'
    import fastai
    return f'{s}; torch {torch.__version__}, fastai {fastai.__version__}'


def peak_mb() -> float:
    "Peak GPU memory allocated since the last reset, or the process's peak RSS on the CPU."
    if torch.cuda.is_available(): return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_phase(path, stage, config, phase:str, n_batches:int, skip:int, num_workers:int|None, files) -> dict:
    "Train `n_batches` + `skip` batches of one phase of `stage` and time them."
    from colorizer.data import colour_dataloaders
    from colorizer.schedule import colorizer_learner
    need = (n_batches + skip + 1) * stage.bs  # one spare: fastai drops the last partial batch
    kw = {} if num_workers is None else dict(num_workers=num_workers)
    dls = colour_dataloaders(path, stage.size, stage.bs, config.space, n_train=need, n_valid=stage.bs, files=files, **kw)
    epochs = -(-(n_batches + skip + 1) // max(len(dls.train), 1))  # repeat the photos when there are fewer than needed
    learn = colorizer_learner(dls, config, cbs=[timer := BatchTimer(skip)])
    learn.freeze() if phase == 'head' else learn.unfreeze()
    if torch.cuda.is_available(): torch.cuda.reset_peak_memory_stats()
    with learn.no_bar(), learn.no_logging():
        learn.fit(epochs, stage.lr_head if phase == 'head' else stage.lr_all[1])
    steps, walls = timer.steps[:n_batches], timer.walls[:n_batches]
    return dict(size=stage.size, bs=stage.bs, phase=phase, batches=len(steps), step_s=statistics.median(steps),
                wall_s=statistics.median(walls) if walls else statistics.median(steps), peak_mb=peak_mb())


def table(rows:list, epoch_photos:int, config) -> str:
    "The markdown table."
    out = [f'Training ({config.arch}, {config.loss} loss{", fp16 mixed precision" if torch.cuda.is_available() and config.mixed_precision else ""}) '
           f'on {machine()}', '',
           '| stage | batch | phase | s/batch (step) | s/batch (wall, with data) | photos/s | s/epoch (projected) | peak mem MB |',
           '|---|---|---|---|---|---|---|---|']
    for r in rows:
        epoch = epoch_photos // r['bs'] * r['wall_s']
        out.append(f"| {r['size']} px | {r['bs']} | {r['phase']} | {r['step_s']:.3f} | {r['wall_s']:.3f} | {r['bs'] / r['wall_s']:.1f} | "
                   f"{epoch:.0f} | {r['peak_mb']:.0f} |")
    return '\n'.join(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', default=None, help='folder of colour photos with train/ and valid/ (default: the sample photos)')
    p.add_argument('--stages', type=int, nargs='+', default=None, help="sizes of `full_config()`'s stages to time (default: all)")
    p.add_argument('--phases', nargs='+', default=['head', 'all'])
    p.add_argument('--batches', type=int, default=None, help='timed batches per phase (default 10 on a GPU, 3 on the CPU)')
    p.add_argument('--skip', type=int, default=None, help='untimed first batches (default 3 on a GPU, 1 on the CPU)')
    p.add_argument('--arch', default='resnet34')
    p.add_argument('--loss', default='feature')
    p.add_argument('--num_workers', type=int, default=None, help="DataLoader workers (default: fastai's)")
    p.add_argument('--epoch_photos', type=int, default=2204, help='training photos an epoch is projected for')
    p.add_argument('--out', default=None, help='also write the table here (markdown) and the numbers beside it (.json)')
    args = p.parse_args(argv)
    from colorizer.colorspaces import data_path
    from colorizer.data import colour_photos
    from colorizer.schedule import full_config
    gpu = torch.cuda.is_available()
    n_batches, skip = args.batches or (10 if gpu else 3), args.skip if args.skip is not None else (3 if gpu else 1)
    config = full_config(arch=args.arch, loss=args.loss, pretrained=False)
    stages = [s for s in config.stages if args.stages is None or s.size in args.stages]
    path = Path(args.data) if args.data else data_path()/'colour'
    files, start, rows = colour_photos(path), time.time(), []
    for stage in stages:
        for phase in args.phases:
            r = time_phase(path, stage, config, phase, n_batches, skip, args.num_workers, files); rows.append(r)
            print(f"  {r['size']:>4}px bs {r['bs']:>3} {phase:>4}: step {r['step_s']:.3f} s, wall {r['wall_s']:.3f} s per batch, "
                  f"peak {r['peak_mb']:.0f} MB", file=sys.stderr, flush=True)
    md = table(rows, args.epoch_photos, config) + f'\n\n(measured in {time.time() - start:.0f} s: `python bench/train.py {" ".join(sys.argv[1:])}`)'
    print(md)
    if args.out:
        Path(args.out).write_text(md + '\n'); Path(args.out).with_suffix('.json').write_text(json.dumps(rows, indent=1))


if __name__ == '__main__': main()
