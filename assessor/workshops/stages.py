"""The workshop and round every phone shows at one version, kept per process.

After the facilitator moves on, every phone in the room polls once, finds
the stage changed and redraws it: a thousand requests that would each read
the same workshop row and the same round row. Every change a phone shows
bumps `Workshop.version` (services._stage_changed); votes bump only the
round's `votes_version`, which phones do not show. So the two rows seen at
one version are what every phone needs until the next change: this process
keeps them, keyed by the workshop's code and the version the workshop row
itself carries, and a poll that learned the version from Redis
(live.stage_version) draws the stage from here without reading them again.
The participant's own rows (their seat, their vote) are read per request.

The round is read after the workshop row, so what is kept under a version
is that version or a newer one, never older: a poll then shows at worst a
newer stage under the older tag, and its next poll redraws. Nothing read
inside a transaction is kept (it could still roll back).

The objects are shared between requests: read them, never change them.
What is drawn from them (the slide's words) depends on the language and is
not kept here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connection
from django.http import Http404

from assessor.workshops.models import Round, Workshop

# Workshops a process follows at once, each at its newest version or two.
SIZE = 128


@dataclass(frozen=True)
class Stage:
    workshop: Workshop
    round: Round | None  # of the question on screen; None on the join slide or once closed


_kept: OrderedDict[tuple[str, int], Stage] = OrderedDict()
_lock = threading.Lock()


def stage_of(code, version: int | None = None) -> Stage:
    """Workshop `code`'s stage: the copy kept at `version` if there is one,
    else read now (404 if there is no such workshop)."""
    if version is not None:
        with _lock:
            stage = _kept.get((str(code), version))
            if stage is not None:
                _kept.move_to_end((str(code), version))
                return stage
    workshop = read_workshop(code)
    round_ = workshop.current_round() if workshop.is_open and workshop.current_key else None
    stage = Stage(workshop, round_)
    if not connection.in_atomic_block:
        with _lock:
            _kept[(str(code), workshop.version)] = stage
            while len(_kept) > SIZE:
                _kept.popitem(last=False)
    return stage


def read_workshop(code) -> Workshop:
    """The workshop with its assessment and bank (without the bank's source
    document, which the parsed copy replaces), or 404."""
    try:
        return (
            Workshop.objects.select_related("assessment__framework")
            .defer("assessment__framework__document")
            .get(code=code)
        )
    except Workshop.DoesNotExist:
        raise Http404 from None


def forget() -> None:
    """Drop every kept stage (tests that change rows behind the services' back)."""
    with _lock:
        _kept.clear()
