"""Rotation helpers for posing the body: axis angles, aiming, quaternions and DQ skinning."""

from __future__ import annotations

import numpy as np

X, Y, Z = np.eye(3)


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero)."""
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 1e-12 else vector


def axis_angle(axis: np.ndarray, degrees: float) -> np.ndarray:
    """The 3x3 rotation about ``axis`` by ``degrees`` (right-handed)."""
    x, y, z = unit(np.asarray(axis, dtype=float))
    angle = np.radians(degrees)
    c, s = np.cos(angle), np.sin(angle)
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + s * k + (1 - c) * (k @ k)


def aim(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The smallest rotation turning direction ``source`` onto direction ``target``."""
    a, b = unit(np.asarray(source, float)), unit(np.asarray(target, float))
    axis = np.cross(a, b)
    sin, cos = np.linalg.norm(axis), float(np.dot(a, b))
    if sin < 1e-9:
        if cos > 0:
            return np.eye(3)
        # Opposite directions: half a turn about any axis square to them.
        other = X if abs(a[0]) < 0.9 else Y
        return axis_angle(np.cross(a, other), 180.0)
    return axis_angle(axis, np.degrees(np.arctan2(sin, cos)))


def twist_about(rotation: np.ndarray, axis: np.ndarray) -> float:
    """Degrees that ``rotation`` turns about ``axis`` (its swing-twist split's twist)."""
    quat = to_quaternions(rotation[None])[0]
    along = np.dot(quat[1:], unit(axis))
    return float(np.degrees(2 * np.arctan2(along, quat[0])))


def to_quaternions(matrices: np.ndarray) -> np.ndarray:
    """(N, 3, 3) rotation matrices as (N, 4) unit quaternions (w, x, y, z)."""
    m = matrices
    trace = m[:, 0, 0] + m[:, 1, 1] + m[:, 2, 2]
    # Shepperd's method: take the largest of the four candidates for numerical safety.
    candidates = np.stack(
        [trace, m[:, 0, 0], m[:, 1, 1], m[:, 2, 2]], axis=1
    )  # which component is largest
    pick = candidates.argmax(axis=1)
    quats = np.empty((len(m), 4))
    for case in range(4):
        rows = pick == case
        if not rows.any():
            continue
        r = m[rows]
        if case == 0:
            s = np.sqrt(1.0 + trace[rows]) * 2
            q = [
                0.25 * s,
                (r[:, 2, 1] - r[:, 1, 2]) / s,
                (r[:, 0, 2] - r[:, 2, 0]) / s,
                (r[:, 1, 0] - r[:, 0, 1]) / s,
            ]
        else:
            i = case - 1
            j, k = (i + 1) % 3, (i + 2) % 3
            s = np.sqrt(1.0 + r[:, i, i] - r[:, j, j] - r[:, k, k]) * 2
            q = [None] * 4
            q[0] = (r[:, k, j] - r[:, j, k]) / s
            q[1 + i] = 0.25 * s
            q[1 + j] = (r[:, j, i] + r[:, i, j]) / s
            q[1 + k] = (r[:, k, i] + r[:, i, k]) / s
        quats[rows] = np.stack(q, axis=1)
    return quats


def _quat_multiply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamilton products of (..., 4) quaternions."""
    aw, ax, ay, az = np.moveaxis(a, -1, 0)
    bw, bx, by, bz = np.moveaxis(b, -1, 0)
    return np.stack(
        [
            aw * bw - ax * bx - ay * by - az * bz,
            aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw,
        ],
        axis=-1,
    )


def dual_quaternion_skin(
    rest: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    rotations: np.ndarray,
    translations: np.ndarray,
) -> np.ndarray:
    """Skin rest vertices with dual quaternions: no collapsing "candy-wrapper" joints.

    ``rotations`` (B, 3, 3) and ``translations`` (B, 3) move each bone's rest space to
    its posed place (x' = R x + t); ``indices`` and ``weights`` are (V, K) influences.
    """
    real = to_quaternions(rotations)
    pure = np.concatenate([np.zeros((len(translations), 1)), translations], axis=1)
    dual = 0.5 * _quat_multiply(pure, real)
    q = real[indices]  # (V, K, 4)
    d = dual[indices]
    # Blend on the same hemisphere as the strongest influence (q and -q are one rotation).
    sign = np.where((q * q[:, :1]).sum(-1, keepdims=True) < 0, -1.0, 1.0)
    w = weights[..., None] * sign
    q_sum, d_sum = (w * q).sum(1), (w * d).sum(1)
    norm = np.linalg.norm(q_sum, axis=1, keepdims=True)
    q_sum, d_sum = q_sum / norm, d_sum / norm
    qw, qv = q_sum[:, :1], q_sum[:, 1:]
    dw, dv = d_sum[:, :1], d_sum[:, 1:]
    rotated = rest + 2 * np.cross(qv, np.cross(qv, rest) + qw * rest)
    moved = 2 * (qw * dv - dw * qv + np.cross(qv, dv))
    return rotated + moved
