"""Figures of the chapter "오토인코더와 GAN / Autoencoders and GANs"."""
import numpy as np
import torch

from book.nets import generative as gen
from book.draw import generative as draw
from book.pipeline.registry import figure
from book.nets.train import Spec, data_for

# Three autoencoders with the same shape, 784 → 128 → code → 128 → 784: a 2-number code
# (to draw the latent space), a 32-number code, and the same 32-number one trained to
# remove noise (σ = NOISE). The labels are never used in training.
NOISE = 0.4
_AE = dict(data="mnist", arch="autoencoder", trainer="autoencode", optimizer="adam", lr=2e-3,
           epochs=2, batch_size=100)
AE2 = Spec("ae_latent2", arch_args={"in_dim": 784, "hidden": [128], "latent": 2}, **_AE)
AE32 = Spec("ae_latent32", arch_args={"in_dim": 784, "hidden": [128], "latent": 32}, **_AE)
DAE32 = Spec("dae_latent32", arch_args={"in_dim": 784, "hidden": [128], "latent": 32},
             extra={"noise": NOISE}, **_AE)

# A GAN on eight Gaussian blobs on a ring (2-D: every sample and D itself can be drawn),
# and a small GAN on MNIST shrunk to 14×14, which it can learn in seconds on two cores.
RING = {"n": 20000, "modes": 8, "radius": 2.0, "std": 0.05}
GAN_RING = Spec("gan_ring", data="ring_of_gaussians", data_args=RING, arch="gan",
                arch_args={"noise_dim": 2, "data_dim": 2, "g_hidden": [64, 64], "d_hidden": [64, 64],
                           "snapshots": 6, "snapshot_n": 1000, "grid": 90, "extent": 3.0},
                trainer="gan", lr=1e-3, epochs=16, batch_size=128)
GAN_MNIST = Spec("gan_mnist", data="mnist_14", arch="gan",
                 arch_args={"noise_dim": 32, "data_dim": 196, "g_hidden": [256], "d_hidden": [256],
                            "out": "sigmoid", "snapshots": 5, "snapshot_n": 16},
                 trainer="gan", lr=2e-4, epochs=4, batch_size=100)


def _t(ctx, *keys):
    return {k: ctx.t(k) for k in keys}


def _test_digits():
    """The first test image of each digit 0–9, and the whole test set."""
    _, test = data_for(AE32)
    idx = [int((test.y == d).nonzero()[0]) for d in range(10)]
    return test, idx


@torch.no_grad()
def _run(model, x):
    model.eval()
    return model(x)


@figure("ae_diagram", models=[AE32])
def ae_diagram(ctx):
    net = ctx.model(AE32).model
    for key, v in {"ae.hidden": AE32.arch_args["hidden"][0], "ae.lr": AE32.lr, "ae.batch_size": AE32.batch_size,
                   "ae_latent2.latent": 2, "ae_latent32.latent": 32}.items():
        ctx.metric(key, v)
    test, idx = _test_digits()
    ctx.metric("mnist.train_images", len(data_for(AE32)[0]))
    ctx.metric("mnist.test_images", len(test))
    x = test.x[idx[2]:idx[2] + 1]
    return draw.autoencoder_diagram(ctx, net.sizes, x.reshape(28, 28), _run(net, x).reshape(28, 28),
                                    t=_t(ctx, "input", "encoder", "code", "decoder", "output", "ae_loss"))


def _exercise_metrics(ctx):
    """Numbers for the exercises at the end of the chapter."""
    for spec in (AE32, AE2):
        sizes = ctx.model(spec).model.sizes
        ctx.metric(f"ex.compression_{spec.name}", sizes[0] / sizes[-1])
    # a stroke in pixel 1 or pixel 2, each with probability 1/2: the mean squared error of
    # drawing the average (1/2, 1/2) against committing to one of the two
    targets = np.array([[1.0, 0.0], [0.0, 1.0]])
    ctx.metric("ex.blur_average_mse", float(((targets - targets.mean(0)) ** 2).mean()))
    ctx.metric("ex.blur_commit_mse", float(((targets - targets[0]) ** 2).mean()))
    # the generator's gradient with respect to D's logit s when D(G(z)) = 0.01:
    # saturating loss log(1 − D) against non-saturating −log D
    d_fake = 0.01
    s = torch.logit(torch.tensor(d_fake, dtype=torch.float64)).requires_grad_(True)
    for name, loss in (("saturating", lambda: torch.log(1 - torch.sigmoid(s))),
                       ("non_saturating", lambda: -torch.log(torch.sigmoid(s)))):
        (grad,) = torch.autograd.grad(loss(), s)
        ctx.metric(f"ex.{name}_grad", float(grad))
    ctx.metric("ex.d_fake", d_fake)


