"""Headless OpenGL rendering with moderngl on EGL (Mesa's llvmpipe on a plain CPU).

One Renderer per video: it keeps the GL context, the programs, the shadow map and the
static meshes (floor, mat, props), and turns posed body vertices into RGB frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from webapp.media.body import Body
from webapp.media.camera import Camera
from webapp.media.errors import RenderError
from webapp.media.look import PALETTE, limb_weights, linear, shirt_lines, vertex_attributes
from webapp.media.rotations import unit
from webapp.media.shaders import (
    BODY_FRAGMENT,
    BODY_VERTEX,
    CAPSULES,
    DEPTH_FRAGMENT,
    DEPTH_VERTEX,
    SOLID_FRAGMENT,
    SOLID_VERTEX,
    WATER_FRAGMENT,
)

SHADOW_SIZE = 1536  # soft enough after filtering; 2048 cost a third more per frame
SAMPLES = 4  # MSAA; llvmpipe offers 4 at most and 2 costs the same
KEY = unit(np.array([-0.45, -0.55, 0.75]))
FILL = unit(np.array([0.7, -0.35, 0.35]))
RIM = unit(np.array([0.2, 0.9, 0.45]))
NO_WATER = -100.0


@dataclass
class Mesh:
    """Triangles with a normal and a linear colour per vertex (alpha 0: fading floor)."""

    positions: np.ndarray  # (N, 3)
    normals: np.ndarray  # (N, 3)
    colours: np.ndarray  # (N, 4)

    def packed(self) -> bytes:
        """Interleaved float32 vertex data."""
        return np.hstack([self.positions, self.normals, self.colours]).astype("f4").tobytes()


def vertex_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Smooth normals: area-weighted face normals summed at each vertex."""
    a, b, c = positions[faces[:, 0]], positions[faces[:, 1]], positions[faces[:, 2]]
    face = np.cross(b - a, c - a)
    normals = np.zeros_like(positions)
    for corner in range(3):
        for axis in range(3):
            normals[:, axis] += np.bincount(
                faces[:, corner], weights=face[:, axis], minlength=len(positions)
            )
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def create_context():
    """A standalone EGL context; a RenderError says what to install when there is none."""
    try:
        import moderngl

        return moderngl.create_standalone_context(backend="egl")
    except Exception as error:  # moderngl raises plain Exceptions for a missing EGL
        raise RenderError(
            "cannot open an OpenGL context on EGL (install libegl1 libegl-mesa0 "
            f"libgl1-mesa-dri; `make run` does this when root): {error}"
        ) from error


def _matrix(matrix: np.ndarray) -> bytes:
    """A 4x4 matrix as GLSL expects it (column-major float32)."""
    return matrix.T.astype("f4").tobytes()


