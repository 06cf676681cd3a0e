"""What the hint spreader costs a photo *without* hints on the ONNX path (the CLI's default on a CPU).

    git show a4421b3:models/colorizer.onnx > /tmp/plain.onnx   # the last plain export
    python bench/results/hints/onnx_plain_cost.py /tmp/plain.onnx models/colorizer.onnx

The hint model's ONNX graph has one input (luminance + hint map) and always runs `HintSpread` (on an all-zero map for a
photo without hints); the PyTorch path skips it. Prints the mean network time of each export at the working size
(128x192, one photo, 30 runs after 3 warm-ups), measured in the same run, and their ratio."""
import sys, time
import numpy as np, onnxruntime as ort

def mean_time(fn:str, x:np.ndarray, n:int=30) -> float:
    s = ort.InferenceSession(fn, providers=['CPUExecutionProvider']); name = s.get_inputs()[0].name
    for _ in range(3): s.run(None, {name: x})
    t = time.perf_counter()
    for _ in range(n): s.run(None, {name: x})
    return (time.perf_counter() - t) / n

x = np.random.default_rng(0).random((1, 1, 192, 128), dtype=np.float32)
plain, hinted = mean_time(sys.argv[1], x), mean_time(sys.argv[2], np.concatenate([x, np.zeros((1, 3, 192, 128), np.float32)], 1))
print(f'plain export {plain * 1000:.1f} ms, hint export without hints {hinted * 1000:.1f} ms: {hinted / plain:.2f}x')
