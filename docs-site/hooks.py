"""MkDocs hooks of the docs site (docs-site/mkdocs.yml).

The generated Markdown stays plain files that GitHub renders; the site only adds to them:

* Mermaid comes from the npm package installed next to this file (`npm ci` in docs-site/), not
  from a CDN: it is added to the site as assets/javascripts/mermaid.min.js, which mkdocs.yml
  loads through extra_javascript. Material loads Mermaid from a CDN only while `window.mermaid`
  is undefined when it mounts the page's diagrams (on DOMContentLoaded, after every script).
  docs-site.css is added likewise, as assets/stylesheets/docs-site.css.
* The navigation is read from the index page (README.md): one section for each of its
  "Name | ..." tables (Models, Enums, Types), titled by each link's text; long sections are split
  by first letter. Pages the index does not list go in a last section, and an index that cannot
  be read leaves MkDocs's own navigation, which lists every page.
* Search leaves out code samples and the sources of diagrams: they name the same models as the
  pages' text, and a long code sample made the first result of most searches.
* Table cells keep OpenAPI Generator's escaping in the Markdown (a description on one line, its
  backticks as `&#x60;`), which shows literal backticks and runs lists together ("- a - b"). On
  the site, `cells` turns the backticks into code and the lists back into lists, from the
  shapes the collapsed text keeps (see `list_markers`); the Markdown files stay as they are.
* A site of more than PRUNE_ABOVE pages gets Material's navigation.prune: each page then carries
  its own branch of the navigation instead of all of it (some 1,000 links on every page of the
  whole Talon.One API made its site 370 MB instead of 59 MB, and its build 40 s instead of 14 s).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.docs_site")

HERE = Path(__file__).resolve().parent
MERMAID_SOURCE = HERE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MERMAID_DEST = "assets/javascripts/mermaid.min.js"
STYLESHEET_SOURCE = HERE / "docs-site.css"
STYLESHEET_DEST = "assets/stylesheets/docs-site.css"

INDEX_PAGES = ("index.md", "README.md")
# A section longer than this is split into one sub-section per first letter.
SECTION_SPLIT = 60
PRUNE_ABOVE = 200

HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")
TABLE_HEADER = re.compile(r"^\|?\s*Name\s*\|")
LINK = re.compile(r"^\|?\s*\[(?P<text>[^\]]+)\]\((?P<target>[^)\s#]+\.md)\)")
H1 = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
# Code blocks (pymdownx.highlight) and Mermaid fences (pymdownx.superfences) in the page's HTML.
NOT_SEARCHED = re.compile(r'<(div class="highlight"|pre class="mermaid")>')


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs_dir = Path(config.docs_dir)
    index = next((docs_dir / name for name in INDEX_PAGES if (docs_dir / name).is_file()), None)
    if index is None:
        return config
    text = index.read_text(encoding="utf-8")
    if config.site_name == "API models":
        first = next((H1.match(line) for line in text.splitlines() if H1.match(line)), None)
        if first is not None:
            config.site_name = f"{first['title']} models"
    if config.nav is None:
        config.nav = _nav_from_index(index, text, docs_dir)
    features = config.theme["features"]
    if len(list(docs_dir.rglob("*.md"))) > PRUNE_ABOVE and "navigation.prune" not in features:
        features.append("navigation.prune")
    return config


def _nav_from_index(index: Path, text: str, docs_dir: Path) -> list[Any] | None:
    """Sections of (title, file) from the index page's tables of names, or None to keep MkDocs's."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    heading: str | None = None
    in_names = False
    seen: set[str] = set()
    for line in text.splitlines():
        if match := HEADING.match(line):
            heading, in_names = match["title"], False
        elif heading is not None and TABLE_HEADER.match(line):
            in_names = True
            sections.append((heading, []))
        elif in_names and (match := LINK.match(line)):
            target = match["target"]
            if target not in seen and (docs_dir / target).is_file():
                seen.add(target)
                sections[-1][1].append((match["text"], target))
        elif in_names and not line.strip():
            in_names = False
    sections = [(title, entries) for title, entries in sections if entries]
    if not sections:
        log.info("%s lists no pages in a 'Name' table: MkDocs's own navigation", index.name)
        return None
    others = sorted(
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if path != index and path.relative_to(docs_dir).as_posix() not in seen
    )
    if others:
        sections.append(("Other pages", [(Path(name).stem, name) for name in others]))
    nav: list[Any] = [{"Overview": index.name}]
    for title, entries in sections:
        nav.append({title: _split(entries)})
    return nav


