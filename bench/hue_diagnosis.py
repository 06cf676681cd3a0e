"""Why does the minimal CNN get hue right more often than the U-Net? Both colour the same held-out
photos at several working sizes; on the pixels of clear true colour, `hue_breakdown` says whether
each output gives the right hue (hit), too little colour (faint) or another hue (wrong), and how
uniform its colours are across the photo (the share of its coloured pixels within 30° of its own
dominant hue: high means one colour painted over the whole scene).

    python bench/hue_diagnosis.py ../shared/data/colour --models models/colorizer.pth models/baseline_minimal.pth --sizes 128 256 512

The photos: the `dpst` + `camvid` sources of `train/`, which neither shipped model was trained on.
"""
from __future__ import annotations
import argparse, math
from pathlib import Path
import torch
from colorizer.colorspaces import rgb_to_lab
from colorizer.data import split_files, source_of
from colorizer.evaluate import evaluate, colorizer_predictor, register_minimal, load_photo, to_grey
from colorizer.learner import load_colorizer
from colorizer.metrics import hue_breakdown

def dominant_hue_share(rgb:torch.Tensor, min_chroma:float=10., bins:int=12) -> float:
    "Share of the coloured pixels (chroma >= `min_chroma`) whose hue falls in the most common 30° hue bin."
    lab = rgb_to_lab(rgb); a, b = lab[1], lab[2]
    m = torch.hypot(a, b) >= min_chroma
    if m.sum() == 0: return float('nan')
    h = ((torch.atan2(b[m], a[m]) + math.pi) / (2 * math.pi) * bins).long().clamp(0, bins - 1)
    return float(torch.bincount(h, minlength=bins).max() / m.sum())

def diagnose(files:list, model:Path, size:int) -> dict:
    "Mean hit / faint / wrong shares and the mean dominant-hue share of `model`'s outputs at working size `size` (photos at 256 px)."
    c = load_colorizer(model, device='cpu', size=size); pred = colorizer_predictor(c)
    acc = {'hit': [], 'faint': [], 'wrong': [], 'dominant_hue': [], 'true_dominant_hue': []}
    for i in range(0, len(files), 16):
        rgb = torch.stack([load_photo(f, 256) for f in files[i:i + 16]])
        out = pred(to_grey(rgb))
        for k, v in hue_breakdown(out, rgb).items(): acc[k] += v.tolist()
        acc['dominant_hue'] += [dominant_hue_share(o) for o in out]; acc['true_dominant_hue'] += [dominant_hue_share(t) for t in rgb]
    return {k: float(torch.tensor(v).nanmean()) for k, v in acc.items()}

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('photos', help='folder with train/ and valid/ folders of colour photos')
    p.add_argument('--models', nargs='+', default=['models/colorizer.pth', 'models/baseline_minimal.pth'])
    p.add_argument('--sizes', nargs='+', type=int, default=[128, 256, 512])
    p.add_argument('--sources', nargs='+', default=['dpst', 'camvid'])
    a = p.parse_args(); register_minimal()
    files = sorted(f for f in split_files(a.photos, tuple(a.sources))['holdout'])
    print(f'{len(files)} photos of {", ".join(a.sources)}, centre crops at 256 px, coloured at each working size\n')
    print('| model | working size | hit ↑ | faint | wrong | dominant-hue share: output (truth) |')
    print('|---|---|---|---|---|---|')
    for m in a.models:
        for s in a.sizes:
            r = diagnose(files, Path(m), s)
            print(f"| {m} | {s} | {r['hit']:.3f} | {r['faint']:.3f} | {r['wrong']:.3f} | {r['dominant_hue']:.2f} ({r['true_dominant_hue']:.2f}) |", flush=True)
