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
    "tint",
    "rotate_small",
    "phone_photo",
    "blur",
    "noise",
    "jpeg_roundtrip",
    "turn",
    "degrade",
    "DegradationPlan",
    "plan_degradations",
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
    noise = rng.normal(0, 1, (small_h, small_w)).astype(np.float32)
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


def phone_photo(img: np.ndarray, rng: np.random.Generator, *, fill: float,
                background: str) -> tuple[np.ndarray, dict[str, Any]]:
    """The page photographed on a desk: perspective, page fills `fill` of the frame, uneven
    light (a bright spot, a falloff, sometimes a soft shadow)."""
    h, w = img.shape[:2]
    out_w, out_h = int(w / fill), int(h / fill)
    # Match the camera's aspect to the page (phones shoot 4:3 either way round).
    aspect = 4 / 3
    if out_h >= out_w:
        out_w = max(out_w, int(out_h / aspect))
    else:
        out_h = max(out_h, int(out_w / aspect))
    bg = _background(out_h, out_w, background, rng)
    cx, cy = out_w / 2 + rng.uniform(-0.04, 0.04) * out_w, out_h / 2 + rng.uniform(-0.04, 0.04) * out_h
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = 0.045
    dst = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        dx = sx * w / 2 + rng.uniform(-jitter, jitter) * w
        dy = sy * h / 2 + rng.uniform(-jitter, jitter) * h
        dst.append([cx + dx, cy + dy])
    # a slight in-plane rotation of the whole sheet
    ang = math.radians(rng.uniform(-5, 5))
    rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
    dst_arr = (np.array(dst) - [cx, cy]) @ rot.T + [cx, cy]
    m = cv2.getPerspectiveTransform(src, np.float32(dst_arr))
    warped = cv2.warpPerspective(img, m, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (out_w, out_h),
                               flags=cv2.INTER_LINEAR)
    # A soft drop shadow of the sheet on the desk.
    shadow = cv2.GaussianBlur(mask, (0, 0), max(3, out_w / 200)).astype(np.float32) / 255
    shadow = np.roll(shadow, (int(out_h * 0.006), int(out_w * 0.006)), axis=(0, 1))
    a = mask.astype(np.float32)[..., None] / 255
    comp = bg.astype(np.float32) * (1 - 0.35 * shadow[..., None])
    comp = comp * (1 - a) + warped.astype(np.float32) * a
    # Light: a broad gradient, a bright spot, optionally a soft hand/phone shadow band.
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    light = 1.0 + 0.12 * (gx * (xx / out_w - 0.5) + gy * (yy / out_h - 0.5)) * 2
    sx, sy = rng.uniform(0.2, 0.8) * out_w, rng.uniform(0.2, 0.8) * out_h
    spot = np.exp(-(((xx - sx) / (out_w * 0.35)) ** 2 + ((yy - sy) / (out_h * 0.35)) ** 2))
    light = light * (0.9 + 0.14 * spot)
    shadow_band = rng.random() < 0.35
    if shadow_band:
        edge = rng.uniform(0.15, 0.4)
        d = (xx / out_w * math.cos(gx) + yy / out_h * math.sin(gy)) - edge
        light *= 1 - 0.18 * (1 / (1 + np.exp(d * 25)))
    warm = np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.97)], dtype=np.float32)
    comp = comp * light[..., None] * warm
    comp = cv2.GaussianBlur(comp, (0, 0), 0.6)
    comp += rng.normal(0, 2.5, comp.shape).astype(np.float32)
    info = {"kind": "phone_photo", "fill": round(fill, 2), "background": background,
            "shadow": shadow_band, "corners": [[round(float(v), 1) for v in p] for p in dst_arr]}
    return np.clip(comp, 0, 255).astype(np.uint8), info


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Out-of-focus or low-quality optics."""
    return cv2.GaussianBlur(img, (0, 0), sigma)


def noise(img: np.ndarray, rng: np.random.Generator, sigma: float, salt: float) -> np.ndarray:
    """Sensor noise plus a little salt and pepper (dust on the glass)."""
    out = img.astype(np.float32) + rng.normal(0, sigma, img.shape).astype(np.float32)
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
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1].copy()


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
