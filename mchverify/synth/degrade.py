"""What scanners and phones do to a page: skew, perspective, light, blur, noise, JPEG.

Each step is a small pure function on an RGB uint8 array; `degrade` picks a realistic mix
and returns the list of what it applied. Nothing here may make a field unreadable to a
person: angles, blur and noise stay within what real intake scans show.
"""

from __future__ import annotations

import math
import random
from typing import Any

import cv2
import numpy as np

__all__ = [
    "DegradationPlan",
    "blur",
    "degrade",
    "jpeg_roundtrip",
    "noise",
    "phone_photo",
    "plan_degradations",
    "rotate_small",
    "tint",
    "turn",
]

DegradationPlan = list[dict[str, Any]]


def tint(img: np.ndarray, color: tuple[float, float, float], vignette: float) -> np.ndarray:
    """Aged or recycled paper: multiply by a warm colour, darker towards the corners."""
    h, w = img.shape[:2]
    yy, xx = np.ogrid[0:h, 0:w]
    r = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2
    shade = (1.0 - vignette * r).astype(np.float32)[..., None]
    out = img.astype(np.float32) * np.array(color, dtype=np.float32) * shade
    return np.clip(out, 0, 255).astype(np.uint8)


def rotate_small(img: np.ndarray, angle: float, bg: tuple[int, int, int]) -> np.ndarray:
    """A sheet placed slightly askew on the scanner glass (angle in degrees, ccw)."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=bg)


def _background(h: int, w: int, kind: str, rng: np.random.Generator) -> np.ndarray:
    """A desk under the document: wood grain, grey laminate or a fabric weave."""
    small_h, small_w = max(8, h // 8), max(8, w // 8)
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    noise: np.ndarray = rng.normal(0, 1, (small_h, small_w)).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 2.0)
    if kind == "wood":
        base = np.array(rng.choice([[150, 105, 70], [120, 80, 50], [180, 140, 100]]),
                        dtype=np.float32)
        grain = np.sin(yy / small_h * rng.uniform(30, 60) + noise * 2.5 + xx * 0.01)
        tex = base[None, None] * (0.85 + 0.12 * grain[..., None] + 0.03 * noise[..., None])
    elif kind == "fabric":
        base = np.array(rng.choice([[70, 80, 110], [110, 60, 60], [80, 90, 80]]),
                        dtype=np.float32)
        weave = np.sin(xx * 1.7) * np.sin(yy * 1.7)
        tex = base[None, None] * (0.9 + 0.08 * weave[..., None] + 0.05 * noise[..., None])
    else:  # desk
        base = np.array(rng.choice([[200, 200, 196], [168, 170, 172], [225, 222, 214]]),
                        dtype=np.float32)
        tex = base[None, None] * (0.95 + 0.04 * noise[..., None])
    tex = cv2.resize(np.clip(tex, 0, 255).astype(np.uint8), (w, h),
                     interpolation=cv2.INTER_LINEAR)
    return tex


def _low_res_field(out_h: int, out_w: int, make: Any) -> np.ndarray:
    """Evaluate a smooth field on a coarse grid and upsample it (lighting, shadows)."""
    h, w = max(8, out_h // 8), max(8, out_w // 8)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    field = make(yy / h, xx / w).astype(np.float32)
    return cv2.resize(field, (out_w, out_h), interpolation=cv2.INTER_LINEAR)


def phone_photo(img: np.ndarray, rng: np.random.Generator, *, fill: float,
                background: str) -> tuple[np.ndarray, dict[str, Any]]:
    """The page photographed on a desk: perspective, page fills `fill` of the frame, uneven
    light (a broad gradient, a bright spot, sometimes a soft shadow band)."""
    h, w = img.shape[:2]
    out_w, out_h = int(w / fill), int(h / fill)
    aspect = 4 / 3  # phones shoot 4:3 either way round
    if out_h >= out_w:
        out_w = max(out_w, int(out_h / aspect))
    else:
        out_h = max(out_h, int(out_w / aspect))
    bg = _background(out_h, out_w, background, rng)
    cx = out_w / 2 + rng.uniform(-0.04, 0.04) * out_w
    cy = out_h / 2 + rng.uniform(-0.04, 0.04) * out_h
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jitter = 0.045
    dst = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        dx = sx * w / 2 + rng.uniform(-jitter, jitter) * w
        dy = sy * h / 2 + rng.uniform(-jitter, jitter) * h
        dst.append([cx + dx, cy + dy])
    ang = math.radians(rng.uniform(-5, 5))  # the sheet lies a little askew
    rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
    dst_arr = (np.array(dst) - [cx, cy]) @ rot.T + [cx, cy]
    m = cv2.getPerspectiveTransform(src, np.asarray(dst_arr, dtype=np.float32))
    # Warp onto the desk directly: the page replaces the background where it lands.
    comp = cv2.warpPerspective(img, m, (out_w, out_h), dst=bg.copy(), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_TRANSPARENT)
    # A soft drop shadow of the sheet, computed at low resolution.
    small = cv2.resize(np.zeros((1, 1), np.uint8), (max(8, out_w // 4), max(8, out_h // 4)))
    quad = (dst_arr / 4 + [out_w * 0.0015, out_h * 0.0015]).astype(np.int32)
    cv2.fillConvexPoly(small, quad, 255)
    small = cv2.GaussianBlur(small, (0, 0), max(2.0, out_w / 800))
    shadow = cv2.resize(small, (out_w, out_h)).astype(np.float32) / 255
    page_mask = np.zeros((out_h, out_w), np.uint8)
    cv2.fillConvexPoly(page_mask, dst_arr.astype(np.int32), 1)
    shadow[page_mask.astype(bool)] = 0
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    spot_x, spot_y = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)
    shadow_band = bool(rng.random() < 0.35)
    edge = rng.uniform(0.15, 0.4)

    def lighting(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        light = 1.0 + 0.24 * (gx * (xx - 0.5) + gy * (yy - 0.5))
        spot = np.exp(-(((xx - spot_x) / 0.35) ** 2 + ((yy - spot_y) / 0.35) ** 2))
        light = light * (0.9 + 0.14 * spot)
        if shadow_band:
            d = (xx * math.cos(gx) + yy * math.sin(gy)) - edge
            light = light * (1 - 0.18 / (1 + np.exp(d * 25)))
        return light

    light = _low_res_field(out_h, out_w, lighting) * (1 - 0.35 * shadow)
    warm = (1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.97))
    out: np.ndarray = comp.astype(np.float32)
    out *= light[..., None]
    out *= np.array(warm, dtype=np.float32)
    out = cv2.GaussianBlur(out, (0, 0), 0.6)
    out += _noise_field(out.shape, rng, 2.5)
    info = {"kind": "phone_photo", "fill": round(fill, 2), "background": background,
            "shadow": shadow_band, "corners": [[round(float(v), 1) for v in p] for p in dst_arr]}
    return np.clip(out, 0, 255).astype(np.uint8), info


def _noise_field(shape: tuple[int, ...], rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian noise from a random-offset tiled block: same statistics, a fraction of the cost."""
    tile = rng.standard_normal((512, 512, shape[2] if len(shape) > 2 else 1),
                               dtype=np.float32) * sigma
    reps = (shape[0] // 512 + 2, shape[1] // 512 + 2, 1)
    big = np.tile(tile, reps)
    oy, ox = int(rng.integers(0, 512)), int(rng.integers(0, 512))
    out = big[oy:oy + shape[0], ox:ox + shape[1]]
    return out if len(shape) > 2 else out[..., 0]


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Out-of-focus or low-quality optics."""
    return cv2.GaussianBlur(img, (0, 0), sigma)


def noise(img: np.ndarray, rng: np.random.Generator, sigma: float, salt: float) -> np.ndarray:
    """Sensor noise plus a little salt and pepper (dust on the glass)."""
    out = img.astype(np.float32)
    out += _noise_field(img.shape, rng, sigma)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if salt > 0:
        n = int(salt * img.shape[0] * img.shape[1])
        ys = rng.integers(0, img.shape[0], n)
        xs = rng.integers(0, img.shape[1], n)
        out[ys[: n // 2], xs[: n // 2]] = 30
        out[ys[n // 2:], xs[n // 2:]] = 245
    return out


def jpeg_roundtrip(img: np.ndarray, quality: int) -> np.ndarray:
    """Blocking and ringing from an earlier JPEG save (e.g. sent through a chat app)."""
    ok, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV always encodes RGB arrays
        return img
    decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if decoded is None:  # pragma: no cover
        return img
    return np.ascontiguousarray(decoded[..., ::-1])


def turn(img: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate the file by 90/180/270 degrees clockwise (the page was fed or shot turned)."""
    k = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(img, k=-k))


