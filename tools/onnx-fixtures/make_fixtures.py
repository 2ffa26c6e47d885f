#!/usr/bin/python3
"""Builds the ONNX import fixtures of models/src/test/resources/onnx (issue 19).

Run with Debian's interpreter (python3-torch, python3-onnx, python3-numpy):
    /usr/bin/python3 tools/onnx-fixtures/make_fixtures.py [OUT_DIR]
Every model is tiny (1x1x12x12 input, a few channels) and deterministic (fixed seeds, random data: the
fixtures test the importer's arithmetic, not accuracy). Two families:
  torch-*: PyTorch quantization-aware training exported with torch.onnx.export(opset_version=13):
    eager QAT per-tensor (symmetric int8 weights, affine uint8 activations), fake-quant and converted;
    eager QAT with get_default_qat_qconfig (per-channel weights); FX QAT; conv-bn-relu fused and not.
  ort-*: graphs in the form ONNX Runtime's quantize_static(QuantFormat.QDQ) emits, built with onnx.helper:
    QuantizeLinear/DequantizeLinear around Conv/Gemm/MatMul/Add/pools, per-channel DequantizeLinear(axis=0)
    weights with int32 biases, Clip as ReLU6, nonzero activation zero points.
Writes VERSIONS.txt with the tool versions used.
"""
import os
import sys
import warnings

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
import torch
import torch.nn as nn
import torch.ao.quantization as tq

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "src", "test", "resources", "onnx")
H = 12
warnings.filterwarnings("ignore")


class Net(nn.Module):
    """conv(1->4) [bn] relu maxpool conv(4->6) relu flatten linear(->10); fused names match fuse_modules."""

    def __init__(self, bn, view=False):
        super().__init__()
        self.view = view
        self.quant = tq.QuantStub()
        self.c1 = nn.Conv2d(1, 4, 3, padding=1, bias=not bn)
        self.bn1 = nn.BatchNorm2d(4) if bn else nn.Identity()
        self.r1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.c2 = nn.Conv2d(4, 6, 3)
        self.r2 = nn.ReLU()
        self.fc = nn.Linear(6 * 4 * 4, 10)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.r1(self.bn1(self.c1(x))))
        x = self.r2(self.c2(x))
        # x.view(x.size(0), -1) exports Shape -> Gather -> Unsqueeze -> Concat -> Reshape
        x = x.view(x.size(0), -1) if self.view else torch.flatten(x, 1)
        return self.dequant(self.fc(x))


def per_tensor_qconfig():
    act = tq.FakeQuantize.with_args(observer=tq.MovingAverageMinMaxObserver, quant_min=0, quant_max=255,
                                    dtype=torch.quint8, qscheme=torch.per_tensor_affine, reduce_range=False)
    wgt = tq.FakeQuantize.with_args(observer=tq.MovingAverageMinMaxObserver, quant_min=-128, quant_max=127,
                                    dtype=torch.qint8, qscheme=torch.per_tensor_symmetric, reduce_range=False)
    return tq.QConfig(activation=act, weight=wgt)


