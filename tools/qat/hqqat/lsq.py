"""LSQ (learned step size quantization, Esser et al. 2020) with optional power-of-two steps.

A quantizer holds one learned step s. Forward: q = round(clamp(x / s, Qn, Qp)), output q * s. The
rounding passes gradients straight through, so autograd yields LSQ's step gradient
(round(x/s) - x/s inside the range, Qn or Qp outside), which we scale by 1 / sqrt(N * Qp) as the paper
recommends so the step learns at a rate comparable to the weights.

With pow2=True the forward pass uses 2^round(log2 s) instead of s (gradient straight through to s):
the network trains with exactly the scales the export uses, so every requantization in the integer
model is a pure shift and the fake-quantized network and the integer model agree.
"""
import math

import torch
from torch import nn


def round_half_up(v):
    """Rounds half up, like the integer requantization floor((acc + 2^(shift-1)) / 2^shift)."""
    return torch.floor(v + 0.5)


class _RoundSte(torch.autograd.Function):
    """round_half_up forward, identity backward (straight-through estimator); a Function rather than
    v + (round(v) - v).detach() so the forward value is exactly the rounded one."""

    @staticmethod
    def forward(ctx, v):
        return round_half_up(v)

    @staticmethod
    def backward(ctx, g):
        return g


def round_ste(v):
    return _RoundSte.apply(v)


def grad_scale(s, g):
    """Value s, gradient multiplied by g."""
    return (s - s * g).detach() + s * g


def pow2_exponent(s):
    """The integer e with 2^e the power of two nearest to s in log scale (the export's rounding)."""
    return torch.round(torch.log2(s))


class _Pow2Ste(torch.autograd.Function):
    """2^round(log2 s) forward (exactly a power of two), identity backward."""

    @staticmethod
    def forward(ctx, s):
        return torch.pow(2.0, pow2_exponent(s))

    @staticmethod
    def backward(ctx, g):
        return g


def pow2_ste(s):
    return _Pow2Ste.apply(s)


class LsqQuantizer(nn.Module):
    """A per-tensor b-bit quantizer with a learned step: signed [-2^(b-1), 2^(b-1)-1] or unsigned [0, 2^b-1].

    Per-tensor (not per-channel) because the integer IR requantizes a whole layer with one multiplier
    and shift: per-channel weight steps would need per-channel requantization.
    """

    def __init__(self, bits, signed, pow2=True, weights=False):
        super().__init__()
        # LSQ's gradient scale uses N = all weights of a layer, or the features of one sample for activations.
        self.weights = weights
        if not 2 <= bits <= 16:
            raise ValueError(f"quantizer bit width must be in [2, 16], got {bits}")
        self.bits = bits
        self.signed = signed
        self.pow2 = pow2
        self.qn = -(2 ** (bits - 1)) if signed else 0
        self.qp = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
        self.step = nn.Parameter(torch.tensor(1.0))
        # A buffer (saved with the state) so a loaded model is not re-initialized from its first batch.
        self.register_buffer("initialized", torch.tensor(False))

    @torch.no_grad()
    def _initialize(self, x):
        # LSQ's initialization 2 <|x|> / sqrt(Qp), guarded against an all-zero first batch.
        s = 2 * x.abs().mean() / math.sqrt(self.qp)
        self.step.copy_(torch.clamp(s, min=1e-8))
        self.initialized.fill_(True)

    def effective_step(self, numel=None):
        """The step the forward pass uses (power of two when pow2), with LSQ's gradient scale applied."""
        s = self.step.abs() + 1e-12  # abs keeps it positive if an update overshoots zero
        if numel is not None:
            s = grad_scale(s, 1.0 / math.sqrt(numel * self.qp))
        return pow2_ste(s) if self.pow2 else s

    def exponent(self):
        """The power-of-two exponent of the step, as the export writes it."""
        if not self.pow2:
            raise ValueError("exponent() needs a power-of-two quantizer")
        return int(pow2_exponent(self.step.detach().abs() + 1e-12).item())

    def forward(self, x):
        if self.training and not bool(self.initialized):
            self._initialize(x)
        s = self.effective_step(x.numel() if self.weights or x.dim() < 2 else x[0].numel())
        return round_ste(torch.clamp(x / s, self.qn, self.qp)) * s

    def integers(self, x):
        """The integer codes of x (for the export of weights)."""
        s = self.effective_step().detach()
        return round_half_up(torch.clamp(x / s, self.qn, self.qp)).to(torch.int64)
