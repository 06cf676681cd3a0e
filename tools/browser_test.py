"""End-to-end test of the web page (`colorize --serve`) in headless Chromium, through Playwright.

Starts `colorize --serve` as a user would, on a free loopback port, with a random-weight model
saved in a temporary folder. It drops two photos on the page, waits for the results, downloads
the first one and checks that it is a colour photo of the input's size. It clicks the second
result in the gallery, takes a screenshot, then drops a text file (the page adds it to the two
photos and runs all three) and checks that the message names it. Then it drops a short film (made
of two validation photos, with a sound track) and checks that the coloured film comes back beside
it, that Chromium loads it as a playable video of the film's length, and takes a screenshot. With a model that takes colour
hints (`--hint-model`, else the project's model when it takes them) it serves that one too, at its own working size, drops a photo, sets the pin colour
in the picker and clicks the photo: the output must turn that colour at the pin (hue within 30 degrees), stay as it was far
from it, and the pins file must hold the pin (DIR/page_hint.png); then it gives the photo's colour original as the reference
photo: the picture of the matches must show, the message say what the reference lent, and the output
come nearer the original (DIR/page_reference.png). Every request the page makes
is recorded: one to another host fails the test.

    python tools/browser_test.py [--out DIR] [--chromium /usr/bin/chromium]

Writes DIR/page.png, DIR/page_bad_file.png and DIR/page_film.png (DIR: a new temporary folder by default), prints
their paths and the timings; exit status 0 when every check passes. Needs Chromium (Debian:
`apt-get install chromium`) and the `playwright` Python package; `playwright install` is never
needed (it downloads a browser)."""
import argparse, io, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request, warnings
from pathlib import Path
from urllib.parse import urlparse
import numpy as np, torch
from PIL import Image
from torchvision import models
from playwright.sync_api import sync_playwright, expect
warnings.filterwarnings('ignore', category=FutureWarning)  # torch.jit.script and weight_norm deprecations, raised while importing
from colorizer.colorspaces import data_path
from colorizer.photos import default_model_path
from colorizer.model import colorizer_unet
from colorizer.model_file import save_colorizer

# Without these, Chromium waits on the closed network (component updates, sync, QUIC probes).
chromium_args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']

def free_port() -> int:
    "A TCP port free on the loopback interface now."
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start_server(model:Path, port:int, log:Path, cache:Path, size:int|None=128) -> subprocess.Popen:
    "`colorize --serve` in its own process at working size `size` (None: the model's own), output to `log`, Gradio's upload cache in `cache`."
    cmd = [Path(sys.executable).parent/'colorize', '--serve', '--model', model, '--port', port, *(['--size', size] if size else [])]
    env = dict(os.environ, GRADIO_TEMP_DIR=str(cache))
    return subprocess.Popen([str(c) for c in cmd], stdout=open(log, 'w'), stderr=subprocess.STDOUT, env=env)

def wait_for(url:str, proc:subprocess.Popen, log:Path, timeout:float=300):
    "Wait until `url` answers; fail with the server's output if it exits or `timeout` seconds pass."
    start = time.time()
    while time.time() - start < timeout:
        if proc.poll() is not None: sys.exit(f'colorize --serve exited with {proc.returncode}:\n{log.read_text()}')
        try: urllib.request.urlopen(url, timeout=5); return
        except OSError: time.sleep(0.5)
    sys.exit(f'colorize --serve did not answer at {url} within {timeout} s:\n{log.read_text()}')

def colourfulness(im:Image.Image) -> float:
    "Mean absolute difference between the red and green channels: 0 for a grey photo."
    a = np.asarray(im.convert('RGB'), dtype=np.int16)
    return float(np.abs(a[..., 0] - a[..., 1]).mean())

def check_page(page, url:str, photos:list, bad:Path, out:Path, times:dict):
    "Drive the page: two photos, the download, the gallery, a screenshot, then a file that is not a photo."
    t = time.time(); page.goto(url); page.wait_for_selector('#photos'); times['page load'] = time.time() - t
    t = time.time(); page.locator('#photos input[type=file]').set_input_files([str(p) for p in photos])
    links = page.locator('#downloads a[download]')
    expect(links).to_have_count(2, timeout=300_000); times['two photos colourised'] = time.time() - t
    link = links.first; name = link.get_attribute('download')
    assert name == f'{photos[0].stem}_colorized.jpg', name
    got = Image.open(io.BytesIO(page.request.get(link.get_attribute('href')).body()))
    assert got.size == Image.open(photos[0]).size, (got.size, Image.open(photos[0]).size)
    assert colourfulness(got) > 5, f'{name} is grey: colourfulness {colourfulness(got):.2f}'
    print(f'download {name}: {got.size[0]}×{got.size[1]}, colourfulness {colourfulness(got):.1f} (0 is grey)')
    expect(page.locator('#message')).to_contain_text('2 colourised')
    before = page.locator('#slider img').last.get_attribute('src')
    page.locator('#gallery .thumbnail-item').nth(1).click()
    expect(page.locator('#slider img').last).not_to_have_attribute('src', before, timeout=60_000)
    page.screenshot(path=out/'page.png', full_page=True)
    t = time.time(); page.locator('#photos input[type=file]').set_input_files([str(bad)])  # added to the two photos
    expect(page.locator('#message')).to_contain_text(f'{bad.name}: not an image', timeout=300_000); times['bad file answered'] = time.time() - t
    page.screenshot(path=out/'page_bad_file.png', full_page=True)
    print('message:', page.locator('#message').inner_text().replace('\n', ' | '))

