"""The chapter "오토인코더와 GAN / Autoencoders and GANs": the GAN loop updates each network
only with its own loss, the snapshots the figures need are in the model, the measured
numbers support what the prose says, and the page shows its figures in both languages."""
from __future__ import annotations

import json

import pytest
import torch

from book.nets import generative as gen
from book.core.paths import LANGS, figures_dir
from book.nets.train import Spec, build, data_for

CHAPTER = figures_dir() / "generative"


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def _tiny_gan(lr: float, g_lr: float) -> tuple[Spec, torch.nn.Module]:
    spec = Spec("tiny_gan", data="ring_of_gaussians", data_args={"n": 512}, arch="gan",
                arch_args={"g_hidden": [8], "d_hidden": [8], "snapshots": 3, "snapshot_n": 16, "grid": 5},
                trainer="gan", lr=lr, epochs=2, batch_size=64, extra={"g_lr": g_lr})
    return spec, build(spec)


def _train(spec, model):
    train, test = data_for(spec)
    return gen.train_gan(spec, model, train, test, progress=False)


def _params(module):
    return [p.detach().clone() for p in module.parameters()]


def _same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


def test_generator_step_never_changes_the_discriminator():
    spec, model = _tiny_gan(lr=0.0, g_lr=1e-2)  # only the generator's optimizer may move
    d0, g0 = _params(model.discriminator), _params(model.generator)
    _train(spec, model)
    assert _same(d0, _params(model.discriminator))
    assert not _same(g0, _params(model.generator))


def test_discriminator_step_never_changes_the_generator():
    spec, model = _tiny_gan(lr=1e-2, g_lr=0.0)  # fakes are detached in the discriminator step
    d0, g0 = _params(model.discriminator), _params(model.generator)
    _train(spec, model)
    assert _same(g0, _params(model.generator))
    assert not _same(d0, _params(model.discriminator))


