from . import public


def practice(request):
    """The practice profile for every template (footer, contact lines, About, confirmation)."""
    snapshot = public.current()
    return {"practice": snapshot, "practice_name": snapshot.name, "practice_phone": snapshot.phone}
