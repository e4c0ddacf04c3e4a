"""`docs/lifecycles.md`: every declared lifecycle as a Mermaid state diagram and a table."""

from django.utils import translation

from pcmt.lifecycle.declarations import INITIAL, Lifecycle, lifecycles

HEADER = """# Lifecycles

Generated from the declarations (`<app>/lifecycles.py`) by `python manage.py lifecycle_diagrams`;
do not edit by hand: a test fails when this file is stale. Each state shows its English name
and its Vietnamese label; each arrow is a transition (`[*]` is the record that does not exist
yet). The table says who may run each transition, what is checked before anything is written
(the state first, with the rule an illegal transition breaks), and the event it writes.
"""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def lifecycle_markdown(lifecycle: Lifecycle) -> str:
    with translation.override("vi"):
        vietnamese = {value: str(label) for value, label in lifecycle.states.choices}
        title_vi = str(lifecycle.label)
    lines = [
        f"## {lifecycle.label} — {title_vi} (`{lifecycle.name}`)",
        "",
        "```mermaid",
        "stateDiagram-v2",
    ]
    for value in lifecycle.states.values:
        lines.append(f'    state "{value}: {vietnamese[value]}" as {value}')
    for transition in lifecycle.transitions:
        for source in transition.source:
            for end in transition.targets or (source,):
                if end != INITIAL:
                    lines.append(f"    {source} --> {end} : {transition.name}")
    lines += [
        "```",
        "",
        "| transition | from → to | who | guards | event |",
        "|---|---|---|---|---|",
    ]
    for transition in lifecycle.transitions:
        moves = f"{', '.join(transition.source)} → {', '.join(transition.targets) or '(unchanged)'}"
        guards = [f"state: {_cell(transition.refused)}"]
        guards += [_cell(guard.describe) for guard in transition.guards]
        event = f"`{transition.event}`" if transition.event else "written by the effect"
        lines.append(
            f"| `{transition.name}`: {_cell(transition.label)} | {moves} | "
            f"{_cell(transition.who or lifecycle.who)} | {'; '.join(guards)} | {event} |"
        )
    lines.append("")
    return "\n".join(lines)


def document() -> str:
    """The whole file: English text, Vietnamese state labels."""
    with translation.override("en"):
        return "\n".join([HEADER, *(lifecycle_markdown(lc) for lc in lifecycles())])
