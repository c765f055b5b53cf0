"""Charts drawn on the server as SVG markup (no chart library, no CDN: the machines are
offline). Presentation attributes only, so the page's CSP needs no inline styles."""

from __future__ import annotations

from html import escape

from mchverify.schemas.verification import FLAG_ZH
from mchverify.schemas.web import DailyCount

__all__ = ["VERDICT_COLOURS", "flags_by_day", "verdicts_by_day"]

VERDICT_COLOURS = {"accept": "#2e7d32", "review": "#f9a825", "reject": "#c62828",
                   "failed": "#616161"}
_VERDICT_ZH = {"accept": "建议通过", "review": "需人工审核", "reject": "建议不予通过",
               "failed": "处理失败"}


def verdicts_by_day(daily: list[DailyCount], *, width: int = 760, height: int = 240) -> str:
    """Stacked bars: documents judged per day by verdict (and failures)."""
    if not daily:
        return ""
    left, bottom, top = 40, 40, 16
    plot_h = height - bottom - top
    totals = [sum(d.verdicts.values()) + d.failed for d in daily]
    peak = max(max(totals), 1)
    step = (width - left - 10) / len(daily)
    bar = max(2.0, step * 0.7)
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="每日核验结果" class="chart">')]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 5}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
                     f'text-anchor="end">{round(peak * frac)}</text>')
    for i, d in enumerate(daily):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for key in ("accept", "review", "reject", "failed"):
            n = d.failed if key == "failed" else d.verdicts.get(key, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{VERDICT_COLOURS[key]}"><title>{d.day:%m-%d} '
                         f'{_VERDICT_ZH[key]} {n}</title></rect>')
        if len(daily) <= 16 or i % max(1, len(daily) // 10) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" '
                         f'font-size="11" text-anchor="middle">{d.day:%m-%d}</text>')
    lx = left
    for key in ("accept", "review", "reject", "failed"):
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" '
                     f'fill="{VERDICT_COLOURS[key]}"/><text x="{lx + 14}" y="{height - 5}" '
                     f'font-size="11">{_VERDICT_ZH[key]}</text>')
        lx += 110
    parts.append("</svg>")
    return "".join(parts)


def _shade(n: int, peak: int) -> str:
    """White to the flag bars' blue, by share of the busiest cell."""
    t = n / peak if peak else 0.0
    r, g, b = (round(255 + (c - 255) * (0.15 + 0.85 * t)) for c in (0x15, 0x65, 0xC0))
    return f"#{r:02x}{g:02x}{b:02x}"


def flags_by_day(daily: list[DailyCount], *, width: int = 760, row: int = 22) -> str:
    """A grid of flags over time: one row per flag (most frequent first), one column per
    day, each cell shaded by how often that flag was raised that day, the period's total at
    the row's end: which problems grow, and when."""
    totals: dict[str, int] = {}
    for d in daily:
        for code, n in d.flags.items():
            totals[code] = totals.get(code, 0) + n
    if not totals:
        return ""
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    peak = max(n for d in daily for n in d.flags.values())
    label_w, right, top = 170, 50, 6
    step = (width - label_w - right) / len(daily)
    height = top + row * len(ranked) + 24
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="每日提示类型" class="chart">')]
    for i, code in enumerate(ranked):
        y = top + i * row
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
                     f'{escape(FLAG_ZH.get(code, code))}</text>')
        for j, d in enumerate(daily):
            n = d.flags.get(code, 0)
            if n:
                parts.append(f'<rect x="{label_w + j * step:.1f}" y="{y + 2}" '
                             f'width="{max(step - 1, 1):.1f}" height="{row - 4}" '
                             f'fill="{_shade(n, peak)}"><title>{d.day:%m-%d} '
                             f'{escape(FLAG_ZH.get(code, code))} {n}</title></rect>')
        parts.append(f'<text x="{width - right + 6}" y="{y + 15}" font-size="12">'
                     f'{totals[code]}</text>')
    base = top + row * len(ranked) + 16
    for j, d in enumerate(daily):
        if len(daily) <= 16 or j % max(1, len(daily) // 10) == 0:
            parts.append(f'<text x="{label_w + (j + 0.5) * step:.1f}" y="{base}" '
                         f'font-size="11" text-anchor="middle">{d.day:%m-%d}</text>')
    parts.append("</svg>")
    return "".join(parts)
