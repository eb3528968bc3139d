"""A phone's stage drawn once per process for every phone that sees the same.

After the facilitator moves on, a thousand phones redraw the stage within
two seconds. What they show differs in little: the participant's name, their
CSRF token, their comment, and which option they picked. The rest (the
question, its options and every word around them) is the same for every phone
at one stage version, in one language, with the same pick. So the stage is
drawn once for each such combination with stand-ins for the three personal
texts, kept here, and each phone gets a copy with its own texts put in (each
escaped as the template would have).

Only answers without an error message are drawn this way: an error names
what this phone sent, and is drawn for it alone.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from types import SimpleNamespace

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

TEMPLATE = "workshops/participate.html#stage"
# Private-use characters: nothing the template writes contains them, and
# autoescaping leaves them as they are.
NAME, TOKEN, COMMENT = "\ue000name\ue000", "\ue000token\ue000", "\ue000comment\ue000"
STAND_IN = re.compile("|".join(map(re.escape, (NAME, TOKEN, COMMENT))))
# Drawn stages a process keeps: a few versions of a few workshops, each in a
# few languages and with a handful of picks.
SIZE = 512

_drawn: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()


def stage_html(request, ctx: dict) -> str:
    """The stage fragment for this phone, drawn from the shared copy."""
    participant, vote = ctx["participant"], ctx["vote"]
    ws = ctx["workshop"]
    key = (
        str(ws.code),
        ctx["etag"],  # the stage version and the phone's own language
        get_language(),
        ctx["mine"],
        participant.is_guest,
        bool(ctx.get("saved")),
    )
    with _lock:
        drawn = _drawn.get(key)
        if drawn is not None:
            _drawn.move_to_end(key)
    if drawn is None:
        drawn = render_to_string(TEMPLATE, _stand_in_context(ctx))
        with _lock:
            _drawn[key] = drawn
            while len(_drawn) > SIZE:
                _drawn.popitem(last=False)
    own = {
        NAME: escape(participant.display_name),
        TOKEN: escape(get_token(request)),
        COMMENT: escape(vote.comment) if vote is not None else "",
    }
    # One pass, so a name that happens to contain a stand-in stays a name.
    return STAND_IN.sub(lambda m: own[m.group(0)], drawn)


def _stand_in_context(ctx: dict) -> dict:
    participant, vote = ctx["participant"], ctx["vote"]
    return {
        **ctx,
        "participant": SimpleNamespace(display_name=NAME, is_guest=participant.is_guest),
        "vote": None if vote is None else SimpleNamespace(comment=COMMENT),
        "csrf_token": TOKEN,
    }


def forget() -> None:
    """Drop every drawn stage (tests that change templates or rows behind the services' back)."""
    with _lock:
        _drawn.clear()
