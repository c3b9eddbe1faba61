"""A small CTC speech student as TorchScript, untrained.

Run with Debian's python3-torch:  /usr/bin/python3 speech_student.py OUT.pt [--seed N]

The module takes raw 16 kHz mono samples and computes log-mel features itself, so every caller
(trainer, server) feeds the same thing. An utterance's outputs do not depend on the padding of the
batch it came in: samples past its length are zeroed, its features are normalised over its own
frames and the GRU runs on packed sequences, so training batches, evaluation batches and a server's
single requests see the same model. forward is what a server runs (Triton's pytorch_libtorch
backend calls forward with the inputs in config order); the loss is a separate method the trainer
calls with gradients on.
  forward(audio FP32 [B, T], lengths INT64 [B] or [B, 1])
      -> (OUTPUT__0 INT64 [B, U] best-path token ids, repeats and blanks removed, padded with -1,
          OUTPUT__1 FP32 [B, T', V] log-probabilities per frame, T' = output_lengths(T))
  ctc_loss(audio FP32 [B, T], lengths INT64 [B], targets INT64 [B, S], target_lengths INT64 [B])
      -> CTC loss of each utterance divided by its target length, FP32 [B], for training from
         Java (the caller weights and averages)
  greedy(audio, lengths) -> OUTPUT__0 alone
  logits(audio, lengths) -> OUTPUT__1 alone
  vocabulary() -> INT64 [V] the Unicode code point of each token (index 0 is the CTC blank, code 0)
"""
import argparse
import math
from typing import List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms window
HOP = 160  # 10 ms hop
N_MELS = 40
VOCAB = "\0 abcdefghijklmnopqrstuvwxyz'"


def mel_filterbank(n_mels: int, n_fft: int, sample_rate: int) -> torch.Tensor:
    """Triangular filters on the HTK mel scale, [n_fft // 2 + 1, n_mels]."""

    def hz_to_mel(f):
        return 2595.0 * math.log10(1.0 + f / 700.0)

    def mel_to_hz(m):
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    n_bins = n_fft // 2 + 1
    bin_hz = torch.linspace(0, sample_rate / 2, n_bins)
    lo, hi = hz_to_mel(20.0), hz_to_mel(sample_rate / 2)
    points = [mel_to_hz(lo + (hi - lo) * i / (n_mels + 1)) for i in range(n_mels + 2)]
    bank = torch.zeros(n_bins, n_mels)
    for m in range(n_mels):
        left, centre, right = points[m], points[m + 1], points[m + 2]
        rise = (bin_hz - left) / (centre - left)
        fall = (right - bin_hz) / (right - centre)
        bank[:, m] = torch.clamp(torch.minimum(rise, fall), min=0.0)
    return bank