def plan_degradations(rng: random.Random, *, photo_allowed: bool) -> tuple[DegradationPlan, int]:
    """Choose 0–3 degradations (most documents get 1–3) and the page orientation."""
    plan: DegradationPlan = []
    r = rng.random()
    orientation = 180 if r < 0.08 else 90 if r < 0.11 else 270 if r < 0.14 else 0
    geometric = rng.random()
    if photo_allowed and geometric < 0.28:
        plan.append({"kind": "phone_photo", "fill": round(rng.uniform(0.6, 0.9), 2),
                     "background": rng.choice(("wood", "desk", "fabric"))})
    elif geometric < 0.7:
        angle = rng.uniform(-4, 4)
        if abs(angle) < 0.3:
            angle = 0.3 if angle >= 0 else -0.3
        plan.append({"kind": "rotate", "angle": round(angle, 2)})
    extras = [
        ("tint", 0.35, lambda: {"kind": "tint", "color": [1.0, round(rng.uniform(0.95, 0.99), 3),
                                                          round(rng.uniform(0.86, 0.95), 3)],
                                "vignette": round(rng.uniform(0.0, 0.12), 3)}),
        ("blur", 0.3, lambda: {"kind": "blur", "sigma": round(rng.uniform(0.5, 1.2), 2)}),
        ("noise", 0.3, lambda: {"kind": "noise", "sigma": round(rng.uniform(2, 7), 1),
                                "salt": round(rng.uniform(0, 0.0015), 4)}),
        ("jpeg", 0.2, lambda: {"kind": "jpeg", "quality": rng.randint(40, 90)}),
    ]
    budget = rng.choices((0, 1, 2), (0.35, 0.45, 0.2))[0]
    if not plan and not orientation:
        budget = max(budget, 1 if rng.random() < 0.85 else 0)
    rng.shuffle(extras)
    for _name, p, make in extras:
        if budget <= 0:
            break
        if rng.random() < p * 2:
            plan.append(make())
            budget -= 1
    order = {"tint": 0, "phone_photo": 1, "rotate": 1, "blur": 2, "noise": 3, "jpeg": 4}
    plan.sort(key=lambda d: order[d["kind"]])
    if orientation:
        plan.append({"kind": "orientation", "degrees": orientation})
    return plan, orientation


def degrade(img: np.ndarray, plan: DegradationPlan, rng: np.random.Generator,
            paper: tuple[int, int, int]) -> tuple[np.ndarray, DegradationPlan]:
    """Apply `plan` in order; returns the image and the plan with what was measured."""
    applied: DegradationPlan = []
    for step in plan:
        kind = step["kind"]
        if kind == "tint":
            img = tint(img, tuple(step["color"]), step["vignette"])  # type: ignore[arg-type]
        elif kind == "rotate":
            bg = (min(255, paper[0] + 2), min(255, paper[1] + 2), min(255, paper[2] + 2))
            img = rotate_small(img, step["angle"], bg)
        elif kind == "phone_photo":
            img, info = phone_photo(img, rng, fill=step["fill"], background=step["background"])
            step = {**step, **info}
        elif kind == "blur":
            img = blur(img, step["sigma"])
        elif kind == "noise":
            img = noise(img, rng, step["sigma"], step["salt"])
        elif kind == "jpeg":
            img = jpeg_roundtrip(img, step["quality"])
        elif kind == "orientation":
            img = turn(img, step["degrees"])
        applied.append(step)
    return img, applied
