"""Films: flicker and accuracy of per-frame vs steady colour on clips whose true colour is known, and frames/s at 480p and 720p.

    python bench/video.py                                  # the shipped model, torch-free, 6 shots of 48 frames
    python bench/video.py --frames 24 --sizes 480          # quicker
    python bench/video.py --strengths 0.7 0.85 0.95        # choose `SteadyChroma`'s strength by measurement
    python bench/video.py --strip docs/video_strip.jpg     # also the README's before/after strip (public-domain photos)
    python bench/video.py --profile --sizes 480            # where each frame's time goes, stage by stage

Clips (`colorizer.video.camera_moves`): a pan, a zoom and a hand-held shake over each of six colour
photos of `../shared/data/colour/valid` (BSDS500; never trained on), cut one after the other, made
grey and encoded as a real H.264 file (`write_video`, CRF 18). Each mode colourises that file with
`colorize_video` (the whole path: decode, network, recombine, encode); its output is decoded and
compared with the true colour frames: `flicker` (mean |Δa| + |Δb| between consecutive frames of a
shot along the exact camera motion) and its excess over the truth's own, and ΔE00 (CIEDE2000, mean
over frames). Frames/s is the whole `colorize_video` call. Per-frame and steady run alternately in
the same process; run it on a quiet machine.

`--profile` runs the steady mode once more under cProfile and prints each stage's milliseconds per
frame (cumulative time of the function that does it, threads it waits for included): decoding,
the frame as an array, the working-size luminance, the network, the steadying (optical flow and
warps), recombination, the output frame, encoding and muxing; the rest is the loop itself.
"""
from __future__ import annotations
import argparse, atexit, os, shutil, tempfile, time
from pathlib import Path
import numpy as np
import av, torch
from PIL import Image

root = Path(__file__).resolve().parents[1]


def make_clip(photos:list, n:int, size:tuple, seed:int=0) -> tuple:
    "Frames, motions and shot ids of pan / zoom / shake shots over `photos`, one shot per photo."
    from colorizer.video import camera_moves
    frames, motions, shots = [], [], []
    for k, p in enumerate(photos):
        f, m = camera_moves(p, n, size, ('pan', 'zoom', 'shake')[k % 3], seed + k)
        frames += f; motions += m; shots += [k] * n
    return frames, motions, shots


def grey(frames): return [np.repeat(np.asarray(Image.fromarray(f).convert('L'))[..., None], 3, -1) for f in frames]


def decode(fn) -> list:
    with av.open(str(fn)) as c: return [f.to_ndarray(format='rgb24') for f in c.decode(video=0)]


def deltae(frames, truth) -> float:
    from colorizer.metrics import deltae2000
    t = lambda fs: torch.from_numpy(np.stack(fs)).permute(0, 3, 1, 2).float() / 255
    return float(torch.cat([deltae2000(t(frames[i:i + 8]), t(truth[i:i + 8])) for i in range(0, len(frames), 8)]).mean())


_stages = [('decode (demux + decode)', lambda fn, f: fn == '_frames' and f.endswith('video.py')),
           ('frame to RGB array', lambda fn, f: "'to_ndarray'" in fn),
           ('working-size luminance (`photo_arrays`)', lambda fn, f: fn == 'photo_arrays'),
           ('network', lambda fn, f: fn == 'predict' and f.endswith('runtime.py')),
           ('steadying (flow, warps)', lambda fn, f: fn == '__call__' and f.endswith('video.py')),
           ('recombination (`recombine_pixels`)', lambda fn, f: fn == 'recombine_pixels'),
           ('RGB array to frame', lambda fn, f: "'from_ndarray'" in fn),
           ('encode', lambda fn, f: "'encode'" in fn and 'VideoStream' in fn),
           ('mux', lambda fn, f: "'mux'" in fn)]

