"""The recipe comparison that chose `cpu_config`: each variant is `colorize-train` (`train_run`) with one
identical short budget, then the table of what each reached on the validation photos and on the
held-out sources, with what it cost.

    python bench/recipes.py ../shared/data/colour runs/recipes                       # every variant, then the table
    python bench/recipes.py ../shared/data/colour runs/recipes lite0_s4_pixel lite1_s4_pixel   # some of them
    python bench/recipes.py ../shared/data/colour runs/recipes --table               # only the table, from the runs' logs

The budget: 128 px crops of every training photo but the held-out sources (`dpst`, `camvid`), one epoch
with the encoder frozen, then two with everything trained (discriminative learning rates), seed 42.
Each run resumes if stopped; its `log.csv` has a row per epoch, and `snapshots/` shows it by eye.
Run it on a quiet machine: photos/s and minutes are measured, and two runs side by side halve both.
"""
from __future__ import annotations
import argparse, csv, statistics
from pathlib import Path
from colorizer.schedule import TrainConfig, Stage, train_run

base = dict(stages=[Stage(128, 16, 1, 2, 2e-3, (1e-4, 1e-3))], arch='chroma_unet', encoder='efficientnet_lite0', widths=(96, 64, 32),
            pretrained=True, vgg_weights='hed', feature_scale=0.5, feature_frac=0.5, holdout=('dpst', 'camvid'))
balanced = dict(pixel_weight=20., feature_weights=(10., 35., 5.), gram_weight=100.)  # the three groups of terms of equal size on grey output
variants = {
    'lite0_s4_feature': dict(),  # `FeatureLoss`'s default weights: the gram terms are ~100x the others
    'lite0_s4_pixel': dict(loss='pixel'),
    'lite0_s4_balanced': balanced,
    'lite0_s4_light': dict(pixel_weight=20., feature_weights=(2., 7., 1.), gram_weight=0.),  # a small perceptual term, no gram
    'lite1_s4_pixel': dict(loss='pixel', encoder='efficientnet_lite1'),
    'lite2_s4_pixel': dict(loss='pixel', encoder='efficientnet_lite2'),
    'lite0_s2_pixel': dict(loss='pixel', widths=(96, 64, 32, 16)),
    'lite0_s4_fusion_pixel': dict(loss='pixel', fusion=True),
    'lite1_s4_balanced': dict(balanced, encoder='efficientnet_lite1'),
    'lite2_s4_balanced': dict(balanced, encoder='efficientnet_lite2'),
    'lite0_s2_balanced': dict(balanced, widths=(96, 64, 32, 16)),
    'lite0_s4_fusion_balanced': dict(balanced, fusion=True),
}

def recipe(name:str) -> TrainConfig: return TrainConfig(**{**base, **variants[name]})

def row(run:Path) -> dict|None:
    "The last epoch's figures of a run, with its mean photos/s and minutes in all."
    if not (run/'log.csv').exists(): return None
    log = list(csv.DictReader(open(run/'log.csv')))
    f = lambda k: float(log[-1][k])
    return dict(variant=run.name, epochs=len(log), valid_deltae2000=f('valid_deltae2000'), valid_psnr=f('valid_psnr'),
                valid_colourfulness=f('valid_colourfulness_ratio'), holdout_deltae2000=f('holdout_deltae2000'), holdout_psnr=f('holdout_psnr'),
                holdout_colourfulness=f('holdout_colourfulness_ratio'),
                photos_per_second=statistics.mean(float(r['photos_per_second']) for r in log[1:] or log),
                minutes=sum(float(r['epoch_seconds']) for r in log) / 60)

def table(root:Path) -> str:
    "The markdown table of every run under `root`, best valid ΔE00 first."
    rows = sorted(filter(None, (row(d) for d in sorted(root.iterdir()) if d.is_dir())), key=lambda r: r['valid_deltae2000'])
    out = ['| variant | epochs | valid ΔE00 ↓ | valid PSNR | valid colourfulness | held-out ΔE00 ↓ | held-out PSNR | held-out colourfulness | photos/s (unfrozen) | minutes |',
           '|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        out.append(f"| {r['variant']} | {r['epochs']} | {r['valid_deltae2000']:.2f} | {r['valid_psnr']:.2f} | {r['valid_colourfulness']:.2f} | "
                   f"{r['holdout_deltae2000']:.2f} | {r['holdout_psnr']:.2f} | {r['holdout_colourfulness']:.2f} | {r['photos_per_second']:.1f} | {r['minutes']:.1f} |")
    return '\n'.join(out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('photos', help='folder with train/ and valid/ folders of colour photos')
    p.add_argument('root', help='folder of the runs, one per variant')
    p.add_argument('names', nargs='*', help=f'variants to run (default: all): {", ".join(variants)}')
    p.add_argument('--table', action='store_true', help='only print the table of the runs already there')
    a = p.parse_args(); root = Path(a.root)
    if not a.table:
        for name in a.names or variants: train_run(a.photos, root/name, recipe(name), cache_dir=root/'cache')
    print(table(root))
