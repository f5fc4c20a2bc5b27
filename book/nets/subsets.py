"""Training on the first n images of MNIST or CIFAR-10, tested on the whole test set.

    Spec(..., data="first_images", data_args={"name": "cifar10", "n": 5000})

Why: a smaller training set lets a comparison run to convergence, from several seeds,
inside a chapter's training budget; the full test set keeps the accuracies comparable.
"""
from __future__ import annotations

from book.data import Split, load
from book.nets.train import register_data


@register_data("first_images")
def first_images(name: str, n: int) -> tuple[Split, Split]:
    """(the first `n` training images of data set `name`, its whole test set), as vectors."""
    train, test = load(name, flat=True)
    if not 0 < n <= len(train):
        raise ValueError(f"first_images: n={n} is not a number of {name} training images; "
                         f"give 1 to {len(train)}")
    return Split(train.x[:n].contiguous(), train.y[:n].contiguous()), test
