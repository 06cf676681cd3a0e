"""Inference speed and memory of the colorizer network: photos/s and ms/photo per variant, as ratios to fp32 eager.

    python bench/inference.py                       # every variant at 256 and 512 px, on a GPU if there is one
    python bench/inference.py --device cpu --sizes 256 --variants eager channels_last compile

For each size the batch size with the best fp32-eager throughput is searched first (doubling from
1 until throughput stops improving, memory runs out or a batch gets too slow); then every variant
is timed at batch 1 and at that best batch. Each measurement runs in a fresh child process, so
peak memory (RSS on the CPU, `torch.cuda.max_memory_allocated` on a GPU) belongs to that variant
alone and no compiled or cached state leaks between variants. The network is the one a model file
holds (`--model`), else a random-weight ResNet-34 U-Net (`--arch`): speed does not depend on the
weights. The `colorize` row times `Colorizer.colorize` end to end on one photo (reading it,
resizing, the network with the Colorizer's defaults, upsampling, recombining): what a user waits.
"""
from __future__ import annotations
import argparse, json, os, platform, resource, statistics, subprocess, sys, time
from pathlib import Path

VARIANTS = ['eager', 'channels_last', 'bf16', 'fp16', 'compile', 'compile+channels_last+bf16', 'colorize']


def machine(device:str) -> str:
    "The machine in words: CPU model and cores, GPU name, torch version."
    import torch
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')),
               platform.processor() or platform.machine()) if Path('/proc/cpuinfo').exists() else platform.processor()
    s = f'{cpu}, {os.cpu_count()} cores ({torch.get_num_threads()} torch threads)'
    if device == 'cuda': s = f'{torch.cuda.get_device_name()} + {s}'
    return f'{s}; torch {torch.__version__}'


def build_net(model:str|None, arch:str):
    "The network to time: from a model file, else random weights of `arch`."
    if model:
        from colorizer.model_file import load_model_file
        from colorizer.evaluate import register_minimal
        register_minimal()
        return load_model_file(model)[0]
    from colorizer.schedule import TrainConfig, model_from_config
    return model_from_config(TrainConfig(stages=[], arch=arch, pretrained=False))


def prepare(net, variant:str, device:str):
    "The network and input memory format for `variant`, and the autocast dtype (None: fp32)."
    import torch
    parts = set(variant.split('+'))
    unknown = parts - {'eager', 'channels_last', 'bf16', 'fp16', 'compile'}
    if unknown: raise ValueError(f'unknown variant part(s) {unknown}')
    fmt = torch.channels_last if 'channels_last' in parts else torch.contiguous_format
    net = net.to(device).eval().to(memory_format=fmt)
    if 'compile' in parts:
        # fastai patches `Tensor.as_subclass` (to carry metadata), and Dynamo's tracing recurses into that patch and fails;
        # the network does not use it, so the benchmark restores torch's own method before compiling
        if 'as_subclass' in torch.Tensor.__dict__: del torch.Tensor.as_subclass
        net = torch.compile(net)
    dtype = torch.bfloat16 if 'bf16' in parts else torch.float16 if 'fp16' in parts else None
    return net, fmt, dtype


def timed_loop(step, sync, min_time:float, min_iters:int) -> list:
    "Seconds per call of `step()`, repeated for at least `min_time` seconds and `min_iters` calls."
    times, start = [], time.perf_counter()
    while len(times) < min_iters or time.perf_counter() - start < min_time:
        sync(); t = time.perf_counter(); step(); sync(); times.append(time.perf_counter() - t)
    return times


def peak_mem_mb(device:str) -> float:
    "Peak memory of this process: GPU memory allocated by torch on cuda, else peak RSS."
    import torch
    if device == 'cuda': return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def one_network(args) -> dict:
    "Time the network alone for one (variant, size, batch)."
    import torch
    torch.manual_seed(0)
    net, fmt, dtype = prepare(build_net(args.model, args.arch), args.variant, args.device)
    x = torch.rand(args.bs, 1, args.size, args.size, device=args.device).contiguous(memory_format=fmt)
    sync = torch.cuda.synchronize if args.device == 'cuda' else (lambda: None)
    if args.device == 'cuda': torch.cuda.reset_peak_memory_stats()
    def step():
        with torch.inference_mode(), torch.autocast(args.device, dtype=dtype or torch.float32, enabled=dtype is not None):
            return net(x)
    first = timed_loop(step, sync, 0, 1)[0]  # includes compilation for compiled variants
    timed_loop(step, sync, 0, args.warmup)
    return dict(first_s=first, times=timed_loop(step, sync, args.min_time, args.min_iters))


