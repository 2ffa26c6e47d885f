"""The float networks, batch-norm folding, and their quantization-aware (fake-quantized) versions.

An architecture is a list of layer specs; the same list builds the float network, the QAT network and
the export, so the three cannot disagree about the layer order.
"""
import torch
import torch.nn.functional as F
from torch import nn

from .lsq import LsqQuantizer, round_ste

# conv: (op, in, out, kernel, stride, pad); linear: (op, in, out); others: (op,) or (op, size).
ARCHITECTURES = {
    # Two 3x3 conv blocks with max pooling and one linear layer: ~20k weights, trains in minutes on a CPU.
    "demo": [("conv", 1, 16, 3, 1, 1), ("relu",), ("maxpool", 2),
             ("conv", 16, 32, 3, 1, 1), ("relu",), ("maxpool", 2),
             ("flatten",), ("linear", 32 * 7 * 7, 10)],
    # HCNN-MNIST (docs): square activations instead of ReLU, no pooling (BFV-friendly).
    "hcnn": [("conv", 1, 5, 5, 2, 0), ("square",),
             ("conv", 5, 50, 5, 2, 0), ("square",),
             ("flatten",), ("linear", 50 * 4 * 4, 10)],
    # The same network for BFV (bfv.py): trained float with BN like hcnn, then QAT of the weights only,
    # with no activation quantizers (nothing requantizes between layers).
    "hcnn-bfv": [("conv", 1, 5, 5, 2, 0), ("square",),
                 ("conv", 5, 50, 5, 2, 0), ("square",),
                 ("flatten",), ("linear", 50 * 4 * 4, 10)],
    # Badawi's CIFAR HCNN for BFV (networks.md, padding 0, 2x2 sum pools, FC1 -> FC2 with nothing between).
    # Trained on Fashion-MNIST padded to 32x32 and repeated over 3 channels (no CIFAR files on these machines):
    # a CIFAR-shaped input with a task that has labels to learn.
    "hcnn-cifar-bfv": [("conv", 3, 32, 3, 1, 0), ("square",), ("sumpool", 2),
                       ("conv", 32, 64, 3, 1, 0), ("square",), ("sumpool", 2),
                       ("conv", 64, 128, 3, 1, 0), ("square",), ("sumpool", 2),
                       ("flatten",), ("linear", 128 * 2 * 2, 256), ("linear", 256, 10)],
}

INPUT_SHAPE = (1, 28, 28)
# The network sees pixel byte q as q * 2^-8: a power-of-two input scale keeps the first requantization a
# shift. (The file's input quantization is scale 1/255, so the client still sends the raw byte q.)
INPUT_EXPONENT = -8
LOGIT_BITS = 16


def architecture(name):
    if name not in ARCHITECTURES:
        raise ValueError(f"unknown architecture '{name}'; known: {sorted(ARCHITECTURES)}")
    return ARCHITECTURES[name]


class FloatNet(nn.Module):
    """The float network: every conv is followed by batch norm (folded away before QAT)."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        layers = []
        for s in spec:
            if s[0] == "conv":
                layers += [nn.Conv2d(s[1], s[2], s[3], stride=s[4], padding=s[5]), nn.BatchNorm2d(s[2])]
            elif s[0] == "linear":
                layers.append(nn.Linear(s[1], s[2]))
            elif s[0] == "relu":
                layers.append(nn.ReLU())
            elif s[0] == "square":
                layers.append(Square())
            elif s[0] == "maxpool":
                layers.append(nn.MaxPool2d(s[1]))
            elif s[0] == "sumpool":
                layers.append(SumPool(s[1]))
            elif s[0] == "flatten":
                layers.append(nn.Flatten())
            else:
                raise ValueError(f"unknown layer op '{s[0]}'")
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


class Square(nn.Module):
    def forward(self, x):
        return x * x


class SumPool(nn.Module):
    """k x k sum pooling, stride k: the average pool without its division (BFV cannot divide)."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def forward(self, x):
        return F.avg_pool2d(x, self.size) * (self.size * self.size)


def fold_batch_norm(conv, bn):
    """Conv weights and bias with an eval-mode batch norm folded in: BN(conv(x)) = conv'(x).

    w' = w * g / sqrt(var + eps) per output channel, b' = (b - mean) * g / sqrt(var + eps) + beta.
    """
    factor = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
    w = conv.weight.detach() * factor.view(-1, 1, 1, 1)
    b = conv.bias.detach() if conv.bias is not None else torch.zeros_like(bn.running_mean)
    return w, (b - bn.running_mean) * factor + bn.bias.detach()


