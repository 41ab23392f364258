"""GLSL for the demonstration videos: a soft studio light on a person, a mat and props.

Lighting is computed in linear light and tone-mapped at the end of each fragment: a warm
key light with a soft shadow map, a cool fill from the other side, a rim light from behind
and a sky/ground ambient. Contact darkening on the mat comes from capsules around the
bones, so it shows where a hand, knee or back rests.
"""

from __future__ import annotations

CAPSULES = 20  # upper bound on the bone capsules passed for contact darkening

COMMON = """
#version 330
uniform vec3 eye;
uniform vec3 key_dir;      // towards the key light
uniform vec3 fill_dir;
uniform vec3 rim_dir;
uniform sampler2DShadow shadow_map;
uniform mat4 light_mvp;
uniform vec3 background;
uniform float water_level;  // world height of the water surface, or -100 without water
uniform vec3 water_colour;

const vec2 POISSON[12] = vec2[](
    vec2(-0.326, -0.406), vec2(-0.840, -0.074), vec2(-0.696, 0.457), vec2(-0.203, 0.621),
    vec2(0.962, -0.195), vec2(0.473, -0.480), vec2(0.519, 0.767), vec2(0.185, -0.893),
    vec2(0.507, 0.064), vec2(0.896, 0.412), vec2(-0.322, -0.933), vec2(-0.792, -0.598));

float lit_by_key(vec3 world, vec3 normal) {
    vec4 p = light_mvp * vec4(world + normal * 0.004, 1.0);
    vec3 uvz = p.xyz / p.w * 0.5 + 0.5;
    if (any(lessThan(uvz.xy, vec2(0.01))) || any(greaterThan(uvz.xy, vec2(0.99)))) return 1.0;
    float bias = 0.0015;
    float sum = 0.0;
    for (int i = 0; i < 12; i++) {
        sum += texture(shadow_map, vec3(uvz.xy + POISSON[i] * 0.0016, uvz.z - bias));
    }
    return sum / 12.0;
}

vec3 light(vec3 albedo, vec3 world, vec3 normal, float shine, float wrap) {
    vec3 n = normalize(normal);
    vec3 v = normalize(eye - world);
    float key = max((dot(n, key_dir) + wrap) / (1.0 + wrap), 0.0) * lit_by_key(world, n);
    float fill = max((dot(n, fill_dir) + wrap) / (1.0 + wrap), 0.0);
    float rim = pow(1.0 - max(dot(n, v), 0.0), 3.0) * max(dot(n, rim_dir) + 0.3, 0.0);
    float sky = 0.5 + 0.5 * n.z;
    vec3 colour = albedo * (vec3(1.0, 0.95, 0.88) * 2.6 * key + vec3(0.78, 0.86, 1.0) * 0.45 * fill
                             + mix(vec3(0.34, 0.31, 0.28), vec3(0.50, 0.53, 0.58), sky) * 0.6);
    vec3 h = normalize(key_dir + v);
    colour += vec3(1.0, 0.96, 0.9) * shine * pow(max(dot(n, h), 0.0), 40.0) * key;
    colour += vec3(0.9, 0.95, 1.0) * rim * 0.35;
    return colour;
}

vec3 under_water(vec3 colour, vec3 world) {
    // Below the surface things look bluer and paler the deeper they are.
    float depth = clamp((water_level - world.z) / 1.2, 0.0, 1.0);
    float below = step(world.z, water_level);
    vec3 tinted = mix(colour * (0.55 + 0.9 * water_colour), water_colour * 0.7,
                      0.15 + 0.35 * depth);
    return mix(colour, tinted, below);
}

vec3 tone(vec3 x) {
    // ACES filmic fit (Narkowicz), then display gamma.
    x *= 0.8;
    vec3 mapped = clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
    return pow(mapped, vec3(1.0 / 2.2));
}
"""

BODY_VERTEX = """
#version 330
uniform mat4 mvp;
in vec3 in_position;
in vec3 in_normal;
in vec4 in_rest;    // rest x, y, z, arm share
in vec4 in_extra;   // along the arm, head, eye, unused
in vec4 in_limbs;   // arm_l, arm_r, leg_l, leg_r
out vec3 world;
out vec3 normal;
out vec4 rest;
out vec4 extra;
out vec4 limbs;
void main() {
    world = in_position;
    normal = in_normal;
    rest = in_rest;
    extra = in_extra;
    limbs = in_limbs;
    gl_Position = mvp * vec4(in_position, 1.0);
}
"""

