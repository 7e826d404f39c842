#!/usr/bin/env python3
"""Checks the facade's rendered documentation (target/doc/atexit, from `cargo doc -p atexit`):

- every public item has an example, and so has every inherent method, unless an example of its
  type already calls it;
- no link points at a page that does not exist (a hidden item has none);
- no intra-doc link was left unresolved, which renders its brackets as text.

Exits with 1 and a line for each problem found.
"""

import html
import pathlib
import re
import sys

DOC = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/doc/atexit")
EXAMPLE = "rust-example-rendered"
problems = []

pages = [p for p in sorted(DOC.glob("*.html")) if p.name not in ("all.html", "index.html")]
pages = [p for p in pages if not p.name.endswith("!.html")]  # rustdoc's redirects for macros
if not pages:
    sys.exit(f"no item pages in {DOC}: run `cargo doc --no-deps -p atexit --all-features` first")


def main_docblock(text):
    """The item's own documentation, before its implementations."""
    start = text.find('class="docblock')
    end = min(
        [i for i in (text.find('id="implementations'), text.find('id="trait-implementations'),
                     text.find('id="variants"'), text.find('id="fields"'),
                     text.find('id="required-methods"')) if i >= 0] or [len(text)]
    )
    return text[start:end] if start >= 0 else ""


for page in pages + [DOC / "index.html"]:
    text = page.read_text()
    # Links: relative ones must lead to a page of the documentation.
    for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', text):
        if href.startswith(("http", "/", "mailto")) or "static.files" in href:
            continue
        target = (page.parent / html.unescape(href)).resolve()
        if not target.exists():
            problems.append(f"{page.name}: link to {href}, which has no page (hidden or missing)")
    # An unresolved intra-doc link renders as `[<code>name</code>]`.
    for match in re.findall(r"\[<code>[^<]*</code>\](?!\()", text):
        problems.append(f"{page.name}: unresolved link rendered as text: {html.unescape(match)}")

for page in pages:
    text = page.read_text()
    own = main_docblock(text)
    if EXAMPLE not in own:
        problems.append(f"{page.name}: the item has no example")
    start = text.find('id="implementations-list"')
    if start < 0:
        continue
    end = text.find('id="trait-implementations', start)
    inherent = text[start:end if end >= 0 else len(text)]
    for name, body in re.findall(r'<section id="method\.(\w+)"(.*?)(?=<section id="method\.|$)',
                                 inherent, re.S):
        if EXAMPLE in body or re.search(rf"\.{name}\(", html.unescape(re.sub("<[^>]+>", "", own))):
            continue
        problems.append(f"{page.name}: method `{name}` has no example, and no example calls it")

for problem in problems:
    print(problem)
print(f"doc_check: {len(pages)} item pages, {len(problems)} problems")
sys.exit(1 if problems else 0)
