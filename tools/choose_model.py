"""Choose the encoder and the loss weights by measurement: train every variant with the same schedule (same photos, sizes,
epochs, learning rates), then evaluate all of them, and the grey baseline, on the same validation photos.

    python tools/choose_model.py PHOTOS RUN [--variants ...] [--scale 1] [--max-minutes 8.5] [--size 192] [--quick]

PHOTOS holds train/ and valid/ (on the GPU machine: .carry/photos from tools/make_carry.py). Every variant trains in
RUN/<variant> with `train_progressive`, so a rerun resumes; `--max-minutes` stops starting phases when the budget of this
command is spent (rerun to go on). When every variant is done, prints the evaluation table (PSNR, SSIM, ΔE2000,
colourfulness ratio), writes RUN/choose.json (metrics, minutes, images/second, the winner's options) and prints the
winner's options as the COLORIZER_OPTIONS line for `tools/gpu.py train`. The winner has the lowest mean ΔE2000 among
the variants whose mean colourfulness ratio is at least --min-colourfulness (ΔE2000 alone rewards timid, greyish
colour: the grey input itself scores well on it); if none is that colourful, the lowest ΔE2000 of all.

Variants (name: TrainConfig options):
""" 
import argparse, json, time
from dataclasses import replace
from pathlib import Path
import torch
from colorizer.schedule import TrainConfig, Stage, train_progressive, read_progress, schedule_phases, model_from_config
from colorizer.evaluate import evaluate, grey_predictor
from compare_options import predictor  # tools/ is on the path when this script runs

variants = {  # what is compared: encoder init (ResNet-34 from scratch vs Lite0 from ImageNet) and loss weights (HED vs random VGG)
    'r34_scratch+hed': dict(arch='resnet34', pretrained=False, vgg_weights='hed'),
    'lite0_imagenet+hed': dict(arch='efficientnet_lite0', pretrained=True, vgg_weights='hed'),
    'lite0_imagenet+random_vgg': dict(arch='efficientnet_lite0', pretrained=True, vgg_weights='random'),
    'lite0_scratch+hed': dict(arch='efficientnet_lite0', pretrained=False, vgg_weights='hed'),
}
__doc__ += ''.join(f'  {k}: {json.dumps(v)}\n' for k, v in variants.items())

def choice_config(options:dict, scale:float=1., quick:bool=False) -> TrainConfig:
    "The shared budget: 64 px then 128 px (one head epoch and 3·scale epochs of everything each); --quick: 32 px, 16 photos, 1+1 epochs."
    if quick: return TrainConfig(stages=[Stage(32, 8, 1, 1, 1e-3, (1e-5, 1e-4))], n_train=16, n_valid=8, num_workers=0, **options)
    ep = lambda n: max(1, round(n * scale))
    return TrainConfig(stages=[Stage(64, 128, 1, ep(3), 2e-3, (2e-5, 2e-4)), Stage(128, 64, 1, ep(3), 1e-3, (1e-5, 1e-4))],
                       num_workers=12, **options)

def trained_model(run:Path) -> torch.nn.Module:
    "The network of the last finished phase of `run` (built without looking for pretrained weights: they are overwritten)."
    cfg = TrainConfig.load(run/'config.json')
    model = model_from_config(replace(cfg, pretrained=False), img_size=(cfg.stages[0].size,) * 2)
    model.load_state_dict(torch.load(run/'models'/f"{read_progress(run)[-1]['phase']}.pth", map_location='cpu', weights_only=True))
    return model.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('photos'); ap.add_argument('run')
    ap.add_argument('--variants', default=','.join(variants), help='comma-separated names from the list above')
    ap.add_argument('--scale', type=float, default=1., help='multiplies the epochs of every stage')
    ap.add_argument('--max-minutes', type=float, default=8.5, help='start no phase likely to end after this (whole command)')
    ap.add_argument('--size', type=int, default=192, help='evaluation size (photos are centre-cropped to size x size)')
    ap.add_argument('--min-colourfulness', type=float, default=0.5, help='winner: lowest ΔE2000 among variants at least this colourful')
    ap.add_argument('--quick', action='store_true', help='a tiny CPU-sized run (32 px, 16 photos), to check the script')
    a = ap.parse_args(); photos, run, t0 = Path(a.photos), Path(a.run), time.time()
    names = a.variants.split(',')
    if unknown := [n for n in names if n not in variants]: ap.error(f'unknown variants {unknown}: known are {list(variants)}')
    for name in names:
        left = a.max_minutes - (time.time() - t0) / 60
        if left <= 0: break
        train_progressive(photos, choice_config(variants[name], a.scale, a.quick), run/name, max_minutes=left)
    todo = [n for n in names if len(read_progress(run/n)) < len(schedule_phases(choice_config(variants[n], a.scale, a.quick)))]
    if todo: print(f'time is up; not finished: {todo}. Run the same command again to resume.'); return
    files = sorted((photos/'valid').glob('*.jpg'))[:8 if a.quick else None]
    ev = evaluate(files, {'grey': grey_predictor, **{n: predictor(trained_model(run/n)) for n in names}}, size=a.size)
    print(ev.table())
    summary = ev.summary()
    vivid = [n for n in names if summary[n]['colourfulness_ratio']['mean'] >= a.min_colourfulness] or names
    winner = min(vivid, key=lambda n: summary[n]['deltae2000']['mean'])
    progress = {n: read_progress(run/n) for n in names}
    result = dict(winner=winner, options=variants[winner], rule=f'lowest mean deltae2000 with colourfulness ratio >= {a.min_colourfulness}', summary=summary, size=a.size, n_photos=len(files),
                  minutes={n: round(sum(d['seconds'] for d in p) / 60, 2) for n, p in progress.items()},
                  images_per_second={n: [d.get('images_per_second') for d in p] for n, p in progress.items()},
                  device=torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu', scale=a.scale)
    (run/'choose.json').write_text(json.dumps(result, indent=1, default=float))
    print('training minutes:', result['minutes']); print('images/second per phase:', result['images_per_second'])
    print(f'winner (lowest mean ΔE2000 of {vivid}): {winner}')
    print(f"COLORIZER_OPTIONS='{json.dumps(variants[winner])}'")

if __name__ == '__main__': main()
