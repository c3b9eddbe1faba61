#!/usr/bin/env python3
"""Wraps a root file system tarball (as mmdebstrap writes it) into a one-layer image archive in `docker save`
format, which Jib reads as a `tar://` base image and podman / docker load as they are.

Usage: rootfs-to-image.py ROOTFS.tar IMAGE.tar NAME:TAG
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import time


def main(rootfs, out, reference):
    digest = hashlib.sha256()
    with open(rootfs, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    diff_id = "sha256:" + digest.hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
            "Cmd": ["/bin/bash"],
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "mmdebstrap (infra/deploy/image/build-base-image.sh)"}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = digest.hexdigest() + "/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": [reference], "Layers": [layer_name]}]
    with tarfile.open(out + ".partial", "w") as image:
        add_bytes(image, config_name, config_bytes)
        add_bytes(image, "manifest.json", json.dumps(manifest).encode())
        image.add(rootfs, arcname=layer_name)
    os.replace(out + ".partial", out)
    print(f"{out}: {reference}, layer {diff_id}, {os.path.getsize(out) / 1e6:.0f} MB")


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
