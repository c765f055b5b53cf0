"""The `mchverify` command (domain.md §5): JSON on stdout, progress and logs on stderr."""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mchverify.schemas.extraction import FileError
from mchverify.schemas.options import RapidOcrOptions, TesseractOptions
from mchverify.settings import prefect_defaults

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="mchverify: read and check MCH licensing documents.")
log = logging.getLogger("mchverify")


class Engine(StrEnum):
    rapidocr = "rapidocr"
    tesseract = "tesseract"


def _setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(stream=sys.stderr, level=level,
                        format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.root.handlers:  # libraries that set their own loggers' levels
        handler.setLevel(level)            # (Prefect, Dask) still reach the terminal at ours


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="images or PDFs to read")],
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per file")] = False,
    engine: Annotated[Engine, typer.Option(help="OCR engine")] = Engine.rapidocr,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read every FILE (one model load for all) and print what each says."""
    from mchverify.pipelines.extract import DocumentReader

    _setup_logging(verbose)
    options = TesseractOptions() if engine is Engine.tesseract else RapidOcrOptions()
    reader = DocumentReader(options)
    failed = 0
    for i, result in enumerate(reader.read_paths(files), 1):
        typer.echo(f"[{i}/{len(files)}] {result.file}", err=True)
        if isinstance(result, FileError):
            failed += 1
            if as_json:
                _emit(result.contract_json())
            else:
                typer.echo(f"{result.file}\t错误: {result.error}")
            continue
        if as_json:
            _emit(result.contract_json())
        else:
            typer.echo(f"{result.file}\t{result.doc_type.value}")
            for name, fv in result.fields.items():
                typer.echo(f"    {name:<28} {fv.value}  ({fv.confidence:.2f})")
    if failed:
        typer.echo(f"{failed} of {len(files)} files failed", err=True)
        raise typer.Exit(code=1)


@app.command()
def synth(
    outdir: Annotated[Path, typer.Argument(help="folder to write the corpus into")],
    count: Annotated[int, typer.Option(min=1, help="number of documents")] = 40,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same corpus)")] = 0,
    problems: Annotated[int | None, typer.Option(
        "--problems", min=1,
        help="write the labelled detection corpus instead: this many documents of every "
             "problem variant (forgeries, QR mismatches, …), as many clean ones, "
             "bundles.json; --count is then ignored")] = None,
    part: Annotated[str, typer.Option(
        help="the generator's part: tune (what tests and fixes use) or heldout (other fonts, "
             "label wordings, second scripts and copiers, for benchmarks only)")] = "tune",
) -> None:
    """Generate a synthetic corpus of degraded scans, e-licences, labels.json and registry.csv."""
    if part not in ("tune", "heldout"):
        raise typer.BadParameter("--part 只能是 tune 或 heldout")
    if problems is not None:
        from mchverify.synth.problems import generate_verify_corpus

        labels = generate_verify_corpus(outdir, problems, seed, part=part)
        flagged = sum(bool(lab["expected_flags"]) for lab in labels)
        _emit({"outdir": str(outdir), "documents": len(labels), "with_problem": flagged,
               "bundles": str(outdir / "bundles.json")})
        return
    from mchverify.synth import generate_corpus

    labels = generate_corpus(outdir, count, seed, part=part)
    _emit({"outdir": str(outdir), "documents": len(labels), "part": part})


@app.command()
def demo(
    outdir: Annotated[Path, typer.Option(help="where the sample batch goes")] = Path("var/demo"),
    per_problem: Annotated[int, typer.Option(min=1, help="documents per problem variant")] = 1,
    seed: Annotated[int, typer.Option()] = 7,
) -> None:
    """Generate applications (clean, expired, forged, inconsistent…), verify them against the
    generated registry, and print what was flagged."""
    from mchverify.errors import MchverifyError
    from mchverify.pipelines.demo import run_demo

    _setup_logging(False)
    try:
        run_demo(outdir, per_problem, seed)
    except MchverifyError as exc:
        typer.echo(f"演示未能完成：{exc}", err=True)
        raise typer.Exit(code=1) from None


def _echo_flags(flags: list[dict[str, Any]]) -> None:
    for flag in flags:
        typer.echo(f"    {flag['code']:<24} {flag['message']}")


@app.command()
def verify(
    files: Annotated[list[Path], typer.Argument(help="images or PDFs to check")],
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per file")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="judge validity as of this day (YYYY-MM-DD; default today)")] = None,
    db_url: Annotated[str | None, typer.Option(help="registry database URL")] = None,
    bundle: Annotated[bool, typer.Option(
        "--bundle", help="the files are one application: bundle checks, one JSON object")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read and check every FILE against the registry and the rules (one model load)."""
    import datetime as dt

    from mchverify.pipelines.extract import DocumentReader
    from mchverify.pipelines.verify import verify_bundle, verify_paths
    from mchverify.settings import get_settings
    from mchverify.storage.db import Database
    from mchverify.storage.registry import registry_from_settings

    _setup_logging(verbose)
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        typer.echo(f"--as-of 应为 YYYY-MM-DD：{as_of}", err=True)
        raise typer.Exit(code=2) from None
    settings = get_settings()
    db = Database(db_url or settings.db_url)
    db.upgrade()
    registry = registry_from_settings(settings, db)
    reader = DocumentReader(RapidOcrOptions())
    if bundle:
        try:
            app_out = verify_bundle(files, reader, as_of=day, registry=registry)
        finally:
            db.dispose()
        if as_json:
            _emit(app_out)
        else:
            typer.echo(f"申请结论：{app_out['verdict']}")
            _echo_flags(app_out["flags"])
            for d in app_out["documents"]:
                typer.echo(f"  {d['file']}\t{d.get('doc_type', '-')}\t{d['verdict']}")
                _echo_flags(d["flags"])
        unread = sum("error" in d for d in app_out["documents"])
        if unread:
            typer.echo(f"{unread} of {len(files)} files failed", err=True)
            raise typer.Exit(code=1)
        return
    failed = 0
    try:
        for i, out in enumerate(verify_paths(files, reader, as_of=day, registry=registry), 1):
            typer.echo(f"[{i}/{len(files)}] {out['file']}: {out['verdict']}", err=True)
            failed += "error" in out
            if as_json:
                _emit(out)
            elif "error" in out:
                typer.echo(f"{out['file']}\t错误: {out['error']}")
            else:
                typer.echo(f"{out['file']}\t{out.get('doc_type', '-')}\t{out['verdict']}")
                _echo_flags(out["flags"])
    finally:
        db.dispose()
    if failed:  # every file was answered; the status says some could not be read
        typer.echo(f"{failed} of {len(files)} files failed", err=True)
        raise typer.Exit(code=1)