class SpeechStudent(nn.Module):
    """Log-mel front end, a strided conv, a bidirectional GRU and a character classifier."""

    def __init__(self, hidden: int = 96):
        super().__init__()
        self.n_fft = N_FFT
        self.hop = HOP
        self.register_buffer("window", torch.hann_window(N_FFT))
        self.register_buffer("mel", mel_filterbank(N_MELS, N_FFT, SAMPLE_RATE))
        self.register_buffer("codes", torch.tensor([ord(c) for c in VOCAB], dtype=torch.long))
        self.conv = nn.Conv1d(N_MELS, hidden, kernel_size=5, stride=2, padding=2)
        self.gru = nn.GRU(hidden, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(VOCAB))

    def features(self, audio: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Log-mel frames normalised over each utterance's own frames, zero on padding."""
        samples = torch.arange(audio.size(1), device=audio.device).unsqueeze(0)
        audio = audio * (samples < lengths.unsqueeze(1)).to(audio.dtype)
        spec = torch.stft(audio, self.n_fft, hop_length=self.hop, win_length=self.n_fft,
                          window=self.window, center=True, pad_mode="constant", return_complex=True)
        power = spec.abs().pow(2).transpose(1, 2)  # [B, frames, bins]
        logmel = torch.log(torch.matmul(power, self.mel) + 1e-6)
        frames = torch.div(lengths, self.hop, rounding_mode="floor") + 1
        steps = torch.arange(logmel.size(1), device=logmel.device).unsqueeze(0)
        valid = (steps < frames.unsqueeze(1)).to(logmel.dtype).unsqueeze(2)  # [B, frames, 1]
        count = torch.clamp(valid.sum(dim=(1, 2), keepdim=True), min=1.0) * logmel.size(2)
        mean = (logmel * valid).sum(dim=(1, 2), keepdim=True) / count
        centred = (logmel - mean) * valid
        std = torch.sqrt(centred.pow(2).sum(dim=(1, 2), keepdim=True) / count) + 1e-5
        return centred / std

    def output_lengths(self, lengths: torch.Tensor) -> torch.Tensor:
        frames = torch.div(lengths, self.hop, rounding_mode="floor") + 1
        return torch.div(frames - 1, 2, rounding_mode="floor") + 1

    @torch.jit.export
    def logits(self, audio: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Per-frame log-probabilities; frames past an utterance's end do not affect the others."""
        lengths = lengths.reshape(-1)
        x = self.features(audio, lengths).transpose(1, 2)  # [B, mels, frames]
        x = F.relu(self.conv(x)).transpose(1, 2)  # [B, T', hidden]
        out_lengths = torch.clamp(self.output_lengths(lengths), min=1, max=x.size(1))
        packed = nn.utils.rnn.pack_padded_sequence(x, out_lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        y, _ = self.gru(packed)
        x, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=x.size(1))
        return F.log_softmax(self.out(x), dim=-1)

    def forward(self, audio: torch.Tensor, lengths: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        lengths = lengths.reshape(-1)
        log_probs = self.logits(audio, lengths)
        return self.best_path(log_probs, lengths), log_probs

    @torch.jit.export
    def ctc_loss(self, audio: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor,
                 target_lengths: torch.Tensor) -> torch.Tensor:
        lengths = lengths.reshape(-1)
        log_probs = self.logits(audio, lengths)
        out_lengths = torch.clamp(self.output_lengths(lengths), max=log_probs.size(1))
        losses = F.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths,
                            blank=0, reduction="none", zero_infinity=True)
        return losses / torch.clamp(target_lengths, min=1).to(losses.dtype)

    @torch.jit.export
    def greedy(self, audio: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        lengths = lengths.reshape(-1)
        return self.best_path(self.logits(audio, lengths), lengths)

    def best_path(self, log_probs: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        out_lengths = torch.clamp(self.output_lengths(lengths), max=log_probs.size(1))
        best = log_probs.argmax(dim=-1)  # [B, T']
        rows: List[torch.Tensor] = []
        longest = 0
        for b in range(best.size(0)):
            path = best[b, : int(out_lengths[b])]
            keep = torch.ones_like(path, dtype=torch.bool)
            if path.numel() > 1:
                keep[1:] = path[1:] != path[:-1]
            tokens = path[keep & (path != 0)]
            rows.append(tokens)
            longest = max(longest, int(tokens.numel()))
        result = torch.full([best.size(0), longest], -1, dtype=torch.long)
        for b in range(len(rows)):
            result[b, : rows[b].numel()] = rows[b]
        return result

    @torch.jit.export
    def vocabulary(self) -> torch.Tensor:
        return self.codes


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    module = SpeechStudent()
    scripted = torch.jit.script(module)
    audio = torch.randn(2, SAMPLE_RATE) * 0.1
    lengths = torch.tensor([SAMPLE_RATE, SAMPLE_RATE // 2])
    loss = scripted.ctc_loss(audio, lengths, torch.tensor([[2, 3, 4], [5, 6, 0]]),
                             torch.tensor([3, 2]))
    assert loss.shape == (2,) and bool(torch.isfinite(loss).all()), loss
    ids, log_probs = scripted(audio, lengths.reshape(2, 1))
    assert ids.size(0) == 2 and log_probs.shape == (2, 51, len(VOCAB)), log_probs.shape
    assert bool((scripted.greedy(audio, lengths) == ids).all())
    # Padding does not change an utterance's outputs: the half-second one alone vs in the batch.
    alone = scripted.logits(audio[1:, : SAMPLE_RATE // 2], lengths[1:])
    frames = alone.size(1)
    assert torch.allclose(alone[0], log_probs[1, :frames], atol=1e-4), \
        (alone[0] - log_probs[1, :frames]).abs().max()
    scripted.save(args.out)
    params = sum(p.numel() for p in module.parameters())
    print(f"speech-student parameters={params} out={args.out}")


if __name__ == "__main__":
    main()
