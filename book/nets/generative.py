"""Autoencoders and GANs: their architectures, their training loops and a 2-D toy distribution.

    AE = Spec("ae2", data="mnist", arch="autoencoder", arch_args={"latent": 2},
              trainer="autoencode", optimizer="adam", lr=1e-3)
    GAN = Spec("gan_ring", data="ring_of_gaussians", arch="gan",
               arch_args={"noise_dim": 2, "data_dim": 2, ...}, trainer="gan")

An autoencoder is trained to give back its input (mean squared error per pixel); with
`extra={"noise": σ}` it sees a noisy copy and must give back the clean image (a denoising
autoencoder). A GAN is trained by the usual alternating loop (see `train_gan`); its
module carries buffers with generated samples saved at several training steps, so that
figures of its progress can be drawn from the cached model.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from book.data import Split
from book.nets.mlp import register
from book.nets.train import epochs_with_progress, optimizer_for, register_data, register_trainer


# ---------------------------------------------------------------- data

def ring_points(n: int, *, modes: int = 8, radius: float = 2.0, std: float = 0.05, seed: int = 0):
    """`n` points from `modes` small Gaussian blobs on a circle, and the blob of each point."""
    rng = np.random.default_rng(seed)
    k = rng.integers(0, modes, size=n)
    angle = 2 * np.pi * k / modes
    centres = radius * np.stack([np.cos(angle), np.sin(angle)], 1)
    pts = centres + rng.normal(0.0, std, size=(n, 2))
    return pts.astype(np.float32), k.astype(np.int64)


@register_data("ring_of_gaussians")
def ring_of_gaussians(n: int = 20000, modes: int = 8, radius: float = 2.0, std: float = 0.05,
                      seed: int = 0):
    """A mixture of `modes` Gaussians on a ring: a target whose density can be drawn exactly."""
    splits = []
    for s in (seed, seed + 1000):
        x, y = ring_points(n, modes=modes, radius=radius, std=std, seed=s)
        splits.append(Split(torch.from_numpy(x), torch.from_numpy(y)))
    return splits[0], splits[1]


def add_noise(x: torch.Tensor, sigma: float, gen: torch.Generator) -> torch.Tensor:
    """Gaussian pixel noise of standard deviation `sigma`, clipped back to [0, 1]."""
    return (x + sigma * torch.randn(x.shape, generator=gen)).clamp_(0.0, 1.0)


# ---------------------------------------------------------------- architectures

def _stack(sizes, act, last=None) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(act())
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


# --8<-- [start:autoencoder]
class AutoEncoder(nn.Module):
    def __init__(self, in_dim: int, hidden: tuple[int, ...], latent: int):
        super().__init__()
        self.sizes = [in_dim, *hidden, latent]
        self.encoder = _stack(self.sizes, nn.ReLU)
        self.decoder = _stack(self.sizes[::-1], nn.ReLU, nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))
# --8<-- [end:autoencoder]


@register("autoencoder")
def autoencoder(in_dim: int = 784, hidden: tuple[int, ...] = (256, 64), latent: int = 2) -> AutoEncoder:
    """Encoder in_dim → hidden… → latent (no activation: the code is any point of R^latent),
    decoder the mirror image, ending in a sigmoid so that pixels lie in [0, 1]."""
    return AutoEncoder(in_dim, tuple(hidden), latent)


class GAN(nn.Module):
    """Generator and discriminator side by side, plus what the trainer records for figures:
    `snap_steps` (S), `snap_samples` (S × N × data_dim: G(fixed noise) after each snapshot
    step) and, for 2-D data, `snap_critic` (S × grid × grid: D on a grid over `extent`)."""

    def __init__(self, noise_dim, data_dim, g_hidden, d_hidden, out, snapshots, snapshot_n,
                 grid, extent):
        super().__init__()
        self.noise_dim, self.data_dim, self.grid, self.extent = noise_dim, data_dim, grid, extent
        last = {"sigmoid": nn.Sigmoid(), "linear": None}[out]
        self.generator = _stack([noise_dim, *g_hidden, data_dim], nn.ReLU, last)
        # the discriminator ends in a logit: D(x) = sigmoid(logit), the probability "x is real"
        self.discriminator = _stack([data_dim, *d_hidden, 1], lambda: nn.LeakyReLU(0.2))
        self.register_buffer("fixed_noise", torch.zeros(snapshot_n, noise_dim))
        self.register_buffer("snap_steps", torch.zeros(snapshots, dtype=torch.long))
        self.register_buffer("snap_samples", torch.zeros(snapshots, snapshot_n, data_dim))
        self.register_buffer("snap_critic", torch.zeros(snapshots, grid, grid))

    def sample(self, n: int, gen: torch.Generator | None = None) -> torch.Tensor:
        return self.generator(torch.randn(n, self.noise_dim, generator=gen))

    def grid_points(self) -> torch.Tensor:
        axis = torch.linspace(-self.extent, self.extent, self.grid)
        yy, xx = torch.meshgrid(axis, axis, indexing="ij")
        return torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)

    def forward(self, z):
        return self.generator(z)


@register("gan")
def gan(noise_dim: int = 2, data_dim: int = 2, g_hidden: tuple[int, ...] = (64, 64),
        d_hidden: tuple[int, ...] = (64, 64), out: str = "linear", snapshots: int = 6,
        snapshot_n: int = 1000, grid: int = 0, extent: float = 3.0) -> GAN:
    return GAN(noise_dim, data_dim, tuple(g_hidden), tuple(d_hidden), out, snapshots,
               snapshot_n, grid, extent)


# ---------------------------------------------------------------- training loops

@torch.no_grad()
def reconstruction_error(model, x: torch.Tensor, target: torch.Tensor, batch: int = 5000) -> float:
    """Mean squared error per pixel between model(x) and target."""
    model.eval()
    total = 0.0
    for i in range(0, len(x), batch):
        total += F.mse_loss(model(x[i:i + batch]), target[i:i + batch], reduction="sum").item()
    return total / target.numel()


@register_trainer("autoencode")
def train_autoencoder(spec, model, train_split, test_split, progress=True) -> list[dict]:
    """Minimise the mean squared error between the output and the clean input. With
    spec.extra["noise"] = σ > 0 the network sees input + N(0, σ²) noise (a fresh draw per
    batch) and is still asked for the clean image. The labels are never used."""
    sigma = float(spec.extra.get("noise", 0.0))
    opt = optimizer_for(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    noisy_test = add_noise(test_split.x, sigma, torch.Generator().manual_seed(spec.seed + 1)) if sigma else None
    history, n = [], len(train_split)
    for epoch in epochs_with_progress(spec, progress):
        model.train()
        order = torch.randperm(n, generator=gen)
        total = 0.0
        # --8<-- [start:autoencoder_step]
        for i in range(0, n, spec.batch_size):
            clean = train_split.x[order[i:i + spec.batch_size]]
            seen = add_noise(clean, sigma, gen) if sigma else clean
            loss = F.mse_loss(model(seen), clean)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            # --8<-- [end:autoencoder_step]
            total += loss.item() * len(clean)
        row = {"epoch": epoch, "train_loss": total / n,
               "test_mse": reconstruction_error(model, test_split.x, test_split.x)}
        if sigma:
            row["noisy_test_mse"] = reconstruction_error(model, noisy_test, test_split.x)
        history.append(row)
    return history


def _bce(logits: torch.Tensor, target: float) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


@register_trainer("gan")
def train_gan(spec, model: GAN, train_split, test_split, progress=True) -> list[dict]:
    """The alternating GAN loop (Goodfellow et al. 2014), one step per mini-batch:

    1. discriminator step: a batch of real data x and a batch of fakes G(z), z ~ N(0, I).
       Its loss  L_D = -log D(x) - log(1 - D(G(z)))  (binary cross-entropy: real → 1, fake → 0)
       is minimised for D's weights only; G(z) is detached, so nothing flows into G.
    2. generator step: fresh noise, fakes G(z) through the *current* discriminator, whose
       weights are frozen (requires_grad off). The non-saturating loss L_G = -log D(G(z))
       is minimised for G's weights: the gradient comes back through D, which says in which
       direction each fake should move to look more real.

    Two optimizers (Adam), two losses, taken in turn. Every `log_every` steps a history row
    records the mean losses and the mean of D(x) on real and fake data; at `snapshots`
    evenly spaced steps (the first at step 0) G(fixed noise) is stored in the model.
    """
    gen = torch.Generator().manual_seed(spec.seed)
    betas = tuple(spec.extra.get("betas", (0.5, 0.999)))
    opt_d = torch.optim.Adam(model.discriminator.parameters(), lr=spec.lr, betas=betas)
    opt_g = torch.optim.Adam(model.generator.parameters(), lr=spec.extra.get("g_lr", spec.lr), betas=betas)
    x_all = train_split.x.reshape(len(train_split), -1)
    n, b = len(x_all), spec.batch_size
    per_epoch = n // b  # full batches only
    total_steps = per_epoch * spec.epochs
    log_every = int(spec.extra.get("log_every", max(1, total_steps // 100)))
    snap_at = np.linspace(0, total_steps, len(model.snap_steps)).round().astype(int).tolist()
    model.fixed_noise.copy_(torch.randn(model.fixed_noise.shape, generator=gen))

    @torch.no_grad()
    def snapshot(step: int) -> None:
        k = snap_at.index(step)
        model.eval()
        model.snap_steps[k] = step
        model.snap_samples[k] = model.generator(model.fixed_noise)
        if model.grid:
            d = torch.sigmoid(model.discriminator(model.grid_points()))
            model.snap_critic[k] = d.reshape(model.grid, model.grid)
        model.train()

    history, step = [], 0
    sums = {"d_loss": 0.0, "g_loss": 0.0, "d_real": 0.0, "d_fake": 0.0}
    snapshot(0)
    # --8<-- [start:gan_step]
    for epoch in epochs_with_progress(spec, progress):
        order = torch.randperm(n, generator=gen)
        for i in range(per_epoch):
            real = x_all[order[i * b:(i + 1) * b]]
            # 1. discriminator: real → 1, fake → 0; the fakes are detached from G
            fake = model.sample(b, gen).detach()
            d_real, d_fake = model.discriminator(real), model.discriminator(fake)
            d_loss = _bce(d_real, 1.0) + _bce(d_fake, 0.0)
            opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            opt_d.step()
            # 2. generator: fresh fakes through the frozen discriminator, non-saturating loss
            model.discriminator.requires_grad_(False)
            g_loss = _bce(model.discriminator(model.sample(b, gen)), 1.0)
            opt_g.zero_grad(set_to_none=True)
            g_loss.backward()
            opt_g.step()
            model.discriminator.requires_grad_(True)
            # --8<-- [end:gan_step]
            step += 1
            sums["d_loss"] += d_loss.item()
            sums["g_loss"] += g_loss.item()
            sums["d_real"] += torch.sigmoid(d_real).mean().item()
            sums["d_fake"] += torch.sigmoid(d_fake).mean().item()
            if step in snap_at:
                snapshot(step)
            if step % log_every == 0 or step == total_steps:
                count = step - (history[-1]["step"] if history else 0)
                history.append({"epoch": round(step / per_epoch, 4), "step": step,
                                **{k: v / count for k, v in sums.items()}})
                sums = dict.fromkeys(sums, 0.0)
    return history


# ---------------------------------------------------------------- measurements for figures

def sharpness(images: torch.Tensor, side: int = 28) -> float:
    """Mean squared difference between neighbouring pixels (horizontal and vertical). An edge
    that rises by h in one pixel adds h²; blurred over k pixels it adds only k·(h/k)² = h²/k,
    so the value drops as strokes blur. (The mean *absolute* difference would not: it is the
    same for a sharp and a blurred edge of the same height.)"""
    img = images.reshape(-1, side, side)
    dx = (img[:, :, 1:] - img[:, :, :-1]).pow(2).mean()
    dy = (img[:, 1:, :] - img[:, :-1, :]).pow(2).mean()
    return float((dx + dy) / 2)


def nearest_mode_stats(points: np.ndarray, *, modes: int = 8, radius: float = 2.0, std: float = 0.05):
    """For 2-D samples of the ring: how many modes get at least one sample within 3σ, and the
    share of samples that land within 3σ of some mode ("high quality" samples)."""
    angle = 2 * np.pi * np.arange(modes) / modes
    centres = radius * np.stack([np.cos(angle), np.sin(angle)], 1)
    dist = np.linalg.norm(points[:, None, :] - centres[None], axis=2)
    close = dist.min(1) < 3 * std
    nearest = dist.argmin(1)
    covered = len(set(nearest[close].tolist()))
    return covered, float(close.mean()), np.bincount(nearest[close], minlength=modes)


def ideal_losses() -> tuple[float, float]:
    """(L_D, L_G) when D(x) = 1/2 everywhere, the equilibrium of the GAN game."""
    return 2 * math.log(2), math.log(2)


@register_data("mnist_14")
def mnist_14(digits: tuple[int, ...] = ()):
    """MNIST shrunk to 14×14 (each pixel the mean of a 2×2 block), as vectors of 196 values;
    `digits` keeps only those classes (all when empty). Small enough for a GAN to learn in seconds."""
    from book.data import load_mnist

    out = []
    for split in load_mnist(flat=False):
        x = F.avg_pool2d(split.x, 2).reshape(len(split), -1)
        keep = torch.isin(split.y, torch.tensor(list(digits))) if digits else torch.ones(len(split), dtype=torch.bool)
        out.append(Split(x[keep].contiguous(), split.y[keep]))
    return out[0], out[1]
