"""Reads a training set the way a Python trainer would, with the standard library only.

Usage: read_training_set.py nemo|webdataset DIR
Prints one JSON object with what it found; exits non-zero on anything malformed.
"""
import json
import os
import struct
import sys
import tarfile
import wave


def nemo(folder):
    lines = []
    with open(os.path.join(folder, "manifest.jsonl"), encoding="utf-8") as manifest:
        for line in manifest:
            entry = json.loads(line)
            path = os.path.join(folder, entry["audio_filepath"])
            with wave.open(path, "rb") as audio:
                seconds = audio.getnframes() / audio.getframerate()
                assert audio.getnchannels() == 1, path
            assert abs(seconds - entry["duration"]) < 1e-3, (path, seconds, entry["duration"])
            assert isinstance(entry["text"], str) and entry["text"], entry
            lines.append(entry)
    ids = [e["id"] for e in lines]
    return {"lines": len(lines), "unique_ids": len(set(ids)), "texts": sorted(e["text"] for e in lines)}


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def webdataset(folder):
    shards = sorted(f for f in os.listdir(folder) if f.startswith("shard-") and f.endswith(".tar"))
    samples = {}
    for shard in shards:
        with tarfile.open(os.path.join(folder, shard)) as tar:
            for member in tar.getmembers():
                key, _, extension = member.name.partition(".")
                samples.setdefault(key, {})[extension] = tar.extractfile(member).read()
    labels = {}
    texts = []
    sizes = set()
    for key, files in samples.items():
        meta = json.loads(files["json"])
        if "png" in files:
            sizes.add(png_size(files["png"]))
            assert int(files["cls"]) == meta["label"], key
            assert abs(sum(meta["soft_label"]) - 1) < 1e-3, key
            labels[meta["id"]] = meta["label"]
        else:
            with wave.open(__import__("io").BytesIO(files["wav"])) as audio:
                assert audio.getframerate() == 16000, key
            assert files["txt"].decode("utf-8") == meta["text"], key
            texts.append(meta["text"])
    return {
        "shards": len(shards),
        "samples": len(samples),
        "unique_ids": len({json.loads(f["json"])["id"] for f in samples.values()}),
        "labels": labels,
        "png_sizes": sorted(list(s) for s in sizes),
        "texts": sorted(texts),
    }


if __name__ == "__main__":
    kind, folder = sys.argv[1], sys.argv[2]
    print(json.dumps(nemo(folder) if kind == "nemo" else webdataset(folder), sort_keys=True))
