"""The detection corpus: documents with one known problem each, as many clean ones, and
applications (bundles) assembled from them — the ground truth of `make bench-verify`.

Each problem variant changes what the authority recorded, what is printed, or the image,
the way it happens in real files, and names the flag(s) it must raise (`expected`). Flags
a variant also raises as a consequence (a forged name is also a registry mismatch) are not
errors; the benchmark reports them apart.

Files written beside the documents: labels.json (as `generate_corpus`, plus
`meta.problem` and `expected_flags`), registry.csv (the authority's records, including
institutions' licences that are not among the files: a registry holds all it issued), and
bundles.json (`[{"id", "kind", "problem", "files", "expected_flags"}]`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mchverify.schemas.codes import Category, DocType, Gender
from mchverify.synth import geo
from mchverify.synth.corpus import DOC_TYPES, plan_formats, run_jobs, write_registry
from mchverify.synth.document import Job
from mchverify.synth.geo import level_rank
from mchverify.synth.records import (
    REFERENCE_DATE,
    DocRecord,
    Institution,
    Person,
    World,
    licence_required_level,
    personal_required_level,
)
from mchverify.synth.textfmt import normalize_number
from mchverify.synth.values import add_years, working_day

__all__ = ["BUNDLE_PROBLEMS", "PROBLEMS", "Problem", "generate_verify_corpus"]

_ABOLISHED = dt.date(2021, 7, 1)
_LEVEL_BELOW: dict[str, str] = {"province": "city", "city": "county"}
#: technologies a nurse or a technician is assessed for (the others: any)
_ROLE_CATEGORIES: dict[str, tuple[Category, ...]] = {
    "nurse": (Category.MIDWIFERY, Category.HOME_DELIVERY),
    "technician": (Category.PRENATAL_SCREENING, Category.PREMARITAL_EXAM,
                   Category.PRENATAL_DIAGNOSIS, Category.GENETIC_DIAGNOSIS),
}
_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏飞斌波宇浩峰凯俊健秀英慧娟敏静丽艳芳娜玲霞燕梅琳婷雪颖洁琴"


@dataclass(frozen=True)
class Problem:
    """A problem variant: which documents it fits, what it changes, which flags it must raise.

    `mutate` changes the record in place before the document is rendered and returns the
    render-time tweak (or None); it may return False when the record does not fit after all.
    """

    name: str
    expected: tuple[str, ...]
    fits: Callable[[DocRecord, str], bool]
    mutate: Callable[[DocRecord, random.Random, World], dict[str, Any] | None | bool]


# --------------------------------------------------------------------------- helpers


def _shift_dates(rec: DocRecord, days: int) -> None:
    """Move every date of the document's own history `days` earlier (birth dates stay)."""
    delta = dt.timedelta(days=days)
    for d in (rec.fields, rec.registry):
        for k, v in list(d.items()):
            if isinstance(v, dt.date) and k != "birth_date":
                d[k] = v - delta
    rec.validation_dates = [v - delta for v in rec.validation_dates]


