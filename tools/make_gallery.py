"""The README's gallery, made by the shipped model: grey / ours / original strips for photos that may be redistributed.

    python tools/make_gallery.py                 # docs/gallery/*.jpg and the markdown table on stdout
    python tools/make_gallery.py --model runs/cpu/colorizer.pth --out /tmp/gallery

The photos are scikit-image's public-domain and CC0 samples (installed with the dev extra; never
trained on: the training photos are `../shared/data/colour/train`): colour ones are turned grey,
colourised, and shown beside the original; the black-and-white quick-start sample
(`data/samples/camera.png`, CC0) and three real black-and-white photos of `../shared/data/bw` whose
originals are public domain (a 1936 US government photo, two 19th-century portraits) are shown
grey / ours. Each strip is written at 256 px high, JPEG
quality 88. Licences and sources are printed in the table, from scikit-image's own docstrings.
"""
from __future__ import annotations
import argparse
from pathlib import Path
from PIL import Image, ImageOps

root = Path(__file__).resolve().parents[1]
photos = {  # name: (file, source and licence as scikit-image states it)
    'astronaut': ('astronaut.png', 'NASA (Eileen Collins), via `skimage.data.astronaut`: public domain'),
    'coffee': ('coffee.png', 'Rachel Michetti, via `skimage.data.coffee`: CC0'),
    'chelsea': ('chelsea.png', 'Stefan van der Walt, via `skimage.data.chelsea`: CC0'),
    'rocket': ('rocket.jpg', 'SpaceX, via `skimage.data.rocket`: public domain'),
    'camera': (None, 'Lav Varshney, via `skimage.data.camera` (`data/samples/camera.png`): CC0'),
}
bw = {  # real black-and-white photos of ../shared/data/bw whose originals are public domain: name: (file, source)
    'migrant_mother': ('bigcolor_images_gray__migrant_mother_1.jpg', 'Dorothea Lange, "Migrant Mother", 1936, for the US Farm Security Administration (Library of Congress): public domain'),
    'lincoln': ('swinir_testsets__Lincoln.jpg', 'Alexander Gardner, Abraham Lincoln, 1863: public domain'),
    'old_tom_morris': ('ffdnet_testsets__Old_Tom_Morris.jpg', 'Old Tom Morris, a 19th-century photograph: public domain'),
}


def strip(panels:list, height:int=256, gap:int=4) -> Image.Image:
    "The images side by side at `height`, on white."
    ims = [ImageOps.contain(p.convert('RGB'), (10 * height, height)) for p in panels]
    out = Image.new('RGB', (sum(i.width for i in ims) + gap * (len(ims) - 1), height), 'white')
    x = 0
    for im in ims: out.paste(im, (x, 0)); x += im.width + gap
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model', help="model file (default: the project's)")
    p.add_argument('--out', default=str(root/'docs'/'gallery'), help='folder for the strips (default docs/gallery)')
    a = p.parse_args()
    import skimage
    from colorizer.runtime import ort_colorizer
    clr, out = ort_colorizer(a.model), Path(a.out); out.mkdir(parents=True, exist_ok=True)
    data = Path(skimage.__file__).parent/'data'
    print('| photo | grey / ours / original | source, licence |\n|---|---|---|')
    for name, (fname, source) in photos.items():
        orig = Image.open(data/fname).convert('RGB') if fname else None
        grey = orig.convert('L') if orig else Image.open(root/'data'/'samples'/'camera.png').convert('L')
        ours = clr.colorize(grey)
        strip([grey, ours] + ([orig] if orig else [])).save(out/f'{name}.jpg', quality=88)
        rel = (out/f'{name}.jpg').relative_to(root) if out.is_relative_to(root) else out/f'{name}.jpg'
        print(f'| {name} | ![{name}]({rel}) | {source} |')
    for name, (fname, source) in bw.items():
        grey = Image.open(root.parent/'shared'/'data'/'bw'/fname).convert('L')
        strip([grey, clr.colorize(grey)]).save(out/f'{name}.jpg', quality=88)
        rel = (out/f'{name}.jpg').relative_to(root) if out.is_relative_to(root) else out/f'{name}.jpg'
        print(f'| {name} | ![{name}]({rel}) | {source} |')


if __name__ == '__main__': main()
