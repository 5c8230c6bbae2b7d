from django.utils.translation import get_language

from . import public


def practice(request):
    """The practice profile for every template (footer, contact lines, About, confirmation), with
    its staff-written texts in the page's language where staff gave them."""
    snapshot = public.current().in_language((get_language() or "en").split("-")[0])
    return {"practice": snapshot, "practice_name": snapshot.name, "practice_phone": snapshot.phone}
