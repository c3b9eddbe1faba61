"""Fashion-MNIST image models (teacher and student) as TorchScript, untrained.

Run with Debian's python3-torch:  /usr/bin/python3 image_models.py {teacher|student} OUT.pt [--seed N]

I/O contract (KServe v2 / Triton, batch dimension implicit):
  INPUT__0  FP32 [B, 1, 28, 28]  pixel / 255, i.e. values in [0, 1]; normalised inside the model
  OUTPUT__0 FP32 [B, 10]         class logits
teacher-rgb-nhwc takes INPUT__0 FP32 [B, 28, 28, 3], colour normalised by ImageNet's mean and std.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

# Fashion-MNIST training-split pixel mean and standard deviation, on the [0, 1] scale.
MEAN = 0.2860
STD = 0.3530


class ImageTeacher(nn.Module):
    """A larger CNN: three conv blocks with batch norm, a wide fully connected layer, dropout."""

    def __init__(self):
        super().__init__()
        self.mean = MEAN
        self.std = STD
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(128)
        self.fc1 = nn.Linear(128 * 7 * 7, 256)
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - self.mean) / self.std
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.relu(self.bn3(self.conv3(x)))
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)


class ImageStudent(nn.Module):
    """A small CNN with at most a tenth of the teacher's parameters: three conv blocks with batch
    norm, max-pooled to 3x3 before a small fully connected head. Most of the teacher's parameters
    sit in its wide fully connected layer; the student spends its budget on convolutions, which
    learn more from the one pass over the stream that the demo gives it."""

    def __init__(self):
        super().__init__()
        self.mean = MEAN
        self.std = STD
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.conv3 = nn.Conv2d(64, 64, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * 3 * 3, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - self.mean) / self.std
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.adaptive_max_pool2d(F.relu(self.bn3(self.conv3(x))), 3)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


class RgbNhwcTeacher(nn.Module):
    """The teacher behind the input layout of ImageNet classifiers: colour NHWC images normalised by
    ImageNet's mean and standard deviation. It undoes the normalisation, takes BT.601 luma and runs
    the grey teacher, so for grey images its logits are the teacher's."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner
        self.register_buffer("rgb_mean", torch.tensor([0.485, 0.456, 0.406]))
        self.register_buffer("rgb_std", torch.tensor([0.229, 0.224, 0.225]))
        self.register_buffer("luma", torch.tensor([0.299, 0.587, 0.114]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rgb = x * self.rgb_std + self.rgb_mean
        grey = (rgb * self.luma).sum(dim=3)
        return self.inner(grey.unsqueeze(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", choices=["teacher", "student", "teacher-rgb-nhwc"])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    if args.model == "student":
        module = ImageStudent()
    elif args.model == "teacher":
        module = ImageTeacher()
    else:
        # the same seed gives the teacher's weights
        module = RgbNhwcTeacher(ImageTeacher())
    module.eval()
    scripted = torch.jit.script(module)
    sample = torch.rand(2, 28, 28, 3) if args.model == "teacher-rgb-nhwc" else torch.rand(2, 1, 28, 28)
    check = scripted(sample)
    assert check.shape == (2, 10), check.shape
    scripted.save(args.out)
    params = sum(p.numel() for p in module.parameters())
    print(f"{args.model} parameters={params} out={args.out}")


if __name__ == "__main__":
    main()
