"""The hint model's ONNX network on photos without hints (issue 33): the traced graph against `hint_switch`'s, beside the plain network.

    python bench/hint_graph.py                      # the shipped model at its working size, 1 MP-shaped photos, 30 rounds
    python bench/hint_graph.py --size 256 --rounds 50 --threads 1

The shipped model takes colour hints, so its network has a `HintSpread` after the decoder. Four
onnxruntime sessions on the same model file's weights (fp16-stored, as `export_onnx` writes them):

| graph | what |
|---|---|
| single | the network traced once on luminance + hint map: the spreader runs on every photo |
| features | the single graph with the matching features for a reference as two more outputs (the export of 2026-12-07, issue 34), asked for the chroma alone as a photo without a reference runs it |
| switch | `export_onnx` now: the features graph with the spreader's nodes moved into an `If` on "any hint in the batch" (`hint_switch`) |
| plain | the network traced on the luminance alone: no spreader at all, the floor |

Each is timed on the luminance of a real B&W photo at the working shape `colorize` gives a 3:2 photo
(no hints; and, for the hint graphs, with 5 hints), alternately within each round so that load
from other work falls on all alike. Printed: median ms per photo and the ratio to the plain
network, and the largest chroma difference of each to the single graph (the switch must give the
same chroma). Then the time to open each graph (a new onnxruntime session from its bytes, with no
graph optimisation as one-photo `colorize` opens it, and with all, as folders and films do),
alternately, median of `--opens`. Run it on a quiet machine (nothing training beside it)."""
from __future__ import annotations
import argparse, statistics, sys, tempfile, time, warnings
from pathlib import Path
sys.path = [p for p in sys.path if Path(p or '.').resolve() != Path(__file__).resolve().parent]  # `import onnx` must not find bench/onnx.py
sys.path.insert(0, str(Path(__file__).parent)); from startup import machine; sys.path.pop(0)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', default=str(Path(__file__).parents[1]/'models'/'colorizer.pth'))
    p.add_argument('--size', type=int, help="working size (default: the model file's)")
    p.add_argument('--rounds', type=int, default=30)
    p.add_argument('--opens', type=int, default=7, help='sessions opened per graph and optimisation level')
    p.add_argument('--threads', type=int, help="onnxruntime's intra-op threads (default: one per core)")
    p.add_argument('--photo', default=str(Path(__file__).parents[2]/'shared'/'data'/'bw'/'bigcolor_images_gray__migrant_mother_1.jpg'))
    a = p.parse_args()
    import numpy as np, onnxruntime as ort
    from PIL import Image
    from colorizer.model_file import load_model_file
    from colorizer.onnx import _traced, hint_switch, half_initializers, inference_only
    from colorizer.photos import photo_arrays
    model, meta = load_model_file(a.model); model = inference_only(model)
    if not meta.get('hints'): sys.exit(f'{a.model} takes no hints: nothing to compare')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        single, plain = _traced(model, False, 17, True), _traced(model, False, 17, False)
        features = _traced(model, False, 17, True, features=True)
        switch = hint_switch(_traced(model, False, 17, True, features=True))
    opts = ort.SessionOptions(); opts.log_severity_level = 3
    if a.threads: opts.intra_op_num_threads = a.threads
    graphs = {k: half_initializers(m).SerializeToString() for k, m in (('single', single), ('features', features), ('switch', switch), ('plain', plain))}
    sessions = {k: ort.InferenceSession(g, opts, providers=['CPUExecutionProvider']) for k, g in graphs.items()}
    im = Image.open(a.photo).convert('L'); im = im.resize((1224, 816)) if im.width >= im.height else im.resize((816, 1224))  # 1 MP, 3:2
    size = a.size or meta.get('working_size') or 160
    arr = photo_arrays(im, size, meta['space'], name=a.photo, hints=['0.2,0.3=#c03020', '0.5,0.5=#3060c0', '0.8,0.2=#20a040', '0.3,0.8=#d0b020', '0.7,0.7=#808080'])
    luma = arr.luma[None, None].astype(np.float32); h, w = luma.shape[-2:]
    hints = arr.hints[None].astype(np.float32)
    without, with_hints = np.concatenate([luma, np.zeros((1, 3, h, w), np.float32)], 1), np.concatenate([luma, hints], 1)
    cases = [('single', 'no hints', {'luma_hints': without}), ('switch', 'no hints', {'luma_hints': without}), ('plain', 'no hints', {'luma': luma}),
             ('features', 'no hints', {'luma_hints': without}), ('single', '5 hints', {'luma_hints': with_hints}), ('switch', '5 hints', {'luma_hints': with_hints}),
             ('features', '5 hints', {'luma_hints': with_hints})]
    out = {c[:2]: sessions[c[0]].run(['chroma'], c[2])[0] for c in cases}  # also the warm-up
    times = {c[:2]: [] for c in cases}
    for _ in range(a.rounds):
        for k, kind, feed in cases:
            t = time.perf_counter(); sessions[k].run(['chroma'], feed); times[(k, kind)].append(time.perf_counter() - t)
    plain_ms = 1000 * statistics.median(times[('plain', 'no hints')])
    print(f'Measured on {machine()}, {time.strftime("%Y-%m-%d")}: `python bench/hint_graph.py {" ".join(sys.argv[1:])}`')
    print(f'{Path(a.model).name}, working shape {w}×{h} (a 3:2 1 MP photo at working size {size}), {a.rounds} rounds, median per photo\n')
    print('| graph | photo | ms | / plain network | largest chroma difference to the single graph |\n|---|---|---|---|---|')
    for k, kind, _ in cases:
        ms = 1000 * statistics.median(times[(k, kind)])
        print(f'| {k} | {kind} | {ms:.1f} | {ms / plain_ms:.2f} | {float(np.abs(out[(k, kind)] - out[("single", kind)]).max()):.1e} |')

    opened = {(k, o): [] for k in graphs for o in ('none', 'all')}
    for _ in range(a.opens):
        for (k, o) in opened:
            so = ort.SessionOptions(); so.log_severity_level = 3
            so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL if o == 'none' else ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            if a.threads: so.intra_op_num_threads = a.threads
            t = time.perf_counter(); ort.InferenceSession(graphs[k], so, providers=['CPUExecutionProvider']); opened[(k, o)].append(time.perf_counter() - t)
    print(f'\nOpening a session, median of {a.opens}:\n\n| graph | file MB | no optimisation (one photo) ms | all optimisations (folders, films) ms |\n|---|---|---|---|')
    for k in graphs: print(f"| {k} | {len(graphs[k]) / 2**20:.1f} | {1000 * statistics.median(opened[(k, 'none')]):.0f} | {1000 * statistics.median(opened[(k, 'all')]):.0f} |")

if __name__ == '__main__': main()