def _split(entries: list[tuple[str, str]]) -> list[Any]:
    if len(entries) <= SECTION_SPLIT:
        return [{text: target} for text, target in entries]
    groups: dict[str, list[Any]] = {}
    for text, target in entries:
        letter = text[:1].upper() if text[:1].isalpha() else "#"
        groups.setdefault(letter, []).append({text: target})
    return [{letter: items} for letter, items in sorted(groups.items())]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not MERMAID_SOURCE.is_file():
        raise PluginError(
            f"{MERMAID_SOURCE} is missing: run `npm ci` in {HERE} (or `make docs`), "
            "the site serves Mermaid itself instead of loading it from a CDN"
        )
    files.append(File.generated(config, MERMAID_DEST, abs_src_path=str(MERMAID_SOURCE)))
    files.append(File.generated(config, STYLESHEET_DEST, abs_src_path=str(STYLESHEET_SOURCE)))
    return files


def on_page_content(html: str, **kwargs: Any) -> str:
    html = NOT_SEARCHED.sub(r"<\1 data-search-exclude>", html)
    return CELL.sub(lambda cell: cell["open"] + cells(cell["body"]) + "</td>", html)


# -- table cells: code and lists ----------------------------------------------------------------

CELL = re.compile(r"(?P<open><td[^>]*>)(?P<body>.*?)</td>", re.DOTALL)
CODE = re.compile(r"&#x60;([^<]+?)&#x60;")
# A list item's start in a description whose newlines became spaces: a bullet or a number after
# the spaces (the indentation of a nested item survives as extra spaces).
MARKER = re.compile(r"(?P<space> +)(?P<marker>-|\d{1,3}\.) (?=\S)")
# A blank line, once the newlines became spaces: it ends a list.
BREAK = re.compile(r"  (?=\S)")
ENDS_SENTENCE = ":.!?)"
TAG_AT_END = re.compile(r"(?:<[^>]+>)+$")


def cells(body: str) -> str:
    return lists(CODE.sub(r"<code>\1</code>", body))


def list_markers(text: str) -> list[tuple[re.Match[str], str, int]]:
    """The list items' starts: (match, "ul" or "ol", nesting depth 0 or 1).

    Collapsed text cannot say for sure where lines began, so an item must look like one: a bullet
    after the end of a sentence or a colon ("so: - a. - b"), or indented ("Either:    - a");
    a number 1 after the end of a sentence or a colon, then 2, 3, ... in turn. "a - b" inside a
    sentence stays as it is.
    """
    found: list[tuple[re.Match[str], str, int]] = []
    expected: list[int] = []  # the next number of each open ordered list
    for match in MARKER.finditer(text):
        before = TAG_AT_END.sub("", text[: match.start()]).rstrip()
        after_sentence = not before or before[-1] in ENDS_SENTENCE
        indented = len(match["space"]) >= 3 and bool(found)
        if match["marker"] == "-":
            if indented or after_sentence:
                found.append((match, "ul", 1 if indented and expected else 0))
            continue
        number = int(match["marker"][:-1])
        if number in expected:
            del expected[expected.index(number) + 1 :]
            expected[-1] = number + 1
            found.append((match, "ol", 0))
        elif number == 1 and after_sentence:
            expected = [2]
            found.append((match, "ol", 0))
    return found


def lists(text: str) -> str:
    markers = list_markers(text)
    if not markers:
        return text
    out = [text[: markers[0][0].start()]]
    open_lists: list[str] = []  # the kinds of the open lists, outermost first
    for index, (match, kind, depth) in enumerate(markers):
        end = markers[index + 1][0].start() if index + 1 < len(markers) else len(text)
        if depth < len(open_lists) and open_lists[depth] == kind:
            out.append("".join(f"</li></{closed}>" for closed in reversed(open_lists[depth + 1 :])))
            del open_lists[depth + 1 :]
            out.append("</li><li>")
        else:
            depth = min(depth, len(open_lists))
            out.append("".join(f"</li></{closed}>" for closed in reversed(open_lists[depth:])))
            del open_lists[depth:]
            open_lists.append(kind)
            out.append(f"<{kind}><li>")
        item = text[match.end() : end]
        ended = BREAK.search(item)
        if ended is None:
            out.append(item.strip())
            continue
        # A blank line: the lists end, and what follows is a paragraph.
        out.append(item[: ended.start()].strip())
        out.append("".join(f"</li></{closed}>" for closed in reversed(open_lists)))
        open_lists.clear()
        out.append(item[ended.end() :])
    out.append("".join(f"</li></{closed}>" for closed in reversed(open_lists)))
    return "".join(out)