@figure("ae_reconstructions", kind="png", models=[AE32, AE2])
def ae_reconstructions(ctx):
    _exercise_metrics(ctx)
    test, idx = _test_digits()
    x = test.x[idx]
    rows = [x, _run(ctx.model(AE32).model, x), _run(ctx.model(AE2).model, x)]
    labels = [ctx.t("original"), ctx.t("recon_code", d=32), ctx.t("recon_code", d=2)]
    return draw.image_rows(ctx, rows, labels)


def _codes(ctx):
    net = ctx.model(AE2).model
    test, _ = _test_digits()
    with torch.no_grad():
        return net, net.encoder(test.x).numpy(), test.y.numpy()


@figure("ae_latent", kind="png", models=[AE2])
def ae_latent(ctx):
    _, codes, labels = _codes(ctx)
    show = np.random.default_rng(0).permutation(len(labels))[:3000]
    ctx.metric("latent_points", len(show))
    return draw.latent_map(ctx, codes[show], labels[show], xlabel="$z_1$", ylabel="$z_2$")


@figure("ae_latent_grid", kind="png", models=[AE2])
def ae_latent_grid(ctx):
    net, codes, _ = _codes(ctx)
    lo, hi = np.percentile(codes, [2, 98], axis=0)
    k = 15
    ctx.metric("latent_grid", k)
    zx, zy = np.linspace(lo[0], hi[0], k), np.linspace(lo[1], hi[1], k)
    grid = torch.tensor([[a, b] for b in zy for a in zx], dtype=torch.float32)
    with torch.no_grad():
        imgs = net.decoder(grid).numpy()
    return draw.decoded_grid(ctx, imgs, (lo[0], hi[0], lo[1], hi[1]), xlabel="$z_1$", ylabel="$z_2$")


@figure("ae_blur", models=[AE32, AE2])
def ae_blur(ctx):
    test, idx = _test_digits()
    ae32, ae2 = ctx.model(AE32).model, ctx.model(AE2).model
    x = test.x[idx[7]:idx[7] + 1]
    row = int(x.reshape(28, 28).sum(1).argmax())  # the row with the most ink (the 7's top bar)
    profiles = [m.reshape(28, 28)[row].numpy() for m in (x, _run(ae32, x), _run(ae2, x))]
    sharp = [gen.sharpness(test.x), gen.sharpness(_run(ae32, test.x)), gen.sharpness(_run(ae2, test.x))]
    for key, v in zip(("original", "ae_latent32", "ae_latent2"), sharp):
        ctx.metric(f"sharpness.{key}", v)
    ctx.metric("blur_row", row)
    labels = [ctx.t("original"), ctx.t("recon_code", d=32), ctx.t("recon_code", d=2)]
    short = [ctx.t("original"), ctx.t("code_short", d=32), ctx.t("code_short", d=2)]
    t = {**_t(ctx, "column", "brightness", "profile_title", "sharpness"),
         "sharpness_title": ctx.t("sharpness_title", n=f"{len(test):,}")}
    return draw.blur_profile(ctx, profiles, labels, sharp, short, t=t)


@figure("ae_denoise", kind="png", models=[AE32, DAE32])
def ae_denoise(ctx):
    test, idx = _test_digits()
    noisy_all = gen.add_noise(test.x, NOISE, torch.Generator().manual_seed(DAE32.seed + 1))
    ae, dae = ctx.model(AE32).model, ctx.model(DAE32).model
    ctx.metric("noise_sigma", NOISE)
    ctx.metric("noisy_input_mse", float(((noisy_all - test.x) ** 2).mean()))
    plain = gen.reconstruction_error(ae, noisy_all, test.x)
    ctx.metric("ae_latent32.noisy_test_mse", plain)
    ctx.metric("dae_gain", plain / ctx.model(DAE32).metrics["noisy_test_mse"])
    noisy = noisy_all[idx]
    rows = [test.x[idx], noisy, _run(ae, noisy), _run(dae, noisy)]
    labels = [ctx.t("original"), ctx.t("noisy", s=NOISE), ctx.t("plain_ae"), ctx.t("denoising_ae")]
    return draw.image_rows(ctx, rows, labels, label_width=2.6)


