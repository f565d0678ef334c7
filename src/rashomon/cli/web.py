"""`rashomon serve` (the HTTP API and the page) and `rashomon report` (one HTML file)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

import rashomon
from rashomon.errors import UserError
from rashomon.store import DEFAULT_DB, open_store


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `rashomon` app."""

    @app.command()
    def serve(
        db: str = typer.Option(DEFAULT_DB, "--db", help="DuckDB file or postgresql:// URL"),
        host: str = typer.Option("127.0.0.1", help="address to listen on"),
        port: int = typer.Option(8000, help="port to listen on"),
        token: str | None = typer.Option(
            None, envvar="RASHOMON_TOKEN", help="enable uploads, for clients sending this bearer token"),
        max_upload: int = typer.Option(5_000_000, min=1, help="largest accepted upload, in bytes"),
        allow_host: list[str] = typer.Option(
            [], "--allow-host", metavar="NAME",
            help="also answer requests for this Host name (repeatable; *.example.org, or * for any)"),
        ssl_certfile: str | None = typer.Option(None, help="serve HTTPS with this certificate (PEM)"),
        ssl_keyfile: str | None = typer.Option(None, help="the certificate's private key (PEM)"),
    ) -> None:
        """Serve the HTTP API (docs at /openapi.json) and the web page.

        Read-only unless a token is given (or set in RASHOMON_TOKEN). Only loopback Host
        names are answered unless --allow-host adds others; serving beyond this machine
        without a token, or a token over plain HTTP, prints a warning. `rashomon analyze`
        may add documents to the same database while it runs: the page shows them.

        Example:  rashomon serve --db news.duckdb --port 8000

        Example:  rashomon serve --host 0.0.0.0 --allow-host analysts.example.org --token $T --ssl-certfile cert.pem --ssl-keyfile key.pem
        """
        if port < 0 or port > 65535:
            raise UserError(f"--port must be between 0 and 65535, got {port}")
        if bool(ssl_certfile) != bool(ssl_keyfile):
            raise UserError("--ssl-certfile and --ssl-keyfile go together")
        rashomon.api.server.serve(db, host=host, port=port, token=token or None, max_upload=max_upload,
            allow_hosts=allow_host, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)

    @app.command()
    def report(
        db: str = typer.Option(DEFAULT_DB, "--db", help="DuckDB file or postgresql:// URL"),
        output: Path = typer.Option(Path("report.html"), "-o", "--output", help="the HTML file to write"),
        top: int = typer.Option(25, help="how many alliances, rivalries and contradictions to list"),
        max_edges: int = typer.Option(1500, help="most edges drawn on the map"),
        outlet: str | None = typer.Option(None, "--outlet", help="lens: what this outlet published"),
        source: str | None = typer.Option(None, "--source", help="lens: what this speaker says ('none': the articles' own voice)"),
    ) -> None:
        """Write one self-contained HTML report: the map, top alliances and contradictions, evidence.

        Pairs are split into agreed (independent sources), contested and mixed; --outlet or
        --source give the report through one outlet or one speaker.

        Example:  rashomon report --db news.duckdb -o report.html --outlet "Caspian Herald"
        """
        if output.is_dir():
            raise UserError(f"{output} is a folder; give a file name such as report.html")
        if not output.parent.exists():
            raise UserError(f"folder {output.parent} does not exist")
        read_only = not str(db).startswith(("postgresql://", "postgres://"))
        with open_store(db, read_only=read_only) as store:
            n = rashomon.api.report.write_report(store, output, top=top, max_edges=max_edges, outlet=outlet,
                             source=source)
        typer.echo(f"wrote {output} ({os.path.getsize(output):,} bytes, {n} edges on the map)")