def folded_parameters(net):
    """(weight, bias) of every conv (BN folded) and linear layer of a FloatNet, in order."""
    mods = list(net.layers)
    out = []
    for i, m in enumerate(mods):
        if isinstance(m, nn.Conv2d):
            out.append(fold_batch_norm(m, mods[i + 1]))
        elif isinstance(m, nn.Linear):
            out.append((m.weight.detach().clone(), m.bias.detach().clone()))
    return out


def layer_bits(spec, weight_bits, act_bits):
    """(weight bits, output activation bits) per conv/linear: the first and the last layer keep 8-bit
    weights (the usual convention, as the zoo's BitConfig); hidden activations all use act_bits; the
    logits get LOGIT_BITS."""
    weighted = [i for i, s in enumerate(spec) if s[0] in ("conv", "linear")]
    bits = []
    for k, i in enumerate(weighted):
        edge = k == 0 or k == len(weighted) - 1
        bits.append((max(8, weight_bits) if edge else weight_bits, LOGIT_BITS if k == len(weighted) - 1 else act_bits))
    return bits


class QuantLayer(nn.Module):
    """A conv or linear layer with LSQ weights, bias rounded to the accumulator scale, and an LSQ output
    quantizer (unsigned when a ReLU follows: the clamp at 0 is the ReLU; signed when a square follows;
    none for the logits)."""

    def __init__(self, s, weight, bias, weight_bits, out_bits, out_kind, pow2):
        super().__init__()
        self.s = s
        self.weight = nn.Parameter(weight.clone())
        self.bias = nn.Parameter(bias.clone())
        self.wq = LsqQuantizer(weight_bits, signed=True, pow2=pow2, weights=True)
        self.out_kind = out_kind
        self.oq = None if out_kind == "logits" else LsqQuantizer(out_bits, signed=out_kind == "signed", pow2=pow2)

    def forward(self, x, s_in):
        w = self.wq(self.weight)
        # The integer bias lives at the accumulator scale s_w * s_in; round it there, as the export does.
        s_acc = (self.wq.effective_step() * s_in).detach()
        b = round_ste(self.bias / s_acc) * s_acc
        if self.s[0] == "conv":
            y = F.conv2d(x, w, b, stride=self.s[4], padding=self.s[5])
        else:
            y = F.linear(x, w, b)
        if self.oq is None:
            return y, None
        return self.oq(y), self.oq.effective_step().detach()


class QuantSquare(nn.Module):
    """x^2 followed by an unsigned LSQ quantizer (the integer op requantizes x^2)."""

    def __init__(self, bits, pow2):
        super().__init__()
        self.oq = LsqQuantizer(bits, signed=False, pow2=pow2)

    def forward(self, x, s_in):
        return self.oq(x * x), self.oq.effective_step().detach()


class QatNet(nn.Module):
    """The fake-quantized network built from a trained FloatNet (BN folded). forward takes pixel bytes
    scaled by 2^INPUT_EXPONENT and tracks each tensor's step alongside it."""

    def __init__(self, float_net, weight_bits, act_bits, pow2=True):
        super().__init__()
        self.spec = float_net.spec
        params = folded_parameters(float_net)
        bits = layer_bits(self.spec, weight_bits, act_bits)
        stages = []
        k = 0
        for i, s in enumerate(self.spec):
            if s[0] in ("conv", "linear"):
                nxt = self.spec[i + 1][0] if i + 1 < len(self.spec) else None
                kind = "logits" if nxt is None else ("unsigned" if nxt == "relu" else "signed")
                if nxt not in (None, "relu", "square"):
                    raise ValueError(f"layer {i}: a conv/linear must be followed by relu or square (or end the net)")
                stages.append(QuantLayer(s, params[k][0], params[k][1], bits[k][0], bits[k][1], kind, pow2))
                k += 1
            elif s[0] == "square":
                stages.append(QuantSquare(act_bits, pow2))
            else:
                stages.append(None)  # relu (fused into the quantizer), maxpool, flatten: no parameters
        self.stages = nn.ModuleList([m if m is not None else nn.Identity() for m in stages])

    def forward(self, x):
        s = torch.tensor(2.0 ** INPUT_EXPONENT)
        for spec, stage in zip(self.spec, self.stages):
            if spec[0] in ("conv", "linear", "square"):
                x, s = stage(x, s)
            elif spec[0] == "maxpool":
                x = F.max_pool2d(x, spec[1])  # commutes with the monotone quantizer before it
            elif spec[0] == "flatten":
                x = x.flatten(1)
        return x