@figure("gan_diagram", models=[GAN_MNIST])
def gan_diagram(ctx):
    net = ctx.model(GAN_MNIST).model
    train, _ = data_for(GAN_MNIST)
    for spec in (GAN_RING, GAN_MNIST):
        ctx.metric(f"{spec.name}.lr", spec.lr)
        ctx.metric(f"{spec.name}.batch_size", spec.batch_size)
        ctx.metric(f"{spec.name}.noise_dim", spec.arch_args["noise_dim"])
        ctx.metric(f"{spec.name}.hidden", spec.arch_args["g_hidden"][0])
    for key, v in RING.items():
        ctx.metric(f"ring.{key}", v)
    ctx.metric("gan_mnist.side", 14)
    ctx.metric("gan_mnist.train_images", len(train))
    ctx.metric("gan_mnist.snapshot_n", GAN_MNIST.arch_args["snapshot_n"])
    ctx.metric("gan_ring.snapshot_n", GAN_RING.arch_args["snapshot_n"])
    noise = net.fixed_noise[0, :12].numpy()
    return draw.gan_diagram(ctx, noise, net.snap_samples[-1, 0].numpy(), train.x[0].numpy(),
                            t=_t(ctx, "noise", "generator", "fake", "real", "discriminator", "d_out",
                                 "d_step", "g_step", "g_grad"))


def _ring_centres():
    a = 2 * np.pi * np.arange(RING["modes"]) / RING["modes"]
    return RING["radius"] * np.stack([np.cos(a), np.sin(a)], 1)


@figure("gan_ring_progress", kind="png", models=[GAN_RING])
def gan_ring_progress(ctx):
    net = ctx.model(GAN_RING).model
    steps = net.snap_steps.tolist()
    samples = net.snap_samples.numpy()
    titles = []
    for k, (s, pts) in enumerate(zip(steps, samples)):
        covered, share, _ = gen.nearest_mode_stats(pts, modes=RING["modes"], radius=RING["radius"], std=RING["std"])
        titles.append(ctx.t("ring_title", step=s, covered=covered, modes=RING["modes"], share=share * 100))
        ctx.metric(f"gan_ring.snap{k}.step", s)
        ctx.metric(f"gan_ring.snap{k}.modes_covered", covered)
        ctx.metric(f"gan_ring.snap{k}.share_near_mode", share)
    ctx.metric("gan_ring.steps_total", steps[-1])
    return draw.gan_2d_progress(ctx, steps, samples, net.snap_critic.numpy(), net.extent, _ring_centres(),
                                3 * RING["std"], titles, cbar_label=ctx.t("d_colorbar"))


def _losses(ctx, spec):
    history = ctx.model(spec).history
    ctx.metric(f"{spec.name}.ideal_d_loss", gen.ideal_losses()[0])
    ctx.metric(f"{spec.name}.ideal_g_loss", gen.ideal_losses()[1])
    return draw.gan_losses(ctx, history, ideal=gen.ideal_losses(),
                           t=_t(ctx, "d_loss", "g_loss", "step", "loss", "d_real", "d_fake", "d_mean"))


@figure("gan_ring_losses", models=[GAN_RING])
def gan_ring_losses(ctx):
    return _losses(ctx, GAN_RING)


@figure("gan_mnist_progress", kind="png", models=[GAN_MNIST])
def gan_mnist_progress(ctx):
    net = ctx.model(GAN_MNIST).model
    steps = net.snap_steps.tolist()
    for k, s in enumerate(steps):
        ctx.metric(f"gan_mnist.snap{k}.step", s)
    labels = [ctx.t("step_n", step=s) for s in steps]
    return draw.image_rows(ctx, list(net.snap_samples.numpy()), labels, side=14, label_width=1.6)


@figure("gan_mnist_losses", models=[GAN_MNIST])
def gan_mnist_losses(ctx):
    return _losses(ctx, GAN_MNIST)
