"""onnxruntime session options for `colorize photo.jpg` (issue 33): what a session costs to open and what its network then costs, per option.

    python bench/session.py                    # the shipped export, 9 rounds, each option in a fresh process
    python bench/session.py --rounds 15

A one-photo command opens a session and runs the network once, so what matters is the sum: session
creation (reading the file, graph optimisation, kernel setup) plus one run at the working shape. Each
option is measured in a fresh Python process (onnxruntime and numpy already imported before the clock
starts), alternately with the others so that load falls on all alike:

| option | what |
|---|---|
| all (default) | `ORT_ENABLE_ALL`: every graph optimisation, done at each start |
| extended / basic / none | `ORT_ENABLE_EXTENDED`, `ORT_ENABLE_BASIC`, `ORT_DISABLE_ALL` |
| cached | the graph optimised once and saved (`optimized_model_filepath`), then opened with optimisations off |
| 1 thread | `ORT_ENABLE_ALL` with one intra-op thread (no thread pool to start) |

Printed: median ms to open the session, ms of the first run and of a second run (1 MP 3:2 photo at
the model's working size, no hints), and their sum against the default. Run it on a quiet machine."""
from __future__ import annotations
import argparse, json, statistics, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent)); from startup import machine; sys.path.pop(0)

CHILD = r'''
import json, sys, time
import numpy as np, onnxruntime as ort
fname, option, cached, h, w = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
o = ort.SessionOptions(); o.log_severity_level = 3
L = ort.GraphOptimizationLevel
o.graph_optimization_level = {'all': L.ORT_ENABLE_ALL, 'extended': L.ORT_ENABLE_EXTENDED, 'basic': L.ORT_ENABLE_BASIC, 'none': L.ORT_DISABLE_ALL,
                              'cached': L.ORT_DISABLE_ALL, '1 thread': L.ORT_ENABLE_ALL}[option]
if option == '1 thread': o.intra_op_num_threads = 1
t0 = time.perf_counter()
s = ort.InferenceSession(cached if option == 'cached' else fname, o, providers=['CPUExecutionProvider'])
t1 = time.perf_counter()
inp = s.get_inputs()[0]; x = np.zeros((1, 4 if inp.shape[1] == 4 else 1, h, w), np.float32); x[:, 0] = np.random.default_rng(0).random((h, w))
s.run(None, {inp.name: x}); t2 = time.perf_counter(); s.run(None, {inp.name: x}); t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
'''

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--onnx', default=str(Path(__file__).parents[1]/'models'/'colorizer.onnx'))
    p.add_argument('--rounds', type=int, default=9)
    p.add_argument('--shape', type=int, nargs=2, default=[128, 192], help='working shape (h w) of the network input (default: a 3:2 photo at working size 160)')
    a = p.parse_args()
    import onnxruntime as ort
    options = ['all', 'extended', 'basic', 'none', 'cached', '1 thread']
    with tempfile.TemporaryDirectory() as d:
        cached = str(Path(d)/'optimised.onnx')
        o = ort.SessionOptions(); o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL; o.optimized_model_filepath = cached
        ort.InferenceSession(a.onnx, o, providers=['CPUExecutionProvider'])
        res = {k: [] for k in options}
        for _ in range(a.rounds):
            for k in options:
                r = subprocess.run([sys.executable, '-c', CHILD, a.onnx, k, cached, *map(str, a.shape)], capture_output=True, text=True)
                if r.returncode: sys.exit(f'{k}: {r.stderr[-1500:]}')
                res[k].append(json.loads(r.stdout.strip().splitlines()[-1]))
    med = {k: [1000 * statistics.median(r[i] for r in v) for i in range(3)] for k, v in res.items()}
    base = med['all'][0] + med['all'][1]
    print(f'Measured on {machine()}, {time.strftime("%Y-%m-%d")}: `python bench/session.py {" ".join(sys.argv[1:])}`')
    print(f'{Path(a.onnx).name}, working shape {a.shape[1]}×{a.shape[0]}, {a.rounds} fresh processes per option, medians\n')
    print('| option | open ms | first run ms | second run ms | open + first run | / default |\n|---|---|---|---|---|---|')
    for k, (so, r1, r2) in med.items(): print(f'| {k} | {so:.0f} | {r1:.1f} | {r2:.1f} | {so + r1:.0f} | {(so + r1) / base:.2f} |')

if __name__ == '__main__': main()
