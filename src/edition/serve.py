"""``edition serve``: preview the site on 127.0.0.1, rebuilding when a source changes.

The preview is built into a temporary folder (never into ``build/``) with the same ``build``
as ``edition build`` (validation first, PDFs skipped); a failed rebuild is reported and the
previous preview stays up. Changes are found by polling modification times of the TEI, the
XSLT, the schema, the configuration and the toolkit's templates and assets.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from . import build as build_mod
from .config import Config
from .errors import EditionError

PACKAGE = Path(__file__).resolve().parent


def watched_files(cfg: Config) -> list[Path]:
    """Every file whose change calls for a rebuild."""
    folders = [cfg.tei_path, cfg.root / "xslt", cfg.root / "schema", PACKAGE / "templates",
               PACKAGE / "assets"]
    files = [cfg.root / "pyproject.toml", cfg.root / "CHANGELOG.md"]
    for folder in folders:
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file())
    return sorted(p for p in files if p.exists())


def snapshot(cfg: Config) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in watched_files(cfg)}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview quietly (errors only) and never caches."""

    def log_request(self, code="-", size="-") -> None:
        if str(getattr(code, "value", code)).startswith(("4", "5")):
            super().log_request(code, size)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class Preview:
    """A preview site in a temporary folder, its HTTP server, and the rebuild on change."""

    def __init__(self, cfg: Config, host: str = "127.0.0.1", port: int = 8000,
                 builder: Callable[[Config, Path], str] | None = None):
        self.cfg = cfg
        self.folder = Path(tempfile.mkdtemp(prefix="edition-serve-"))
        self.out = self.folder / "build"
        self.site = self.out / "html"
        self.site.mkdir(parents=True)
        self.builder = builder or default_builder
        self.state = snapshot(cfg)
        handler = functools.partial(Handler, directory=str(self.site))
        # The handler resolves its folder on every request, so a rebuild swapped into place
        # under the same name is served at once.
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> str:
        """Build the preview; return the summary, or the error (the old preview stays)."""
        try:
            return self.builder(self.cfg, self.out)
        except EditionError as exc:
            return f"error: {exc}"

    def changed(self) -> bool:
        now = snapshot(self.cfg)
        if now != self.state:
            self.state = now
            return True
        return False

    def start(self) -> None:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None:  # shutdown() waits for serve_forever(), so only if it runs
            self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


def default_builder(cfg: Config, out: Path) -> str:
    result = build_mod.build(cfg, pdf=False, out=out)
    return result.summary()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(cfg: Config, host: str = "127.0.0.1", port: int = 8000, interval: float = 1.0,
          echo: Callable[[str], None] = print) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl+C)."""
    preview = Preview(cfg, host, port)
    if threading.current_thread() is threading.main_thread():
        # Stopped by its process manager (SIGTERM) as by Ctrl+C: the temporary folder goes too.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        echo(preview.rebuild())
        preview.start()
        echo(f"serving the preview at {preview.url} (Ctrl+C to stop); "
             f"watching {len(preview.state)} files")
        while True:
            time.sleep(interval)
            if preview.changed():
                echo("change detected, rebuilding…")
                echo(preview.rebuild())
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        preview.stop()
