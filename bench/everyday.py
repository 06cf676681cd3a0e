"""The recipe comparison on the larger photo set (issue 22): each variant is `train_run` on one identical
budget of photos seen, exported as a model file, then scored by `colorize-eval`'s code on the validation
photos and on the two source-held-out sets, each predictor on the same photos in the same run.

    python bench/everyday.py ../shared/data/colour runs/everyday photos_train photos_more   # train (resumable), export
    python bench/everyday.py ../shared/data/colour runs/everyday --score                    # score every exported variant

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
from colorizer.schedule import cpu_config, Stage, train_run, TrainConfig
from colorizer.learner import export_run

heldout_sets = {'street': ('dpst', 'camvid'), 'everyday': ('coco_mini', 'celebahq')}
budget = dict(stages=[Stage(128, 16, 1, 5, 2e-3, (1e-4, 1e-3))], epoch_photos=5024,
              holdout=tuple(s for v in heldout_sets.values() for s in v))
variants = {
    'photos_train': dict(),  # today's photos: train/ less the held-out sources (1,750)
    'photos_more': dict(train_dirs=('train', 'more')),  # + more/ (10,750)
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

def score(photos:Path, root:Path, size:int=256, minimal:str|None=None, mean_chroma:str|None=None) -> dict:
    "Each exported variant (and the baselines) on each evaluation set: {set: {predictor: summary}}; CSVs beside the runs."
    from colorizer.evaluate import run_evaluation
    res = {}
    for set_name, files in eval_sets(photos).items():
        for run in sorted(d for d in root.iterdir() if (d/'colorizer.pth').exists()):
            ev, _ = run_evaluation(files, run/'colorizer.pth', size, minimal=minimal, mean_chroma=mean_chroma, device='cpu')
            ev.to_csv(run/f'eval_{set_name}.csv')
            s = ev.summary(); res.setdefault(set_name, {})[run.name] = s['model']
            for b in ('grey', 'mean_chroma', 'minimal_cnn'):
                if s.get(b): res[set_name][b] = s[b]
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
        t = minutes(root/name) if (root/name/'log.csv').exists() else None
        cells += [f'{t[0]:.1f}', f'{t[1]:.1f}'] if t else ['', '']
        out.append('| ' + ' | '.join([name, *cells]) + ' |')
    return '\n'.join(out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('photos', help='folder with train/, more/ and valid/ folders of colour photos')
    p.add_argument('root', help='folder of the runs, one per variant')
    p.add_argument('names', nargs='*', help=f'variants to train (default: all): {", ".join(variants)}')
    p.add_argument('--score', action='store_true', help='score every exported variant and print the table')
    p.add_argument('--minimal', help='minimal baseline model file for the table')
    p.add_argument('--mean-chroma', help='mean chroma file for the table')
    a = p.parse_args(); root, photos = Path(a.root), Path(a.photos)
    if a.score: print(table(score(photos, root, minimal=a.minimal, mean_chroma=a.mean_chroma), root))
    else:
        for name in a.names or variants: print(name, '->', train(photos, root, name), flush=True)
