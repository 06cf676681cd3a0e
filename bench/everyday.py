"""The recipe comparison on the larger photo set (issue 22): each variant is `train_run` on one identical
budget of photos seen, exported as a model file, then scored by `colorize-eval`'s code on the validation
photos and on the two source-held-out sets, each predictor on the same photos in the same run.

    python bench/everyday.py ../shared/data/colour runs/everyday photos_train photos_more   # train (resumable), export
    python bench/everyday.py ../shared/data/colour runs/everyday --score                    # score every exported variant
    python bench/everyday.py ../shared/data/colour runs/everyday yuv_more --score --gains 1.2  # score some, merged into scores.json

The budget: 6 epochs of 5,024 random 128 px crops (30,144 photos seen): one epoch with the encoder
frozen, five with everything trained (discriminative learning rates), seed 42, the Lite0 `ChromaUnet`
and `cpu_config`'s learning rates. Held out of every variant's training: `dpst` + `camvid` (landscapes
and streets) and `coco_mini` + `celebahq` (everyday scenes, faces and animals: the "everyday" set).
Run it on a quiet machine: photos/s and minutes are measured, and two runs side by side halve both.
"""
from __future__ import annotations
import argparse, csv, json, statistics
from pathlib import Path
from colorizer.data import split_files, source_of
from colorizer.schedule import cpu_config, Stage, train_run, TrainConfig, export_run

heldout_sets = {'street': ('dpst', 'camvid'), 'everyday': ('coco_mini', 'celebahq')}
budget = dict(stages=[Stage(128, 16, 1, 5, 2e-3, (1e-4, 1e-3))], epoch_photos=5024,
              holdout=tuple(s for v in heldout_sets.values() for s in v))
more = dict(train_dirs=('train', 'more'))
variants = {
    'photos_train': dict(),  # today's photos: train/ less the held-out sources (1,750)
    'photos_more': more,  # + more/ (10,750)
    'bins_more': dict(more, loss='bins'),  # the bins loss (`BinLoss`, `AbBins`), Zhang et al. 2016
    'bins_train': dict(loss='bins'),
    'rebalanced_more': dict(more, loss='rebalanced'),  # the pixel loss, each pixel weighted by the rarity of its true colour
    'rebalanced_more_l09': dict(more, loss='rebalanced', bin_lambda=0.9),  # milder rebalancing: more of the uniform mix
    'rebalanced_more_l097': dict(more, loss='rebalanced', bin_lambda=0.97),
    'minimal_more': dict(more, arch='minimal', loss='mse', pretrained=False),  # the minimal CNN baseline on the same budget
    'lite2_more': dict(more, encoder='efficientnet_lite2'),
    'fusion_more': dict(more, fusion=True),
    'yuv_more': dict(more, space='yuv'),
}

def recipe(name:str) -> TrainConfig: return cpu_config(**{**budget, **variants[name]})

def eval_sets(photos:Path) -> dict:
    "name -> photo files: the validation photos and each held-out set."
    files = split_files(photos, budget['holdout'])
    return {'valid': sorted(files['valid']),
            **{k: sorted(f for f in files['holdout'] if source_of(f) in srcs) for k, srcs in heldout_sets.items()}}

def train(photos:Path, root:Path, name:str) -> Path:
    "Train variant `name` (resuming) and export its model file."
    train_run(photos, root/name, recipe(name), cache_dir=root/f'cache_{"_".join(recipe(name).train_dirs)}')
    return export_run(root/name, note=f'recipe variant {name}')

def minutes(run:Path) -> tuple:
    "(minutes in all, mean photos/s of the unfrozen epochs) from a run's log."
    log = list(csv.DictReader(open(run/'log.csv')))
    return sum(float(r['epoch_seconds']) for r in log) / 60, statistics.mean(float(r['photos_per_second']) for r in log[1:] or log)