def _as_of(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        typer.echo(f"--as-of 应为 YYYY-MM-DD：{value}", err=True)
        raise typer.Exit(code=2) from None


@app.command()
def ingest(
    source: Annotated[str, typer.Argument(help="a folder, or s3://bucket/prefix")],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="judge validity as of this day (YYYY-MM-DD; default today)")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="OCR worker processes (default MCHVERIFY_WORKERS or 2)")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="address of a running Dask scheduler (default: a local cluster)")] = None,
    max_attempts: Annotated[int, typer.Option(
        min=1, help="runs that may try a failing file before it is left to a person")] = 3,
    serve_schedule: Annotated[bool, typer.Option(
        "--serve-schedule", help="serve a deployment that runs every night (see --cron)")] = False,
    cron: Annotated[str, typer.Option(help="the schedule of --serve-schedule")] = "0 1 * * *",
) -> None:
    """Process an archive of scans, each file once (by content hash); resumable. Writes a
    morning report (JSON + HTML); the last line on stdout is the run's summary as JSON.
    Exits 1 when a server it needs (database, object store) stays down: the reason in one
    line on stderr, the summary of what was done still last on stdout; run it again."""
    from mchverify.errors import MchverifyError

    _setup_logging(False)
    prefect_defaults()
    day = _as_of(as_of)
    if serve_schedule:
        from mchverify.pipelines.schedule import serve_nightly

        try:
            serve_nightly(source, cron=cron, workers=workers, max_attempts=max_attempts)
        except MchverifyError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(code=2) from None
        return
    from mchverify.errors import RunAbortedError
    from mchverify.pipelines.flows import run_ingest

    aborted: RunAbortedError | None = None
    with _progress_bar() as progress:
        try:
            report = run_ingest(source, day, workers=workers, scheduler=scheduler,
                                max_attempts=max_attempts, progress=progress)
        except RunAbortedError as exc:  # a server stayed down: what was done is kept
            aborted, report = exc, exc.report
        except MchverifyError as exc:
            typer.echo(f"批处理无法开始：{exc}", err=True)
            raise typer.Exit(code=1) from None
    for failure in report["failures"]:
        typer.echo(f"失败：{failure['file']}：{failure['reason']}", err=True)
    typer.echo(f"报告：{report['report']['html']}", err=True)
    if aborted is not None:
        typer.echo(f"批处理中止（重新运行即可继续）：{aborted}", err=True)
    _emit({k: report[k] for k in ("processed", "skipped", "failed", "verdicts", "seconds")})
    if aborted is not None:
        raise typer.Exit(code=1)


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on standard error when a person is watching; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        task_id = bar.add_task("处理中", total=None)

        def update(event: str, done: int, seen: int) -> None:
            bar.update(task_id, completed=done, total=seen)

        yield update


