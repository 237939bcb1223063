"""The text contract shared with the TypeScript scorer (src/modules/moderation/domain/tfidf-model.ts).

Tokens are runs of two or more ASCII letters or digits after lower-casing, exactly what
`text.toLowerCase().match(/[a-z0-9]{2,}/g)` yields in JavaScript. Keeping the pattern ASCII-only
makes Python's and JavaScript's regex engines agree byte for byte (their \\w and \\b differ on
Unicode), which is what lets the exported weights score identically in Node.
"""

import re

TOKEN_PATTERN = r"[a-z0-9]{2,}"
_TOKEN = re.compile(TOKEN_PATTERN)


def tokenize(text: str) -> list[str]:
    """The tokens of a message, in order."""
    return _TOKEN.findall(text.lower())
