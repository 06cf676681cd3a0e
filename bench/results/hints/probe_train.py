"""Probe: does a hint network learn to use where a hint is? Train a fresh one's `HintSpread` on a colouriser for a few
hundred steps on random training crops (no batch seen twice), then measure on held-out `valid/` photos.

    python bench/results/hints/probe_train.py STEPS [COLOURISER] [LR]     # e.g. 300 models/colorizer.pth 1e-3

Prints, for 16 `valid/` photos at 160 px, the chroma error in the 21x21 window at the centre: without a hint, with a
5x5 true-colour hint at the centre, and with it in a far corner (a network that uses the hint's place does much
better with the centre one than with the corner one), before and after the steps; and the mean error over the
whole photo with 0, 1 and 10 hints drawn from the truth."""
import sys, time, random, torch
import torch.nn.functional as F
from pathlib import Path
from fastai.optimizer import Adam
from colorizer.model_file import load_model_file, build_model
from colorizer.data import PhotoCache, crop_loader, simulate_hints
from colorizer.loss import PixelLoss
from colorizer.evaluate import _batch_of

torch.manual_seed(0); torch.set_num_threads(2)
steps = int(sys.argv[1]); init = sys.argv[2] if len(sys.argv) > 2 else 'models/colorizer.pth'; lr = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
base, meta = load_model_file(init)
net = build_model(dict(meta, hints=True)); net.load_state_dict(base.state_dict(), strict=False)
space = meta.get('space', 'lab')
files = sorted(Path('../shared/data/colour/valid').glob('*.jpg'))[:16]
rgb, grey = _batch_of(files, 160, 'cpu')
from colorizer.colorspaces import get_chroma_space
y = get_chroma_space(space).encode(rgb); x = y[:, :1]

def square(pos):
    h = torch.zeros(16, 3, 160, 160); r, c = pos
    h[:, :2, r:r + 5, c:c + 5] = y[:, 1:, r:r + 5, c:c + 5].mean((2, 3), keepdim=True); h[:, 2, r:r + 5, c:c + 5] = 1
    return h

def report(tag):
    net.eval(); t = y[:, 1:, 70:91, 70:91]; res = {}
    with torch.no_grad():
        for name, h in [('none', None), ('centre', square((78, 78))), ('corner', square((10, 10)))]:
            out = net(x if h is None else torch.cat([x, h], 1)); res[name] = round(float((out[..., 70:91, 70:91] - t).abs().mean()), 4)
        for n in (0, 1, 10):
            h = simulate_hints(y[:, 1:], n=n, rng=random.Random(1)); out = net(torch.cat([x, h], 1))
            res[f'photo_{n}'] = round(float((out - y[:, 1:]).abs().mean()), 4)
    print(tag, res, flush=True)

report('before')
cache = PhotoCache.load('runs/everyday/cache_train_more/train_200.npz')
dl = crop_loader(cache, 160, 16, space, True, 'cpu', n=16 * steps)
opt = torch.optim.Adam(net.hint_spread.parameters(), lr=lr)
loss_func, rng, t0 = PixelLoss(space), random.Random(0), time.time()
net.train()
for s, (xb, yb) in enumerate(dl):
    xb, yb = xb.as_subclass(torch.Tensor), yb.as_subclass(torch.Tensor)
    h = simulate_hints(yb[:, 1:], 1/8, 9, rng=rng)
    loss = loss_func(net(torch.cat([xb, h], 1)), yb)
    opt.zero_grad(); loss.backward(); opt.step()
    if s % 50 == 0: print(s, round(float(loss.detach()), 4), round(time.time() - t0), 's', flush=True)
print(f'{steps} steps in {time.time() - t0:.0f} s')
report('after')
