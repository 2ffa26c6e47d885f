#!/usr/bin/python3
"""Train (float, then LSQ QAT), export to .hqm and check with the integer simulator.

Example: /usr/bin/python3 tools/qat/train.py --arch demo --bits W4A4 --out models/demo/fashion-mnist-w4a4.hqm
"""
import argparse
import copy
import json
import os
import random
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hqqat import bfv, export, hqm, idx, intsim, nets  # noqa: E402


def parse_bits(text):
    m = re.fullmatch(r"W(\d+)A(\d+)", text.strip().upper())
    if not m:
        raise SystemExit(f"--bits must look like W4A4, got '{text}'")
    return int(m.group(1)), int(m.group(2))


def parse_bfv_bits(text):
    """W<b> (2-bit inputs) or W<b>I<i>: weight bits and input bits of --arch hcnn-bfv."""
    m = re.fullmatch(r"W(\d+)(?:I(\d+))?", text.strip().upper())
    if not m:
        print(f"--bits for --arch hcnn-bfv must look like W4 or W8I8, got '{text}'", file=sys.stderr)
        sys.exit(2)
    weight_bits, input_bits = int(m.group(1)), int(m.group(2) or 2)
    if not 2 <= weight_bits <= 16 or not 1 <= input_bits <= 8:
        print(f"--bits {text}: weight bits must be in [2, 16] and input bits in [1, 8]", file=sys.stderr)
        sys.exit(2)
    return weight_bits, input_bits


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def to_tensor(images):
    # Pixel byte q enters the network as q * 2^-8 (see nets.INPUT_EXPONENT).
    return torch.from_numpy(images.astype(np.float32) / 256.0).unsqueeze(1)