@app.command()
def reverify(
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="judge as of this day (default: the day each document was judged "
        "as of)")] = None,
    doc_type: Annotated[str | None, typer.Option(help="only documents of this type")] = None,
) -> None:
    """Check stored documents again (no OCR) after a registry import or a rule change; print
    each change as a JSON line and the summary last."""
    _setup_logging(False)
    prefect_defaults()
    from mchverify.pipelines.flows import prefect_api, reverify_flow

    with prefect_api():
        out = reverify_flow(_as_of(as_of), doc_type=doc_type)
    for change in out.pop("changes"):
        _emit(change)
    _emit(out)


registry_app = typer.Typer(no_args_is_help=True, help="the local copy of the issuers' registry")
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    file: Annotated[Path, typer.Argument(help="registry CSV (domain.md §4)")],
    db_url: Annotated[str | None, typer.Option(
        help="database URL (default: MCHVERIFY_DB_URL or sqlite:///var/mchverify.db)")] = None,
) -> None:
    """Load registry records; a file with any error changes nothing and names line and column."""
    from mchverify.errors import MchverifyError, RegistryImportError
    from mchverify.pipelines.registry import import_registry_file
    from mchverify.settings import get_settings
    from mchverify.storage.db import Database

    _setup_logging(False)
    db = Database(db_url or get_settings().db_url)
    try:
        summary = import_registry_file(file, db)
    except RegistryImportError as exc:
        typer.echo(f"导入失败，未写入任何记录：{exc}", err=True)
        for p in exc.problems:
            where = f"第 {p.line} 行" + (f" {p.column} 列" if p.column else "")
            typer.echo(f"  {where}：{p.message}", err=True)
        _emit({"file": str(file), "error": str(exc),
               "problems": [p.model_dump() for p in exc.problems]})
        raise typer.Exit(code=1) from None
    except MchverifyError as exc:
        typer.echo(f"导入失败：{exc}", err=True)
        _emit({"file": str(file), "error": str(exc), "problems": []})
        raise typer.Exit(code=1) from None
    finally:
        db.dispose()
    typer.echo(f"已导入 {summary.imported} 条记录（替换 {summary.replaced} 条）", err=True)
    _emit(summary.model_dump())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address (default MCHVERIFY_HOST, "
                                             "127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default MCHVERIFY_PORT, 8000)")] = None,
) -> None:
    """The intake and review web application (http://127.0.0.1:8000)."""
    prefect_defaults()
    import uvicorn

    from mchverify.pipelines.flows import prefect_api
    from mchverify.settings import get_settings
    from mchverify.storage.accounts import list_users
    from mchverify.web.main import create_app

    _setup_logging(False)
    settings = get_settings()
    web = create_app(settings)
    with web.state.db.session() as s:
        if not list_users(s):
            typer.echo("尚无任何用户：请先运行 mchverify user add 用户名 --role admin", err=True)
    # uvicorn passes a SIGTERM on once it has shut down; as an interrupt, it lets the
    # temporary Prefect server below be stopped too, instead of being left running
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with prefect_api():
            where = f"http://{host or settings.host}:{port or settings.port}"
            typer.echo(f"mchverify 受理审核系统：{where}", err=True)
            uvicorn.run(web, host=host or settings.host, port=port or settings.port,
                        log_level="warning")
    except KeyboardInterrupt:
        typer.echo("已停止", err=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


user_app = typer.Typer(no_args_is_help=True, help="accounts of the web application")
app.add_typer(user_app, name="user")


class RoleName(StrEnum):
    intake = "intake"
    reviewer = "reviewer"
    admin = "admin"


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="the sign-in name (letters, digits, _.-)")],
    role: Annotated[RoleName, typer.Option(help="intake, reviewer or admin")],
    name: Annotated[str | None, typer.Option(help="the person's name as shown")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the password from standard input (scripts)")] = False,
) -> None:
    """Add an account. The password is asked for (twice) or read from stdin; none ships."""
    from pydantic import ValidationError

    from mchverify.schemas.web import UserCreate
    from mchverify.web.accounts import create

    _setup_logging(False)
    password = _new_password(password_stdin, "密码")
    try:
        body = UserCreate(username=username, display_name=name or username, role=role.value,
                          password=password)
    except ValidationError as exc:
        typer.echo("无法添加：用户名须为字母、数字或 _.-（2–64 位），密码至少 10 位", err=True)
        _emit({"username": username, "error": exc.errors()[0]["msg"]})
        raise typer.Exit(code=1) from None

    def add(session: Session) -> dict[str, Any]:
        user = create(session, body, actor="cli")
        return {"username": user.username, "role": user.role, "display_name": user.display_name}

    out = _account_step(username, "无法添加", add)
    typer.echo(f"已添加用户 {username}（{role.value}）", err=True)
    _emit(out)


