"""US state codes and names, for licensed states on the profile and on clinicians."""

import re

from consultations.models import US_STATES

# The places a licence can name: the form's list of states (one list for the whole site),
# without the territories this profile has never accepted and "outside the United States".
STATE_NAMES = {code: name for code, name in US_STATES if code not in {"GU", "VI", "AS", "MP", "XX"}}


def parse_states(text):
    """'ca, OR;wa' -> ['CA', 'OR', 'WA'] (order kept, duplicates dropped)."""
    codes = [code.upper() for code in re.split(r"[\s,;/]+", text or "") if code]
    return list(dict.fromkeys(codes))


def state_names(codes):
    return [STATE_NAMES.get(code, code) for code in codes]
