"""What the routes share: settings, the store, and the pipeline (loaded on the first write)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warwatch.config import Settings
from warwatch.store import Store

if TYPE_CHECKING:
    from warwatch.batch import IngestSummary
    from warwatch.pipeline import Pipeline

DEFAULT_TOKEN_ENV = "WARWATCH_TOKEN"


@dataclass(frozen=True)
class ApiSettings:
    """Settings of ``warwatch serve``, built at the entry point (nothing is read from the
    environment here: the command reads the token's variable and passes the value).

    ``token`` is None when the operator configured none: write endpoints then answer 403.
    """

    core: Settings = field(default_factory=Settings)
    token: str | None = field(default=None, repr=False)
    token_env: str = DEFAULT_TOKEN_ENV
    max_body_bytes: int = 5 * 1024 * 1024
    default_page_size: int = 100
    max_page_size: int = 1000

    @property
    def db_url(self) -> str:
        return self.core.db_url


class Context:
    def __init__(
        self,
        settings: ApiSettings,
        store: Store,
        pipeline_factory: Callable[[], Pipeline] | None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None
        # One write at a time: the spaCy pipeline is loaded once and is not shared between threads.
        self._write_lock = threading.Lock()

    def _load_pipeline(self) -> Pipeline:
        if self._pipeline is None:
            if self._pipeline_factory is not None:
                self._pipeline = self._pipeline_factory()
            else:
                from warwatch.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings.core)
        return self._pipeline

    def ingest(self, items: Iterable[Any]) -> IngestSummary:
        from warwatch.batch import ingest_documents

        with self._write_lock:
            return ingest_documents(items, self.store, self._load_pipeline())
