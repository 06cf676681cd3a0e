"""Probe: does a hint model use where a hint is? Then train its hint blocks alone on one batch and ask again.

    python bench/results/hints/probe_locality.py LR STEPS [MODEL]     # e.g. 1e-3 150 runs/hints/colorizer.pth

One batch of 16 `valid/` photos at 160 px; a 5x5 hint of the true chroma at the centre, or in a far corner; prints
the mean chroma error in the 21x21 window at the centre without a hint, with the centre hint and with the corner
hint (a hint model that uses the hint's place does better with the centre one), before and after the training."""
import torch, random, time, sys
import torch.nn.functional as F
from colorizer.learner import load_colorizer
from colorizer.data import simulate_hints
from colorizer.evaluate import _batch_of
from colorizer.data import colour_photos
from pathlib import Path
torch.manual_seed(0)
lr = float(sys.argv[1]); steps = int(sys.argv[2])
c = load_colorizer(sys.argv[3] if len(sys.argv) > 3 else 'runs/hints/colorizer.pth', device='cpu'); m = c.model
files = sorted(Path('../shared/data/colour/valid').glob('*.jpg'))[:16]
rgb, grey = _batch_of(files, 160, 'cpu')
y = c.space.encode(rgb)  # (N,3,H,W) luma + chroma, normalised
x = y[:, :1]
for p in m.parameters(): p.requires_grad_(False)
hp = [p for n, p in m.named_parameters() if n.startswith('hint_blocks')]
for p in hp: p.requires_grad_(True)
opt = torch.optim.Adam(hp, lr=lr)
m.eval()  # BN frozen everywhere (running stats), as a probe
def local_effect():
    # one 5x5 hint of the true chroma at the centre: mean |error| inside a 21x21 window, with and without it
    h = torch.zeros(16, 3, 160, 160); h[:, :2, 78:83, 78:83] = y[:, 1:, 78:83, 78:83].mean((2, 3), keepdim=True); h[:, 2, 78:83, 78:83] = 1
    with torch.no_grad(): a, b = m(x), m(torch.cat([x, h], 1))
    t = y[:, 1:, 70:91, 70:91]
    g = torch.zeros(16, 3, 160, 160); g[:, :2, 10:15, 10:15] = y[:, 1:, 10:15, 10:15].mean((2, 3), keepdim=True); g[:, 2, 10:15, 10:15] = 1
    with torch.no_grad(): cc = m(torch.cat([x, g], 1))
    print('  window error with a far hint (corner):', float((cc[..., 70:91, 70:91] - t).abs().mean()))
    return float((a[..., 70:91, 70:91] - t).abs().mean()), float((b[..., 70:91, 70:91] - t).abs().mean()), float((b - a)[..., :40, :40].abs().mean())
print('before: window error without / with hint, far change', local_effect())
rng = random.Random(0); t0 = time.time()
for s in range(steps):
    h = simulate_hints(y[:, 1:], 1/8, 9, rng=rng)
    loss = F.l1_loss(m(torch.cat([x, h], 1)), y[:, 1:])
    opt.zero_grad(); loss.backward(); opt.step()
    if s % 50 == 0: print(s, round(float(loss), 4), round(time.time() - t0), 's', flush=True)
print('after: window error without / with hint, far change', local_effect())
