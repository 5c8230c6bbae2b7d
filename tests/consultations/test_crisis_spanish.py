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
    # A second batch, written after the first round of changes, to check they generalise.
    'Últimamente tengo muchas ganas de desaparecer del todo.',
    'Mi novio dice que se va a quitar la vida si lo dejo.',
    'Ya no quiero seguir, estoy agotada.',
    'Quisiera dormir y no despertar jamás.',
    'Me he estado cortando las muñecas desde diciembre.',
    'Tengo un frasco de clonazepam escondido en el clóset.',
    'Me tomé todas las pastillas de mi mamá el domingo.',
    'Mi hija de 13 se hace cortaditas en los muslos.',
    'Ayer me paré en la orilla del puente un buen rato.',
    'A veces pienso que mis hijos estarían mejor sin mí.',
    'Le pido a Dios todas las noches que me lleve.',
    'Ya tengo decidido cuándo lo voy a hacer.',
    'me kiero morir ya no puedo mas',
    'ntp no es broma, ya me quiero ir de este mundo',
    'Mi abuelo dice que ya está cansado de vivir y dejó de tomar sus medicinas.',
    'Estoy bien, solo que a veces me dan ganas de aventarme del carro en la autopista.',
    'No quiero preocupar a nadie, pero tengo pensamientos de suicidio casi diario.',
    'Estuve en el hospital la semana pasada por una sobredosis.',
    'Me quemo los brazos con el encendedor cuando estoy ansiosa.',
    'Nadie me va a extrañar, soy un estorbo para mi familia.',
    'Escribí cartas para mis hijos por si me pasa algo.',
    'Mi hermano compró una pistola y dice que ya no le importa nada.',
    'Mi mamá dice que está lista para irse, que ya no quiere vivir.',
    'Tengo ganas de tirarme a las vías del metro.',
    'Siento que lo mejor sería no existir.',
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
    # A second batch, written to trip the new Spanish rules (breaks, gifts, farewells for a move,
    # a will before surgery, jokes about studying, storing pills, medical questions).
    'Quiero desaparecer unos días de redes sociales, nada grave.',
    'No quiero seguir con el mismo psiquiatra, quiero cambiar.',
    'Ya regalé mi ropa de bebé porque mi hija ya creció.',
    'Le regalé mi bici a mi sobrino por su cumpleaños.',
    'Me despedí de mis compañeros de trabajo porque me mudo a Monterrey.',
    'Tengo un plan de pagos con el seguro, ¿lo aceptan?',
    'Me muero por empezar la terapia.',
    'El tráfico de la mañana me mata, mejor citas en la tarde.',
    'Estoy muerta de sueño todo el día por el insomnio.',
    'Me voy a cortar el pelo mañana, ¿puedo cambiar la cita?',
    'Tomo pastillas para la presión y para el colesterol.',
    'Mátenme si llego tarde, jaja, vengo del otro lado de la ciudad.',
    'No, nunca he intentado quitarme la vida.',
    'Mi tío se suicidó en 1995; lo menciono por los antecedentes.',
    'El cuestionario preguntaba si he pensado en hacerme daño; contesté que no.',
    'Hice mi testamento porque me van a operar del corazón.',
    'Se me cortó la luz y no pude llenar el formulario.',
    'Me quemé con el sartén haciendo la cena.',
    'Quiero que todo termine bien con mi divorcio.',
    'Me golpeé la rodilla jugando fútbol.',
    'Me di un golpe en la cabeza con la puerta del carro.',
    'Estoy haciendo una investigación sobre el suicidio en adultos mayores.',
    'No me quiero morir, quiero aprender a vivir con la ansiedad.',
    'Mi hijo se va a matar con esa moto si sigue manejando así, jaja.',
    'No tengo ganas de nada, pero no pienso en hacerme daño.',
    'Necesito pastillas para dormir, ¿ustedes recetan?',
    'Me tiré en la cama todo el fin de semana sin ganas de nada.',
    'Me mata de risa mi perro.',
    'Estoy juntando dinero para pagar la terapia.',
    'Tengo miedo de que mi hijo haga algo malo en la escuela y lo expulsen.',
    'Mi papá tuvo un intento de infarto, bueno, un preinfarto, el año pasado.',
    'Me quiero matar estudiando para el examen, jaja.',
    'Hasta que no sangra no me doy cuenta de que me mordí el labio.',
    'Dios me lleve de la mano en este proceso.',
    'Ojalá me den cita pronto.',
]


@pytest.mark.parametrize("text", RISK)
def test_spanish_risk_is_flagged(text):
    assert mentions_crisis(text), text


@pytest.mark.parametrize("text", SAFE)
def test_spanish_safe_is_not_flagged(text):
    assert not mentions_crisis(text), text
