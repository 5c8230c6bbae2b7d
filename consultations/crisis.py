"""Spotting crisis language in what a person writes, so staff see it first and the person is
shown crisis help straight away. It flags; it never blocks or replaces a person's judgement."""

import re

CRISIS_PATTERNS = [
    r"suicid\w*",
    r"kill(ing)? my ?self",
    r"end(ing)? (it all|my life|things)",
    r"take my (own )?life",
    r"(want|wanted|wish|wishing) (to|i could|i was|i were) (die|be dead|dead|not be here|disappear)",
    r"better off dead",
    r"no reason to (live|go on)",
    r"don'?t want to (live|be alive|be here|wake up)",
    r"self[- ]?harm\w*",
    r"(hurt|hurting|harm|harming|cut|cutting) my ?self",
    r"overdos\w*",
]
_CRISIS = re.compile(r"\b(" + "|".join(CRISIS_PATTERNS) + r")", re.IGNORECASE)


def mentions_crisis(*texts):
    joined = " ".join(t for t in texts if t).replace("’", "'").replace("‘", "'")
    return bool(_CRISIS.search(joined))
