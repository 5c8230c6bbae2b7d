"""Spanish messages, written for these tests (not taken from crisis_eval/): each family of risk
phrasing the detector should read in Spanish, and the everyday Spanish that shares its words.
Accents and ¿¡ are optional, usted and tú both appear, and so does text-speak."""

import pytest

from consultations.crisis import mentions_crisis

RISK = [
    # Wanting to die, not wanting to live or to wake up.
    "A veces quisiera morirme y ya.",
    "Tengo ganas de morir todos los días.",
    "ya no tengo ganas de vivir, doctora",
    "Me gustaría dormirme y no despertar nunca más.",
    "Quisiera no despertar mañana.",
    "Estoy pensando en quitarme la vida.",
    "He pensado en acabar con todo esta semana.",
    "Solo quiero desaparecer para siempre.",
    "No le encuentro sentido a seguir viviendo.",
    "Preferiría estar muerta que seguir así.",
    "Ojalá me muriera mientras duermo.",
    "Estoy cansado de vivir, de verdad.",
    # Text speak and missing accents.
    "kiero morirme ya no aguanto",
    "q ganas de matarme neta",
    "ya no kiero vivir xq nada tiene sentido",
    "pienso mucho en suicidarme ultimamente",
    # Burden and farewells.
    "Mi familia estaría mejor sin mí.",
    "Siento que soy una carga para todos.",
    "Nadie me va a extrañar cuando no esté.",
    "Ya les escribí una carta de despedida a mis hijos.",
    "Me estoy despidiendo de la gente que quiero.",
    "Ya regalé mis cosas, no las voy a necesitar.",
    # Plans and means.
    "Tengo guardadas muchas pastillas por si acaso.",
    "Ya sé desde qué puente me voy a tirar.",
    "Mi esposo tiene una pistola y pienso en usarla.",
    "Ya elegí la fecha para hacerlo.",
    "Estuve buscando cuántas pastillas hacen falta para no despertar.",
    "Compré una cuerda para colgarme.",
    # Recent attempts.
    "La semana pasada me tomé un frasco de pastillas y terminé en urgencias.",
    "Intenté matarme hace un mes.",
    "Salí del hospital hace tres días después de una sobredosis.",
    # Cutting, burning, hitting oneself.
    "Me corto los brazos cuando me siento así.",
    "Anoche me volví a cortar.",
    "Me quemo con cigarros para sentir algo.",
    "Me golpeo la cabeza contra la pared cuando me desespero.",
    "Me hago daño a propósito.",
    # Someone else at risk now.
    "Mi hijo de 15 años dice que se quiere matar.",
    "Mi esposa dijo anoche que ya no quiere vivir.",
    "Encontré a mi hija cortándose en el baño.",
    "Mi papá dice que todos estaríamos mejor sin él.",
    "Mi hermano está hablando de quitarse la vida.",
    # Denial then risk.
    "No es que quiera morir, pero a veces pienso que sería más fácil no despertar.",
    "Estoy bien, aunque anoche me corté otra vez.",
    "No soy suicida pero tengo pastillas guardadas por si acaso.",
]

SAFE = [
    # Clear denials.
    "No quiero morir, quiero sentirme mejor.",
    "Nunca he pensado en hacerme daño.",
    "No tengo pensamientos de suicidio.",
    "Jamás me he cortado ni lastimado.",
    "No tengo ideas de quitarme la vida, solo mucha ansiedad.",
    # Mentions: screening questions, research, someone else long ago.
    "El formulario pregunta si he pensado en quitarme la vida; la respuesta es no.",
    "Estoy haciendo una tesis sobre el suicidio en adolescentes.",
    "Mi abuelo se suicidó hace treinta años.",
    "Mi psiquiatra me preguntó si quería morir y le dije que no.",
    # Idioms that share words with crisis language.
    "Me muero de hambre, ¿a qué hora abren?",
    "Me muero de risa con mi sobrino.",
    "Me muero de ganas de empezar el tratamiento.",
    "Me mata el tráfico para llegar a la clínica.",
    "Llego muerta de cansancio después del trabajo.",
    "Mañana tengo que cortarme el pelo, ¿podemos vernos en la tarde?",
    "Tomo pastillas para la presión, ¿hay problema?",
    "Mátenme si llego tarde, jaja, salgo del trabajo a las 5.",
    "Este calor me está matando.",
    "Me tiré a la piscina y acepté el trabajo nuevo.",
    "Me quemé cocinando, nada grave.",
    "Me corté el dedo picando cebolla.",
    "Mi jefe me va a matar si no entrego el informe.",
    "Me voy a morir de vergüenza en la primera sesión.",
    "Me mató de risa el video que me mandaste.",
    # Ordinary requests.
    "Hola, quisiera una cita por ansiedad y depresión.",
    "¿Atienden los sábados? Trabajo entre semana.",
    "Llámenme después de las 6 por favor.",
    "Tengo insomnio desde hace meses y quiero ayuda.",
]


@pytest.mark.parametrize("text", RISK)
def test_spanish_risk_is_flagged(text):
    assert mentions_crisis(text), text


@pytest.mark.parametrize("text", SAFE)
def test_spanish_safe_is_not_flagged(text):
    assert not mentions_crisis(text), text