class Renderer:
    """Draws frames of one scene: the body, the static meshes and optional water."""

    def __init__(self, body: Body, size: tuple[int, int], statics: list[Mesh], water: float | None):
        """Compile the programs and upload what stays the same for the whole video."""
        self.body, self.size = body, size
        self.ctx = create_context()
        ctx = self.ctx
        self.body_program = ctx.program(vertex_shader=BODY_VERTEX, fragment_shader=BODY_FRAGMENT)
        self.solid_program = ctx.program(vertex_shader=SOLID_VERTEX, fragment_shader=SOLID_FRAGMENT)
        self.water_program = ctx.program(vertex_shader=SOLID_VERTEX, fragment_shader=WATER_FRAGMENT)
        self.depth_program = ctx.program(vertex_shader=DEPTH_VERTEX, fragment_shader=DEPTH_FRAGMENT)
        self.water_level = NO_WATER if water is None else water
        rest = vertex_attributes(body)
        per_vertex = np.hstack([rest[:, :4], rest[:, 4:], limb_weights(body)]).astype("f4")
        self.attributes = ctx.buffer(per_vertex.tobytes())
        self.positions = ctx.buffer(reserve=len(body.vertices) * 24)
        self.indices = ctx.buffer(body.faces.astype("i4").tobytes())
        self.body_vao = ctx.vertex_array(
            self.body_program,
            [
                (self.positions, "3f 3f", "in_position", "in_normal"),
                (self.attributes, "4f 4f 4f", "in_rest", "in_extra", "in_limbs"),
            ],
            index_buffer=self.indices,
        )
        self.body_depth = ctx.vertex_array(
            self.depth_program,
            [(self.positions, "3f 12x", "in_position")],
            index_buffer=self.indices,
        )
        self.statics = self._solid(statics)
        self.moving: tuple | None = None
        self.shadow = ctx.depth_texture((SHADOW_SIZE, SHADOW_SIZE))
        self.shadow.compare_func = "<="
        self.shadow.repeat_x = self.shadow.repeat_y = False
        self.shadow_fbo = ctx.framebuffer(depth_attachment=self.shadow)
        width, height = size
        self.msaa = ctx.framebuffer(
            color_attachments=[ctx.renderbuffer((width, height), 4, samples=SAMPLES)],
            depth_attachment=ctx.depth_renderbuffer((width, height), samples=SAMPLES),
        )
        self.resolved = ctx.framebuffer(color_attachments=[ctx.renderbuffer((width, height), 4)])
        self._uniforms()

    def _solid(self, meshes: list[Mesh]) -> tuple | None:
        """Vertex arrays (colour pass, depth pass) for a list of meshes."""
        if not meshes:
            return None
        data = b"".join(mesh.packed() for mesh in meshes)
        buffer = self.ctx.buffer(data)
        layout = [(buffer, "3f 3f 4f", "in_position", "in_normal", "in_colour")]
        # skip_errors: a program may leave an input unused (the water ignores the colour).
        colour = self.ctx.vertex_array(self.solid_program, layout, skip_errors=True)
        depth = self.ctx.vertex_array(self.depth_program, [(buffer, "3f 28x", "in_position")])
        water = self.ctx.vertex_array(self.water_program, layout, skip_errors=True)
        return colour, depth, water, buffer

    def _uniforms(self) -> None:
        """Colours, lights and clothing lines that hold for every frame."""
        lines = shirt_lines(self.body)
        values = {
            "skin": linear(PALETTE["skin"]),
            "shirt": linear(PALETTE["shirt"]),
            "leggings": linear(PALETTE["leggings"]),
            "hair": linear(PALETTE["hair"]),
            "iris": linear(PALETTE["iris"]),
            "glow": linear(PALETTE["highlight"]),
            "waist": lines["waist"],
            "neck_line": lines["neck"],
            "sleeve": lines["sleeve"],
            "hem": lines["hem"],
            "hairline": lines["hairline"],
            "head_y": lines["head_y"],
        }
        for program in (self.body_program, self.solid_program, self.water_program):
            shared = {
                "key_dir": tuple(KEY),
                "fill_dir": tuple(FILL),
                "rim_dir": tuple(RIM),
                "background": tuple(c / 255 for c in PALETTE["background"]),
                "water_level": self.water_level,
                "water_colour": linear(PALETTE["water"]),
                "shadow_map": 0,
            }
            for name, value in ({**shared, **values}).items():
                if name in program:
                    program[name].value = value

    def _light_matrix(self, centre: np.ndarray) -> np.ndarray:
        """Orthographic projection from the key light over the area around ``centre``."""
        eye = centre + KEY * 5.0
        forward = unit(centre - eye)
        right = unit(np.cross(forward, [0.0, 0.0, 1.0]))
        up = np.cross(right, forward)
        view = np.eye(4)
        view[0, :3], view[1, :3], view[2, :3] = right, up, -forward
        view[:3, 3] = -view[:3, :3] @ eye
        half, near, far = 1.7, 0.5, 10.0
        projection = np.diag([1 / half, 1 / half, -2 / (far - near), 1.0])
        projection[2, 3] = -(far + near) / (far - near)
        return projection @ view

    def frame(
        self,
        vertices: np.ndarray,
        camera: Camera,
        highlight: np.ndarray,
        capsules: list[tuple[np.ndarray, np.ndarray, float]],
        moving: list[Mesh] | None = None,
        water_mesh: list[Mesh] | None = None,
        time: float = 0.0,
    ) -> np.ndarray:
        """One RGB frame (H, W, 3) uint8 of the posed body seen by the camera."""
        normals = vertex_normals(vertices, self.body.faces)
        self.positions.write(np.hstack([vertices, normals]).astype("f4").tobytes())
        if moving is not None:
            if self.moving is not None:
                self.moving[3].release()
            self.moving = self._solid(moving)
        centre = (vertices.min(axis=0) + vertices.max(axis=0)) / 2
        centre[2] = 0.0
        light = self._light_matrix(centre)
        for program in (self.body_program, self.solid_program, self.water_program):
            # A uniform a program does not use is compiled away, so set only those present.
            for name, value in (("light_mvp", light), ("mvp", camera.matrix())):
                if name in program:
                    program[name].write(_matrix(value))
            program["eye"].value = tuple(camera.eye)
        self.depth_program["light_mvp"].write(_matrix(light))
        self.body_program["highlight"].value = tuple(float(h) for h in highlight)
        for program in (self.solid_program, self.water_program):
            if "centre" in program:
                program["centre"].value = (float(centre[0]), float(centre[1]))
        self._capsules(capsules)
        ctx = self.ctx
        ctx.enable(ctx.DEPTH_TEST)
        self.shadow_fbo.use()
        self.shadow_fbo.clear(depth=1.0)
        self.body_depth.render()
        for solid in (self.statics, self.moving):
            if solid is not None:
                solid[1].render()
        self.msaa.use()
        background = tuple(c / 255 for c in PALETTE["background"])
        self.msaa.clear(*background, 1.0, depth=1.0)
        self.shadow.use(location=0)
        for solid in (self.statics, self.moving):
            if solid is not None:
                solid[0].render()
        self.body_vao.render()
        if water_mesh:
            self.water_program["time"].value = time
            water = self._solid(water_mesh)
            ctx.enable(ctx.BLEND)
            ctx.blend_func = ctx.SRC_ALPHA, ctx.ONE_MINUS_SRC_ALPHA
            water[2].render()
            ctx.disable(ctx.BLEND)
            water[3].release()
        ctx.copy_framebuffer(self.resolved, self.msaa)
        width, height = self.size
        raw = self.resolved.read(components=3, alignment=1)
        return np.ascontiguousarray(
            np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3)[::-1]
        )

    def _capsules(self, capsules: list[tuple[np.ndarray, np.ndarray, float]]) -> None:
        """Bone capsules for contact darkening on the floor and mat."""
        chosen = capsules[:CAPSULES]
        a = np.zeros((CAPSULES, 4), dtype="f4")
        b = np.zeros((CAPSULES, 3), dtype="f4")
        for i, (start, end, radius) in enumerate(chosen):
            a[i, :3], a[i, 3], b[i] = start, radius, end
        self.solid_program["capsule_a"].write(a.tobytes())
        self.solid_program["capsule_b"].write(b.tobytes())
        self.solid_program["capsules"].value = len(chosen)

    def release(self) -> None:
        """Free the GL context."""
        self.ctx.release()
