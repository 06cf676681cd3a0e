"""Lower-precision ONNX exports against the shipped float export (issue 33): speed of the network, and colour on the broad held-out.

    python bench/quantize.py                               # the shipped model, 5 kinds x 30 photos, 30 timing rounds
    python bench/quantize.py --per_kind 50 --rounds 40 --out bench/results/quantize/DATE.md
    python bench/quantize.py --variants int8-static int8-dynamic --per_kind 5    # a quick look

An export is kept only where it is faster here and the broad held-out ΔE00 (whole photos, full
resolution, as `colorize` gives them) moves by at most 0.05 (issue 33). The variants, each made from
the same model file's network traced in float32 (`export_onnx(half=False)`: its weights are the
fp16-exact ones the shipped export stores):

| variant | what |
|---|---|
| float | the float32 export: what `colorize` runs (the shipped export stores the same weights as fp16, cast back at load) |
| int8-static | onnxruntime's static quantisation, QDQ format: weights int8 per channel, activations uint8 with ranges measured on `--calib` training photos (never held-out ones) at the working size |
| int8-dynamic | onnxruntime's dynamic quantisation: int8 weights, activation ranges measured per run (no calibration) |
| fp16 | every tensor float16 (onnxruntime's `float16` converter), float32 input and output |

Timing: each session on the luminance (and empty hint map) of real photos at the working shape of a
1 MP 3:2 photo, alternately within each round so that other load falls on all alike; median ms per
photo and the ratio to float. Colour: every variant is a predictor of `colorizer.evaluate`'s broad
evaluation (the same photos, kinds and metrics as `colorize-eval --broad`), with the paired difference
to float and its 95 % interval (`broad_paired`). Run it with nothing else on the CPU."""
from __future__ import annotations
import argparse, atexit, datetime, os, shutil, statistics, sys, tempfile, time, warnings
from pathlib import Path
sys.path = [p for p in sys.path if Path(p or '.').resolve() != Path(__file__).resolve().parent]  # `import onnx` must not find bench/onnx.py
sys.path.insert(0, str(Path(__file__).parent)); from startup import machine; sys.path.pop(0)

variants = ('float', 'int8-static', 'int8-dynamic', 'fp16')

class _Calibration:
    "onnxruntime's `CalibrationDataReader`: the working-size luminance (and an empty hint map) of each calibration photo."
    def __init__(self, feeds:list): self.feeds = iter(feeds)
    def get_next(self): return next(self.feeds, None)
    def rewind(self): pass

def _feed(arr, input_name:str, hints:bool) -> dict:
    import numpy as np
    x = arr.luma[None, None].astype(np.float32)
    if hints: x = np.concatenate([x, np.zeros((1, 3, *x.shape[-2:]), np.float32)], 1)
    return {input_name: x}