def _other_day(day: dt.date, rng: random.Random) -> dt.date:
    """The same date with one digit of the day changed (a typical altered date)."""
    for _ in range(50):
        new_day = rng.randint(1, 28)
        if new_day != day.day and (new_day % 10 == day.day % 10 or new_day // 10 == day.day // 10):
            cand = day.replace(day=new_day)
            if cand <= REFERENCE_DATE:
                return cand
    return day - dt.timedelta(days=1) if day.day > 1 else day + dt.timedelta(days=1)


def _other_name(name: str, rng: random.Random) -> str:
    """One character of the given name changed."""
    pool = [c for c in _GIVEN if c not in name]
    return name[:-1] + rng.choice(pool)


def _holder_field(rec: DocRecord) -> str:
    return "name" if "name" in rec.fields else "institution_name"


# --------------------------------------------------------------------------- variants


def _has(*names: str) -> Callable[[DocRecord, str], bool]:
    return lambda rec, fmt: all(n in rec.fields for n in names)


def _types(*types: DocType) -> Callable[[DocRecord, str], bool]:
    return lambda rec, fmt: rec.doc_type in types


def _expired(rec: DocRecord, rng: random.Random, world: World) -> None:
    until = rec.fields["valid_until"]
    _shift_dates(rec, (until - REFERENCE_DATE).days + rng.randint(20, 400))


def _not_in_registry(rec: DocRecord, rng: random.Random, world: World) -> None:
    rec.in_registry = False


def _revoked(rec: DocRecord, rng: random.Random, world: World) -> None:
    rec.status = rng.choice(("revoked", "suspended"))


def _registry_mismatch(rec: DocRecord, rng: random.Random, world: World) -> None:
    """The printed value was altered; the authority's record keeps the issued one."""
    if rng.random() < 0.5 and rec.person is not None:
        rec.fields["name"] = _other_name(rec.fields["name"], rng)
    else:
        rec.fields["issue_date"] = _other_day(rec.fields["issue_date"], rng)


def _bad_checksum(rec: DocRecord, rng: random.Random, world: World) -> None:
    name = "id_number" if "id_number" in rec.fields else "uscc"
    value = rec.fields[name]
    alphabet = "0123456789X" if name == "id_number" else "0123456789ABCDEFGHJKLMNPQRTUWXY"
    rec.fields[name] = value[:-1] + rng.choice([c for c in alphabet if c != value[-1]])


def _id_inconsistent(rec: DocRecord, rng: random.Random, world: World) -> None:
    """The printed birth date or gender disagrees with the printed ID number."""
    if rng.random() < 0.5:
        b = rec.fields["birth_date"]
        rec.fields["birth_date"] = b.replace(year=b.year + rng.choice((-2, -1, 1, 2)),
                                             day=min(b.day, 28))
    else:
        g = rec.fields["gender"]
        rec.fields["gender"] = Gender.MALE if g == Gender.FEMALE else Gender.FEMALE


def _required_level(rec: DocRecord) -> str:
    if rec.doc_type is DocType.MCH_ASSESSMENT_CERTIFICATE:
        return personal_required_level(rec.fields["categories"])
    inst = rec.institution
    assert inst is not None
    return licence_required_level(rec.fields["licensed_items"], inst.level,
                                  rec.fields["issue_date"])


def _fits_issuer(rec: DocRecord, fmt: str) -> bool:
    return (rec.doc_type in (DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.MCH_PRACTICE_LICENSE)
            and _required_level(rec) in _LEVEL_BELOW and not rec.place.province.municipality)


def _issuer_not_authorized(rec: DocRecord, rng: random.Random, world: World) -> None:
    """Issued one level below what R1 / R2 require; the lower authority recorded it."""
    level = _LEVEL_BELOW[_required_level(rec)]
    if level == "city" and rng.random() < 0.4:
        level = "county"
    issuer = geo.health_issuer(level, rec.place, rec.fields["issue_date"])  # type: ignore[arg-type]
    rec.fields["issuer"] = rec.registry["issuer"] = issuer
    rec.issuer_level = level  # type: ignore[assignment]


def _abolished(rec: DocRecord, rng: random.Random, world: World) -> None:
    """A family-planning licence issued after the licence type was abolished (R4)."""
    years = (rec.fields["valid_until"] - rec.fields["issue_date"]).days // 365 + 1
    issue = working_day(_ABOLISHED + dt.timedelta(days=rng.randint(10, 900)))
    rec.fields["issue_date"] = rec.registry["issue_date"] = issue
    until = add_years(issue, years) - dt.timedelta(days=1)
    rec.fields["valid_until"] = rec.registry["valid_until"] = until
    rec.as_of = min(until, REFERENCE_DATE) - dt.timedelta(days=rng.randint(1, 60))
    rec.validation_dates = []


def _fits_clinic(rec: DocRecord, fmt: str) -> bool:
    return (rec.doc_type is DocType.MCH_PRACTICE_LICENSE and rec.institution is not None
            and rec.institution.kind in ("门诊部", "诊所"))


def _clinic_item(rec: DocRecord, rng: random.Random, world: World) -> None:
    item = rng.choice((Category.LIGATION, Category.PREGNANCY_TERMINATION))
    items = list(rec.fields["licensed_items"]) + [item]
    rec.fields["licensed_items"] = rec.registry["licensed_items"] = items


def _revalidation_overdue(rec: DocRecord, rng: random.Random, world: World) -> None:
    """Issued 3½–5 years ago for 6 years and never validated since (R3)."""
    issue = working_day(REFERENCE_DATE - dt.timedelta(days=rng.randint(1290, 1800)))
    rec.fields["issue_date"] = rec.registry["issue_date"] = issue
    until = add_years(issue, 6) - dt.timedelta(days=1)
    rec.fields["valid_until"] = rec.registry["valid_until"] = until
    rec.fields.pop("last_validation_date", None)
    rec.registry.pop("last_validation_date", None)
    rec.validation_dates = []


def _training_overdue(rec: DocRecord, rng: random.Random, world: World) -> None:
    """The holder's latest training is 2¼–4 years old (R7)."""
    last = working_day(REFERENCE_DATE - dt.timedelta(days=rng.randint(830, 1450)))
    rec.training_dates = [d for d in rec.training_dates if d < last][-1:] + [last]
    if rec.doc_type is DocType.MCH_TRAINING_CERTIFICATE:
        rec.fields["issue_date"] = rec.registry["issue_date"] = last
    elif rec.fields["issue_date"] > last:  # an assessment certificate issued since
        rec.fields["issue_date"] = rec.registry["issue_date"] = last
        if "valid_until" in rec.registry:
            until = add_years(last, 4) - dt.timedelta(days=1)
            rec.registry["valid_until"] = until
            if "valid_until" in rec.fields:
                rec.fields["valid_until"] = until


def _seal_missing(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    return {}


def _qr_mismatch(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    """A QR code copied from another certificate: its number (and often holder) differ."""
    from mchverify.synth.content import ZH  # the printed title of each type

    number = rec.fields["certificate_number"]
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    i = rng.choice(digits)
    other = number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1:]
    holder = rec.fields[_holder_field(rec)]
    if rng.random() < 0.5 and rec.person is not None:
        holder = _other_name(holder, rng)
    return {"qr": f"{ZH[rec.doc_type]}|{other}|{holder}|{rec.fields['issue_date'].isoformat()}"}


def _fits_tamper(rec: DocRecord, fmt: str) -> bool:
    return fmt != "pdf-digital"


def _tampered(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    """A value pasted over the printed one (the forger's choice of field)."""
    holder = _holder_field(rec)
    new_holder = (_other_name(rec.fields[holder], rng) if holder == "name"
                  else rec.fields[holder])
    dates = [f for f in ("valid_until", "issue_date") if f in rec.fields]
    candidates: list[tuple[str, str]] = []
    for f in dates:
        day = rec.fields[f]
        new = day.replace(year=day.year + (3 if f == "valid_until" else -1), day=min(day.day, 28))
        candidates.append((f, new.isoformat()))
    if holder == "name":
        candidates.insert(rng.randint(0, len(candidates)), ("name", new_holder))
    return {"candidates": candidates}


def _fits_expiry(rec: DocRecord, fmt: str) -> bool:
    return "valid_until" in rec.fields


def _date_implausible(rec: DocRecord, rng: random.Random, world: World) -> None:
    """Dates that cannot be right, printed and recorded alike (nothing but the dates
    themselves shows it):

    - the certificate is dated after the application it came with was filed (a legacy
      file judged as of its filing day holds a certificate made later: back-filled);
    - a clerical slip in the expiry, keyed from one form into the print and the record:
      the years of validity were not added (the day before the issue, in the issue's own
      year) or the decade digit is one too low (2028 typed 2018).
    """
    issue = rec.fields["issue_date"]
    start = rec.fields.get("valid_from", issue)
    until = rec.fields["valid_until"]
    r = rng.random()
    if r < 0.35:
        rec.as_of = issue - dt.timedelta(days=rng.randint(20, 400))
        return
    decade = add_years(until, -10)
    new = decade if r < 0.6 and decade < issue else start - dt.timedelta(days=1)
    rec.fields["valid_until"] = rec.registry["valid_until"] = new


def _fits_category(rec: DocRecord, fmt: str) -> bool:
    return rec.doc_type is DocType.MCH_ASSESSMENT_CERTIFICATE and rec.person is not None


def _category_not_licensed(rec: DocRecord, rng: random.Random, world: World) -> bool | None:
    """The holder passed the assessment for one more technology (at a former employer, or
    ahead of a licence the work unit never obtained): the certificate is genuine and
    recorded so, but the work unit holds no licence for that technology (R6). The issuer
    keeps a level that may certify every category (R1); the work unit is one of the
    world's institutions, whose licences the registry holds."""
    inst = rec.institution
    assert inst is not None and rec.person is not None
    if not any(i is inst for i in world.institutions):
        return False
    licensed: set[Category] = set()
    for i in world.institutions:  # every institution of that name (R6 looks names up)
        if i.name == inst.name:
            licensed.update(i.licensed_items)
    if inst.kind in ("门诊部", "诊所"):  # a clinic_item licence may add these
        licensed.update((Category.LIGATION, Category.PREGNANCY_TERMINATION))
    have = list(rec.fields["categories"])
    issuer = level_rank(rec.issuer_level)
    cands = [c for c in Category if c not in licensed and c not in have
             and level_rank(personal_required_level([*have, c])) <= issuer]
    role = [c for c in cands if c in _ROLE_CATEGORIES.get(rec.person.role, tuple(Category))]
    if not cands:
        return False
    extra = rng.choice(role or cands)
    cats = sorted([*have, extra], key=list(Category).index)
    rec.fields["categories"] = list(cats)
    rec.registry["categories"] = list(cats)
    return None


def _unknown_doc_type(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    """Another page of the holder's file uploaded as the certificate: an application form
    (申请登记书), a feasibility report or a page of rules of the same institution."""
    return {"page": "other"}


def _fits_scan(rec: DocRecord, fmt: str) -> bool:
    return fmt != "pdf-digital"


def _unreadable(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    """An empty sheet scanned in place of the certificate (a separator, the blank back of
    a form, the wrong side fed): scanner noise, dust, paper tint, nothing printed."""
    return {"page": "blank"}


#: the required field an ink stain covers: one the registry lookup does not need
_BLOTTED: dict[DocType, str] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: "id_number",
    DocType.MCH_TRAINING_CERTIFICATE: "id_number",
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: "id_number",
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: "id_number",
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: "id_number",
    DocType.MCH_PRACTICE_LICENSE: "address",
    DocType.MEDICAL_INSTITUTION_LICENSE: "address",
    DocType.FAMILY_PLANNING_LICENSE: "address",
}


def _low_confidence(rec: DocRecord, rng: random.Random, world: World) -> dict[str, Any]:
    """Ink spilt on the paper original: one required value (not the number) is under an
    opaque stain that no one can read through; the reviewer must ask for it."""
    return {"field": _BLOTTED[rec.doc_type]}


PROBLEMS: dict[str, Problem] = {p.name: p for p in (
    Problem("expired", ("EXPIRED",), _has("valid_until"), _expired),
    Problem("not_in_registry", ("NOT_IN_REGISTRY",), lambda r, f: True, _not_in_registry),
    Problem("registry_mismatch", ("REGISTRY_MISMATCH",), lambda r, f: True, _registry_mismatch),
    Problem("bad_checksum", ("CHECKSUM_INVALID",),
            lambda r, f: "id_number" in r.fields or "uscc" in r.fields, _bad_checksum),
    Problem("id_inconsistent", ("ID_FIELDS_INCONSISTENT",), _has("id_number", "birth_date",
                                                                 "gender"), _id_inconsistent),
    Problem("issuer_not_authorized", ("ISSUER_NOT_AUTHORIZED",), _fits_issuer,
            _issuer_not_authorized),
    Problem("abolished", ("LICENSE_TYPE_ABOLISHED",), _types(DocType.FAMILY_PLANNING_LICENSE),
            _abolished),
    Problem("clinic_item", ("CLINIC_RESTRICTED_ITEM",), _fits_clinic, _clinic_item),
    Problem("revoked", ("REVOKED",), lambda r, f: True, _revoked),
    Problem("revalidation_overdue", ("REVALIDATION_OVERDUE",),
            _types(DocType.MCH_PRACTICE_LICENSE), _revalidation_overdue),
    Problem("training_overdue", ("TRAINING_OVERDUE",),
            _types(DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.MCH_TRAINING_CERTIFICATE),
            _training_overdue),
    Problem("seal_missing", ("SEAL_MISSING",), lambda r, f: True, _seal_missing),
    Problem("qr_mismatch", ("QR_MISMATCH",), lambda r, f: True, _qr_mismatch),
    Problem("tampered", ("TAMPER_SUSPECTED",), _fits_tamper, _tampered),
    Problem("date_implausible", ("DATE_IMPLAUSIBLE",), _fits_expiry, _date_implausible),
    Problem("category_not_licensed", ("CATEGORY_NOT_LICENSED",), _fits_category,
            _category_not_licensed),
    Problem("unknown_doc_type", ("UNKNOWN_DOC_TYPE",), lambda r, f: True, _unknown_doc_type),
    Problem("unreadable", ("UNREADABLE",), _fits_scan, _unreadable),
    Problem("low_confidence", ("LOW_CONFIDENCE",), _fits_scan, _low_confidence),
)}

#: Variants drawn on a paper original: never a digital PDF.
_SCAN_ONLY = frozenset({"tampered", "unreadable", "low_confidence"})

#: Application-level variants, made by regrouping clean documents.
BUNDLE_PROBLEMS: dict[str, tuple[str, ...]] = {
    "missing_material": ("MISSING_MATERIAL",),
    "bundle_inconsistent": ("BUNDLE_INCONSISTENT",),
}

# Which types a variant prefers to land on (round-robin), so every code gets its share.
_TARGETS: dict[str, tuple[DocType, ...]] = {
    "expired": (DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE,
                DocType.MCH_ASSESSMENT_CERTIFICATE),
    "bad_checksum": (DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                     DocType.MEDICAL_INSTITUTION_LICENSE, DocType.MCH_TRAINING_CERTIFICATE,
                     DocType.PROFESSIONAL_TITLE_CERTIFICATE),
    "id_inconsistent": (DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                        DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE,
                        DocType.PROFESSIONAL_TITLE_CERTIFICATE),
    "issuer_not_authorized": (DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.MCH_PRACTICE_LICENSE),
    "abolished": (DocType.FAMILY_PLANNING_LICENSE,),
    "clinic_item": (DocType.MCH_PRACTICE_LICENSE,),
    "revalidation_overdue": (DocType.MCH_PRACTICE_LICENSE,),
    "training_overdue": (DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.MCH_TRAINING_CERTIFICATE),
    "date_implausible": (DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE,
                         DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.FAMILY_PLANNING_LICENSE),
    "category_not_licensed": (DocType.MCH_ASSESSMENT_CERTIFICATE,),
}


# --------------------------------------------------------------------------- the corpus


@dataclass
class _Doc:
    record: DocRecord
    fmt: str
    problem: str | None = None
    tweak: dict[str, Any] | None = None


def _clinic_institution(world: World) -> Institution:
    clinics = [i for i in world.institutions if i.kind in ("门诊部", "诊所")]
    if clinics:
        return world.rng.choice(clinics)
    inst = world._new_institution(len(world.institutions), kind="诊所")
    world.institutions.append(inst)
    return inst


_LICENCE_TYPES = (DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE,
                  DocType.FAMILY_PLANNING_LICENSE)


def _own_institution(world: World, index: int) -> Institution:
    """An institution no other document names: revoking its licence must not unlicense
    the work unit of clean certificates (R6 would rightly flag them). Drawn from a private
    generator so the world's other draws, and so the rest of the corpus, stay as they were."""
    own = random.Random(f"mchverify-synth:{world.seed}:{index}:own-institution")
    return world._new_institution(10_000 + index % 10_000, rng=own)


def _key(rec: DocRecord) -> tuple[DocType, str]:
    return rec.doc_type, normalize_number(rec.registry["certificate_number"])


def _problem_doc(world: World, index: int, name: str, k: int, fmt: str,
                 rng: random.Random, used: set[tuple[DocType, str]]) -> _Doc:
    """Document `index` with problem `name`: the k-th of its kind picks the type."""
    problem = PROBLEMS[name]
    targets = _TARGETS.get(name, DOC_TYPES)
    for attempt in range(40):
        doc_type = targets[(k + attempt) % len(targets)]
        inst = (_clinic_institution(world) if name == "clinic_item"
                else _own_institution(world, index) if name == "revoked"
                and doc_type in _LICENCE_TYPES else None)
        rec = world.record(index, doc_type, institution=inst)
        if problem.fits(rec, fmt) and _key(rec) not in used:
            tweak = problem.mutate(rec, rng, world)
            if tweak is not False:
                return _Doc(rec, fmt, name, tweak if isinstance(tweak, dict) else None)
        index += 100_000  # another record (the index only seeds its randomness)
    raise RuntimeError(f"no document fits problem {name}")


def _bundle_docs(world: World, index: int, kind: str, bundle: int) -> list[DocRecord]:
    """A complete application: a person's (R8) or an institution's (R9)."""
    rng = world.rng
    if kind == "personnel":
        physician = rng.random() < 0.6
        p = world.new_person(physician=physician)
        first = (rng.choice((DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE,
                             DocType.PHYSICIAN_PRACTICE_CERTIFICATE)) if physician
                 else DocType.PROFESSIONAL_TITLE_CERTIFICATE)
        types = [first, DocType.MCH_TRAINING_CERTIFICATE, DocType.MCH_ASSESSMENT_CERTIFICATE]
        return [world.record(index + i, t, person=p) for i, t in enumerate(types)]
    inst = world.institutions[bundle % len(world.institutions)]
    staff: Person = world.new_person(physician=False, institution=inst)
    return [world.record(index, DocType.MCH_PRACTICE_LICENSE, institution=inst),
            world.record(index + 1, DocType.MEDICAL_INSTITUTION_LICENSE, institution=inst),
            world.record(index + 2, DocType.MCH_ASSESSMENT_CERTIFICATE, person=staff)]


def _registry_only(world: World, docs: list[_Doc], start: int) -> list[DocRecord]:
    """Licences of institutions the files do not include: the authority issued them too
    (R6 looks a holder's work unit up among them)."""
    have = {(d.record.doc_type, d.record.institution.iid) for d in docs
            if d.record.institution is not None and d.record.person is None}
    out = []
    for n, inst in enumerate(world.institutions):
        for t in (DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE):
            if (t, inst.iid) not in have:
                out.append(world.record(start + 2 * n + (t == DocType.MEDICAL_INSTITUTION_LICENSE),
                                        t, institution=inst))
    return out


def _label(lab: dict[str, Any], doc: _Doc) -> dict[str, Any]:
    lab["expected_flags"] = list(PROBLEMS[doc.problem].expected) if doc.problem else []
    lab["meta"]["registry_status"] = doc.record.status
    lab["meta"]["in_registry"] = doc.record.in_registry
    return lab


def _bundles(groups: list[tuple[str, list[str]]], rng: random.Random) -> list[dict[str, Any]]:
    """Clean applications, each also with a document missing and with another holder's."""
    out: list[dict[str, Any]] = []
    for n, (kind, files) in enumerate(groups):
        out.append({"id": f"B{len(out):03d}", "kind": kind, "problem": None, "files": files,
                    "expected_flags": []})
        drop = 0 if kind == "personnel" else 1  # the qualification / the 医疗机构执业许可证
        if kind == "personnel" and rng.random() < 0.5:
            drop = 1  # the training certificate
        out.append({"id": f"B{len(out):03d}", "kind": kind, "problem": "missing_material",
                    "files": [f for i, f in enumerate(files) if i != drop],
                    "expected_flags": list(BUNDLE_PROBLEMS["missing_material"])})
        others = [g for g in groups if g[0] == kind and g[1] is not files]
        if others:
            other = others[n % len(others)][1]
            swap = rng.randrange(len(files) if kind == "personnel" else 2)  # a licence
            mixed = list(files)
            mixed[swap] = other[swap]
            out.append({"id": f"B{len(out):03d}", "kind": kind, "problem": "bundle_inconsistent",
                        "files": mixed,
                        "expected_flags": list(BUNDLE_PROBLEMS["bundle_inconsistent"])})
    return out


def generate_verify_corpus(outdir: Path, per_problem: int, seed: int = 0, *,
                           bundles: int | None = None, workers: int | None = None,
                           only: Sequence[str] | None = None, part: str = "tune",
                           official_share: float = 0.35, copy_share: float = 0.12,
                           ) -> list[dict[str, Any]]:
    """Write `per_problem` documents of every problem variant (or of those in `only`), at
    least as many clean ones (among them `bundles` personnel and `bundles` institution
    applications), labels.json, registry.csv and bundles.json into outdir; return the
    labels. `part`, `official_share`, `copy_share`: as `generate_corpus` (a problem made at
    render time stays on the generic layouts)."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    names = list(only) if only is not None else list(PROBLEMS)
    n_bundles = bundles if bundles is not None else max(2, per_problem // 2)
    n_problem = per_problem * len(names)
    # one licence of each type per institution: enough institutions for every licence drawn
    world = World(seed, n_bundles + 4 * n_problem // len(PROBLEMS) + n_problem // 2 + 8)
    rng = random.Random(f"mchverify-synth:{seed}:problems")
    formats = plan_formats(2 * n_problem + 6 * n_bundles + 16, seed)
    docs: list[_Doc] = []
    groups: list[tuple[str, list[int]]] = []
    for b in range(n_bundles):
        for kind in ("personnel", "institution"):
            recs = _bundle_docs(world, len(docs), kind, b)
            groups.append((kind, list(range(len(docs), len(docs) + len(recs)))))
            docs += [_Doc(r, formats[len(docs) + i]) for i, r in enumerate(recs)]
    for rep in range(per_problem):
        for name in names:
            i = len(docs)
            fmt = formats[i]
            if name in _SCAN_ONLY and fmt == "pdf-digital":
                fmt = ("jpg", "png", "tiff", "pdf-scan")[rep % 4]
            docs.append(_problem_doc(world, i, name, rep + names.index(name), fmt, rng,
                                     {_key(d.record) for d in docs}))
    n_clean = sum(d.problem is None for d in docs)
    t = 0
    used = {_key(d.record) for d in docs}
    while n_clean < n_problem:
        i = len(docs)
        rec = world.record(i + 200_000 * (t // len(DOC_TYPES) + 1), DOC_TYPES[t % len(DOC_TYPES)])
        t += 1
        if _key(rec) in used:
            continue  # one number, one document: the authority does not issue it twice
        used.add(_key(rec))
        docs.append(_Doc(rec, formats[i % len(formats)]))
        n_clean += 1
    jobs = [Job(i, seed, d.fmt, outdir, d.record, problem=d.problem, tweak=d.tweak, part=part,
                official_share=official_share, copy_share=copy_share)
            for i, d in enumerate(docs)]
    labels = [_label(lab, d) for lab, d in zip(run_jobs(jobs, workers), docs, strict=True)]
    for lab, d in zip(labels, docs, strict=True):
        lab["meta"]["as_of"] = d.record.as_of.isoformat()
    (outdir / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    registry = [d.record for d in docs if d.record.in_registry]
    registry += _registry_only(world, docs, 500_000)
    write_registry(outdir / "registry.csv", _unique(registry))
    files = [(kind, [labels[i]["file"] for i in idx]) for kind, idx in groups]
    (outdir / "bundles.json").write_text(json.dumps(_bundles(files, rng), ensure_ascii=False,
                                                    indent=1) + "\n", encoding="utf-8")
    return labels


def _unique(records: list[DocRecord]) -> list[DocRecord]:
    """One registry row per type and number (a number drawn twice keeps the first record)."""
    seen: set[tuple[DocType, str]] = set()
    out = []
    for r in records:
        key = (r.doc_type, normalize_number(r.registry["certificate_number"]))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out

