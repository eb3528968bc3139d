"""What a workshop shows of one question, scored or context: its text, where
it belongs, and the options the room picks from. The projector, the board and
the participants' phones all draw from one `Slide`."""

from dataclasses import dataclass
from string import ascii_uppercase

from django.utils.translation import gettext as _

from assessor import vocabulary
from assessor.frameworks import Framework

UNKNOWN = "unknown"


@dataclass(frozen=True)
class SlideOption:
    value: str  # a level "0".."4", or a context choice key
    label: str  # "Level 2", or the choice's label
    mark: str  # short, for the projector and the histogram: "2", or "A"
    text: str


@dataclass(frozen=True)
class Slide:
    key: str
    text: str
    area: str  # "DevOps", "MLOps", or "Context"
    section: str  # the practice area's title, or what context questions are for
    context: bool
    options: tuple[SlideOption, ...]

    def label_of(self, value: str) -> str:
        # The answer vocabulary's words, so the room reads what the wizard says.
        if value in (UNKNOWN, vocabulary.NA):
            return str(vocabulary.STATE_LABELS[value])
        return next((o.label for o in self.options if o.value == value), "")

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


def slide_of(framework: Framework, key: str) -> Slide:
    if framework.has_context_question(key):
        q = framework.context_question(key)
        return Slide(
            key=q.key,
            text=q.text,
            area=_("Context"),
            section=_("Not scored: decides what to invest in first"),
            context=True,
            options=tuple(
                SlideOption(c.key, c.label, ascii_uppercase[n], c.description)
                for n, c in enumerate(q.choices)
            ),
        )
    q = framework.question(key)
    dimension = framework.dimension(q.dimension)
    return Slide(
        key=q.key,
        text=q.text,
        area=next((a.title for a in framework.areas if a.key == dimension.area), dimension.area),
        section=dimension.title,
        context=False,
        options=tuple(
            SlideOption(str(lv.level), vocabulary.level_label(lv.level), str(lv.level), lv.text)
            for lv in q.levels
        ),
    )