def train(model, steps=30):
    """A few SGD steps on random data: moves weights, BN statistics and the observers' ranges."""
    gen = torch.Generator().manual_seed(1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    for _ in range(steps):
        x = torch.rand(16, 1, H, H, generator=gen)
        y = torch.randint(0, 10, (16,), generator=gen)
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def export(model, name, dynamic_batch=False):
    # observers off: a fake-quant that still observes exports aten::copy_ of its scale
    model.apply(tq.disable_observer)
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    axes = {"x": {0: "batch"}, "y": {0: "batch"}} if dynamic_batch else None
    torch.onnx.export(model, torch.rand(1, 1, H, H), path, opset_version=13, input_names=["x"],
                      output_names=["y"], dynamic_axes=axes)
    print("wrote", path, os.path.getsize(path), "bytes")


def eager(name, qconfig, bn, fuse, converted, view=False, dynamic_batch=False):
    torch.manual_seed(0)
    model = Net(bn, view)
    model.train()
    if fuse:
        groups = [["c1", "bn1", "r1"] if bn else ["c1", "r1"], ["c2", "r2"]]
        model = tq.fuse_modules_qat(model, groups)
    model.qconfig = qconfig
    tq.prepare_qat(model, inplace=True)
    train(model)
    if converted:
        model.eval()
        model = tq.convert(model)
    export(model, name, dynamic_batch)


def fx(name, qconfig):
    from torch.ao.quantization import quantize_fx
    torch.manual_seed(0)
    model = Net(True)
    model.train()
    mapping = tq.QConfigMapping().set_global(qconfig)
    prepared = quantize_fx.prepare_qat_fx(model, mapping, (torch.rand(1, 1, H, H),))
    train(prepared)
    export(prepared, name)


# ---- ONNX Runtime quantizer style (QDQ) built directly ----

class Qdq:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, p):
        self.n += 1
        return f"{p}_{self.n}"

    def init(self, array, p):
        n = self.name(p)
        self.inits.append(numpy_helper.from_array(array, n))
        return n

    def qparams(self, scale, zp, dtype=np.uint8):
        return self.init(np.array(scale, dtype=np.float32), "scale"), self.init(np.array(zp, dtype=dtype), "zp")

    def q(self, x, qp):
        y = self.name("q")
        self.nodes.append(helper.make_node("QuantizeLinear", [x, *qp], [y], name=y))
        return y

    def dq(self, x, qp, axis=None):
        y = self.name("dq")
        kw = {} if axis is None else {"axis": axis}
        self.nodes.append(helper.make_node("DequantizeLinear", [x, *qp], [y], name=y, **kw))
        return y

    def qdq(self, x, qp):
        return self.dq(self.q(x, qp), qp)

    def op(self, op, inputs, **attrs):
        y = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [y], name=y, **attrs))
        return y

    def weights(self, shape, in_scale, per_channel):
        """int8 symmetric weights (zero point 0), per output channel (axis 0) or per tensor; int32 bias."""
        w = self.rng.integers(-127, 128, size=shape).astype(np.int8)
        out = shape[0]
        if per_channel:
            ws = self.rng.uniform(0.002, 0.02, size=out).astype(np.float32)
            wq = self.dq(self.init(w, "w"), (self.init(ws, "wscale"), self.init(np.zeros(out, np.int8), "wzp")), axis=0)
        else:
            ws = np.array(self.rng.uniform(0.002, 0.02), dtype=np.float32)
            wq = self.dq(self.init(w, "w"), (self.init(ws, "wscale"), self.init(np.array(0, np.int8), "wzp")))
        bs = (np.float32(in_scale) * ws).astype(np.float32)
        b = self.rng.integers(-3000, 3000, size=out).astype(np.int32)
        if per_channel:
            bq = self.dq(self.init(b, "b"), (self.init(bs, "bscale"), self.init(np.zeros(out, np.int32), "bzp")), axis=0)
        else:
            bq = self.dq(self.init(b, "b"), (self.init(bs, "bscale"), self.init(np.array(0, np.int32), "bzp")))
        return wq, bq

    def save(self, name, x_shape, y, classes):
        graph = helper.make_graph(self.nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
                                  [helper.make_tensor_value_info(y, TensorProto.FLOAT, [1, classes])], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_fixtures.py")
        model.ir_version = 7
        onnx.checker.check_model(model)
        path = os.path.join(OUT, name + ".onnx")
        onnx.save(model, path)
        print("wrote", path, os.path.getsize(path), "bytes")


def ort_cnn(name, per_channel, relu6, seed):
    """Q/DQ input (zp 128) -> Conv+bias (Relu or Clip 0..6) -> Q -> MaxPool -> Conv -> Relu -> Q ->
    GlobalAveragePool -> Q -> Flatten -> Gemm(transB) -> Q -> DQ; activation zero points nonzero."""
    g = Qdq(seed)
    s_in, s1, s2, s3, s4 = 0.0078, 0.031, 0.043, 0.027, 0.061
    # zero point 128: normalized inputs centred on 0 (an inner zero point may be anything; the input's must
    # be 0 or the midpoint when the first convolution pads, see models/ONNX.md)
    qin = g.qparams(s_in, 128)
    x = g.qdq("x", qin)
    w, b = g.weights((6, 1, 3, 3), s_in, per_channel)
    c = g.op("Conv", [x, w, b], pads=[1, 1, 1, 1])
    if relu6:
        c = g.op("Clip", [c, g.init(np.array(0, np.float32), "lo"), g.init(np.array(6, np.float32), "hi")])
        s1 = 6.0 / 255
    else:
        c = g.op("Relu", [c])
    q1 = g.qparams(s1, 0)
    x = g.dq(g.q(c, q1), q1)
    x = g.dq(g.q(g.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2]), q1), q1)
    w, b = g.weights((8, 6, 3, 3), s1, per_channel)
    q2 = g.qparams(s2, 0)
    x = g.dq(g.q(g.op("Relu", [g.op("Conv", [x, w, b])]), q2), q2)
    q3 = g.qparams(s3, 0)
    x = g.dq(g.q(g.op("GlobalAveragePool", [x]), q3), q3)
    x = g.dq(g.q(g.op("Flatten", [x], axis=1), q3), q3)
    w, b = g.weights((10, 8), s3, per_channel)
    q4 = g.qparams(s4, 131)
    y = g.dq(g.q(g.op("Gemm", [x, w, b], transB=1), q4), q4)
    g.save(name, [1, 1, H, H], y, 10)


