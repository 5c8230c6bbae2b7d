"""The clinical review rules shared by articles and pages, as plain functions the models and
the data migration both use."""

import hashlib


def text_hash(title, summary, body):
    """A fingerprint of the text a reader sees. An approval is of one fingerprint: any change to
    the title, summary or body makes a new one, which needs a new approval."""
    text = "\x1f".join([title.strip(), summary.strip(), body.strip()])
    return hashlib.sha256(text.encode()).hexdigest()


def is_clinical_reviewer(user):
    from staff.roles import CLINICAL_REVIEWER

    return bool(user and user.is_active and user.groups.filter(name=CLINICAL_REVIEWER).exists())
