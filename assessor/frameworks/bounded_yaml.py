"""Reading an uploaded question bank with its size bounded first.

YAML aliases let a few kilobytes stand for millions of nodes: 1,000 aliases
to a list of 1,000 items are 11.5 KB of text and a million values once
loaded, which took the validator 21 s and 750 MB and built a 148 MB error
page. Before anything is constructed or validated, the document is composed
into PyYAML's node graph (where an alias is one shared node, so composing
costs what the text costs) and measured: how often aliases are used, and how
many nodes the document would have with every alias expanded. The built-in
bank has about 3,200 nodes and no alias; the limits leave room for banks
many times its size and for aliases used as intended (a repeated block).
"""

import yaml

MAX_ALIASES = 200
# The built-in bank has ~3,200 nodes, ~55 per question: room for banks of
# MAX_BANK_QUESTIONS, whose own check then gives the clearer message.
MAX_NODES = 100_000
MAX_REPORTED_ERRORS = 50
# A bank's report must render within the worker's limits. Measured with the
# report of a fully answered bank (bench/report.py's assessment, questions
# multiplied): 56 questions render 21 pages in 5 s at 118 MB peak, 1,008
# questions 138 pages in 13 s at 238 MB, 2,016 questions 259 pages in 127 s
# (past CELERY_TASK_SOFT_TIME_LIMIT, 120 s) at 364 MB (near the 400 MB
# CELERY_WORKER_MAX_MEMORY_KB). 1,000 leaves room on both; the built-in bank
# has 63 questions.
MAX_BANK_QUESTIONS = 1_000


class DocumentTooLarge(Exception):
    """The document passes a limit; the message says which and by how much."""


def check_size(text: str, *, source: str) -> None:
    """Raise DocumentTooLarge when `text` uses too many aliases or expands to
    too many nodes. Syntax errors are left for the validator to report."""
    try:
        aliases = sum(
            1 for e in yaml.parse(text, Loader=yaml.SafeLoader) if isinstance(e, yaml.AliasEvent)
        )
        if aliases > MAX_ALIASES:
            raise DocumentTooLarge(
                f"{source}: the document uses {aliases:,} aliases (*name); "
                f"a question bank may use at most {MAX_ALIASES}."
            )
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            _expanded_size(root, source)
    except yaml.YAMLError:
        return
    except RecursionError:
        raise DocumentTooLarge(f"{source}: the document is nested too deeply.") from None


def _expanded_size(root: yaml.Node, source: str) -> int:
    """Nodes in the document with every alias expanded, without expanding:
    the size of each shared node is computed once and counted per use."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise DocumentTooLarge(f"{source}: the document refers to itself through an alias.")
        on_path.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                raise DocumentTooLarge(
                    f"{source}: the document expands to more than {MAX_NODES:,} values "
                    "(counting every alias in full); a question bank may have at most "
                    f"{MAX_NODES:,}."
                )
        on_path.discard(key)
        sizes[key] = total
        return total

    return size(root)


def capped(errors: list[str]) -> list[str]:
    """The first MAX_REPORTED_ERRORS problems, and how many more there are."""
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    more = len(errors) - MAX_REPORTED_ERRORS
    return [*errors[:MAX_REPORTED_ERRORS], f"… and {more:,} more problems of the same file."]
