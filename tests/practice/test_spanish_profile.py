"""The practice profile's staff-written texts on Spanish pages: the Spanish text where staff gave
one, else the English one marked lang="en" for screen readers."""

import re

from practice.models import Clinician, PracticeProfile


def profile_section(client):
    html = client.get("/es/about/").content.decode()
    start = html.index('<section class="practice-profile"')
    return html[start:html.index("</section>", start)]


def test_a_new_site_shows_its_sample_profile_in_spanish(client, db):
    from articles.content import load_content

    load_content()
    section = profile_section(client)
    assert "Este es un perfil de ejemplo" in section
    assert "De lunes a viernes" in section
    assert "Texto de ejemplo" in section


def test_english_text_without_a_spanish_version_is_marked_english(client, db):
    from articles.content import load_content

    load_content()
    profile = PracticeProfile.load()
    profile.fee_text, profile.fee_text_es = "Each session costs $400.", ""
    profile.save()
    Clinician.objects.create(name="Ana Ruiz", credentials="MD", bio="Dr. Ruiz leads our care team.",
                             bio_es="La Dra. Ruiz dirige nuestro equipo.", position=1)
    Clinician.objects.create(name="Sam Lee", credentials="LCSW", bio="Sam is our therapist.", position=2)
    from practice import public

    public.forget()
    section = profile_section(client)
    assert re.search(r'<p lang="en">Each session costs \$400\.</p>', section)
    assert "<p>La Dra. Ruiz dirige nuestro equipo.</p>" in section
    assert '<p lang="en">Sam is our therapist.</p>' in section
    # The English page shows the English texts, unmarked.
    english = client.get("/about/").content.decode()
    assert "<p>Dr. Ruiz leads our care team.</p>" in english and "La Dra. Ruiz" not in english
