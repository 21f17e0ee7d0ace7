"""The text of a PDF (a party programme) with its paragraphs kept.

A PDF holds lines, not paragraphs: the extracted text breaks wherever the layout wrapped a
line. Collapsing every break loses the programme's paragraphs and headings; keeping every
break cuts sentences at the page's width. So a line is joined to the next unless it ends a
sentence or falls well short of the page's longest line (a heading, the last line of a
paragraph). Paragraphs are separated by one line break, pages by an empty line; the public
page shows them with Django's `linebreaks`, which escapes the text.
"""

from __future__ import annotations

import re

# A line shorter than this part of the page's longest line ends its paragraph: a wrapped line
# falls short of the longest by at most about one long word.
SHORT_LINE = 0.7
SENTENCE_END = re.compile(r"[.!?:;…»\"”)]$")
WORD_HYPHEN = re.compile(r"\w-$")


def page_paragraphs(page: str) -> list[str]:
    """One page's extracted text as paragraphs, each on one line, spaces collapsed."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    longest = max(len(line) for line in lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not current:
            current = line
        elif WORD_HYPHEN.search(current):  # a word hyphenated across the break
            current += line
        else:
            current += " " + line
        if WORD_HYPHEN.search(line):
            continue
        if SENTENCE_END.search(line) or len(line) < SHORT_LINE * longest:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def pdf_text(pages: list[str]) -> str:
    """The text of every page: paragraphs one to a line, an empty line between pages."""
    texts = ["\n".join(page_paragraphs(page)) for page in pages]
    return "\n\n".join(text for text in texts if text)
