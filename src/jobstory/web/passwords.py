"""Which passwords a researcher may choose: long, not common, not their own email address.

Length is what makes a password hard to guess, so at least 12 characters are required and no
character classes are. Guessing starts with the passwords people use most, so the 1,000 most
common ones (shipped in `common-passwords.txt`; nothing is looked up on the network) are
refused, also with digits or symbols added before or after ("Password2024!"), and so is a
password that is the account's email address or the part before the @.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
COMMON_FILE = Path(__file__).with_name("common-passwords.txt")
_LETTER = re.compile(r"[^\W\d_]")
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _padded_from(password: str, words: frozenset[str] | set[str]) -> str | None:
    """The word `password` is, give or take digits and symbols before or after, if any.

    Such a word covers every letter of the password, so only slices from before its first
    letter to after its last one are looked up, and none longer than the longest word.
    """
    if not words:
        return None
    longest = max(map(len, words))
    letters = [i for i, char in enumerate(password) if _LETTER.match(char)]
    first, last = (letters[0], letters[-1] + 1) if letters else (len(password), 0)
    for start in range(min(first, len(password) - 1) + 1):
        for end in range(max(last, start + 1), min(len(password), start + longest) + 1):
            if password[start:end] in words:
                return password[start:end]
    return None


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` may not be used (a sentence fit to show), or None when it may."""
    if len(password) < MIN_PASSWORD:
        return f"the password must be at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"the password must be at most {MAX_PASSWORD} characters"
    lowered = password.lower()
    email = email.strip().lower()
    local = email.partition("@")[0]
    own = {word for word in (email, local, re.sub(r"[\W_]+", "", local)) if len(word) >= 3}
    if (email and email in lowered) or _padded_from(lowered, own):
        return "the password must not be your email address or the part before the @"
    if _padded_from(lowered, common_passwords()):
        return ("that is one of the most common passwords (or one with digits or symbols "
                "added), which are guessed first: choose another, such as a few unrelated words")
    if _REPEATED.fullmatch(lowered):
        return "the password must not be one shorter piece repeated (like 'abcabcabcabc')"
    return None
