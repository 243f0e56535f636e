"""`panelsmith draft`: a Panel Script drafted by a text model from an idea or a story file.

The script is written atomically and only once it parses cleanly; an existing file is never
overwritten without --force. Only this command needs a key: without one it says so (exit 2).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from export.atomic import write_bytes
from generation.text.drafting import DRAFT_LANGUAGES, MAX_PANELS, check_draft_options, draft_script, read_prose
from generation.text.textmodel import DEFAULT_TEXT_MODEL, TEXT_MODEL_ENV, TextModel
from model.errors import BadInputError
from model.project.project import LAYOUTS


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `draft` to the command line."""
    draft = subparsers.add_parser(
        "draft", help="draft a script from an idea or a story with a text model",
        description="Ask a text model (OpenAI, or any OpenAI-compatible server named by OPENAI_BASE_URL) "
        "to turn IDEA, or the story in --from FILE, into a Panel Script: title, style, characters with "
        "visual descriptions, settings, panels with shots, actions, lines and lasting details. The "
        "script is written to -o only when it parses cleanly.",
    )
    source = draft.add_mutually_exclusive_group(required=True)
    source.add_argument("idea", metavar="IDEA", nargs="?", help='e.g. "a little fox\'s adventure in the forest, for 4-year-olds"')
    source.add_argument("--from", dest="prose", metavar="FILE", help="a UTF-8 text file (at most 1 MB) with a story to turn into panels")
    draft.add_argument("-o", "--output", metavar="SCRIPT.txt", required=True, help="where to write the script")
    draft.add_argument("--language", choices=sorted(DRAFT_LANGUAGES), default="en", help="the script's language (default en)")
    draft.add_argument("--layout", choices=LAYOUTS, default="book", help="strip, grid, vertical, book or storyboard (default book)")
    draft.add_argument("--panels", type=int, metavar="N", default=8,
                       help=f"how many panels, 1 to {MAX_PANELS} (default 8; a book has one per page)")
    draft.add_argument("--model", metavar="M", default=None,
                       help=f"text model (default ${TEXT_MODEL_ENV} or {DEFAULT_TEXT_MODEL})")
    draft.add_argument("--force", action="store_true", help="replace the output file if it exists")
    draft.set_defaults(func=run_draft)


def run_draft(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.is_dir():
        raise BadInputError(f"{output} is a folder; give a file name for the script with -o.")
    if output.exists() and not args.force:
        raise BadInputError(f"{output} already exists; choose another name with -o, or pass --force to replace it.")
    if not output.parent.is_dir():
        raise BadInputError(f"cannot write {output}: the folder {output.parent} does not exist.")
    check_draft_options(args.language, args.layout, args.panels)
    idea = read_prose(args.prose) if args.prose else args.idea
    text_model = TextModel(model=args.model, purpose="Drafting a script")
    print(f"Drafting with {text_model.model}…", flush=True)
    text, project = draft_script(idea, text_model, language=args.language, layout=args.layout, panels=args.panels)
    write_bytes(output, text.encode("utf-8"))
    print(f"Wrote {output}: {_count(len(project.panels), 'panel')}, {_count(len(project.characters), 'character')}. "
          f"Next: panelsmith new {output}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
