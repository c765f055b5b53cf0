"""Jinja2 pages: one environment, the navigation each role sees, Beijing-time formatting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mchverify.pipelines.report import VERDICT_LABELS
from mchverify.schemas.codes import FIELD_ZH, ZH
from mchverify.schemas.verification import FLAG_ZH
from mchverify.schemas.web import OVERRIDE_REASON_ZH
from mchverify.web.deps import CSRF_FIELD, Auth
from mchverify.web.presenters import LOCAL_TZ
from mchverify.web.security import ROLE_ZH, Permission, Role

__all__ = ["NAV", "render", "templates"]

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))

#: (path, label, permission): the menu, filtered by what the role may do
NAV: list[tuple[str, str, Permission]] = [
    ("/intake", "受理登记", Permission.UPLOAD),
    ("/queue", "审核队列", Permission.QUEUE),
    ("/reports", "统计报表", Permission.REPORTS),
    ("/admin/users", "用户管理", Permission.USERS),
    ("/admin/audit", "审计日志", Permission.AUDIT),
]

DECISION_ZH = {"accept": "通过", "reject": "不予通过"}


def _local(moment: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_TZ).strftime(fmt)


def _show(value: Any) -> str:
    """A JSON value as a reviewer reads it: lists joined by 、, objects as key：value."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_show(v)}" for k, v in value.items())
    if isinstance(value, str) and value.isascii() and value.replace("_", "").isalpha():
        return ZH.get(value, value)  # type: ignore[call-overload]  # a code: its label
    return str(value)


_REASON_ZH = {r.value: label for r, label in OVERRIDE_REASON_ZH.items()}


def _audit_details(details: dict[str, Any]) -> str:
    """The few details of an audit entry a person needs, in words."""
    d = dict(details or {})
    if "field" in d:
        label = FIELD_ZH.get(d["field"], d["field"])
        return f"{label}：{_show(d.get('before'))} → {_show(d.get('after'))}"
    if "reason" in d:
        reason = _REASON_ZH.get(d["reason"], d["reason"])
        return f"{FLAG_ZH.get(d.get('code', ''), d.get('code'))}，理由：{reason}，说明：{d.get('comment')}"
    if "decision" in d:
        return f"决定：{DECISION_ZH.get(d['decision'], d['decision'])}" + (
            f"，意见：{d['comment']}" if d.get("comment") else "")
    shown = [f"{label}：{_AUDIT_VALUE.get(key, _show)(d[key])}"
             for key, label in _AUDIT_KEYS.items() if d.get(key) not in (None, [], "")]
    return "；".join(shown) or "—"


def _flag_labels(codes: Any) -> str:
    return "、".join(FLAG_ZH.get(str(c), str(c)) for c in codes or []) or "无"


#: the details an entry shows, in words, in this order (the rest stays in the JSON API)
_AUDIT_KEYS: dict[str, str] = {
    "verdict": "系统建议", "verdict_before": "原建议", "flags": "提示", "added": "新增提示",
    "removed": "消除提示", "error": "原因", "username": "用户", "role": "角色",
    "documents": "文书", "source": "来源", "sessions_ended": "结束会话数",
}
_AUDIT_VALUE: dict[str, Any] = {
    "verdict": lambda v: VERDICT_LABELS.get(v, v),
    "verdict_before": lambda v: VERDICT_LABELS.get(v, v),
    "flags": _flag_labels, "added": _flag_labels, "removed": _flag_labels,
    "role": lambda v: ROLE_ZH.get(Role(v), v) if v in {r.value for r in Role} else v,
    "documents": lambda v: "、".join(f"#{i}" for i in v),
}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


templates.env.filters["local"] = _local
templates.env.filters["percent"] = _percent
templates.env.filters["show"] = _show
templates.env.filters["audit_details"] = _audit_details
templates.env.globals.update(verdict_labels=VERDICT_LABELS, decision_labels=DECISION_ZH,
                             role_labels={r.value: ROLE_ZH[r] for r in Role},
                             csrf_field=CSRF_FIELD)


def render(request: Request, name: str, auth: Auth | None, *, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    nav = [(p, label) for p, label, perm in NAV if auth and auth.can(perm)]
    return templates.TemplateResponse(
        request, name, {"auth": auth, "nav": nav, "csrf_token": auth.csrf_token if auth else "",
                        "path": request.url.path, **context},
        status_code=status_code)
