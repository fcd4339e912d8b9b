"""The ``kb`` command: a thin click layer over the library."""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

import click

from kb import __version__
from kb.errors import KbError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else (logging.INFO if verbose == 1 else logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # eyecite warns about overlapping citations it handles itself; keep it off the terminal.
    logging.getLogger("eyecite").setLevel(logging.WARNING if verbose >= 2 else logging.ERROR)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn KbError into ``Error: ...`` and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KbError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper


def output_options(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The shared ``--format`` option of every listing command."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=formats[0],
            show_default=True,
            metavar="|".join(formats),
            help="Output format.",
        )(fn)

    return decorate


def _connect(ctx: click.Context, create: bool = False):  # type: ignore[no-untyped-def]
    from kb.store import connect

    return connect(ctx.obj["db"], create=create)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="kb")
@click.option(
    "--db",
    envvar="KB_DB",
    default="kb.sqlite",
    show_default=True,
    metavar="FILE",
    help="The SQLite store (or set KB_DB).",
)
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for eyecite's own warnings).")
@click.pass_context
def main(ctx: click.Context, db: str, verbose: int) -> None:
    """kb: a citation-graph knowledge base for US case law."""
    _setup_logging(verbose)
    ctx.obj = {"db": db}


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--encoding", default=None, metavar="NAME", help="Decode files with this encoding instead of UTF-8.")
@click.option(
    "--max-bytes", default=None, type=int, metavar="N", help="Refuse files larger than N bytes.  [default: 10 MB]"
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr.  [default: when stderr is a terminal]",
)
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context, paths: tuple[str, ...], encoding: str | None, max_bytes: int | None, progress: bool | None
) -> None:
    """Ingest opinion files or folders of .txt files into the store.

    Example:

        kb ingest data/opinions
    """
    from kb.load import MAX_OPINION_BYTES, discover
    from kb.pipeline import ingest_paths

    conn = _connect(ctx, create=True)
    files = list(discover(paths))
    show = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    with (
        click.progressbar(length=len(files), label="Ingesting", file=sys.stderr, show_pos=True, show_eta=True)
        if show
        else _NullBar() as bar
    ):

        def report(result: Any) -> None:
            bar.update(1)
            if result.status == "failed":
                click.echo(f"\nError: {result.error}" if show else f"Error: {result.error}", err=True)

        result = ingest_paths(
            conn, list(paths), encoding=encoding, max_bytes=max_bytes or MAX_OPINION_BYTES, progress=report
        )
    elapsed = time.perf_counter() - started
    parts = [f"{result.count(s)} {s}" for s in ("added", "replaced", "unchanged", "failed") if result.count(s)]
    click.echo(f"{', '.join(parts) or 'nothing to ingest'} in {elapsed:.2f}s -> {ctx.obj['db']}", err=True)
    if result.failed:
        sys.exit(1)


class _NullBar:
    def __enter__(self) -> _NullBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@main.command()
@click.argument("opinion", required=False, metavar="[OPINION]")
@output_options("text", "markdown", "csv", "json")
@click.pass_context
@handle_errors
def authorities(ctx: click.Context, opinion: str | None, fmt: str) -> None:
    """Print the table of authorities of OPINION, or of the whole store.

    OPINION is a file stem, case name or reporter citation.

    Example:

        kb authorities flores-albarran-v-wong --format markdown
    """
    from kb.export import render_authorities
    from kb.query import table_of_authorities

    conn = _connect(ctx)
    click.echo(render_authorities(table_of_authorities(conn, opinion), fmt), nl=False)


@main.command()
@output_options("text", "json")
@click.pass_context
@handle_errors
def opinions(ctx: click.Context, fmt: str) -> None:
    """List the ingested opinions.

    Example:

        kb opinions
    """
    from kb.export import to_json
    from kb.query import list_opinions

    rows = list_opinions(_connect(ctx))
    if fmt == "json":
        click.echo(to_json(rows), nl=False)
        return
    for r in rows:
        cite = ", ".join(r["citations"]) or r["docket"] or ""
        click.echo(f"{r['stem']}\t{r['case_name']}\t{r['court'] or ''}\t{r['date'] or ''}\t{cite}")
