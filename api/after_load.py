"""What a server does when one of its own loads commits: prepare the changed
accounts now rather than at the next poll — the warm-up's snapshots and the kept
answers the lists read (issue 17). A load by another process is still found by
the pollers (:meth:`api.warmup.Warmer` and :meth:`api.answer_filler.Filler.watch`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from api.warmup import warmer_of

if TYPE_CHECKING:
    from api.answer_filler import Filler


def after_load(app: FastAPI) -> None:
    """Kick the app's warmer and answer filler, those it runs."""
    warmer = warmer_of(app)
    if warmer is not None:
        warmer.kick()
    filler: Filler | None = getattr(app.state, "filler", None)
    if filler is not None:
        filler.kick()
