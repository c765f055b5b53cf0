"""Parse a registry import file (domain.md §4) into validated entries, or refuse all of it.

Pure: bytes in, entries out. Every problem is collected with its line and column, so one
attempt tells the authority's clerk everything to fix; nothing is written by this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import lru_cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from mchverify.errors import RegistryImportError
from mchverify.extractors.normalize import normalize_identifier
from mchverify.schemas.codes import LICENCE_TYPES, PERSONNEL_TYPES, DocType, RegistryStatus
from mchverify.schemas.documents import DOCUMENT_MODELS
from mchverify.schemas.registry import ImportProblem, RegistryEntry

__all__ = ["parse_registry_csv", "registry_columns"]

KEY_COLUMNS = ("doc_type", "certificate_number", "status")
_MAX_PROBLEMS = 50


@lru_cache(maxsize=1)
def registry_columns() -> frozenset[str]:
    """Every column a registry file may have."""
    fields = {name for model in DOCUMENT_MODELS.values() for name in model.model_fields}
    fields.discard("doc_type")
    return frozenset(fields | set(KEY_COLUMNS) | {"training_dates", "validation_dates"})


@lru_cache(maxsize=64)
def _adapter(doc_type: DocType, name: str) -> tuple[TypeAdapter[Any], bool] | None:
    """The field's validator and whether it is a list (`;`-separated in the file)."""
    info = DOCUMENT_MODELS[doc_type].model_fields.get(name)
    if info is None or name == "doc_type":
        return None
    annotation = info.annotation
    args = [a for a in get_args(annotation) if a is not type(None)]
    inner = args[0] if get_origin(annotation) is not list and len(args) == 1 else annotation
    is_list = get_origin(inner) is list
    if info.metadata:  # pydantic keeps an Annotated field's validators apart from its type
        inner = Annotated[inner, *info.metadata]
    return TypeAdapter(inner), is_list


def _date_list(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(part.strip()) for part in text.split(";") if part.strip()]


def _reason(exc: ValidationError) -> str:
    """pydantic's first error, said in Chinese for the authority's clerk."""
    err = exc.errors()[0]
    kind = err["type"]
    if kind == "enum":
        return f"应为以下代码之一：{err.get('ctx', {}).get('expected', '')}"
    if kind.startswith("date"):
        return "不是有效的 YYYY-MM-DD 日期"
    if kind == "value_error" and "identity number" in err["msg"]:
        return "公民身份号码校验未通过（GB 11643）"
    if kind == "value_error" and "credit code" in err["msg"]:
        return "统一社会信用代码校验未通过（GB 32100）"
    return str(err["msg"])


def _parse_row(line: int, row: dict[str, str], problems: list[ImportProblem]
               ) -> RegistryEntry | None:
    """One data row as an entry; its problems are appended, None when there are any."""
    before = len(problems)
    try:
        doc_type = DocType(row["doc_type"].strip())
        if doc_type is DocType.OTHER:
            raise ValueError
    except ValueError:
        problems.append(ImportProblem(line=line, column="doc_type",
                                      message=f"未知的证件类型 “{row['doc_type']}”"))
        return None
    number = row["certificate_number"].strip()
    if not normalize_identifier(number):
        problems.append(ImportProblem(line=line, column="certificate_number", message="证书编号为空"))
    status: RegistryStatus | None = None
    try:
        status = RegistryStatus(row["status"].strip())
    except ValueError:
        problems.append(ImportProblem(
            line=line, column="status",
            message=f"状态 “{row['status']}” 无效，应为 active、revoked 或 suspended"))
    fields: dict[str, Any] = {}
    dates: dict[str, list[dt.date]] = {"training_dates": [], "validation_dates": []}
    for column, raw in row.items():
        text = (raw or "").strip()
        if column in KEY_COLUMNS or not text:
            continue
        if column in dates:
            allowed = PERSONNEL_TYPES if column == "training_dates" else LICENCE_TYPES
            if doc_type not in allowed:
                problems.append(ImportProblem(line=line, column=column,
                                              message=f"{doc_type.value} 没有此列"))
                continue
            try:
                dates[column] = _date_list(text)
            except ValueError:
                problems.append(ImportProblem(line=line, column=column,
                                              message=f"日期 “{text}” 应为 YYYY-MM-DD，多个用 ; 分隔"))
            continue
        adapter = _adapter(doc_type, column)
        if adapter is None:
            problems.append(ImportProblem(line=line, column=column,
                                          message=f"{doc_type.value} 没有字段 {column}"))
            continue
        validator, is_list = adapter
        value: Any = [p.strip() for p in text.split(";") if p.strip()] if is_list else text
        try:
            fields[column] = validator.dump_python(validator.validate_python(value), mode="json")
        except ValidationError as exc:
            reason = _reason(exc)
            problems.append(ImportProblem(line=line, column=column,
                                          message=f"值 “{text}” 无效：{reason}"))
    if len(problems) > before or status is None:
        return None
    return RegistryEntry(doc_type=doc_type, certificate_number=number, status=status,
                         fields=fields, **dates)


def parse_registry_csv(data: bytes, name: str = "registry.csv") -> list[RegistryEntry]:
    """Every row as an entry; raises RegistryImportError listing each problem otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryImportError(
            f"{name}: 文件不是 UTF-8 编码", problems=[ImportProblem(
                line=data[: exc.start].count(b"\n") + 1, message="文件不是 UTF-8 编码")]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    problems: list[ImportProblem] = []
    for col in KEY_COLUMNS:
        if col not in header:
            problems.append(ImportProblem(line=1, column=col, message=f"缺少必需的列 {col}"))
    for col in header:
        if col not in registry_columns():
            problems.append(ImportProblem(line=1, column=col, message=f"未知的列 “{col}”"))
    if len(set(header)) != len(header):
        problems.append(ImportProblem(line=1, message="表头有重复的列"))
    if problems:
        raise RegistryImportError(f"{name}: 表头有误", problems=problems)
    entries: list[RegistryEntry] = []
    seen: dict[tuple[DocType, str], int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            problems.append(ImportProblem(line=line, message="列数与表头不一致"))
            continue
        entry = _parse_row(line, row, problems)
        if entry is not None:
            key = (entry.doc_type, normalize_identifier(entry.certificate_number))
            if key in seen:
                problems.append(ImportProblem(
                    line=line, column="certificate_number",
                    message=f"与第 {seen[key]} 行的证书编号重复"))
            seen[key] = line
            entries.append(entry)
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise RegistryImportError(f"{name}: {len(problems)} 处错误，未导入任何记录",
                                  problems=problems)
    return entries