def ort_residual(name, seed):
    """Conv -> Relu -> Q; two branches (Conv, identity) added with Add -> Q (zero point 5); AveragePool;
    Reshape(shape from Constant) -> MatMul -> Q -> DQ: the Add/AveragePool/Reshape/MatMul forms."""
    g = Qdq(seed)
    s_in, s1, s2, s3, s4 = 0.0078, 0.03, 0.03, 0.05, 0.07
    qin = g.qparams(s_in, 0)
    x = g.qdq("x", qin)
    w, b = g.weights((4, 1, 3, 3), s_in, False)
    q1 = g.qparams(s1, 0)
    a = g.dq(g.q(g.op("Relu", [g.op("Conv", [x, w, b], pads=[1, 1, 1, 1])]), q1), q1)
    w, b = g.weights((4, 4, 3, 3), s1, False)
    q2 = g.qparams(s2, 0)
    br = g.dq(g.q(g.op("Relu", [g.op("Conv", [a, w, b], pads=[1, 1, 1, 1])]), q2), q2)
    q3 = g.qparams(s3, 5)
    x = g.dq(g.q(g.op("Add", [a, br]), q3), q3)
    x = g.dq(g.q(g.op("AveragePool", [x], kernel_shape=[3, 3], strides=[3, 3]), q3), q3)
    shape = g.name("shape")
    g.nodes.append(helper.make_node("Constant", [], [shape], name=shape,
                                    value=numpy_helper.from_array(np.array([1, -1], np.int64))))
    x = g.dq(g.q(g.op("Reshape", [x, shape]), q3), q3)
    wm = g.rng.integers(-127, 128, size=(64, 10)).astype(np.int8)
    wq = g.dq(g.init(wm, "w"), g.qparams(0.004, 0, np.int8))
    q4 = g.qparams(s4, 0, np.int8)
    y = g.dq(g.q(g.op("MatMul", [x, wq]), q4), q4)
    g.save(name, [1, 1, H, H], y, 10)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    torch.backends.quantized.engine = "qnnpack" if "qnnpack" in torch.backends.quantized.supported_engines \
        else torch.backends.quantized.engine
    eager("torch-eager-qat-fused", per_tensor_qconfig(), bn=True, fuse=True, converted=False)
    eager("torch-eager-qat-unfused", per_tensor_qconfig(), bn=True, fuse=False, converted=False)
    eager("torch-eager-qat-nobn", per_tensor_qconfig(), bn=False, fuse=False, converted=False, view=True)
    # a symbolic batch keeps x.view(x.size(0), -1) as Shape -> Gather -> Unsqueeze -> Concat -> Reshape
    eager("torch-eager-qat-dynamic", per_tensor_qconfig(), bn=False, fuse=True, converted=False, view=True,
          dynamic_batch=True)
    eager("torch-eager-converted", per_tensor_qconfig(), bn=True, fuse=True, converted=True)
    torch.backends.quantized.engine = "fbgemm" if "fbgemm" in torch.backends.quantized.supported_engines \
        else torch.backends.quantized.engine
    # version 0: FakeQuantize modules (the default fused observer-fake-quant op has no ONNX export)
    eager("torch-eager-qat-perchannel", tq.get_default_qat_qconfig("fbgemm", version=0), bn=True, fuse=True, converted=False)
    try:
        fx("torch-fx-qat", per_tensor_qconfig())
    except Exception as e:  # the Debian torch may lack FX quantization
        print("FX QAT not exported:", type(e).__name__, e)
    ort_cnn("ort-qdq-cnn-pertensor", per_channel=False, relu6=False, seed=3)
    ort_cnn("ort-qdq-cnn-perchannel", per_channel=True, relu6=True, seed=4)
    ort_residual("ort-qdq-residual", seed=5)
    with open(os.path.join(OUT, "VERSIONS.txt"), "w") as f:
        f.write(f"made by tools/onnx-fixtures/make_fixtures.py with python {sys.version.split()[0]}, "
                f"torch {torch.__version__}, onnx {onnx.__version__}, numpy {np.__version__}\n")


if __name__ == "__main__":
    main()
