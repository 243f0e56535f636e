"""`panelsmith translate`: fill a translated edition of the project through the text model.

The lines go in chunks (generation.text.translation), hand-corrected lines are kept unless --force, and the
project is saved atomically once, after every chunk has answered: a failure leaves the file as it was.
"""
from __future__ import annotations

import argparse
import sys

from cli.documents import open_for_update
from model.project.editions import untranslated
from model.language import check_language_code, language_name
from model.fileformat.projectfile import save_project


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `translate` to the command line."""
    tr = subparsers.add_parser(
        "translate", help="translate every line and the title into an edition (--to zh, en, ja, es …)",
        description="Translate the project's title and every line (speech, thoughts, captions, sound effects) "
        "into the language LANG with the text model, as an edition `export --edition LANG` lays out with the "
        "same pictures. Lines corrected by hand and lines already translated are not sent again unless --force. "
        "Needs an API key (OPENAI_API_KEY; OPENAI_BASE_URL for an OpenAI-compatible server).",
    )
    tr.add_argument("file", metavar="FILE", help="a .panels project file, or a script (saved as SCRIPT.panels)")
    tr.add_argument("--to", required=True, metavar="LANG", help="the edition's language code: zh, en, ja, es, fr, de, pt-BR …")
    tr.add_argument("--force", action="store_true", help="translate every line again, replacing hand corrections too")
    tr.add_argument("--model", metavar="M", help="the text model (default: the text client's default)")
    tr.set_defaults(func=run_translate)


def run_translate(args: argparse.Namespace) -> int:
    from generation.text.textmodel import TextModel
    from generation.text.translation import CHUNK_LINES, plan_translation, translate_project

    language = check_language_code(args.to)
    project, saved, where = open_for_update(args.file)
    plan = plan_translation(project, language, force=args.force)
    name = language_name(language)
    if not plan.chunks:
        print(f"All {plan.total} lines of the {name} ({language}) edition are translated already; nothing was sent "
              f"({plan.kept_by_hand} corrected by hand). --force translates them again.")
        return 0
    model = TextModel(model=args.model, purpose="Translating")  # no key: one sentence, before anything is sent
    if where:
        print(where, file=sys.stderr)
    requests = len(plan.chunks)
    print(f"Translating {plan.lines} of {plan.total} lines into {name} ({language}): "
          f"{requests} request{'s' if requests != 1 else ''} of up to {CHUNK_LINES} lines.", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        print(f"  part {done} of {total} translated", file=sys.stderr)

    edition = translate_project(project, plan, model, progress)
    project.editions[language] = edition
    save_project(project, saved)
    missing = len(untranslated(project, edition))
    kept = f"; {plan.kept_by_hand} corrected by hand kept" if plan.kept_by_hand else ""
    print(f"Translated {plan.lines} lines into {name} ({language}) with {requests} request{'s' if requests != 1 else ''}"
          f"{kept}; saved {saved}." + (f" {missing} lines are still untranslated." if missing else ""))
    return 0
