"""Conversation scripts that staff write, played against the engine: the names the CLI and the
tests use (pure, but for `script_files` and `run_file`, which read the disk).

A script is a small YAML file under ``tests/conversations/``::

    # A patient learns what a biopsy involves       <- the first comment says what it checks
    lang: en                # the person's language (he, ar, ru or en)
    role: patient           # optional: the person has already chosen their language and
                            # answered who they are, and stands on the main menu
    staff_chat: true        # optional: as if STAFF_CHAT_ID were set ("Talk to a person")
    steps:
      - user: "/start"                     # a command: /start /back /menu /restart /language
      - user: {tap: "English"}             # a tap on a button shown now, by its label
      - user: "what is a biopsy"           # typed text, read as the bot reads it
      - expect:
          node: diagnosis.biopsy           # where the person is now (or flow: diagnosis)
          text_contains: "sample"          # the reply says this (case does not matter)
          buttons_include: ["After the biopsy"]
      - content_change: {rename: {treatment.chemo: chemotherapy}, remove: [treatment.vaccines]}

The modules: `script` what a script says once read; `read` YAML to a script, each mistake at
``path:line``; `play` the steps against the engine; `expect` the checks of an `expect:` step;
`said` what the bot said, as checks and failures see it; `change` a `content_change:` step;
`run` script files to outcomes.
"""

from bot.staff.conversations.change import changed
from bot.staff.conversations.play import play
from bot.staff.conversations.read import parse
from bot.staff.conversations.run import Outcome, run_file, run_text, script_files
from bot.staff.conversations.script import Check, ContentChange, Expect, Failure, Script

__all__ = [
    "Check",
    "ContentChange",
    "Expect",
    "Failure",
    "Outcome",
    "Script",
    "changed",
    "parse",
    "play",
    "run_file",
    "run_text",
    "script_files",
]