def one_colorize(args) -> dict:
    "Time `Colorizer.colorize` end to end on one photo of size x size (batch 1)."
    import torch
    import numpy as np
    from PIL import Image
    from colorizer.learner import Colorizer
    torch.manual_seed(0)
    c = Colorizer(build_net(args.model, args.arch), {'space': 'lab', 'arch': args.arch}, device=args.device, size=args.size)
    ramp = np.linspace(0, 255, args.size, dtype=np.float32)
    img = Image.fromarray(np.stack([ramp[None, :].repeat(args.size, 0), ramp[:, None].repeat(args.size, 1), 255 - ramp[None, :].repeat(args.size, 0)], -1).astype(np.uint8))
    if args.device == 'cuda': torch.cuda.reset_peak_memory_stats()
    sync = torch.cuda.synchronize if args.device == 'cuda' else (lambda: None)
    first = timed_loop(lambda: c.colorize(img), sync, 0, 1)[0]
    timed_loop(lambda: c.colorize(img), sync, 0, args.warmup)
    return dict(first_s=first, times=timed_loop(lambda: c.colorize(img), sync, args.min_time, args.min_iters))


def child(args):
    "Measure one (variant, size, batch) and print it as one JSON line."
    try:
        r = one_colorize(args) if args.variant == 'colorize' else one_network(args)
        med = statistics.median(r['times'])
        out = dict(ok=True, ms_batch=1000 * med, ms_photo=1000 * med / args.bs, photos_s=args.bs / med, iters=len(r['times']),
                   first_s=r['first_s'], mem_mb=peak_mem_mb(args.device))
    except Exception as e:  # an unsupported variant (or out of memory) is a result to report, not a crash of the benchmark
        out = dict(ok=False, error=f'{type(e).__name__}: {str(e).splitlines()[0][:160] if str(e) else ""}')
    print('RESULT ' + json.dumps(out), flush=True)


def record(args, variant:str, size:int, bs:int, r:dict) -> dict:
    "Show one measurement and append it to the .jsonl beside `--out`, so a run cut short keeps what it measured."
    if args.out:
        with open(Path(args.out).with_suffix('.jsonl'), 'a') as f: f.write(json.dumps(dict(variant=variant, size=size, bs=bs, **r)) + '\n')
    print(f'  {variant:>28} {size:>4}px bs {bs:>3}: ' + (f"{r['photos_s']:8.2f} photos/s {r['ms_photo']:9.2f} ms/photo  "
          f"peak {r['mem_mb']:8.0f} MB  first call {r['first_s']:.1f} s" if r['ok'] else r['error']), file=sys.stderr, flush=True)
    return r


def measure(args, variant:str, size:int, bs:int) -> dict:
    "Run one measurement in a fresh process."
    cmd = [sys.executable, __file__, '--child', '--variant', variant, '--size', str(size), '--bs', str(bs), '--device', args.device,
           '--arch', args.arch, '--min_time', str(args.min_time), '--min_iters', str(args.min_iters), '--warmup', str(args.warmup)]
    if args.model: cmd += ['--model', args.model]
    try: p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired: return record(args, variant, size, bs, dict(ok=False, error=f'not finished in {args.timeout} s'))
    line = next((l for l in p.stdout.splitlines()[::-1] if l.startswith('RESULT ')), None)
    err = p.stderr.strip().splitlines()[-1][:160] if p.stderr.strip() else ''
    return record(args, variant, size, bs, json.loads(line[7:]) if line else dict(ok=False, error=f'child failed (rc {p.returncode}): {err}'))


def best_batch(args, size:int) -> tuple:
    "The batch size with the best fp32-eager throughput, and every measurement made to find it."
    tried, best = {}, None
    for bs in args.batches:
        r = measure(args, 'eager', size, bs); tried[bs] = r
        if not r['ok']: break
        if best is None or r['photos_s'] > tried[best]['photos_s'] * 1.03: best = bs
        elif bs >= 4 * best: break  # two doublings without a gain of 3 %
        if r['ms_batch'] / 1000 > args.max_batch_s: break
    return best, tried


