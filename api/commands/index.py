"""``halokop index``: build index versions from the database (or, as the library does, from a KB file)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database

app = typer.Typer(help="Build and switch search indexes.", no_args_is_help=True)


def read_labelled(path: Path) -> list[dict]:
    """Labelled queries (q, target), failing with the bad line's number: the library CLI's reader."""
    from halokop_nlp.cli._common import load_queries

    return load_queries(path)


def build_from_database(
    *,
    encoder: str,
    labelled: Path | None,
    evaluate_on: Path | None,
    activate: bool,
    index_root: Path | None = None,
    skip_if_current: bool = False,
) -> str:
    """Build a new version from the database's published entries; returns the version name."""
    from rich.progress import Progress

    from api.repository import entries as entries_repo
    from api.services.index_admin import BuildError, build_from_db
    from api.services.index_versions import load_version, read_pointer, write_pointer
    from halokop_nlp import EncoderError, get_encoder

    settings = load_settings(encoder=encoder, index_root=index_root)
    _, sessions = open_database(settings)
    try:
        enc = get_encoder(settings.encoder)
    except (ValueError, EncoderError) as exc:
        raise fail(str(exc)) from None
    previous, previous_name = None, read_pointer(settings.index_root)
    if previous_name:
        try:  # carry the running version's calibration over if there is too little labelled data
            previous = load_version(
                settings.index_root, previous_name, enc, None, lexical_only_ok=False
            ).calibration
        except Exception:  # noqa: BLE001 - no usable previous version: fine, calibrate without it
            previous = None
    if (
        skip_if_current
        and previous_name
        and _up_to_date(sessions, settings.index_root, previous_name, enc.name)
    ):
        typer.echo(f"index {previous_name} already holds the database's entries with {enc.name}: not rebuilt")
        return previous_name
    start = time.perf_counter()
    with sessions() as session, Progress(transient=True) as progress:
        total = entries_repo.count(session=session)
        task = progress.add_task("encoding entries", total=total)
        try:
            result = build_from_db(
                session=session,
                encoder=enc,
                root=settings.index_root,
                min_positives=settings.calibration_min_positives,
                min_negatives=settings.calibration_min_negatives,
                previous=previous,
                previous_name=previous_name,
                extra_labelled=read_labelled(labelled) if labelled else None,
                extra_name=str(labelled) if labelled else None,
                evaluate_on=read_labelled(evaluate_on) if evaluate_on else None,
                evaluate_name=str(evaluate_on) if evaluate_on else None,
                progress=lambda n: progress.advance(task, n),
            )
        except BuildError as exc:
            raise fail(f"{exc}; nothing was written") from None
    rec = result.recommender
    typer.echo(
        f"indexed {result.entries} entries ({rec.index.vector_count} phrasings) with {enc.name} "
        f"in {time.perf_counter() - start:.1f}s -> {result.directory}"
    )
    cal = rec.calibration
    typer.echo(
        f"calibration ({result.calibration_source}): duplicate >= {cal.duplicate}, related >= {cal.related}"
    )
    overall = result.evaluation.get("overall") if result.evaluation else None
    if overall:
        note = " (in-sample)" if result.evaluation.get("in_sample") else ""
        typer.echo(
            f"evaluation on {result.evaluation['set']}{note}: "
            + ", ".join(f"{k} {overall[k]}" for k in ("r@1", "r@5", "mrr", "auc") if k in overall)
        )
    if activate:
        write_pointer(settings.index_root, result.version)
        typer.echo(
            f"{settings.index_root}/CURRENT_VERSION -> {result.version} "
            "(a running service switches at its next restart, or via POST /api/admin/index/activate)"
        )
    return result.version


def _up_to_date(sessions, root: Path, version: str, encoder_name: str) -> bool:
    """Whether a saved version was built from exactly the database's entries with this encoder."""
    from api.repository import entries as entries_repo
    from api.services.index_versions import read_manifest, to_kb_entry, version_dir
    from halokop_nlp.index import corpus_hash

    try:
        manifest = read_manifest(version_dir(root, version))
    except (OSError, ValueError):
        return False
    with sessions() as session:
        entries = [to_kb_entry(e) for e in entries_repo.list_all(session=session)]
    return (
        bool(entries)
        and manifest.get("corpus_hash") == corpus_hash(entries)
        and ((manifest.get("encoder") or {}).get("name") == encoder_name)
    )


@app.command("build")
def build(
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", help="Index a KB file (JSONL) instead of the database; needs --out."),
    ] = None,
    from_db: Annotated[
        bool, typer.Option("--from-db", help="Index the database's published entries (the default).")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="With --from-file: directory to write the index into.")
    ] = None,
    encoder: Annotated[
        str, typer.Option(envvar="HALOKOP_ENCODER", help="bundled:e5-small or st:NAME_OR_PATH")
    ] = ("bundled:e5-small"),
    labelled: Annotated[
        Path | None,
        typer.Option(help="Labelled queries (q, target) to calibrate on, besides staff feedback."),
    ] = None,
    evaluate_on: Annotated[
        Path | None, typer.Option("--evaluate-on", help="Labelled queries to measure the new index on.")
    ] = None,
    activate: Annotated[
        bool,
        typer.Option(
            "--activate/--no-activate", help="From the database: make the new version the current one."
        ),
    ] = True,
    index_root: Annotated[
        Path | None,
        typer.Option(envvar="HALOKOP_INDEX_ROOT", help="Where versions go (default models/index)."),
    ] = None,
) -> None:
    """Build an index: from the database into a new version under the index root, or from a KB file."""
    if from_file is not None and from_db:
        raise fail("give either --from-file FILE or --from-db, not both")
    if from_file is not None:
        if out is None:
            raise fail("--from-file needs --out DIRECTORY")
        from halokop_nlp.cli.index import build as build_file

        build_file(from_file=from_file, out=out, encoder=encoder, labelled=labelled, evaluate_on=evaluate_on)
        return
    if out is not None:
        raise fail(
            "--out is only for --from-file; database builds go into a new version under the index root"
        )
    build_from_database(
        encoder=encoder, labelled=labelled, evaluate_on=evaluate_on, activate=activate, index_root=index_root
    )


@app.command("list")
def list_versions(
    index_root: Annotated[Path | None, typer.Option(envvar="HALOKOP_INDEX_ROOT", help="Index root.")] = None,
) -> None:
    """List index versions (the current one is marked with *)."""
    from api.services.index_versions import list_versions as versions
    from api.services.index_versions import read_pointer

    settings = load_settings(index_root=index_root)
    current = read_pointer(settings.index_root)
    rows = versions(settings.index_root)
    if not rows:
        typer.echo(f"no index versions in {settings.index_root}")
        return
    for v in rows:
        mark = "*" if v["version"] == current else " "
        typer.echo(
            f"{mark} {v['version']:<24} {v['created_at'] or '':<26} {v['encoder'] or '':<20} "
            f"{v['entries'] or 0:>6} entries  calibration: {v['calibration']['source']}"
        )


@app.command("activate")
def activate_version(
    version: Annotated[str, typer.Argument(help="Version to make current (also to roll back).")],
    index_root: Annotated[Path | None, typer.Option(envvar="HALOKOP_INDEX_ROOT", help="Index root.")] = None,
) -> None:
    """Point CURRENT_VERSION at a version (a running service switches via the admin API or a restart)."""
    from api.services.index_versions import VersionError, write_pointer

    settings = load_settings(index_root=index_root)
    try:
        write_pointer(settings.index_root, version)
    except VersionError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{settings.index_root}/CURRENT_VERSION -> {version}")
