"""Train the colorizer on several GPUs or nodes: `train_progressive` in every process of a `torchrun` or
`accelerate launch` job, data-parallel through fastai's `DistributedTrainer` (`colorizer.scale.train_distributed`).

One machine, 4 GPUs:
    torchrun --nproc_per_node 4 tools/train_distributed.py ../shared/data/colour runs/full
    accelerate launch --multi_gpu --num_processes 4 tools/train_distributed.py ../shared/data/colour runs/full
Two machines, 8 GPUs each (photos and run folder on shared storage; NODE_RANK 0 on the machine HEAD, 1 on the other):
    torchrun --nnodes 2 --nproc_per_node 8 --node_rank $NODE_RANK --master_addr HEAD --master_port 29500 \\
        tools/train_distributed.py /shared/photos /shared/runs/full
A check on a CPU (2 processes, gloo):
    torchrun --nproc_per_node 2 tools/train_distributed.py ../shared/data/colour /tmp/run --config small --stages 32 --loss mse

Rank 0 writes the run folder; a stopped run resumes with the same command. Each process trains on
batches of each stage's `bs`, so the global batch is `bs` times the number of processes."""
import argparse, hashlib
from colorizer.schedule import full_config, small_config
from colorizer.scale import train_distributed
from fastai.torch_core import rank_distrib

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('photos', help='folder of colour photos (train/ + valid/, or split at random)')
    p.add_argument('run', help='run folder: config, checkpoints, progress')
    p.add_argument('--config', choices=('full', 'small'), default='full', help='full_config (GPU schedule) or small_config (CPU-sized)')
    p.add_argument('--stages', type=int, nargs='+', help="keep only the config's stages of these sizes")
    p.add_argument('--arch', help='encoder (default: the config\'s)')
    p.add_argument('--loss', choices=('feature', 'mse'), help="loss (default: the config's)")
    p.add_argument('--no-pretrained', action='store_true', help='random initial weights (no ImageNet encoder or VGG)')
    p.add_argument('--n-train', type=int, help='training photos used (default: the config\'s)')
    p.add_argument('--n-valid', type=int, help='validation photos used (default: the config\'s)')
    p.add_argument('--workers', type=int, help='DataLoader workers per process (default: the config\'s)')
    p.add_argument('--max-phases', type=int, help='stop after this many phases (a chunk of a long run)')
    p.add_argument('--digest', action='store_true', help="print a digest of each rank's final weights (data-parallel ranks agree)")
    return p

def config_from_args(a):
    "The `TrainConfig` the options describe."
    kw = {k: v for k, v in dict(arch=a.arch, loss=a.loss, n_train=a.n_train, n_valid=a.n_valid, num_workers=a.workers).items() if v is not None}
    if a.no_pretrained: kw['pretrained'] = False
    cfg = (full_config if a.config == 'full' else small_config)(**kw)
    if a.stages:
        cfg.stages = [s for s in cfg.stages if s.size in a.stages]
        if not cfg.stages: raise SystemExit(f'--stages {a.stages}: the {a.config} config has no stage of these sizes')
    return cfg

def main():
    a = _parser().parse_args()
    learn = train_distributed(a.photos, config_from_args(a), a.run, a.max_phases)
    if a.digest:
        h = hashlib.sha256()
        for k, v in sorted(learn.model.state_dict().items()): h.update(k.encode()); h.update(v.detach().cpu().float().numpy().tobytes())
        print(f'rank {rank_distrib()} weights {h.hexdigest()[:16]}', flush=True)
    if rank_distrib() == 0: print(f'phases run: {learn.phases_run}; run folder: {a.run}')

if __name__ == '__main__': main()