def test_snapshots_and_history_hold_what_the_figures_draw():
    spec, model = _tiny_gan(lr=1e-3, g_lr=1e-3)
    history = _train(spec, model)
    steps = model.snap_steps.tolist()
    assert steps[0] == 0 and steps[-1] == history[-1]["step"] == 2 * (512 // 64)
    assert steps == sorted(steps)
    assert not torch.equal(model.snap_samples[0], model.snap_samples[-1])
    assert ((model.snap_critic >= 0) & (model.snap_critic <= 1)).all()
    assert {"d_loss", "g_loss", "d_real", "d_fake"} <= set(history[-1])


def test_non_saturating_loss_is_minus_log_d():
    logits = torch.tensor([-3.0, 0.0, 2.0])
    assert torch.allclose(gen._bce(logits, 1.0), -torch.log(torch.sigmoid(logits)).mean())


def test_sharpness_drops_when_an_image_is_blurred():
    img = torch.zeros(1, 28, 28)
    img[0, 10:18, 6:22] = 1.0
    blurred = torch.nn.functional.avg_pool2d(img[None], 3, 1, 1)[0]
    assert gen.sharpness(blurred) < gen.sharpness(img)


def test_measurements_support_the_prose():
    m = _metrics()
    # reconstructions: a wider code restores better and blurs less than a 2-number code
    assert m["ae_latent32.test_mse"] < m["ae_latent2.test_mse"]
    assert m["sharpness.original"] > m["sharpness.ae_latent32"] > m["sharpness.ae_latent2"]
    # noise: a plain autoencoder removes some, the denoising one much more, at a price on clean data
    assert m["dae_latent32.noisy_test_mse"] < m["ae_latent32.noisy_test_mse"] < m["noisy_input_mse"]
    assert m["dae_gain"] > 1.5
    assert m["dae_latent32.test_mse"] > m["ae_latent32.test_mse"]
    # the 2-D GAN reaches every mode and keeps improving; D stays near 1/2 at the end
    assert m["gan_ring.snap5.modes_covered"] == m["ring.modes"]
    assert m["gan_ring.snap5.share_near_mode"] > m["gan_ring.snap1.share_near_mode"]
    # the page says the share near a blob fell back between snapshots 3 and 4, then recovered
    assert m["gan_ring.snap4.share_near_mode"] < m["gan_ring.snap3.share_near_mode"]
    assert m["gan_ring.snap5.share_near_mode"] > m["gan_ring.snap4.share_near_mode"]
    for name in ("gan_ring", "gan_mnist"):
        assert 0.5 < m[f"{name}.d_real"] < 0.75 and 0.25 < m[f"{name}.d_fake"] < 0.5





# ---------------------------------------------------------------- in the browser

@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_page_shows_every_figure_with_alt_text(page, site_url, lang):
    page.goto(site_url + ("" if lang == "ko" else "en/") + "generative/")
    images = page.locator("article img[src*='figures/generative/']")
    srcs = images.evaluate_all("els => els.map(e => [e.getAttribute('src'), e.getAttribute('alt')])")
    names = {s.split("/")[-1].split(".")[0] for s, _ in srcs}
    assert len(names) == 11
    assert all(alt and "{{" not in alt for _, alt in srcs)
    assert "{{" not in page.locator("article").inner_text()
    # lazy images have no size until scrolled to, so ask CSS which theme variant is shown
    visible = [i for i in range(images.count())
               if images.nth(i).evaluate("e => getComputedStyle(e).display !== 'none'")]
    assert len(visible) == 11, (len(visible), images.count())  # one theme variant of each figure
    for i in visible:  # every shown image is served (lazy images are fetched directly)
        src = images.nth(i).evaluate("e => e.src")
        assert page.request.get(src.split("#")[0]).ok, src


# ---- the latent-space figure's labels, the exercises' numbers and the code on the page

def test_crowded_labels_are_moved_apart_and_lone_ones_stay():
    import numpy as np

    from book.draw.generative import label_spots

    points = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [0.1, 0.1], [5.0, 5.0], [9.0, 0.0]])
    spots = label_spots(points, min_dist=1.0)
    gaps = np.linalg.norm(spots[:, None] - spots[None], axis=-1) + np.eye(len(spots)) * 9
    assert gaps.min() >= 1.0 - 1e-9  # every label readable
    assert np.array_equal(spots[4:], points[4:])  # labels with room stay on their point
    # a label on a crowded point would cover its neighbours' markers: all four move
    assert not any(np.array_equal(spots[k], points[k]) for k in range(4))
    with pytest.raises(ValueError, match="lower min_dist"):
        label_spots(np.zeros((200, 2)), min_dist=1.0)


def test_exercise_numbers():
    m = _metrics()
    assert m["ex.blur_average_mse"] == pytest.approx(0.25) and m["ex.blur_commit_mse"] == pytest.approx(0.5)
    assert m["ex.saturating_grad"] == pytest.approx(-m["ex.d_fake"])
    assert m["ex.non_saturating_grad"] == pytest.approx(-(1 - m["ex.d_fake"]))
    assert m["ex.compression_ae_latent32"] == 784 / 32 and m["ex.compression_ae_latent2"] == 784 / 2


def test_listings_name_the_code_that_ran():
    """Line ranges of book/nets/generative.py (section markers there would change the cache key of
    every model of the chapter) must still cover the autoencoder, its loop and the GAN step."""
    import inspect

    from book.nets.generative import AutoEncoder
    from snippets import included, snippets

    specs = snippets("generative", "en")
    assert specs == snippets("generative", "ko")
    model, ae_loop, gan_loop = (included(s) for s in specs)
    assert model == inspect.getsource(AutoEncoder).rstrip("\n")
    assert ae_loop.lstrip().startswith("for i in range(0, n, spec.batch_size):")
    assert ae_loop.rstrip().endswith("opt.step()") and "F.mse_loss(model(seen), clean)" in ae_loop
    assert gan_loop.lstrip().startswith("for epoch in epochs_with_progress")
    assert gan_loop.rstrip().endswith("model.discriminator.requires_grad_(True)")
    assert "opt_d.step()" in gan_loop and "opt_g.step()" in gan_loop


def test_page_shows_the_code_from_the_module(built_site):
    from snippets import assert_page_shows_snippets

    assert_page_shows_snippets(built_site, "generative")
