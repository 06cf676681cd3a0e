"""ONNX against PyTorch: ms/photo of the colorizer network, PyTorch eager fp32 vs onnxruntime, as a ratio measured in the same run.

    python bench/onnx.py                                  # ResNet-34 U-Net, 256 and 512 px, batches 1, 2, 4 where cheap
    python bench/onnx.py --sizes 256 --batches 1 2 4 8 --reps 5
    python bench/onnx.py --model models/colorizer.pth     # a real model file (its export is written to a temporary folder)
    python bench/onnx.py --threads 1                      # one thread each: steadier ratios when other jobs share the cores

The network is a random-weight ResNet-34 U-Net (the default architecture; speed does not depend on
the weights) made to behave like a trained one: self-attention switched on and batch-norm statistics
measured on random inputs (a fresh network's default statistics make its attention numerically
chaotic, see nbs/10_onnx.ipynb). It is saved as a model file and exported with `export_onnx`, so both
backends run the same fp16-rounded weights. For each size and batch the two backends are timed on the
same random input, alternately (PyTorch, onnxruntime, PyTorch, ...), so that load from other jobs
falls on both alike; the median time of each is reported per photo, with the ratio PyTorch /
onnxruntime (above 1: onnxruntime is faster), the largest chroma difference between the two
outputs (normalised chroma: 1 is 110 Lab units) and the 1-minute load average. Batches larger
than one are timed only while batch × size² stays within `--budget_px` (default: one 512² photo).
"""
from __future__ import annotations
import argparse, os, platform, statistics, sys, tempfile, time, warnings
from pathlib import Path

# this script is named like the `onnx` package: keep its folder off the import path, or `import onnx` (in torch too) finds the script
sys.path = [p for p in sys.path if Path(p or '.').resolve() != Path(__file__).resolve().parent]


def machine() -> str:
    "The CPU, its cores, the thread counts and the library versions, in words."
    import torch, onnxruntime as ort
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')),
               platform.processor()) if Path('/proc/cpuinfo').exists() else platform.processor()
    return (f'{cpu}, {os.cpu_count()} cores, {torch.get_num_threads()} threads for each backend; '
            f'torch {torch.__version__}, onnxruntime {ort.__version__}')


def trained_like(net):
    "`net` with its self-attention on and batch-norm statistics measured on random luminance, as training would set them."
    import torch
    from torch import nn
    from fastai.layers import SelfAttention
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, SelfAttention): m.gamma.fill_(0.5)
            if isinstance(m, nn.BatchNorm2d): m.momentum = None
        net.train()
        for _ in range(2): net(torch.rand(4, 1, 96, 96))
    return net.eval()


def model_file(args, folder:Path) -> Path:
    "The model file to time: `--model`, or a trained-like random network of `--arch` saved into `folder`."
    if args.model: return Path(args.model)
    import torch
    from torchvision import models
    from colorizer.model import colorizer_unet
    from colorizer.model_file import save_colorizer
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        net = trained_like(colorizer_unet(getattr(models, args.arch), pretrained=False))
    return save_colorizer(net, folder/f'{args.arch}.pth', arch=args.arch, note='random weights, for bench/onnx.py')


def timed(f, x) -> float:
    "Seconds for one call `f(x)`."
    t = time.perf_counter(); f(x); return time.perf_counter() - t


def compare(torch_net, onnx_net, size:int, bs:int, reps:int, warmup:int) -> dict:
    "Median seconds per photo of both backends on one random batch, timed alternately, and their largest output difference."
    import torch
    x = torch.rand(bs, 1, size, size)
    with torch.inference_mode():
        run_torch = lambda x: torch_net(x)
        for _ in range(warmup): run_torch(x); onnx_net(x)
        t_torch, t_onnx = [], []
        for _ in range(reps): t_torch.append(timed(run_torch, x)); t_onnx.append(timed(onnx_net, x))
        diff = float((torch_net(x).float() - onnx_net(x)).abs().max())
    ms_torch, ms_onnx = (1000 * statistics.median(t) / bs for t in (t_torch, t_onnx))
    return dict(size=size, bs=bs, torch=ms_torch, onnx=ms_onnx, ratio=ms_torch / ms_onnx, diff=diff, load=os.getloadavg()[0])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--sizes', type=int, nargs='+', default=[256, 512], help='working sizes (square inputs), px')
    p.add_argument('--batches', type=int, nargs='+', default=[1, 2, 4], help='batch sizes (above 1 only within --budget_px)')
    p.add_argument('--budget_px', type=int, default=512 * 512, help='largest batch × size² timed for batches above 1')
    p.add_argument('--reps', type=int, default=3, help='timed calls of each backend per row (the median is reported)')
    p.add_argument('--warmup', type=int, default=1, help='untimed calls of each backend first')
    p.add_argument('--arch', default='resnet34', help='encoder of the random network (without --model)')
    p.add_argument('--model', default=None, help='a colorizer model file instead of a random network')
    p.add_argument('--dynamo', action='store_true', help="export with the torch.export-based exporter")
    p.add_argument('--threads', type=int, default=None, help="threads for each backend (default: PyTorch's default)")
    args = p.parse_args(argv)
    import torch
    if args.threads: torch.set_num_threads(args.threads)  # `read_onnx` gives onnxruntime as many
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        from colorizer.model_file import load_model_file
        from colorizer.onnx import export_onnx, read_onnx
    print(f'load average at start: {"/".join(f"{l:.2f}" for l in os.getloadavg())} (1/5/15 min)\n{machine()}', flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        mfile = model_file(args, Path(tmp))
        t = time.perf_counter(); ofile = export_onnx(mfile, Path(tmp)/'bench.onnx', dynamo=args.dynamo)
        print(f'{mfile.name}: exported in {time.perf_counter() - t:.1f} s ({"torch.export" if args.dynamo else "TorchScript"} exporter), '
              f'{ofile.stat().st_size / 1e6:.0f} MB', flush=True)
        torch_net, meta = load_model_file(mfile)
        onnx_net, _ = read_onnx(ofile, 'cpu')
        print(f"\n{meta['arch']} U-Net, network alone, fp32 on the CPU\n")
        print('| size | batch | PyTorch eager ms/photo | onnxruntime ms/photo | PyTorch / onnxruntime | max chroma difference | load (1 min) |')
        print('|---|---|---|---|---|---|---|')
        for size in args.sizes:
            for bs in args.batches:
                if bs > 1 and bs * size * size > args.budget_px: continue
                r = compare(torch_net, onnx_net, size, bs, args.reps, args.warmup)
                print(f"| {r['size']} | {r['bs']} | {r['torch']:.0f} | {r['onnx']:.0f} | {r['ratio']:.2f} | {r['diff']:.1e} | {r['load']:.2f} |", flush=True)
    print(f'\nload average at end: {"/".join(f"{l:.2f}" for l in os.getloadavg())}')


if __name__ == '__main__': main()
