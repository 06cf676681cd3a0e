"""Train the plain model, the model with embedding fusion, and the plain model + a NoGAN stage on the
same photos with the same schedule, then evaluate all of them (and the grey baseline) on the same
validation photos. Every step is checkpointed in RUN/<variant>, so a rerun resumes.

    python tools/compare_options.py PHOTOS RUN [--size 224] [--quick]

PHOTOS holds train/ and valid/. Prints the evaluation table and a JSON line; writes RUN/compare.json."""
import argparse, json, time
from pathlib import Path
import torch
from colorizer.colorspaces import get_chroma_space
from colorizer.schedule import TrainConfig, Stage, train_progressive, read_progress
from colorizer.gan import train_nogan, GANConfig
from colorizer.evaluate import evaluate, grey_predictor

def schedule(quick, **kw):
    "The shared budget: 64 -> 128 -> 192 px (a few batches each with --quick)."
    stages = [Stage(64, 64, 1, 2, 2e-3, (2e-5, 2e-4)), Stage(128, 32, 1, 2, 1e-3, (1e-5, 1e-4)), Stage(192, 16, 1, 1, 5e-4, (5e-6, 5e-5))]
    if quick: stages = [Stage(32, 8, 1, 1, 1e-3, (1e-5, 1e-4))]
    return TrainConfig(stages=stages, arch='resnet18' if quick else 'resnet34', pretrained=False,
                       n_train=32 if quick else None, n_valid=8 if quick else None, num_workers=0 if quick else 8, **kw)

def predictor(model, space='lab'):
    "grey RGB batch -> colourised RGB batch, through `model` (chroma from luminance)."
    s = get_chroma_space(space); model = model.eval()
    def predict(grey):
        luma = s.luma(grey)
        return s.merge(luma, model.to(grey.device)(luma).float())
    return predict

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('photos'); ap.add_argument('run'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--quick', action='store_true', help='a tiny CPU-sized run, to check the script')
    a = ap.parse_args(); photos, run = Path(a.photos), Path(a.run)
    models, minutes = {}, {}
    for name, kw in [('plain', {}), ('fusion', dict(fusion=True))]:
        t = time.time(); models[name] = train_progressive(photos, schedule(a.quick, **kw), run/name).model
        minutes[name] = round(sum(d['seconds'] for d in read_progress(run/name)) / 60, 2)
    gan = GANConfig(size=32 if a.quick else 192, bs=8 if a.quick else 16)
    models['plain+gan'] = train_nogan(photos, run/'plain', gan)
    minutes['plain+gan'] = round(sum(d['seconds'] for d in read_progress(run/'plain')) / 60, 2)
    preds = {'grey': grey_predictor, **{k: predictor(m) for k, m in models.items()}}
    ev = evaluate(photos/'valid', preds, size=a.size)
    print(ev.table()); print('training minutes (all phases):', minutes)
    (run/'compare.json').write_text(json.dumps(dict(summary=ev.summary(), minutes=minutes), indent=1, default=float))
    print(ev.json_line())

if __name__ == '__main__': main()