def predictors(root:Path, size:int=256, temperatures:tuple=(), mean_chroma:str|None=None, names:tuple=(), gains:tuple=()) -> dict:
    "name -> predictor: every exported variant (or those in `names`; a bins variant once per annealing temperature, any other once per chroma gain too), grey and mean chroma."
    from colorizer.evaluate import grey_predictor, mean_chroma_predictor, load_mean_chroma, colorizer_predictor, register_minimal
    from colorizer.learner import load_colorizer
    from colorizer.photos import models_dir
    register_minimal(); preds = {}
    for run in sorted(d for d in root.iterdir() if (d/'colorizer.pth').exists() and (not names or d.name in names)):
        c = load_colorizer(run/'colorizer.pth', device='cpu', size=size); preds[run.name] = colorizer_predictor(c)
        for t in temperatures if c.meta.get('n_bins') else ():
            ct = load_colorizer(run/'colorizer.pth', device='cpu', size=size); ct.model.head.temperature = t
            preds[f'{run.name} T={t}'] = colorizer_predictor(ct)
        for g in gains if not c.meta.get('n_bins') and c.meta.get('arch') == 'chroma_unet' else ():
            cg = load_colorizer(run/'colorizer.pth', device='cpu', size=size); cg.model.chroma_gain = g  # `ChromaUnet.chroma_gain`
            preds[f'{run.name} ×{g}'] = colorizer_predictor(cg)
    return {**preds, 'grey': grey_predictor, 'mean_chroma': mean_chroma_predictor(load_mean_chroma(mean_chroma or models_dir()/'mean_chroma.json'))}

def score(photos:Path, root:Path, size:int=256, temperatures:tuple=(), mean_chroma:str|None=None, names:tuple=(), gains:tuple=()) -> dict:
    "Every predictor on each evaluation set, in one pass per set: {set: {predictor: summary}}; per-photo CSVs in `root`, merged into its scores.json."
    from colorizer.evaluate import evaluate
    res, preds = {}, predictors(root, size, temperatures, mean_chroma, names, gains)
    old = json.loads((root/'scores.json').read_text()) if (root/'scores.json').exists() else {}
    for set_name, files in eval_sets(photos).items():
        ev = evaluate(files, preds, size, device='cpu')
        ev.to_csv(root/f'eval_{set_name}{"_" + "_".join(names) if names else ""}.csv')
        res[set_name] = {**old.get(set_name, {}), **ev.summary()}
        print(f'{set_name}: {len(files)} photos', flush=True)
    (root/'scores.json').write_text(json.dumps(res, indent=1))
    return res

def table(res:dict, root:Path) -> str:
    "Markdown: one row per variant and baseline, ΔE00 / colourfulness ratio / hue hits on each set."
    sets = list(res)
    head = ['variant', *[f'{s} {m}' for s in sets for m in ('ΔE00 ↓', 'colourful', 'hue hits ↑')], 'minutes', 'photos/s']
    out = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for name in res[sets[0]]:
        cells = []
        for s in sets:
            v = res[s].get(name)
            cells += ['—'] * 3 if v is None else [f"{v['deltae2000']['mean']:.2f}", f"{v['colourfulness_ratio']['mean']:.2f}",
                                                  f"{v['hue_hits']['mean']:.3f}" if 'hue_hits' in v else '—']
        t = minutes(root/name) if (root/name/'log.csv').exists() else None  # a temperature row or a baseline: no run of its own
        cells += [f'{t[0]:.1f}', f'{t[1]:.1f}'] if t else ['', '']
        out.append('| ' + ' | '.join([name, *cells]) + ' |')
    return '\n'.join(out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('photos', help='folder with train/, more/ and valid/ folders of colour photos')
    p.add_argument('root', help='folder of the runs, one per variant')
    p.add_argument('names', nargs='*', help=f'variants to train (default: all): {", ".join(variants)}')
    p.add_argument('--score', action='store_true', help='score the named variants (default: every exported one), merge into scores.json and print the table')
    p.add_argument('--gains', nargs='*', type=float, default=(), help='also score each regression variant with its chroma multiplied by these gains')
    p.add_argument('--temperatures', nargs='*', type=float, default=(), help='also score each bins variant at these annealing temperatures')
    p.add_argument('--mean-chroma', help='mean chroma file for the table (default: the project\'s models/mean_chroma.json)')
    p.add_argument('--size', type=int, default=256, help='working size of the evaluation')
    a = p.parse_args(); root, photos = Path(a.root), Path(a.photos)
    if a.score: print(table(score(photos, root, a.size, tuple(a.temperatures), a.mean_chroma, tuple(a.names), tuple(a.gains)), root))
    else:
        for name in a.names or variants: print(name, '->', train(photos, root, name), flush=True)
