"""Spotting crisis language in what a person writes, so staff see it first and the person is
shown crisis help straight away. It flags; it never blocks or replaces a person's judgement."""

import re

CRISIS_PATTERNS = [
    r"suicid\w*",
    r"(kill|killing|unalive|unaliving) my ?self",
    r"kms",
    r"end(ing)? (it|it all|my life|things|everything)\b",
    r"take my (own )?life",
    r"(want|wanted|wish|wishing) (to|i could|i was|i were) (die|be dead|dead|not be here|disappear|not exist)",
    r"better off dead",
    r"(no|any) (reason|point) (to|in) (live|living|go on|going on)",
    r"(don'?t|do not|dont) want to (live|be alive|be here|wake up|exist|go on)",
    r"(can'?t|cannot|cant) (go on|keep going|do this anymore|take it anymore)",
    r"self[- ]?harm\w*",
    r"(hurt|hurting|harm|harming|cut|cutting) my ?self",
    r"overdos\w*",
    r"(took|take|taking) too many pills",
    r"jump(ing)? off",
]
_CRISIS = re.compile(r"\b(" + "|".join(CRISIS_PATTERNS) + r")", re.IGNORECASE)


def mentions_crisis(*texts):
    joined = " ".join(t for t in texts if t).replace("’", "'").replace("‘", "'")
    return bool(_CRISIS.search(joined))
