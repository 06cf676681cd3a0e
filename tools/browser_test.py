"""End-to-end test of the web page (`colorize --serve`) in headless Chromium, through Playwright.

Starts `colorize --serve` as a user would, on a free loopback port, with a random-weight model
saved in a temporary folder. It drops two photos on the page, waits for the results, downloads
the first one and checks that it is a colour photo of the input's size. It clicks the second
result in the gallery, takes a screenshot, then drops a text file (the page adds it to the two
photos and runs all three) and checks that the message names it. Then it drops a short film (made
of two validation photos, with a sound track) and checks that the coloured film comes back beside
it, that Chromium loads it as a playable video of the film's length, and takes a screenshot. Every request the page makes
is recorded: one to another host fails the test.

    python tools/browser_test.py [--out DIR] [--chromium /usr/bin/chromium]

Writes DIR/page.png, DIR/page_bad_file.png and DIR/page_film.png (DIR: a new temporary folder by default), prints
their paths and the timings; exit status 0 when every check passes. Needs Chromium (Debian:
`apt-get install chromium`) and the `playwright` Python package; `playwright install` is never
needed (it downloads a browser)."""
import argparse, io, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request, warnings
from pathlib import Path
from urllib.parse import urlparse
import numpy as np, torch
from PIL import Image
from torchvision import models
from playwright.sync_api import sync_playwright, expect
warnings.filterwarnings('ignore', category=FutureWarning)  # torch.jit.script and weight_norm deprecations, raised while importing
from colorizer.colorspaces import data_path
from colorizer.model import colorizer_unet
from colorizer.model_file import save_colorizer

# Without these, Chromium waits on the closed network (component updates, sync, QUIC probes).
chromium_args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']

def free_port() -> int:
    "A TCP port free on the loopback interface now."
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start_server(model:Path, port:int, log:Path, cache:Path) -> subprocess.Popen:
    "`colorize --serve` in its own process, output to `log`, Gradio's upload cache in `cache`."
    cmd = [Path(sys.executable).parent/'colorize', '--serve', '--model', model, '--port', port, '--size', '128']
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

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--out', help='folder for the screenshots (default: a new temporary folder)')
    p.add_argument('--chromium', default='/usr/bin/chromium', help='the Chromium executable')
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
