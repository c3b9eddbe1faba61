"""Export your own speech student for `distillery train --student FILE` (the speech student contract).

Run with any Python that has PyTorch (Debian: apt-get install python3-torch):

    python3 own_speech_student.py OUT.pt [--weights STATE_DICT.pt] [--channels 64] [--seed N]

The contract the trainer checks when it loads a student for a speech (asr*) task:
  forward(audio, lengths)
      audio    FP32 [B, T], 16 kHz mono samples in -1..1, zero-padded past each utterance's length
      lengths  INT64 [B] (or [B, 1]), samples per utterance
      returns  (best-path token ids INT64 [B, U], repeats and blanks removed, padded with -1,
                log-probabilities FP32 [B, T', V] per output frame)
  ctc_loss(audio, lengths, targets INT64 [B, S], target_lengths INT64 [B])
      returns  FP32 [B], each utterance's CTC loss divided by its target length; the trainer
               weights and averages it and backpropagates through it
  vocabulary   V = 29 tokens in this order: CTC blank, space, a..z, apostrophe (the trainer's
               character vocabulary); the feature front end lives inside the model.
  parameters   every one trainable; the trainer updates them all in place (DJL on libtorch).

This example is deliberately not the project's student (log-mel, a strided conv and a BiGRU): a
log-power spectrum averaged into 32 linear bands, then a stack of dilated 1-D convolutions, no
recurrence. Start it from weights you trained elsewhere with --weights (a state_dict saved with
torch.save); without them it starts untrained.
"""
import argparse
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

WINDOW = 320  # 20 ms at 16 kHz
HOP = 160  # 10 ms
BANDS = 32
TOKENS = 29


class ConvSpeechStudent(nn.Module):
    """Band energies, dilated convolutions over time (stride 2 once), a token classifier."""

    def __init__(self, channels: int = 64):
        super().__init__()
        self.hop = HOP
        self.window_size = WINDOW
        self.bands = BANDS
        self.register_buffer("window", torch.hann_window(WINDOW))
        self.inp = nn.Conv1d(BANDS, channels, kernel_size=5, stride=2, padding=2)
        self.blocks = nn.ModuleList(
            [nn.Conv1d(channels, channels, kernel_size=3, padding=d, dilation=d) for d in (1, 2, 4, 1)]
        )
        self.out = nn.Conv1d(channels, TOKENS, kernel_size=1)

    def frames(self, lengths: torch.Tensor) -> torch.Tensor:
        # centred STFT frames, then the stride-2 input convolution
        spectrum = lengths // self.hop + 1
        return torch.div(spectrum + 1, 2, rounding_mode="floor")

    def log_probs(self, audio: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        lengths = lengths.reshape(-1)
        positions = torch.arange(audio.size(1), device=audio.device).unsqueeze(0)
        audio = audio * (positions < lengths.unsqueeze(1)).to(audio.dtype)
        spec = torch.stft(audio, n_fft=self.window_size, hop_length=self.hop, window=self.window,
                          center=True, return_complex=True)
        power = spec.real * spec.real + spec.imag * spec.imag  # [B, F, N]
        bins = power.size(1) - 1
        bands = power[:, :bins, :].reshape(power.size(0), self.bands, bins // self.bands, power.size(2)).mean(2)
        x = torch.log(bands + 1e-6)
        # each utterance normalised over its own frames
        n = torch.clamp(lengths // self.hop + 1, max=x.size(2))
        mask = (torch.arange(x.size(2), device=x.device).unsqueeze(0) < n.unsqueeze(1)).to(x.dtype)
        mask = mask.unsqueeze(1)
        count = mask.sum(2, keepdim=True).clamp(min=1.0)
        mean = (x * mask).sum(2, keepdim=True) / count
        std = torch.sqrt((((x - mean) * mask) ** 2).sum(2, keepdim=True) / count + 1e-5)
        x = (x - mean) / std * mask
        x = F.relu(self.inp(x))
        for block in self.blocks:
            x = x + F.relu(block(x))
        return F.log_softmax(self.out(x), dim=1).transpose(1, 2)  # [B, T', V]

    def forward(self, audio: torch.Tensor, lengths: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        lengths = lengths.reshape(-1)
        log_probs = self.log_probs(audio, lengths)
        return self.best_path(log_probs, lengths), log_probs

    @torch.jit.export
    def ctc_loss(self, audio: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor,
                 target_lengths: torch.Tensor) -> torch.Tensor:
        lengths = lengths.reshape(-1)
        log_probs = self.log_probs(audio, lengths)
        out_lengths = torch.clamp(self.frames(lengths), max=log_probs.size(1))
        loss = F.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths,
                          blank=0, reduction="none", zero_infinity=True)
        return loss / torch.clamp(target_lengths, min=1).to(loss.dtype)

    def best_path(self, log_probs: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        out_lengths = torch.clamp(self.frames(lengths), max=log_probs.size(1))
        best = log_probs.argmax(dim=-1)
        paths = []
        longest = 1
        for b in range(best.size(0)):
            path = best[b, : int(out_lengths[b])]
            if path.numel() > 0:
                changed = torch.ones_like(path, dtype=torch.bool)
                changed[1:] = path[1:] != path[:-1]
                path = path[changed & (path != 0)]
            paths.append(path)
            longest = max(longest, int(path.numel()))
        result = torch.full([best.size(0), longest], -1, dtype=torch.long)
        for b in range(len(paths)):
            result[b, : paths[b].numel()] = paths[b]
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--weights", help="a state_dict to start from")
    parser.add_argument("--channels", type=int, default=64)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    module = ConvSpeechStudent(args.channels)
    if args.weights:
        module.load_state_dict(torch.load(args.weights))
    module.eval()
    scripted = torch.jit.script(module)
    audio = torch.zeros(2, 16000)
    lengths = torch.tensor([16000, 8000])
    ids, log_probs = scripted(audio, lengths)
    assert log_probs.dim() == 3 and log_probs.size(2) == TOKENS, log_probs.shape
    loss = scripted.ctc_loss(audio, lengths, torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 2]))
    assert loss.shape == (2,), loss.shape
    scripted.save(args.out)


if __name__ == "__main__":
    main()
