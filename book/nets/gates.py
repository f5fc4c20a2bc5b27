"""The LSTM and GRU equations exactly as the chapter "순환 신경망 / Recurrent networks" writes
them, computed from the weights of torch's nn.LSTM / nn.GRU (layer 0). tests/test_rnn.py
checks that they reproduce torch's own cells, so the page's equations are the ones that ran.

torch stores the gates' weights stacked in one matrix per input, in the order
LSTM (i, f, g, o) and GRU (r, z, n); `_blocks` splits them apart.
"""
from __future__ import annotations

import torch
from torch import nn


def _blocks(layer: nn.Module, n: int) -> list[tuple[torch.Tensor, ...]]:
    """Per gate: (W_x, W_h, b_x, b_h) of layer 0."""
    parts = [p.chunk(n) for p in (layer.weight_ih_l0, layer.weight_hh_l0, layer.bias_ih_l0, layer.bias_hh_l0)]
    return list(zip(*parts))


def _affine(block, x, h):
    w_x, w_h, b_x, b_h = block
    return x @ w_x.T + b_x + h @ w_h.T + b_h


# --8<-- [start:lstm]
def lstm_step(lstm, x, h, c):
    """One LSTM time step: returns (h_t, c_t, f_t)."""
    i_blk, f_blk, g_blk, o_blk = _blocks(lstm, 4)
    f = torch.sigmoid(_affine(f_blk, x, h))  # forget gate
    i = torch.sigmoid(_affine(i_blk, x, h))  # input gate
    o = torch.sigmoid(_affine(o_blk, x, h))  # output gate
    c_tilde = torch.tanh(_affine(g_blk, x, h))  # candidate
    c = f * c + i * c_tilde  # cell state: keep a share, write a share
    h = o * torch.tanh(c)  # hidden state: show a share
    return h, c, f
# --8<-- [end:lstm]


# --8<-- [start:gru]
def gru_step(gru, x, h):
    """One GRU time step (torch's convention): returns (h_t, z_t)."""
    r_blk, z_blk, n_blk = _blocks(gru, 3)
    r = torch.sigmoid(_affine(r_blk, x, h))  # reset gate
    z = torch.sigmoid(_affine(z_blk, x, h))  # update gate
    w_x, w_h, b_x, b_h = n_blk
    h_tilde = torch.tanh(x @ w_x.T + b_x + r * (h @ w_h.T + b_h))  # candidate
    h = z * h + (1 - z) * h_tilde  # keep a share of the old state
    return h, z
# --8<-- [end:gru]


@torch.no_grad()
def lstm_unrolled(lstm: nn.LSTM, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Run `lstm_step` over a batch of sequences (N×T×1): (last hidden state N×H, every
    forget gate value T×N×H)."""
    n, hidden = x.shape[0], lstm.hidden_size
    h = c = torch.zeros(n, hidden)
    forget = []
    for t in range(x.shape[1]):
        h, c, f = lstm_step(lstm, x[:, t], h, c)
        forget.append(f)
    return h, torch.stack(forget)
