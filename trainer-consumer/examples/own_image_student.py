"""Export your own image student for `distillery train --student FILE` (the image student contract).

Run with any Python that has PyTorch (Debian: apt-get install python3-torch):

    python3 own_image_student.py OUT.pt [--weights STATE_DICT.pt] [--width 16]

The contract the trainer checks when it loads a student for an image task:
  forward(x)   x: FP32 [B, 1, 28, 28], pixels / 255 (values in 0..1)
               returns FP32 [B, C] class logits, C the task's classes (10 for Fashion-MNIST);
               any normalisation happens inside the model.
  parameters   every one trainable; the trainer updates them all in place (DJL on libtorch).
  export       TorchScript (torch.jit.script or torch.jit.trace), saved with torch.jit.save.

This example is deliberately not the project's student: a depthwise-separable CNN with its own
normalisation. (Batch norm works too, but needs far more steps than a test takes before its running
statistics serve evaluation well.) Start it from weights you trained
elsewhere with --weights (a state_dict saved with torch.save); without them it starts untrained.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F


class SeparableBlock(nn.Module):
    """A 3x3 depthwise convolution, a 1x1 pointwise one and ReLU."""

    def __init__(self, inputs: int, outputs: int):
        super().__init__()
        self.depthwise = nn.Conv2d(inputs, inputs, 3, padding=1, groups=inputs)
        self.pointwise = nn.Conv2d(inputs, outputs, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.pointwise(self.depthwise(x)))


class OwnImageStudent(nn.Module):
    """Three separable blocks, pooling between the first ones, then a linear head on the 7x7 maps."""

    def __init__(self, width: int, classes: int):
        super().__init__()
        self.stem = nn.Conv2d(1, width, 3, padding=1)
        self.block1 = SeparableBlock(width, 2 * width)
        self.block2 = SeparableBlock(2 * width, 2 * width)
        self.block3 = SeparableBlock(2 * width, 4 * width)
        self.head = nn.Linear(4 * width * 7 * 7, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - 0.5) * 2.0
        x = F.relu(self.stem(x))
        x = F.max_pool2d(self.block1(x), 2)
        x = F.max_pool2d(self.block2(x), 2)
        x = self.block3(x)
        return self.head(torch.flatten(x, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="where the TorchScript goes")
    parser.add_argument("--weights", help="a state_dict to start from")
    parser.add_argument("--width", type=int, default=16, help="channels of the stem")
    parser.add_argument("--classes", type=int, default=10, help="classes of the task")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = OwnImageStudent(args.width, args.classes)
    if args.weights:
        model.load_state_dict(torch.load(args.weights))
    model.train()
    torch.jit.save(torch.jit.script(model), args.out)


if __name__ == "__main__":
    main()
