"""The ``kb`` command: a thin click layer over the library."""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from kb import __version__
from kb.errors import KbError, OptionError

if TYPE_CHECKING:
    from kb.models import FileResult, IngestReport

logger = logging.getLogger("kb")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else (logging.INFO if verbose == 1 else logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # eyecite warns about overlapping citations it handles itself; keep it off the terminal.
    logging.getLogger("eyecite").setLevel(logging.WARNING if verbose >= 2 else logging.ERROR)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into one line ``Error: ...``: exit status 1, or 2 for a bad option value."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except OptionError as e:
            raise click.UsageError(str(e)) from None
        except KbError as e:
            _fail(str(e))
        except sqlite3.DatabaseError as e:  # a query outside kb.store.reading(): still one line
            from kb.store import store_error

            db = click.get_current_context().obj["db"]
            _fail(str(store_error(e, db) or f"{db}: SQLite error ({e})"))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as e:
            logger.debug("internal error", exc_info=True)
            _fail(f"internal error ({type(e).__name__}: {e}); please report it (-vv shows where)")

    return wrapper


def _fail(message: str) -> NoReturn:
    click.echo("Error: " + " ".join(message.split("\n")), err=True)
    sys.exit(1)


def _emit(text: str) -> None:
    """Write a command's result to stdout; a failed write is one line on stderr, not a traceback."""
    with _writing_stdout():
        click.echo(text, nl=False)


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """A failed write to stdout inside is one line on stderr (or a quiet exit 1 when the reader went away)."""
    try:
        yield
    except OSError as e:
        _discard_stdout()
        if isinstance(e, BrokenPipeError):  # the reader went away (| head): nothing to say
            sys.exit(1)
        raise KbError(f"cannot write the output ({e.strerror or e}); check the disk or file it goes to") from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _name(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A name to look up must hold a letter or digit ('' would match everything, '%' nothing in particular)."""
    for v in value if isinstance(value, tuple) else [value]:
        if v is not None and not re.search(r"[^\W_]", v):
            raise click.BadParameter(f"{v!r} has no letters or digits; give an id, file stem, case name or citation")
    return value


def _output_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.strip():
        raise click.BadParameter(
            "needs a file name" + (" ('-' for stdout)" if param.name in ("output", "output_html") else "")
        )
    return value


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


@contextmanager
def _store(ctx: click.Context) -> Iterator[sqlite3.Connection]:
    """The store opened read-only, inside one read transaction: a command reads one snapshot."""
    from kb.store import connect, reading

    conn = connect(ctx.obj["db"], create=False, readonly=True)
    try:
        with reading(conn):
            yield conn
    finally:
        conn.close()


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
    "--max-bytes",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="Refuse files larger than N bytes.  [default: 10 MB]",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="Extraction processes.  [default: one per core]",
)
@click.option(
    "--timeout",
    default=None,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Skip an opinion whose analysis takes longer (0: no limit).  [default: 120]",
)
@click.option(
    "--dask-scheduler",
    default=None,
    metavar="ADDRESS",
    help="Fan extraction out to this Dask scheduler (pip install 'kb[dask]').",
)
@click.option(
    "--tokenizer",
    type=click.Choice(["default", "hyperscan"]),
    default=None,
    metavar="default|hyperscan",
    help="eyecite tokenizer: default uses Hyperscan when it is installed (pip install 'kb[hyperscan]'), "
    "the same references either way; hyperscan requires it.  [default: default]",
)
@click.option(
    "--progress/--no-progress", default=None, help="Show progress on stderr.  [default: when stderr is a terminal]"
)
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    encoding: str | None,
    max_bytes: int | None,
    workers: int | None,
    timeout: float | None,
    dask_scheduler: str | None,
    tokenizer: str | None,
    progress: bool | None,
) -> None:
    """Ingest opinion files (.txt, .pdf, .html, .htm, .docx) or folders of them into the store.

    '-' reads more paths from stdin, one per line. Ctrl-C or SIGTERM stops
    after the opinions already stored; run the same command again to go on.

    Example:

        kb ingest data/opinions --workers 2

        find briefs -name '*.pdf' | kb ingest -
    """
    from kb.analysis.eyecite_hooks import check_tokenizer
    from kb.ingest import DOC_TIMEOUT_S, default_workers, ingest_paths, ingest_summary, open_for_ingest
    from kb.load import MAX_OPINION_BYTES, discover

    check_tokenizer(tokenizer or "default")  # a missing extra fails here, once, before any work
    if "-" in paths:  # `find ... -name '*.pdf' | kb ingest -`: paths from stdin, one per line
        listed = [line.strip() for line in sys.stdin if line.strip()]
        paths = tuple(p for raw in paths for p in (listed if raw == "-" else [raw]))
    found = list(discover(paths))
    if not any(isinstance(f, Path) for f in found):
        # Nothing to ingest: say why for each path, and leave no empty store behind.
        for item in found:
            click.echo(f"Error: {item}", err=True)
        sys.exit(1)
    store = open_for_ingest(ctx.obj["db"])
    show = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    with _terminate_as_interrupt() as terminated, _ingest_progress(len(found), show, started) as report:
        result = ingest_paths(
            store,
            list(paths),
            encoding=encoding,
            max_bytes=max_bytes or MAX_OPINION_BYTES,
            progress=report,
            workers=workers or default_workers(),
            dask_scheduler=dask_scheduler,
            tokenizer=tokenizer or "default",
            timeout=(timeout if timeout is not None else DOC_TIMEOUT_S) or None,
        )
    if isinstance(store, sqlite3.Connection):
        store.close()
    summary = ingest_summary(result, time.perf_counter() - started, ctx.obj["db"])
    _end_ingest(result, summary, len(found), bool(terminated))


@contextmanager
def _ingest_progress(total: int, show: bool, started: float) -> Iterator[Callable[[FileResult], None]]:
    """A progress bar on stderr when ``show``; yields the callback that moves it and prints each failure."""
    done = [0]

    def rate(_: Any) -> str:
        elapsed = time.perf_counter() - started
        return f"{done[0] / elapsed:.1f} opinions/s" if elapsed > 0 and done[0] else ""

    bar_cm = (
        click.progressbar(
            length=total, label="Ingesting", file=sys.stderr, show_pos=True, show_eta=True, item_show_func=rate
        )
        if show
        else _NullBar()
    )
    with bar_cm as bar:

        def report(result: FileResult) -> None:
            done[0] += 1
            bar.update(1, result)
            if result.status == "failed":
                click.echo(f"\nError: {result.error}" if show else f"Error: {result.error}", err=True)

        yield report


def _end_ingest(result: IngestReport, summary: str, total: int, terminated: bool) -> None:
    """Say how the run ended on stderr, and exit 1 (failed or stopped), 130 (Ctrl-C) or 143 (SIGTERM) when not clean."""
    if result.stopped:
        click.echo(f"Stopped: {summary}", err=True)
        _fail(result.stopped)
    if result.interrupted:
        left = total - len(result.results)
        click.echo(f"Interrupted: {summary}; {left} not ingested (run the same command again to go on)", err=True)
        sys.exit(143 if terminated else 130)
    click.echo(summary, err=True)
    if result.failed:
        sys.exit(1)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: stop handing out work, keep what is stored, stop the workers."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[list[bool]]:
    """While ingesting, SIGTERM stops the run the way Ctrl-C does; yields a flag set when it came."""
    came: list[bool] = []

    def on_term(signum: int, frame: object) -> None:
        came.append(True)
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: leave signals alone
        yield came
        return
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, previous)


class _NullBar:
    def __enter__(self) -> _NullBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int, current_item: object = None) -> None:
        return None


def _for_court(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A court to weigh authority for: an unknown one is bad usage, before the store is opened."""
    if value is None:
        return None
    from kb.courts import resolve_court

    try:
        return resolve_court(value)
    except OptionError as e:
        raise click.BadParameter(str(e)) from None


def for_court_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The shared ``--for-court`` option: mark (and rank) authority binding on that court."""
    return click.option(
        "--for-court",
        default=None,
        metavar="COURT",
        callback=_for_court,
        help="Mark each case binding, persuasive or unknown for this court (courts-db id such as ilnd, or 'N.D. Ill.').",
    )(fn)


@main.command()
@click.argument("opinion", required=False, metavar="[OPINION]", callback=_name)
@output_options("text", "markdown", "csv", "json")
@for_court_option
@click.pass_context
@handle_errors
def authorities(ctx: click.Context, opinion: str | None, fmt: str, for_court: str | None) -> None:
    """Print the table of authorities of OPINION, or of the whole store.

    OPINION is an id (o:3), file stem, case name or citation.

    Example:

        kb authorities flores-albarran-v-wong --format markdown --for-court ilnd
    """
    from kb.export import render_authorities
    from kb.query import table_of_authorities

    with _store(ctx) as conn:
        data = table_of_authorities(conn, opinion)
    if for_court:
        from kb.binding import mark_binding

        mark_binding(data["authorities"], for_court)
    _emit(render_authorities(data, fmt))


@main.command()
@output_options("text", "json")
@click.pass_context
@handle_errors
def opinions(ctx: click.Context, fmt: str) -> None:
    """List the ingested opinions: id, file stem, case name, court, date and citation.

    A field the opinion does not state prints as ``court?`` / ``date?``; a
    name kb took from the file name says so.

    Example:

        kb opinions
    """
    from kb.export import to_json
    from kb.query import list_opinions

    with _store(ctx) as conn:
        rows = list_opinions(conn)
    if fmt == "json":
        _emit(to_json(rows))
        return
    lines = []
    for r in rows:
        cite = ", ".join(r["citations"]) or r["docket"] or ""
        name = r["case_name"] + (" [name from file name]" if "case_name" in r["unknown"] else "")
        court = r["court"] or "court?"
        date = r["date"] or "date?"
        lines.append(f"o:{r['id']}\t{r['stem']}\t{name}\t{court}\t{date}\t{cite}\n")
    _emit("".join(lines))


@main.command()
@click.argument("query", metavar="QUERY")
@output_options("text", "markdown", "json")
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="How many authorities to show.",
)
@click.option(
    "--court", default=None, metavar="COURT", help="Only this court (courts-db id such as ca7, or '7th Cir.')."
)
@click.option("--since", default=None, type=int, metavar="YEAR", help="Only authorities decided in or after YEAR.")
@click.option(
    "--semantic/--no-semantic",
    default=False,
    show_default=True,
    help="Re-rank with WordLlama embeddings (pip install 'kb[semantic]').",
)
@for_court_option
@click.pass_context
@handle_errors
def support(
    ctx: click.Context,
    query: str,
    fmt: str,
    limit: int,
    court: str | None,
    since: int | None,
    semantic: bool,
    for_court: str | None,
) -> None:
    """Rank the authorities that support a legal point typed in plain words.

    With --for-court, authority binding on that court comes first, and each hit says binding or persuasive.

    Example:

        kb support "a request for a stay of removal arises from executing the removal order" --for-court ilnd
    """
    from kb.courts import resolve_court
    from kb.export import render_support
    from kb.search import support as run_support

    if court is not None:
        resolve_court(court)  # an unknown court is bad usage, before the store is opened
    with _store(ctx) as conn:
        hits = run_support(conn, query, limit=limit, court=court, since=since, semantic=semantic, for_court=for_court)
    _emit(render_support(query, hits, fmt))


@main.command("cited-by")
@click.argument("authority", metavar="AUTHORITY", callback=_name)
@output_options("text", "markdown", "json")
@click.pass_context
@handle_errors
def cited_by(ctx: click.Context, authority: str, fmt: str) -> None:
    """List every opinion citing AUTHORITY, with what it is cited for.

    AUTHORITY is an id (a:122), citation (any spacing), case name (any abbreviation), party or short name.

    Example:

        kb cited-by "280 F.3d 786"
    """
    from kb.export import render_cited_by
    from kb.query import cited_by as run_cited_by

    with _store(ctx) as conn:
        data = run_cited_by(conn, authority)
    _emit(render_cited_by(data, fmt))


@main.command()
@click.argument("authority", metavar="AUTHORITY", callback=_name)
@output_options("text", "json")
@click.pass_context
@handle_errors
def history(ctx: click.Context, authority: str, fmt: str) -> None:
    """Show what the store knows of AUTHORITY's later and prior life, and which opinion says so.

    Its history lines (aff'd, cert. denied, overruled by ...), the decisions it is the
    later history of, and its good-law flags.

    Example:

        kb history "983 F.2d 300"
    """
    from kb.export import render_history
    from kb.goodlaw import authority_history

    with _store(ctx) as conn:
        data = authority_history(conn, authority)
    _emit(render_history(data, fmt))


@main.command()
@click.argument("authority", metavar="AUTHORITY", callback=_name)
@output_options("text", "json")
@click.pass_context
@handle_errors
def treatment(ctx: click.Context, authority: str, fmt: str) -> None:
    """Show how each citing opinion treated AUTHORITY (followed, distinguished, overruled ...), with the cue.

    Example:

        kb treatment "Clewis v. State"
    """
    from kb.export import render_treatment
    from kb.goodlaw import authority_treatment

    with _store(ctx) as conn:
        data = authority_treatment(conn, authority)
    _emit(render_treatment(data, fmt))


@main.command()
@click.argument("ends", nargs=2, metavar="FROM TO", callback=_name)
@click.option(
    "--max-depth", default=4, show_default=True, type=click.IntRange(min=1), metavar="N", help="Longest chain, in hops."
)
@output_options("text", "json")
@click.pass_context
@handle_errors
def chain(ctx: click.Context, ends: tuple[str, str], max_depth: int, fmt: str) -> None:
    """Show citation chains from FROM to TO (opinions or authorities), each hop labelled.

    Example:

        kb chain flores-albarran-v-wong "Califano v. Sanders"
    """
    from kb.export import render_chains
    from kb.lookup import find_graph_node
    from kb.walk import chains

    with _store(ctx) as conn:
        src, dst = (find_graph_node(conn, e) for e in ends)
        paths = chains(conn, src, dst, max_depth=max_depth)
    _emit(render_chains(paths, ends, fmt))


@main.command()
@click.argument("authority", metavar="AUTHORITY", callback=_name)
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=1), metavar="N", help="Levels each way.")
@click.option(
    "--limit",
    default=25,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Nodes listed under each node, most cited first.",
)
@output_options("text", "json")
@click.pass_context
@handle_errors
def trace(ctx: click.Context, authority: str, depth: int, limit: int, fmt: str) -> None:
    """Show what cites AUTHORITY and what it relies on, as a tree both ways.

    Example:

        kb trace "Ashcroft v. Iqbal"
    """
    from kb.export import render_trace
    from kb.lookup import find_graph_node
    from kb.walk import flag_trace
    from kb.walk import trace as run_trace

    with _store(ctx) as conn:
        node = find_graph_node(conn, authority)
        tree = flag_trace(conn, run_trace(conn, node, depth, limit))
    _emit(render_trace(tree, fmt))


@main.command()
@click.argument("opinions", nargs=2, metavar="OPINION OPINION", callback=_name)
@output_options("text", "markdown", "csv", "json")
@click.pass_context
@handle_errors
def common(ctx: click.Context, opinions: tuple[str, str], fmt: str) -> None:
    """List the authorities two opinions both cite, with each opinion's own pins and places.

    Example:

        kb common flores-albarran-v-wong balogun-v-sessions
    """
    from kb.export import render_authorities
    from kb.query import common_table

    with _store(ctx) as conn:
        data = common_table(conn, *opinions)
    _emit(render_authorities(data, fmt))


@main.command()
@click.option(
    "--method",
    type=click.Choice(["citing", "pagerank", "hits"]),
    default="citing",
    show_default=True,
    metavar="citing|pagerank|hits",
    help="citing: distinct citing opinions, then PageRank; or PageRank or HITS alone.",
)
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="How many authorities to show.",
)
@output_options("text", "json")
@click.pass_context
@handle_errors
def rank(ctx: click.Context, method: str, limit: int, fmt: str) -> None:
    """Rank authorities by how many opinions cite them, then PageRank (or by PageRank or HITS).

    Example:

        kb rank --limit 10
    """
    from kb.export import to_json
    from kb.ranking import rank_rows

    with _store(ctx) as conn:
        rows = rank_rows(conn, method, limit)
    if fmt == "json":
        _emit(to_json(rows))
        return
    _emit(
        "".join(
            f"{r['rank']:>3}. {r['score']:.4f}  {r['citation']}"
            f"  ({r['citing']} opinion{'s' if r['citing'] != 1 else ''}, {r['depth']} ref{'s' if r['depth'] != 1 else ''})\n"
            for r in rows
        )
    )


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "json", "csv"]),
    default="json",
    show_default=True,
    metavar="graphml|json|csv",
    help="graphml for Gephi/Cytoscape, json (node-link) for D3, csv edge list.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    callback=_output_file,
    help="Where to write ('-' for stdout).",
)
@click.option("--propositions/--no-propositions", default=True, show_default=True, help="Include proposition nodes.")
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str, output: str, propositions: bool) -> None:
    """Write the citation graph for Gephi, Cytoscape or D3, streamed from the store.

    Example:

        kb export --format graphml -o kb.graphml
    """
    from kb.export import output_file, write_graph
    from kb.graph import iter_graph, label_lookup

    with _store(ctx) as conn:
        items = iter_graph(conn, propositions=propositions)
        labels = label_lookup(conn)
        if output == "-":
            with _writing_stdout():
                write_graph(items, fmt, sys.stdout, label_of=labels)
                sys.stdout.flush()
            return
        with output_file(output) as f:
            nodes, edges = write_graph(items, fmt, f, label_of=labels)
    click.echo(f"wrote {nodes} nodes and {edges} edges to {output}", err=True)


@main.command("map")
@click.option(
    "-o",
    "--output",
    "output_html",
    default="kb-map.html",
    show_default=True,
    metavar="FILE.html",
    callback=_output_file,
    help="Where to write the map ('-' for stdout).",
)
@click.option(
    "--focus",
    default=None,
    metavar="AUTHORITY|OPINION",
    callback=_name,
    help="Map only what this node cites and what cites it.",
)
@click.option(
    "--depth",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="With --focus: how many hops each way.",
)
@click.option(
    "--kinds",
    default=None,
    metavar="KIND,...",
    help="Only these authority kinds (case,statute,regulation,rule,constitution,other).",
)
@click.option(
    "--min-cites",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Only authorities cited by at least N opinions.",
)
@click.option(
    "--propositions/--no-propositions",
    default=False,
    show_default=True,
    help="With --focus: show the points the focus is cited for.",
)
@click.option(
    "--max-nodes",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="Keep at most N nodes, nearest and most cited first.  [default: 2500]",
)
@click.pass_context
@handle_errors
def map_command(
    ctx: click.Context,
    output_html: str,
    focus: str | None,
    depth: int,
    kinds: str | None,
    min_cites: int,
    propositions: bool,
    max_nodes: int | None,
) -> None:
    """Write an interactive HTML map of the citation graph that opens offline.

    Example:

        kb map -o flores.html --focus flores-albarran-v-wong --depth 1
    """
    from kb.export import write_file
    from kb.maps import MAX_MAP_NODES, map_graph, render_map

    if focus is None and ctx.get_parameter_source("depth") not in (ParameterSource.DEFAULT, None):
        raise click.UsageError("--depth counts hops around --focus; give --focus too")
    if focus is None and propositions:
        raise click.UsageError("--propositions shows the points one node is cited for; give --focus too")
    wanted = _kinds(kinds) if kinds else None
    from kb.graph import flag_nodes
    from kb.lookup import find_graph_node

    with _store(ctx) as conn:
        node = find_graph_node(conn, focus) if focus else None
        chosen = map_graph(
            conn,
            focus=node,
            depth=depth,
            kinds=wanted,
            min_cites=min_cites,
            propositions=propositions,
            max_nodes=max_nodes or MAX_MAP_NODES,
        )
        flag_nodes(conn, chosen.graph)  # drawn with a red border
    title = f"kb map: {chosen.title}" if node else "kb citation map"
    result = render_map(chosen.graph, title=title, notice=chosen.notice, total_nodes=chosen.total)
    if chosen.notice:
        click.echo(chosen.notice, err=True)
    if output_html == "-":  # the page on stdout, the summary on stderr
        _emit(result.html)
        click.echo(f"wrote map: {result.nodes} nodes, {result.edges} edges -> stdout", err=True)
        return
    write_file(output_html, result.html)
    _emit(f"wrote map: {result.nodes} nodes, {result.edges} edges -> {output_html}\n")


def _kinds(kinds: str) -> set[str]:
    """The authority kinds a comma-separated ``--kinds`` names; an unknown one is bad usage."""
    from kb.models import KINDS

    wanted = {k.strip() for k in kinds.split(",") if k.strip()}
    bad = sorted(wanted - set(KINDS))
    if bad:
        raise click.BadParameter(
            f"unknown kind {', '.join(bad)!s}; choose from {', '.join(KINDS)}", param_hint="--kinds"
        )
    return wanted


@main.command("toa")
@click.argument("document", metavar="DOCUMENT")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "csv", "json", "docx"]),
    default="text",
    show_default=True,
    metavar="text|markdown|csv|json|docx",
    help="Output format (docx needs -o and pip install 'kb[docx]').",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    callback=_output_file,
    help="Where to write ('-' for stdout).",
)
@click.option(
    "--passim",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Print passim for an authority cited on N pages or more (0: never).",
)
@click.option(
    "--nested/--no-nested",
    default=True,
    show_default=True,
    help="List authorities cited only inside another's parenthetical (quoting, citing).",
)
@click.option(
    "--appendix/--no-appendix",
    default=False,
    show_default=True,
    help="Index the appendix (pages 1a, 2a ...) too.",
)
@click.option("--encoding", default=None, metavar="NAME", help="Decode text and HTML with this instead of UTF-8.")
@click.pass_context
@handle_errors
def toa(
    ctx: click.Context,
    document: str,
    fmt: str,
    output: str,
    passim: int,
    nested: bool,
    appendix: bool,
    encoding: str | None,
) -> None:
    """Print the table of authorities of a brief or opinion file, without storing it.

    DOCUMENT is a .txt, .pdf, .html, .htm or .docx file; pages are the document's own.

    Example:

        kb toa brief.pdf --format docx -o toa.docx
    """
    from kb.export import write_file
    from kb.toa import document_toa, render_toa, toa_docx

    if fmt == "docx" and output == "-":
        raise click.UsageError("--format docx writes a file; give -o FILE.docx")
    data = document_toa(document, passim=passim, nested=nested, appendix=appendix, encoding=encoding)
    if fmt == "docx":
        _write_bytes(output, toa_docx(data))
        click.echo(f"wrote the table of authorities to {output}", err=True)
        return
    text = render_toa(data, fmt)
    if output == "-":
        _emit(text)
    else:
        write_file(output, text)


def _write_bytes(path: str, data: bytes) -> None:
    target = Path(path)
    if target.is_dir():
        raise KbError(f"{path}: is a folder; give a file name inside it")
    if not target.parent.is_dir():
        raise KbError(f"{path}: no such folder {target.parent}; create it first")
    try:
        target.write_bytes(data)
    except OSError as e:
        raise KbError(f"{path}: cannot write ({e.strerror or e})") from None


@main.command("check")
@click.argument("document", metavar="DOCUMENT")
@output_options("text", "json")
@click.option(
    "--min-level",
    type=click.Choice(["info", "warning", "error"]),
    default="info",
    show_default=True,
    metavar="info|warning|error",
    help="Print findings at this level or more serious.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    metavar="error|warning",
    help="Exit 1 when there is a finding at this level or more serious.",
)
@click.option("--encoding", default=None, metavar="NAME", help="Decode text and HTML with this instead of UTF-8.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, document: str, fmt: str, min_level: str, fail_on: str, encoding: str | None) -> None:
    """Check a draft's citations against the store and themselves, storing nothing.

    One line per finding (FILE:LINE: LEVEL: message [code]) and a summary; exit 1 on errors.

    Example:

        kb check brief.docx --min-level warning
    """
    from kb.check import check_document, render_check

    with _store(ctx) as conn:
        report = check_document(conn, document, encoding=encoding)
    _emit(render_check(report, fmt, min_level=min_level))
    failing = report["summary"]["error"] + (report["summary"]["warning"] if fail_on == "warning" else 0)
    if failing:
        sys.exit(1)


@main.command("show")
@click.argument("opinion", metavar="OPINION", callback=_name)
@click.option(
    "-o",
    "--output",
    "output_html",
    default="opinion.html",
    show_default=True,
    metavar="FILE",
    callback=_output_file,
    help="The HTML page to write ('-' for stdout).",
)
@click.pass_context
@handle_errors
def show(ctx: click.Context, opinion: str, output_html: str) -> None:
    """Write a stored opinion's text as one offline page, each citation linked to what the store knows of it.

    Example:

        kb show flores-albarran-v-wong -o flores.html
    """
    from kb.export import write_file
    from kb.show import opinion_page

    with _store(ctx) as conn:
        page, data = opinion_page(conn, opinion)
    if output_html == "-":
        _emit(page)
        return
    write_file(output_html, page)
    refs, auths = len(data["refs"]), len(data["authorities"])
    _emit(f"wrote {data['opinion']['case_name']}: {refs} references to {auths} authorities -> {output_html}\n")


@main.command("site")
@click.argument("directory", metavar="DIR")
@click.pass_context
@handle_errors
def site(ctx: click.Context, directory: str) -> None:
    """Write the store as an offline site: index.html with search, a page per opinion, map.html linking to them.

    Example:

        kb site kb-site && open kb-site/index.html
    """
    from kb.site import build_site

    with _store(ctx) as conn:
        result = build_site(conn, directory)
    _emit(
        f"wrote {result.pages} opinion pages, the index and a map of {result.map_nodes} nodes -> {result.directory}\n"
    )