def run(args) -> list:
    "All measurements: per size, the batch search, then each variant at batch 1 and the best batch."
    rows = []
    for size in args.sizes:
        best, tried = best_batch(args, size)
        for bs in sorted({1, best or 1}):
            base = tried.get(bs) or measure(args, 'eager', size, bs)
            for v in args.variants:
                if v == 'colorize' and bs != 1: continue
                r = base if v == 'eager' else measure(args, v, size, bs)
                rows.append(dict(size=size, bs=bs, variant=v, best=bs == best, base=base, **r))
    return rows


def table(rows:list, device:str) -> str:
    "The markdown table: throughput and memory per variant, with the speed-up over fp32 eager at the same size and batch."
    lines = [f'Inference on {device}: {machine(device)}', '',
             '| size | batch | variant | photos/s | ms/photo | × fp32 eager | peak mem MB | first call s |', '|---|---|---|---|---|---|---|---|']
    for r in rows:
        bs = f"{r['bs']}{' (best)' if r['best'] and r['bs'] != 1 else ''}"
        if not r['ok']: lines.append(f"| {r['size']} | {bs} | {r['variant']} | – | – | – | – | {r['error']} |"); continue
        ratio = f"{r['photos_s'] / r['base']['photos_s']:.2f}" if r['base'].get('ok') else '–'
        lines.append(f"| {r['size']} | {bs} | {r['variant']} | {r['photos_s']:.2f} | {r['ms_photo']:.2f} | {ratio} | {r['mem_mb']:.0f} | {r['first_s']:.1f} |")
    return '\n'.join(lines)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--device', default=None, help='cpu or cuda (default: cuda if available)')
    p.add_argument('--sizes', type=int, nargs='+', default=[256, 512])
    p.add_argument('--batches', type=int, nargs='+', default=None, help='batch sizes tried in the search (default: 1, 2, 4, ... 64 on a GPU, ... 16 on the CPU)')
    p.add_argument('--variants', nargs='+', default=VARIANTS, help="parts joined by '+': eager, channels_last, bf16, fp16, compile; or colorize")
    p.add_argument('--arch', default='resnet34', help="random-weight network when no --model: a U-Net encoder name, or 'minimal'")
    p.add_argument('--model', default=None, help='a model file to time instead')
    p.add_argument('--min_time', type=float, default=None, help='seconds of timed calls per measurement (default 2 on a GPU, 5 on the CPU)')
    p.add_argument('--min_iters', type=int, default=3)
    p.add_argument('--warmup', type=int, default=None, help='untimed calls after the first (default 5 on a GPU, 3 on the CPU)')
    p.add_argument('--max_batch_s', type=float, default=None, help='stop the batch search when a batch takes longer (default 2 s on a GPU, 20 s on the CPU)')
    p.add_argument('--timeout', type=int, default=900, help='seconds allowed per measurement')
    p.add_argument('--out', default=None, help='also write the table (markdown) here; a .json beside it holds every number')
    p.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--variant', default='eager', help=argparse.SUPPRESS)
    p.add_argument('--size', type=int, default=256, help=argparse.SUPPRESS)
    p.add_argument('--bs', type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.device is None:
        import torch
        args.device = 'cuda' if torch.cuda.is_available() else 'cpu'
    gpu = args.device == 'cuda'
    if args.batches is None: args.batches = [1, 2, 4, 8, 16, 32, 64] if gpu else [1, 2, 4, 8, 16]
    if args.min_time is None: args.min_time = 2. if gpu else 5.
    if args.warmup is None: args.warmup = 5 if gpu else 3
    if args.max_batch_s is None: args.max_batch_s = 2. if gpu else 20.
    return args


def main(argv=None):
    args = parse(argv)
    if args.child: return child(args)
    start = time.time()
    rows = run(args)
    md = table(rows, args.device) + f'\n\n(measured in {time.time() - start:.0f} s: `python bench/inference.py {" ".join(sys.argv[1:])}`)'
    print(md)
    if args.out:
        Path(args.out).write_text(md + '\n')
        Path(args.out).with_suffix('.json').write_text(json.dumps([{k: v for k, v in r.items() if k != 'base'} for r in rows], indent=1))


if __name__ == '__main__': main()