def _new_password(from_stdin: bool, label: str) -> str:
    """A password from one line of stdin (scripts), or asked for twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt(label, hide_input=True, confirmation_prompt=True))


def _account_step(username: str, failed: str,
                  step: Callable[[Session], dict[str, Any]]) -> dict[str, Any]:
    """Run an account change in one transaction of the configured database; a refusal
    (Problem) is said on stderr after `failed` and as the JSON line, exit 1."""
    from mchverify.settings import get_settings
    from mchverify.storage.db import Database
    from mchverify.web.services import Problem

    db = Database(get_settings().db_url)
    db.upgrade()
    try:
        with db.session() as s:
            return step(s)
    except Problem as exc:
        typer.echo(f"{failed}：{exc.message}", err=True)
        _emit({"username": username, "error": exc.message})
        raise typer.Exit(code=1) from None
    finally:
        db.dispose()


@user_app.command("passwd")
def user_passwd(
    username: Annotated[str, typer.Argument(help="the account's sign-in name")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the new password from standard input (scripts)")] = False,
) -> None:
    """Set a new password for an account (a forgotten one, or one given out to be changed):
    the person is signed out everywhere. Asked for twice, or read from stdin."""
    from mchverify.web.accounts import reset_password

    _setup_logging(False)
    password = _new_password(password_stdin, "新密码")
    _account_step(username, "无法修改", lambda s: {
        "username": reset_password(s, username, password, actor="cli").username})
    typer.echo(f"已为用户 {username} 设置新密码，其所有登录已退出", err=True)
    _emit({"username": username, "password_changed": True})


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
