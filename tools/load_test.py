"""Load test of the web page's colour hints (`colorize --serve`), on loopback: many uploads with hints at once.

    python tools/load_test.py [--model MODEL] [--clients 20] [--size 256] [--megapixels 1]

Starts `colorize --serve` as a user would, on a free loopback port, with MODEL (default: a
random-weight hint network saved in a temporary folder: the mechanics, not the colours), then:

1. one request alone (a photo of about MEGAPIXELS MP and three hints, through the page's
   `/colorize_hints` API with `gradio_client`), to measure the server's memory for one request;
2. CLIENTS requests at once, each its own upload with its own hints, from CLIENTS threads.

Every request must be answered with the coloured photo (of the upload's size) and its pins file.
Latency is reported per request (range, median, p95). The server's memory (resident set of its process tree) is sampled every 0.1 s; what it needs
for CLIENTS at once is printed beside what it needed for one, as a ratio: the page runs one
request at a time with a bounded queue behind it (`launch_app`'s `max_queue`), so CLIENTS waiting
requests cost their uploads on disk, not another network run in memory. Exit status 0 when every
request is answered and the peak under load is within `--max-ratio` (default 1.5) of the peak
for one request."""
import argparse, json, math, shutil, statistics, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import psutil, torch
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from browser_test import free_port, start_server, wait_for
from gradio_client import Client, handle_file
from colorizer.colorspaces import data_path
from colorizer.model import ChromaUnet, luma_encoder
from colorizer.model_file import save_colorizer

def hint_model(folder:Path) -> Path:
    "A random-weight ChromaUnet that takes hints (its untrained `HintSpread` already changes the output with hints)."
    torch.manual_seed(0)
    net = ChromaUnet(luma_encoder('efficientnet_lite0', pretrained=False), (32, 16), hints=True).eval()
    return save_colorizer(net, folder/'hints.pth', arch='chroma_unet', encoder='efficientnet_lite0', widths=(32, 16), space='lab', hints=True,
                          note='random weights, for the load test')

def photos(folder:Path, n:int, megapixels:float) -> list:
    "`n` photos of about `megapixels` MP, made from the validation photos."
    src, out = sorted((data_path()/'colour'/'valid').glob('*.jpg')), []
    for k in range(n):
        im = Image.open(src[k % len(src)]).convert('RGB'); s = (megapixels * 1e6 / (im.width * im.height)) ** 0.5
        out.append(folder/f'load_{k:02d}.jpg'); im.resize((round(im.width * s), round(im.height * s)), Image.BICUBIC).save(out[-1], quality=92)
    return out

class MemorySampler:
    "The peak resident set of a process and its children, sampled every `every` seconds in a thread."
    def __init__(self, pid:int, every:float=0.1): self.proc, self.every, self.peak, self._stop = psutil.Process(pid), every, 0, threading.Event()
    def rss(self) -> int:
        ps = [self.proc] + self.proc.children(recursive=True); total = 0
        for p in ps:
            try: total += p.memory_info().rss
            except psutil.Error: pass
        return total
    def __enter__(self):
        self.peak = self.rss(); self.thread = threading.Thread(target=self._run, daemon=True); self.thread.start(); return self
    def _run(self):
        while not self._stop.wait(self.every): self.peak = max(self.peak, self.rss())
    def __exit__(self, *a): self._stop.set(); self.thread.join()

def request(url:str, photo:Path, k:int, size:int) -> tuple:
    "One upload with three hints of its own; (seconds, output size, pins) — raises if it is not answered as it should be."
    w, h = Image.open(photo).size
    hints = f'{w // 4 + k},{h // 3}=#c03020; 0.5,0.5=orange; {w - 10 - k},{h - 10}=#2050d0'
    t = time.time(); out, pins = Client(url, verbose=False).predict(handle_file(str(photo)), hints, size, api_name='/colorize_hints')
    got = Image.open(out).size
    if got != (w, h): raise AssertionError(f'{photo.name}: output {got}, expected {(w, h)}')
    n = len(json.loads(Path(pins).read_text())['hints'])
    if n != 3: raise AssertionError(f'{photo.name}: {n} pins in the pins file, expected 3')
    return time.time() - t, got, n

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', help='a model file that takes hints (default: a random-weight one)')
    p.add_argument('--clients', type=int, default=20, help='requests at once (default 20)')
    p.add_argument('--size', type=int, default=256, help='working size (default 256)')
    p.add_argument('--megapixels', type=float, default=1., help='size of each uploaded photo (default 1 MP)')
    p.add_argument('--max-ratio', type=float, default=1.5, help='fail if the peak memory under load exceeds this times the peak for one request')
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix='colorize-load-'))
    model = Path(a.model) if a.model else hint_model(tmp)
    ups = photos(tmp, a.clients + 1, a.megapixels)
    port, log = free_port(), tmp/'server.log'
    url, proc = f'http://127.0.0.1:{port}/', start_server(model, port, log, tmp/'gradio')
    try:
        wait_for(url, proc, log)
        request(url, ups[0], 0, a.size)  # warm: the first request loads what the server loads lazily
        with MemorySampler(proc.pid) as one: s1, *_ = request(url, ups[0], 0, a.size)
        t = time.time()
        with MemorySampler(proc.pid) as many, ThreadPoolExecutor(a.clients) as pool:
            results = list(pool.map(lambda k: request(url, ups[k + 1], k, a.size), range(a.clients)))
        wall = time.time() - t
    finally:
        proc.terminate()
        try: proc.wait(30)
        except Exception: proc.kill()
    secs = sorted(r[0] for r in results)
    ratio, p95 = many.peak / one.peak, secs[min(len(secs) - 1, math.ceil(0.95 * len(secs)) - 1)]
    print(f'one request: {s1:.2f} s, server peak {one.peak / 2**20:.0f} MiB')
    print(f'{a.clients} at once: all {len(results)} answered in {wall:.1f} s (each {secs[0]:.1f}-{secs[-1]:.1f} s, median {statistics.median(secs):.1f} s, '
          f'p95 {p95:.1f} s, queued one at a time); server peak {many.peak / 2**20:.0f} MiB = {ratio:.2f}x the peak for one')
    shutil.rmtree(tmp, ignore_errors=True)
    if ratio > a.max_ratio: sys.exit(f'memory under load {ratio:.2f}x that of one request (limit {a.max_ratio}x)')

if __name__ == '__main__': main()