def profile(clr, src:Path, dst:Path) -> list:
    "(stage, ms per frame) of one steady `colorize_video` of `src` under cProfile, and the whole call's."
    import cProfile, pstats
    from colorizer.video import colorize_video
    pr = cProfile.Profile(); pr.enable(); res = colorize_video(clr, src, dst, True, overwrite=True, progress=False); pr.disable()
    got = {name: 0. for name, _ in _stages}
    for (f, _, fn), (_, _, _, cum, _) in pstats.Stats(pr).stats.items():
        for name, match in _stages:
            if match(fn, f): got[name] += cum
    rows = [(k, 1000 * v / res.frames) for k, v in got.items()]
    return rows + [('the rest (loop, progress)', 1000 * res.seconds / res.frames - sum(v for _, v in rows)), ('**whole frame**', 1000 * res.seconds / res.frames)]

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--photos', default=str(root.parent/'shared'/'data'/'colour'/'valid'), help='colour photos the clips are made of')
    p.add_argument('--model', help="model file (default: the project's, torch-free through its ONNX export)")
    p.add_argument('--frames', type=int, default=48, help='frames per shot (default 48: 2 s at 24 fps)')
    p.add_argument('--shots', type=int, default=6, help='shots, one photo each (default 6)')
    p.add_argument('--sizes', type=int, nargs='+', default=[480, 720], help='frame heights (16:9) to run (default 480 720)')
    p.add_argument('--strengths', type=float, nargs='+', default=[0.85], help="`SteadyChroma` strengths to try (default: the default, 0.85)")
    p.add_argument('--strip', help='also write the before/after strip of a clip over public-domain photos to this file')
    p.add_argument('--profile', action='store_true', help='also profile the steady mode stage by stage')
    a = p.parse_args()
    from colorizer.runtime import ort_colorizer
    from colorizer.video import colorize_video, write_video, flicker, SteadyChroma
    clr = ort_colorizer(a.model)
    photos = sorted(Path(a.photos).glob('*.jpg'))[:a.shots]
    print(f'model {clr}; {len(photos)} shots of {a.frames} frames from {a.photos}; onnxruntime, {os.cpu_count()} cores')
    rows, tmp = [], Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, tmp, True)  # the exports and films made here go when the bench ends
    for h in a.sizes:
        w = round(h * 16 / 9 / 2) * 2
        truth, motions, shots = make_clip(photos, a.frames, (w, h))
        src = write_video(grey(truth), tmp/f'grey_{h}.mp4')
        base = flicker(truth, motions, shots)
        modes = [('per-frame', False)] + [(f'steady {s}', SteadyChroma(strength=s)) for s in a.strengths]
        warm = write_video(grey(truth[:12]), tmp/f'warm_{h}.mp4')  # onnxruntime's and the codecs' first calls are slow: not in the timings
        for _, steady in modes[:2]: colorize_video(clr, warm, tmp/'warm_out.mp4', steady, overwrite=True, progress=False)
        for name, steady in modes:
            res = colorize_video(clr, src, tmp/f'out_{h}_{name.replace(" ", "_")}.mp4', steady, overwrite=True, progress=False)
            out = decode(res.dst)
            rows.append(dict(height=h, mode=name, fps=res.frames / res.seconds, flicker=flicker(out, motions, shots), truth=base,
                             deltae=deltae(out, truth), cuts=res.cuts))
            r = rows[-1]; print(f"{h}p {name:>12}: {r['fps']:.2f} frames/s, flicker {r['flicker']:.3f} (truth {base:.3f}), ΔE00 {r['deltae']:.3f}, cuts {r['cuts']}", flush=True)
        if a.profile:
            prof = profile(clr, src, tmp/f'out_{h}_profile.mp4'); whole = prof[-1][1]
            print(f'\n{w}×{h}, steady, per frame:\n\n| stage | ms | share |\n|---|---|---|')
            for k, v in prof: print(f'| {k} | {v:.1f} | {v / whole:.0%} |')
            print(flush=True)
    print('\n| frames | mode | frames/s | flicker | excess over truth | excess removed | ΔE00 | Δ ΔE00 vs per-frame |\n|---|---|---|---|---|---|---|---|')
    for r in rows:
        per = next(q for q in rows if q['height'] == r['height'] and q['mode'] == 'per-frame')
        ex, ex0 = r['flicker'] - r['truth'], per['flicker'] - per['truth']
        print(f"| {round(r['height'] * 16 / 9 / 2) * 2}×{r['height']} | {r['mode']} | {r['fps']:.2f} ({r['fps'] / per['fps']:.2f}×) | {r['flicker']:.3f} | {ex:.3f} | "
              f"{(1 - ex / ex0) * 100:.0f} % | {r['deltae']:.3f} | {r['deltae'] - per['deltae']:+.3f} |")
    if a.strip: write_strip(clr, Path(a.strip), tmp)


def write_strip(clr, fname:Path, tmp:Path, n:int=48, times=(0, 16, 32, 47)):
    "Grey / per-frame / steady / truth rows at a few times of a pan and a zoom over scikit-image's public-domain and CC0 photos."
    from skimage import data
    from colorizer.video import colorize_video, write_video, camera_moves
    frames = []
    for k, ph in enumerate((data.astronaut(), data.coffee())): frames += camera_moves(ph, n, (320, 180), ('pan', 'zoom')[k])[0]
    src = write_video(grey(frames), tmp/'strip.mp4')
    per = decode(colorize_video(clr, src, tmp/'strip_per.mp4', False, progress=False).dst)
    st = decode(colorize_video(clr, src, tmp/'strip_st.mp4', True, progress=False).dst)
    idx = [t for t in times] + [n + t for t in times]
    rows = [np.concatenate([seq[i] for i in idx], 1) for seq in (grey(frames), per, st, frames)]
    strip = Image.fromarray(np.concatenate(rows, 0)); strip.thumbnail((1600, 1600), Image.LANCZOS); strip.save(fname, quality=85)
    print(f'strip: {fname} (rows: grey, per-frame, steady, original; frames {idx})')


if __name__ == '__main__': main()