def train_epochs(model, data, epochs, lr, batch, max_batches, seed, label, to_input=to_tensor):
    """Adam with cross-entropy; a fixed-seed shuffle per epoch keeps runs reproducible."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x_all, y_all = data["train_images"], data["train_labels"]
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(x_all))
        total, steps = 0.0, 0
        for k in range(0, len(order), batch):
            if max_batches is not None and steps >= max_batches:
                break
            idxs = order[k:k + batch]
            loss = F.cross_entropy(model(to_input(x_all[idxs])), torch.from_numpy(y_all[idxs].astype(np.int64)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            steps += 1
        print(f"{label} epoch {epoch + 1}/{epochs}: mean loss {total / max(steps, 1):.4f} over {steps} batches",
              flush=True)


@torch.no_grad()
def torch_accuracy(model, images, labels, batch=1000, to_input=to_tensor):
    return int((torch_predictions(model, images, batch, to_input) == labels).sum())


@torch.no_grad()
def torch_predictions(model, images, batch=1000, to_input=to_tensor):
    model.eval()
    return np.concatenate([model(to_input(images[k:k + batch])).argmax(dim=1).numpy()
                           for k in range(0, len(images), batch)])


def int_accuracy(model, images, labels):
    x = intsim.quantize_input(images[:, None].astype(np.float64) / 255.0, model)
    if not np.array_equal(x[:, 0], images):
        raise AssertionError("input quantization should give back the raw pixel bytes")
    return int((intsim.classify(model, x) == labels).sum())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="demo", choices=sorted(nets.ARCHITECTURES))
    p.add_argument("--bits", default="W4A4", help="hidden layers' bits; first/last weights stay 8-bit "
                   "(hcnn-bfv, hcnn-cifar-bfv: W<b> or W<b>I<i>, all weights b-bit, inputs i-bit, default 2)")
    p.add_argument("--data", default=None, help="directory with the four IDX files (.gz accepted)")
    p.add_argument("--out", required=True, help="the .hqm file to write")
    p.add_argument("--name", default=None, help="model name in the file (default from arch and bits)")
    p.add_argument("--float-epochs", type=int, default=2)
    p.add_argument("--qat-epochs", type=int, default=2)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--qat-lr", type=float, default=2e-4)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--max-batches", type=int, default=None, help="cap batches per epoch (smoke tests)")
    p.add_argument("--test-limit", type=int, default=None, help="evaluate on the first N test images only")
    p.add_argument("--sample", type=int, default=500, help="also report accuracy on the first N test images")
    p.add_argument("--accuracy-json", default=None, help="merge this model's accuracies into this JSON file")
    p.add_argument("--float-checkpoint", default=None, help="hcnn-bfv: load the float network from this file "
                   "if it exists, else train it and save it there (widths with the same input bits can share it)")
    p.add_argument("--qat-checkpoint", default=None, help="hcnn-bfv: load the trained QAT network from this file "
                   "if it exists, else train it and save it there (re-exports without retraining)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)

    if a.arch in bfv.INPUT_SHAPES:
        return bfv_main(a)
    weight_bits, act_bits = parse_bits(a.bits)
    data, test_x, test_y = prepare_run(a)
    start = time.time()

    net = nets.FloatNet(nets.architecture(a.arch))
    train_epochs(net, data, a.float_epochs, a.lr, a.batch, a.max_batches, a.seed, "float")
    float_correct = torch_accuracy(net, test_x, test_y)
    net.eval()  # BN folding uses the running statistics
    qnet = nets.QatNet(net, weight_bits, act_bits, pow2=True)
    train_epochs(qnet, data, a.qat_epochs, a.qat_lr, a.batch, a.max_batches, a.seed + 1, "qat")
    fq_correct = torch_accuracy(qnet, test_x, test_y)
    train_seconds = time.time() - start

    name = a.name or f"{a.arch}-fashion-mnist-{a.bits.upper()}"
    model = export.export_model(qnet, name)
    hqm.write(model, a.out)
    model = hqm.read(a.out)  # simulate what was written, not the in-memory dict
    int_correct = int_accuracy(model, test_x, test_y)
    n = min(a.sample, len(test_x))
    sample_correct = int_accuracy(model, test_x[:n], test_y[:n])
    result = {
        "model": name, "file": os.path.basename(a.out), "bits": a.bits.upper(), "seed": a.seed,
        "float_epochs": a.float_epochs, "qat_epochs": a.qat_epochs, "train_seconds": round(train_seconds, 1),
        "test_images": int(len(test_x)),
        "float_accuracy": float_correct / len(test_x), "fake_quant_accuracy": fq_correct / len(test_x),
        "integer_accuracy": int_correct / len(test_x),
        "sample_images": n, "float_sample_correct": torch_accuracy(net, test_x[:n], test_y[:n]),
        "fake_quant_sample_correct": torch_accuracy(qnet, test_x[:n], test_y[:n]),
        "integer_sample_correct": sample_correct,
        "requant_shifts": {x["name"]: [x["requant"]["multiplier"], x["requant"]["shift"]]
                           for x in model["nodes"] if "requant" in x and x["requant"]},
    }
    print(json.dumps(result, indent=2))
    if a.accuracy_json:
        merge_json(a.accuracy_json, name, result)


def prepare_run(a):
    """Seeds, threads and data of a run: the training data and the (possibly limited) test set."""
    seed_everything(a.seed)
    torch.set_num_threads(a.threads)
    data = load(a.data)
    test_x, test_y = data["test_images"], data["test_labels"]
    if a.test_limit:
        test_x, test_y = test_x[:a.test_limit], test_y[:a.test_limit]
    return data, test_x, test_y


def bfv_main(a):
    """--arch hcnn-bfv: float training on the quantized input, weight-only QAT, export with identity
    requantizations, exact simulation and the width report (bfv.py)."""
    weight_bits, input_bits = parse_bfv_bits(a.bits)
    data, test_x, test_y = prepare_run(a)
    # The two input quantizers (bfv.pixel_table after the Java client, intsim.quantize_input after the IR)
    # must agree on every byte.
    probe = {"input_mean": [0.0], "input_std": [1.0], "input_scale": bfv.input_scale(input_bits),
             "input_zero_point": 0, "input_bits": input_bits, "input_signed": False}
    every_byte = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    if not np.array_equal(bfv.quantize_pixels(every_byte, input_bits),
                          intsim.quantize_input(every_byte[:, None] / 255.0, probe)):
        raise AssertionError("input quantizers disagree")
    start = time.time()
    shape = bfv.INPUT_SHAPES[a.arch]
    to_input = lambda images: bfv.network_input(images, input_bits, shape=shape)  # noqa: E731
    net = nets.FloatNet(nets.architecture(a.arch))
    float_loaded = bool(a.float_checkpoint and os.path.exists(a.float_checkpoint))
    if float_loaded:
        # The float network depends only on the input bits, seed and float options: widths can share it.
        net.load_state_dict(torch.load(a.float_checkpoint))
        print(f"float network loaded from {a.float_checkpoint}", flush=True)
    else:
        train_epochs(net, data, a.float_epochs, a.lr, a.batch, a.max_batches, a.seed, "float", to_input)
        if a.float_checkpoint:
            torch.save(net.state_dict(), a.float_checkpoint)
    float_pred = torch_predictions(net, test_x, to_input=to_input)
    net.eval()
    qnet = bfv.BfvQatNet(net, weight_bits, input_bits)
    if a.qat_checkpoint and os.path.exists(a.qat_checkpoint):
        qnet.load_state_dict(torch.load(a.qat_checkpoint))
        print(f"QAT network loaded from {a.qat_checkpoint}", flush=True)
    else:
        train_epochs(qnet, data, a.qat_epochs, a.qat_lr, a.batch, a.max_batches, a.seed + 1, "qat", to_input)
        if a.qat_checkpoint:
            torch.save(qnet.state_dict(), a.qat_checkpoint)
    train_seconds = time.time() - start

    # Evaluate and export the float64 copy: the integer network reproduces its logits up to the final scale.
    dnet = copy.deepcopy(qnet).double()
    to_input64 = lambda images: bfv.network_input(images, input_bits, torch.float64, shape)  # noqa: E731
    fq_pred = torch_predictions(dnet, test_x, to_input=to_input64)
    name = a.name or f"{a.arch}-fashion-mnist-{a.bits.lower()}"
    model, bounds, too_wide = bfv.export_model(dnet, name, shape)
    _, logit_scale = dnet.integer_layers()
    if too_wide:
        print(f"{name}: worst-case widths {too_wide} exceed {bfv.MAX_BITS} bits (the format's limit): declared "
              f"as {bfv.MAX_BITS}, simulated unbounded", file=sys.stderr)
    hqm.write(model, a.out)
    model = hqm.read(a.out)  # simulate what was written
    size = os.path.getsize(a.out)
    q_test = bfv.quantize_pixels(test_x, input_bits, shape)
    observed = {}
    int_pred = intsim.classify_exact(model, q_test, observed, unbounded=bool(too_wide))
    for node, v in observed.items():
        if v > bounds[node]:
            raise AssertionError(f"node {node}: observed |value| {v} above the worst case {bounds[node]}")
    # The integer logits times the final scale against the float64 fake-quant logits.
    probe_n = min(200, len(test_x))
    with torch.no_grad():
        fq_logits = dnet(to_input64(test_x[:probe_n])).numpy()
    int_logits = intsim.run_exact(model, q_test[:probe_n], unbounded=bool(too_wide)).astype(np.float64) * logit_scale
    rel_diff = float(np.abs(int_logits - fq_logits).max() / np.abs(fq_logits).max())
    n = min(a.sample, len(test_x))
    sample_observed = {}
    sample_pred = intsim.classify_exact(model, q_test[:n], sample_observed, unbounded=bool(too_wide))
    layers = {node: {"worst_case_max_abs": str(bounds[node]), "worst_case_bits": intsim.signed_bits(bounds[node]),
                     "observed_max_abs": str(observed[node]), "observed_bits": intsim.signed_bits(observed[node]),
                     "sample_observed_max_abs": str(sample_observed[node])}
              for node in bounds}
    last = model["nodes"][-1]["name"]
    result = {
        "model": name, "file": os.path.basename(a.out), "bits": a.bits.upper(),
        "weight_bits": weight_bits, "input_bits": input_bits, "seed": a.seed,
        "float_epochs": a.float_epochs, "qat_epochs": a.qat_epochs, "train_seconds": round(train_seconds, 1),
        "float_from_checkpoint": float_loaded, "test_images": int(len(test_x)),
        "float_accuracy": float((float_pred == test_y).mean()),
        "fake_quant_accuracy": float((fq_pred == test_y).mean()),
        "integer_accuracy": float((int_pred == test_y).mean()),
        "integer_fake_quant_agreement": int((int_pred == fq_pred).sum()),
        "logit_scale": logit_scale, "max_relative_logit_difference": rel_diff,
        "sample_images": n, "integer_sample_correct": int((sample_pred == test_y[:n]).sum()),
        "sample_predictions": "".join(str(int(p)) for p in sample_pred),
        "layers": layers,
        "logits_worst_case_bits": layers[last]["worst_case_bits"],
        "logits_observed_bits": layers[last]["observed_bits"],
        # BFV needs t > 2 max|v| for every intermediate v: the signed width of the widest tensor.
        "plaintext_bits_worst_case": max(v["worst_case_bits"] for v in layers.values()),
        "plaintext_bits_observed": max(v["observed_bits"] for v in layers.values()),
        "declared_widths_capped": sorted(too_wide), "file_bytes": size,
    }
    print(json.dumps(result, indent=2))
    if a.accuracy_json:
        merge_json(a.accuracy_json, name, result)


def load(directory):
    dirs = [directory] if directory else idx.DEFAULT_DIRS
    for d in dirs:
        if os.path.isdir(d):
            return idx.load_dataset(d)
    raise SystemExit(f"no Fashion-MNIST IDX directory found (tried {dirs}); install dataset-fashion-mnist or "
                     "pass --data")


def merge_json(path, key, result):
    doc = {}
    if os.path.exists(path):
        with open(path) as f:
            doc = json.load(f)
    doc[key] = result
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