def make_variant(name:str, fp32:Path, dst:Path, calib:list) -> Path:
    "Write variant `name` of float export `fp32` to `dst` (keeping its colorizer metadata)."
    import onnx
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process
    src = onnx.load(fp32); props = {p.key: p.value for p in src.metadata_props}
    if name == 'int8-static':
        pre = dst.with_name(dst.stem + '_pre.onnx'); quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
        quantize_static(str(pre), str(dst), _Calibration(calib), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    elif name == 'int8-dynamic': quantize_dynamic(str(fp32), str(dst), weight_type=QuantType.QInt8, per_channel=True)
    elif name == 'fp16':
        from onnxruntime.transformers.float16 import convert_float_to_float16
        onnx.save(convert_float_to_float16(src, keep_io_types=True), dst)
    else: raise ValueError(name)
    m = onnx.load(dst); onnx.helper.set_model_props(m, props); onnx.save(m, dst)  # the quantisers drop the metadata: put it back
    return dst

def ort_predictor(c) -> callable:
    "A predictor (as `colorizer.evaluate.evaluate` takes) that colourises each grey photo as `colorize` does with `OrtColorizer` `c`."
    import numpy as np, torch
    from colorizer.evaluate import _pil_grey
    from colorizer.photos import photo_arrays
    def predict(grey):
        outs = []
        for g in grey:
            a = photo_arrays(_pil_grey(g), c.size, c.space, c.max_pixels)
            outs.append(torch.from_numpy(np.asarray(c.finish(a, c.predict(a.luma, a.hints)), dtype=np.float32) / 255).permute(2, 0, 1))
        return torch.stack(outs)
    return predict

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    root = Path(__file__).parents[1]
    p.add_argument('--model', default=str(root/'models'/'colorizer.pth'))
    p.add_argument('--variants', nargs='+', default=list(variants[1:]), choices=variants[1:], help='compared with float')
    p.add_argument('--calib', type=int, default=32, help='training photos whose activations set the static ranges')
    p.add_argument('--photos', default=str(root.parent/'shared'/'data'/'colour'), help="the project's colour photos (train/ for calibration)")
    p.add_argument('--per_kind', type=int, default=30, help='photos of each held-out kind (0: no colour comparison)')
    p.add_argument('--rounds', type=int, default=30)
    p.add_argument('--out', help='also write the tables to this markdown file')
    a = p.parse_args()
    import numpy as np
    from PIL import Image
    from colorizer.evaluate import broad_evaluation, broad_paired, broad_table
    from colorizer.onnx import export_onnx
    from colorizer.photos import photo_arrays
    from colorizer.runtime import OrtColorizer
    work = Path(tempfile.mkdtemp(prefix='quantize_'))
    atexit.register(shutil.rmtree, work, True)  # the exports and films made here go when the bench ends
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); fp32 = export_onnx(a.model, work/'float.onnx', half=False, switch=False, features=False)  # one plain graph: what the quantisers take
    base = OrtColorizer.from_onnx(fp32); size, hints = base.size, bool(base.meta.get('hints'))
    train = sorted((Path(a.photos)/'train').glob('*.jpg'))[:a.calib]
    if len(train) < a.calib: sys.exit(f"{a.photos}/train holds {len(train)} photos, fewer than --calib {a.calib}")
    calib = [_feed(photo_arrays(f, size, base.space), base.input_name, hints) for f in train]
    files = {'float': fp32}
    for v in a.variants:
        t0 = time.perf_counter(); files[v] = make_variant(v, fp32, work/f'{v}.onnx', calib); print(f'{v}: made in {time.perf_counter() - t0:.0f} s, {files[v].stat().st_size / 2**20:.1f} MB', flush=True)
    cs = {k: OrtColorizer.from_onnx(f) for k, f in files.items()}
    im = Image.open(train[0]).convert('L').resize((1224, 816))  # a 1 MP 3:2 photo's working shape
    feed = _feed(photo_arrays(im, size, base.space), base.input_name, hints)
    ref = {k: c.session.run([c.output_name], feed)[0] for k, c in cs.items()}  # also the warm-up
    times = {k: [] for k in cs}
    for _ in range(a.rounds):
        for k, c in cs.items():
            t0 = time.perf_counter(); c.session.run([c.output_name], feed); times[k].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    h, w = feed[base.input_name].shape[-2:]
    lines = [f'# Lower-precision exports of {Path(a.model).name}, {datetime.date.today()}', '', machine(), '',
             f'Network alone, {h}×{w} input (a 1 MP 3:2 photo at working size {size}), median of {a.rounds} rounds:', '',
             '| variant | file MB | ms/photo | float / variant | largest chroma difference to float |', '|---|---|---|---|---|']
    for k in cs: lines.append(f"| {k} | {files[k].stat().st_size / 2**20:.1f} | {med[k] * 1000:.1f} | {med['float'] / med[k]:.2f} | {np.abs(ref[k] - ref['float']).max():.4f} |")
    print('\n'.join(lines), flush=True)
    if a.per_kind:
        evs = broad_evaluation({k: ort_predictor(c) for k, c in cs.items()}, n=a.per_kind, photos=a.photos, size=size, whole=True, max_side=1024)
        lines += ['', f'Broad held-out, {a.per_kind} photos per kind, whole photos at full resolution (long side ≤ 1024):', '', broad_table(evs), '',
                  'Paired difference to float (ΔE00, 95 % interval; a variant is kept only within ±0.05 and faster):', '']
        for k in a.variants:
            d = broad_paired(evs, k, 'float'); lines.append(f"- {k} − float: {d['diff']:+.3f} ({d['lo']:+.3f} to {d['hi']:+.3f})")
        print('\n'.join(lines[-len(a.variants) - 6:]))
    if a.out: Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text('\n'.join(lines) + '\n'); print(f'wrote {a.out}')

if __name__ == '__main__': main()