BODY_FRAGMENT = (
    COMMON
    + """
uniform vec3 skin;
uniform vec3 shirt;
uniform vec3 leggings;
uniform vec3 hair;
uniform vec3 iris;
uniform vec3 glow;
uniform vec4 highlight;  // how strongly each limb glows now
uniform float waist;
uniform float neck_line;
uniform float sleeve;
uniform float hem;
uniform float hairline;
uniform float head_y;
in vec3 world;
in vec3 normal;
in vec4 rest;
in vec4 extra;
in vec4 limbs;
out vec4 colour;
void main() {
    vec3 albedo = skin;
    float shine = 0.12;
    float wrap = 0.45;  // light wraps round skin a little, like light under the surface
    bool arm = rest.w > 0.5;
    bool head = extra.y > 0.5;
    float z = rest.z;
    if (!head && !arm && z > waist && z < neck_line + 0.03 * (rest.y - head_y) * 10.0) {
        albedo = shirt; shine = 0.03; wrap = 0.25;
    } else if (arm && extra.x < sleeve && z > waist) {
        albedo = shirt; shine = 0.03; wrap = 0.25;
    } else if (!arm && !head && z <= waist && z > hem) {
        albedo = leggings; shine = 0.06; wrap = 0.2;
    }
    // Short hair: above a line that runs from the forehead down to the nape, leaving the
    // ears and face bare.
    float front = head_y - rest.y;  // + towards the face
    float line = mix(hairline - 0.13, hairline, smoothstep(-0.03, 0.11, front));
    bool ear = abs(rest.x) > 0.068 && z < hairline - 0.05 && front > -0.04;
    if (head && z > line && !ear) {
        albedo = hair; shine = 0.05; wrap = 0.3;
    }
    if (extra.z > 0.5) { albedo = iris; shine = 0.6; }
    float glowing = clamp(dot(limbs, highlight), 0.0, 1.0);
    // The moving limb gets a warm edge light: its outline shows without changing its colours.
    vec3 c = light(albedo, world, normal, shine, wrap);
    float edge = pow(1.0 - abs(dot(normalize(normal), normalize(eye - world))), 2.0);
    c += glow * glowing * (0.05 + 0.6 * edge);
    colour = vec4(tone(under_water(c, world)), 1.0);
}
"""
)

SOLID_VERTEX = """
#version 330
uniform mat4 mvp;
in vec3 in_position;
in vec3 in_normal;
in vec4 in_colour;  // linear rgb; alpha 0 marks the floor that fades into the background
out vec3 world;
out vec3 normal;
out vec4 tint;
void main() {
    world = in_position;
    normal = in_normal;
    tint = in_colour;
    gl_Position = mvp * vec4(in_position, 1.0);
}
"""

SOLID_FRAGMENT = (
    COMMON
    + f"""
uniform vec4 capsule_a[{CAPSULES}];  // xyz end, w radius
uniform vec3 capsule_b[{CAPSULES}];
uniform int capsules;
uniform vec2 centre;  // the floor fades out around this point
in vec3 world;
in vec3 normal;
in vec4 tint;
out vec4 colour;
float contact(vec3 p) {{
    float open = 1.0;
    for (int i = 0; i < capsules; i++) {{
        vec3 a = capsule_a[i].xyz;
        vec3 ab = capsule_b[i] - a;
        float t = clamp(dot(p - a, ab) / max(dot(ab, ab), 1e-6), 0.0, 1.0);
        float d = length(p - (a + ab * t)) - capsule_a[i].w;
        float reach = 2.2 * capsule_a[i].w;
        open *= 1.0 - 0.55 * pow(clamp(1.0 - d / reach, 0.0, 1.0), 2.0);
    }}
    return open;
}}
void main() {{
    vec3 albedo = tint.rgb;
    if (tint.a < 0.1) {{
        // Floor boards along X, 14 cm wide, with staggered end joints.
        float board = floor(world.y / 0.14);
        float along = fract(world.x / 1.3 + fract(board * 0.37));
        float seam = max(smoothstep(0.44, 0.47, abs(fract(world.y / 0.14) - 0.5)),
                         1.0 - smoothstep(0.0, 0.008, min(along, 1.0 - along) * 1.3));
        albedo *= (0.93 + 0.1 * fract(board * 0.61)) * (1.0 - 0.18 * seam);
    }} else if (tint.a < 0.5) {{
        // Pool tiles, 25 cm, with light grout.
        vec2 cell = abs(fract(world.xy / 0.25) - 0.5);
        float grout = 1.0 - smoothstep(0.46, 0.48, max(cell.x, cell.y));
        albedo = mix(albedo * 1.15, albedo, grout);
    }}
    vec3 c = light(albedo, world, normal, 0.02, 0.0) * contact(world);
    c = tone(under_water(c, world));
    if (tint.a < 0.5) {{
        float far = smoothstep(2.0, 5.5, length(world.xy - centre));
        c = mix(c, background, far);
    }}
    colour = vec4(c, 1.0);
}}
"""
)

WATER_FRAGMENT = (
    COMMON
    + """
uniform float time;
uniform vec2 centre;
in vec3 world;
in vec3 normal;
in vec4 tint;
out vec4 colour;
void main() {
    // Gentle moving ripples bend the normal; at grazing angles the surface mirrors the room.
    vec2 p = world.xy;
    vec3 n = normalize(vec3(0.05 * sin(p.x * 7.0 + time * 1.7) + 0.04 * sin(p.y * 9.0 - time * 1.3),
                            0.05 * cos(p.y * 8.0 + time * 1.1), 1.0));
    vec3 v = normalize(eye - world);
    float fresnel = 0.25 + 0.6 * pow(1.0 - max(dot(n, v), 0.0), 4.0);
    vec3 h = normalize(key_dir + v);
    vec3 c = mix(water_colour * 0.9, vec3(0.95, 0.97, 1.0), fresnel * 0.6);
    c += pow(max(dot(n, h), 0.0), 120.0) * 1.2;
    float far = smoothstep(2.0, 5.0, length(world.xy - centre));
    vec3 shown = mix(tone(c), background, far);
    colour = vec4(shown, mix(0.3 + 0.35 * fresnel, 1.0, far));
}
"""
)

DEPTH_VERTEX = """
#version 330
uniform mat4 light_mvp;
in vec3 in_position;
void main() {
    gl_Position = light_mvp * vec4(in_position, 1.0);
}
"""

DEPTH_FRAGMENT = """
#version 330
void main() {
}
"""