def check_film(page, film:Path, out:Path, times:dict):
    "Drop a film; the coloured one must come back, and Chromium must load it as a video of the film's length."
    t = time.time(); page.locator('#film input[type=file]').set_input_files([str(film)])
    expect(page.locator('#film_message')).to_contain_text('colourised', timeout=300_000); times['film colourised'] = time.time() - t
    video = page.locator('#film_out video')
    expect(video).to_have_count(1, timeout=60_000)
    page.wait_for_function("v => v.readyState >= 1 && v.duration > 0", arg=video.element_handle(), timeout=60_000)
    duration = video.evaluate('v => v.duration')
    assert 0.8 < duration < 1.5, f'the coloured film plays for {duration} s in the browser (the film lasts 1 s)'
    page.screenshot(path=out/'page_film.png', full_page=True)
    print(f"film: {page.locator('#film_message').inner_text().strip()}; plays in Chromium for {duration:.2f} s")

def lab_ab(rgb:np.ndarray) -> np.ndarray:
    "Lab (a, b) of RGB uint8 pixels (..., 3)."
    from colorizer.photos import srgb_chroma
    return srgb_chroma(rgb.astype(np.float32) / 255) * 110

def check_hints(page, url:str, photo:Path, out:Path, times:dict, colour:str='#1060ff', at:tuple=(0.5, 0.45)):
    "With a model that takes hints: drop a photo, pin `colour` on it; the output must turn that colour there, stay as it was far away, and the pins file hold the pin."
    page.goto(url); page.wait_for_selector('#photos')
    page.locator('#photos input[type=file]').set_input_files([str(photo)])
    img, links = page.locator('#pin_photo img'), page.locator('#pin_downloads a[download]')
    expect(links).to_have_count(1, timeout=300_000)  # the photo without pins: its output alone
    fetch = lambda a: page.request.get(a.get_attribute('href')).body()
    before = np.asarray(Image.open(io.BytesIO(fetch(links.first))).convert('RGB'), dtype=np.float32)
    page.locator('#pin_colour button.dialog-button').click()
    hexin = page.locator('#pin_colour input[type=text]'); hexin.fill(colour); hexin.press('Enter')
    page.locator('#pin_message').click()  # closes the picker
    box = img.bounding_box(); src = img.get_attribute('src')
    t = time.time(); img.click(position={'x': box['width'] * at[0], 'y': box['height'] * at[1]})
    expect(links).to_have_count(2, timeout=60_000); expect(img).not_to_have_attribute('src', src); times['a pin to the updated photo'] = time.time() - t
    after = np.asarray(Image.open(io.BytesIO(fetch(links.first))).convert('RGB'), dtype=np.float32)
    pins = json.loads(fetch(links.nth(1)))['hints']
    h, w = after.shape[:2]; x, y = round(at[0] * (w - 1)), round(at[1] * (h - 1))
    assert len(pins) == 1 and abs(pins[0]['x'] - x) <= 0.02 * w and abs(pins[0]['y'] - y) <= 0.02 * h and pins[0]['colour'] == colour, (pins, x, y)
    r = max(2, w // 100); near = lab_ab(after[y - r:y + r + 1, x - r:x + r + 1].astype(np.uint8)).reshape(-1, 2).mean(0)
    want = lab_ab(np.array(Image.new('RGB', (1, 1), colour))).reshape(2)
    hue = abs((np.degrees(np.arctan2(near[1], near[0]) - np.arctan2(want[1], want[0])) + 180) % 360 - 180)
    assert np.hypot(*near) >= 10 and hue <= 30, f'at the pin the output is ab {near.round(1)} (chroma {np.hypot(*near):.1f}), the pin ab {want.round(1)}: {hue:.0f} degrees of hue apart'
    far = np.abs(after - before)[:, : w // 10] if at[0] > 0.5 else np.abs(after - before)[:, -(w // 10):]  # the tenth of the photo farthest from the pin
    assert far.mean() < 4, f'far from the pin the output changed by {far.mean():.1f} levels on average'
    page.screenshot(path=out/'page_hint.png', full_page=True)
    print(f'hint: pin {colour} at ({x}, {y}): the output there has hue {hue:.0f} degrees from it (chroma {np.hypot(*near):.0f}); '
          f'far from it, changed by {far.mean():.2f} levels on average')
    check_reference(page, photo, after, links, out, times)

def check_reference(page, photo:Path, pinned:np.ndarray, links, out:Path, times:dict):
    "Give the pinned photo its own colour original as the reference: the matches picture must show, the message say what it lent, and the output come nearer the original."
    src, orig = page.locator('#pin_photo img').get_attribute('src'), np.asarray(Image.open(photo).convert('RGB'))
    t = time.time()
    with page.expect_file_chooser() as chooser: page.locator('#pin_reference').click()
    chooser.value.set_files(str(photo))
    expect(page.locator('#pin_matches img')).to_be_visible(timeout=120_000); expect(page.locator('#pin_photo img')).not_to_have_attribute('src', src)
    times['a reference to the updated photo'] = time.time() - t
    msg = page.locator('#pin_message').inner_text()
    assert f'colour from reference {photo.name}' in msg, msg
    fetch = lambda a: page.request.get(a.get_attribute('href')).body()
    referenced = np.asarray(Image.open(io.BytesIO(fetch(links.first))).convert('RGB'))
    err = lambda im: float(np.abs(lab_ab(im) - lab_ab(orig)).mean())
    assert err(referenced) < err(pinned.astype(np.uint8)), f'with the photo itself as reference the ab error is {err(referenced):.2f}, without {err(pinned.astype(np.uint8)):.2f}'
    page.screenshot(path=out/'page_reference.png', full_page=True)
    print(f'reference: {msg.strip()}; mean ab error against the original {err(pinned.astype(np.uint8)):.2f} without, {err(referenced):.2f} with it')

def _hint_model(given:str|None) -> Path|None:
    "The model the pins are checked with: `given`, else the project's model when it takes hints; None when there is none."
    from colorizer.model_file import load_model_file
    f = Path(given) if given else default_model_path()
    return f if f.is_file() and load_model_file(f)[1].get('hints') else None

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--out', help='folder for the screenshots (default: a new temporary folder)')
    p.add_argument('--chromium', default='/usr/bin/chromium', help='the Chromium executable')
    p.add_argument('--hint-model', help="a model that takes colour hints, for the pins check (default: the project's model, when it takes them)")
    args = p.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix='colorize-browser-')); out.mkdir(parents=True, exist_ok=True)
    tmp, times, start = Path(tempfile.mkdtemp(prefix='colorize-browser-test-')), {}, time.time()
    torch.manual_seed(0)
    model = save_colorizer(colorizer_unet(models.resnet18, pretrained=False), tmp/'r18.pth', arch='resnet18', note='random weights, for the browser test')
    photos = sorted((data_path()/'colour'/'valid').glob('*.jpg'))[:2]
    bad = tmp/'notes.txt'; bad.write_text('not a photo')
    from colorizer.video import write_video, camera_moves
    film = write_video(camera_moves(photos[0], 12, (320, 240), 'pan')[0] + camera_moves(photos[1], 12, (320, 240), 'zoom')[0], tmp/'reel.mp4', audio_seconds=1.0)
    port, log = free_port(), tmp/'server.log'
    url, proc = f'http://127.0.0.1:{port}/', start_server(model, port, log, tmp/'gradio')
    try:
        t = time.time(); wait_for(url, proc, log); times['server start'] = time.time() - t
        requests = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=chromium_args)
            page = browser.new_page(viewport={'width': 1280, 'height': 900})
            page.on('request', lambda r: requests.append(r.url))
            try: check_page(page, url, photos, bad, out, times); check_film(page, film, out, times)
            finally: browser.close()
            hinted = _hint_model(args.hint_model)
            if hinted:
                hport = free_port(); hurl, hproc = f'http://127.0.0.1:{hport}/', start_server(hinted, hport, tmp/'server_hints.log', tmp/'gradio_hints', size=None)  # pins at the model's working size, as users get them
                try:
                    wait_for(hurl, hproc, tmp/'server_hints.log')
                    browser = pw.chromium.launch(executable_path=args.chromium, args=chromium_args)
                    page = browser.new_page(viewport={'width': 1280, 'height': 1400}); page.on('request', lambda r: requests.append(r.url))
                    try: check_hints(page, hurl, photos[0], out, times)
                    finally: browser.close()
                finally: hproc.terminate(); hproc.wait(30)
            else: print(f'hints: not checked: {args.hint_model or default_model_path()} takes no colour hints')
        outside = sorted({u for u in requests if urlparse(u).hostname not in (None, '127.0.0.1')})
        assert not outside, f'the page asked other hosts: {outside}'
        print(f'{len(requests)} requests, all to 127.0.0.1')
    finally:
        proc.terminate()
        try: proc.wait(30)
        except subprocess.TimeoutExpired: proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    times['total'] = time.time() - start
    print('screenshots:', out/'page.png', out/'page_bad_file.png', out/'page_film.png')
    print('times (s): ' + ', '.join(f'{k} {v:.1f}' for k, v in times.items()))

if __name__ == '__main__': main()
