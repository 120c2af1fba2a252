"""Where a slide text was written (a literal, a template's literal parts, a var) and what an edit of it changes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from jinja2 import Environment, TemplateSyntaxError, nodes

from generator.content.located import Node
from generator.errors import Location, control_in, literal, reads_as

# vars SSB's register gives a county deck
REGISTER = ("municipalities", "county_name", "county_number", "year")
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
_NAME = re.compile(r"^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)\s*$")
_FILTERED = re.compile(r"^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)\s*\|\s*(.*?)\s*$", re.S)
_PARSER = Environment()  # templates are only parsed here, never rendered
# parses as content strings are rendered (templating/render.py), to check what a new text reads as
Bound = Mapping[str, Node]  # a `for_each:` item's name and the node it was written at


@dataclass(frozen=True)
class Proposal:
    """What an edit of one text asks of one value: its new text (a patch), or `new` None and a note (left to the
    author). `items` is set for a list whose items were added, removed or reordered."""

    node: Node
    old: str  # as the deck showed it
    new_shown: str
    new: str | None = None  # the value's new text as written in YAML
    note: str = ""
    # (old index or None, new text or None: kept)
    items: tuple[tuple[int | None, str | None], ...] | None = None

    @property
    def source(self) -> str:
        """The value as it is written now."""
        return _written(self.node)


def _written(node: Node) -> str:
    value = node.value
    return value if isinstance(value, str) else str(node.text)


class Origins:
    """The content's tree and vars, asked where texts came from and which values a text reads."""

    def __init__(self, tree: Node, var_nodes: Mapping[str, Node]) -> None:
        self.tree = tree
        self.var_nodes = var_nodes
        self._reads: dict[tuple[str, int], frozenset[Location]] = {}

    def resolve(self, dotted: str, bound: Bound) -> Node | None:
        """The node a name like `goal.text`, `changes[2]` or `deck.date` reads, where it was written."""
        parts = re.findall(r"[A-Za-z_]\w*|\[\d+\]", dotted)
        first, rest = parts[0], parts[1:]
        node = bound.get(first) or self.var_nodes.get(first)
        if node is None and first == "deck" and rest:
            node, rest = self.tree.get(rest[0]), rest[1:]
        for part in rest:
            if node is None:
                return None
            node = _step(node, int(part[1:-1]) if part.startswith("[") else part)
        return node

    def deps(self, node: Node | None, bound: Bound) -> frozenset[Location]:
        """Every value a text at `node` shows or reads: its own place, the places below it, and the vars its
        templates read, all the way down."""
        if node is None:
            return frozenset()
        out: set[Location] = set()
        stack = [(node, bound)]
        while stack:
            current, scope = stack.pop()
            out.add(current.loc)
            if current.is_map or current.is_list:
                items = current.value.values() if current.is_map else current.value
                stack.extend((child, scope) for child in items)
            elif isinstance(current.value, str) and "{" in current.value:
                out |= self._template_deps(current.value, scope)
        return frozenset(out)

    def _template_deps(self, template: str, bound: Bound) -> frozenset[Location]:
        key = (template, id(next(iter(bound.values()))) if bound else 0)
        if key not in self._reads:
            self._reads[key] = frozenset()  # a var that reads itself is an error the build reports
            found: set[Location] = set()
            for dotted in reads(template):
                found |= self.deps(self.resolve(dotted, bound), {})
            self._reads[key] = frozenset(found)
        return self._reads[key]

    def shows(self, node: Node | None, text: str) -> bool:
        """Whether `text` is what `node` makes, as far as can be told without rendering it (a map's labels and
        credit name the map's field, but show other text)."""
        if node is None or node.is_map:
            return False
        written = _written(node) if not node.is_list else ""
        if node.is_list or "{%" in written:
            return True
        if "{{" not in written:
            return written.strip() == text.strip()
        return _follows(written, text) is not None

    def text(self, node: Node, old: str, new: str, bound: Bound) -> list[Proposal]:
        """What writing `new` where the deck showed `old` (the text `node` made) asks of the content."""
        value = node.value
        if isinstance(value, (dict, list)):
            return [
                Proposal(
                    node, old, new, note="the text comes from a list or mapping: edit it by hand"
                )
            ]
        control = control_in(new)
        if control is not None:
            return [
                Proposal(
                    node,
                    old,
                    new,
                    note=f"the new text holds a control character (U+{ord(control):04X}), which "
                    "a slide cannot show or which reorders what it shows: write it by hand",
                )
            ]
        if not new.strip():
            return [
                Proposal(
                    node, old, new, note="the text was emptied: remove it or rewrite it by hand"
                )
            ]
        if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
            return [as_literal(self._literal(node, old, new))]
        if "{%" in value or "{#" in value or "{{-" in value or "-}}" in value:
            return [
                Proposal(
                    node, old, new, note="a template with logic makes this text: edit it by hand"
                )
            ]
        return self._template(node, old, new, bound)

    def _literal(self, node: Node, old: str, new: str) -> Proposal:
        """A value written as it is shown (white space around the text is the value's own, not the edit's)."""
        written = _written(node)
        core = written.strip()
        if written == old and core == written:
            return Proposal(node, old, new, new.strip())
        if core == old.strip() and core:
            lead, trail = written[: written.index(core)], written[written.index(core) + len(core) :]
            return Proposal(node, old, new, lead + new.strip() + trail)
        return Proposal(
            node, old, new, note="the layout changes this text before it is shown: edit it by hand"
        )

    def _template(self, node: Node, old: str, new: str, bound: Bound) -> list[Proposal]:
        template: str = node.value
        found = _follows(template, old)
        if found is None:
            tailed = _follows_with_tail(template, old, new)
            if tailed is None:
                return [
                    Proposal(
                        node,
                        old,
                        new,
                        note="the text does not follow its template as written (a layout "
                        "or a map changes it): edit it by hand",
                    )
                ]
            found, old, new = tailed
        segments, match, lead, trail = found
        literal = _literal_edit(segments, match, old, new)
        if literal is not None:
            return [_in_template(node, old, new, literal, (lead, trail), len(segments) // 2)]
        again = _pattern(segments[::2]).match(new)
        changed = [
            (k, match.group(k + 1), again.group(k + 1))
            for k in range(len(segments) // 2)
            if again is not None and match.group(k + 1) != again.group(k + 1)
        ]
        if not changed:
            return [
                Proposal(
                    node,
                    old,
                    new,
                    note="the edit changes both the template's text and the values it shows: edit the template by hand",
                )
            ]
        return [
            p
            for k, before, after in changed
            for p in self._expression(segments[2 * k + 1], before, after, bound, node)
        ]

    def _expression(
        self, expression: str, before: str, after: str, bound: Bound, where: Node
    ) -> list[Proposal]:
        """What changing the value `{{ expression }}` shows from `before` to `after` asks of the content."""
        plain = _NAME.match(expression)
        named = plain or _FILTERED.match(expression)
        dotted = named.group(1) if named else ""
        source = self.resolve(dotted, bound) if dotted else None
        if plain and source is not None and not isinstance(source.value, (dict, list)):
            return self.text(source, before, after, {})
        shown = "{{" + expression + "}}"
        if source is not None:
            return [
                Proposal(
                    source,
                    before,
                    after,
                    note=f"`{shown.strip()}` shows this value through a filter: "
                    f"change `{dotted}` if that is what is meant",
                )
            ]
        root = re.match(r"\s*([A-Za-z_]\w*)", expression)
        if root and root.group(1) in REGISTER:
            return [
                Proposal(
                    where,
                    before,
                    after,
                    note=f"`{root.group(1)}` comes from SSB's register (`county:` "
                    "and `year:`): it cannot be written back",
                )
            ]
        return [
            Proposal(
                where,
                before,
                after,
                note=f"`{shown.strip()}` is computed: edit the template by hand",
            )
        ]

    def items(
        self, node: Node, old: Sequence[str], new: Sequence[str], bound: Bound
    ) -> list[Proposal]:
        """What an edited list of paragraphs, one per item of the list at `node`, asks of the content."""
        if not node.is_list or len(node.value) != len(old):
            return [
                Proposal(
                    node,
                    "\n".join(old),
                    "\n".join(new),
                    note="the list is computed: edit it by hand",
                )
            ]
        pairs = align(old, new)
        if len(old) == len(new) and all(pairs[j] == j for j in range(len(new))):
            return [
                p
                for j, i in enumerate(pairs)
                if old[i] != new[j]
                for p in self.text(node.value[i], old[i], new[j], bound)
            ]
        out: list[Proposal] = []
        items: list[tuple[int | None, str | None]] = []
        for j, i in enumerate(pairs):
            if i is None:
                item = as_literal(Proposal(node, "", new[j], new[j]))
                if item.new is None or control_in(new[j]) is not None:
                    return [
                        Proposal(
                            node,
                            "\n".join(old),
                            "\n".join(new),
                            note="a new item holds text that would not read back as it is "
                            "(template syntax or a control character): edit the list by hand",
                        )
                    ]
                items.append((None, item.new))
                continue
            found = self.text(node.value[i], old[i], new[j], bound) if old[i] != new[j] else []
            own = [p for p in found if p.node is node.value[i] and p.new is not None]
            items.append((i, own[0].new if own else None))
            out += [p for p in found if p not in own]
        return [Proposal(node, "\n".join(old), "\n".join(new), items=tuple(items)), *out]


def _in_template(
    node: Node,
    old: str,
    new: str,
    literal: tuple[str, list[str]],
    around: tuple[str, str],
    expressions: int,
) -> Proposal:
    """An edit of a template's own text: the new template, when it still reads as its text parts around the
    same expressions (a speaker's `{`, `}` or `{#` beside a `{{ }}` would not)."""
    lead, trail = around
    template, texts = literal
    texts = [lead + texts[0], *texts[1:]]
    texts[-1] += trail
    if reads_as(lead + template + trail, list(texts), expressions):
        return Proposal(node, old, new, lead + template + trail)
    return Proposal(
        node,
        old,
        new,
        note="the new text would read as template syntax beside the template's `{{ }}` (braces "
        "or `{#`): edit the template by hand",
    )


def as_literal(proposal: Proposal) -> Proposal:
    """A text written as it is shown, made to read back as itself: Jinja's openers (`{{`, `{%`, `{#`) in it are
    kept from Jinja by `{% raw %}`; a text that still would not read back goes to review."""
    if proposal.new is None:
        return proposal
    written = literal(proposal.new)
    if written is not None:
        return replace(proposal, new=written)
    return replace(
        proposal,
        new=None,
        note="the new text would read as template syntax: write it by hand",
    )


def _step(node: Node, part: str | int) -> Node | None:
    if isinstance(part, int):
        return node.value[part] if node.is_list and 0 <= part < len(node.value) else None
    return node.get(part)


def reads(template: str) -> set[str]:
    """The names a template reads, as far as they are plain lookups: `goal.text`, `changes[2]`, `region`."""
    try:
        tree = _PARSER.parse(template)
    except TemplateSyntaxError:
        return set()
    out: set[str] = set()
    stack: list[nodes.Node] = [tree]
    while stack:
        current = stack.pop()
        dotted = _dotted(current)
        if dotted is not None:
            out.add(dotted)
            continue
        stack.extend(current.iter_child_nodes())
    return out


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return f"{inner}.{node.attr}" if inner else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        inner = _dotted(node.node)
        if inner is None:
            return None
        key = node.arg.value
        if isinstance(key, int):
            return f"{inner}[{key}]"
        return f"{inner}.{key}" if isinstance(key, str) else inner
    return None


# segments (text, expression, text ...), the match, lead, trail
Found = tuple[list[str], re.Match[str], str, str]


def _follows(template: str, text: str) -> Found | None:
    """The template's text and expressions (alternating, text first) matched against `text`, as written or with
    the white space around it trimmed (as notes and trimmed fields are)."""
    segments = _EXPRESSION.split(template)
    match = _pattern(segments[::2]).match(text)
    if match is not None:
        return segments, match, "", ""
    first, last = segments[0], segments[-1]
    lead = first[: len(first) - len(first.lstrip())]
    trail = last[len(last.rstrip()) :] if len(segments) > 1 else ""
    trimmed = (
        [first.lstrip(), *segments[1:-1], last.rstrip()] if len(segments) > 1 else [first.strip()]
    )
    match = _pattern(trimmed[::2]).match(text)
    return (trimmed, match, lead, trail) if match is not None else None


def _follows_with_tail(template: str, old: str, new: str) -> tuple[Found, str, str] | None:
    """As `_follows`, for a text the build added lines to (a map's names that did not fit go in its notes): the
    template matched against `old` without its last lines, when `new` ends with the same lines."""
    lines = old.split("\n")
    for cut in range(1, len(lines)):
        tail = "\n" + "\n".join(lines[-cut:])
        if new.endswith(tail):
            head = "\n".join(lines[:-cut])
            found = _follows(template, head)
            if found is not None:
                return found, head, new[: -len(tail)]
    return None


def _pattern(texts: Sequence[str]) -> re.Pattern[str]:
    return re.compile("(.*?)".join(re.escape(t) for t in texts) + r"\Z", re.S)


def _literal_edit(
    segments: list[str], match: re.Match[str], old: str, new: str
) -> tuple[str, list[str]] | None:
    """The template with the edit applied to its text parts, and those parts, when every change of `old` lies
    inside one (an insertion at a border goes to the text part); None when a change touches a value the template
    shows."""
    spans = []  # (start, end, segment index) of each segment in `old`
    at = 0
    for k, segment in enumerate(segments):
        end = match.end((k + 1) // 2) if k % 2 else at + len(segment)
        spans.append((at, end, k))
        at = end
    pieces: dict[int, list[str]] = {k: [] for k in range(len(segments))}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            for start, end, k in spans:
                lo, hi = max(start, i1), min(end, i2)
                if lo < hi:
                    pieces[k].append(new[j1 + lo - i1 : j1 + hi - i1])
            continue
        home = next(
            (k for start, end, k in spans if k % 2 == 0 and start <= i1 and i2 <= end), None
        )
        if home is None:
            return None
        pieces[home].append(new[j1:j2])
    out, texts = [], []
    for k, segment in enumerate(segments):
        if k % 2 == 0:
            texts.append("".join(pieces[k]))
        out.append(texts[-1] if k % 2 == 0 else "{{" + segment + "}}")
    return "".join(out), texts


def align(old: Sequence[str], new: Sequence[str]) -> list[int | None]:
    """For each new item, the old item it is (equal, else the most alike at least half alike, else the one left
    at the same place), or None for a new one."""
    pairs: list[int | None] = [None] * len(new)
    free = set(range(len(old)))
    for j, text in enumerate(new):
        same = next((i for i in sorted(free, key=lambda i: abs(i - j)) if old[i] == text), None)
        if same is not None:
            pairs[j] = same
            free.discard(same)
    scores = sorted(
        (
            (SequenceMatcher(None, old[i], new[j], autojunk=False).ratio(), -abs(i - j), i, j)
            for j in range(len(new))
            if pairs[j] is None
            for i in free
        ),
        reverse=True,
    )
    for score, _, i, j in scores:
        if score >= 0.5 and i in free and pairs[j] is None:
            pairs[j] = i
            free.discard(i)
    for j in range(len(new)):  # an item rewritten in its place
        if pairs[j] is None and j in free and len(old) == len(new):
            pairs[j] = j
            free.discard(j)
    return pairs
