"""Spotting risk of suicide or self-harm in what a person writes, so staff see the request first
and the person is shown crisis help straight away. It flags; it never blocks a request or
replaces a person's judgement.

How it works, in order:
1. Normalise: lower case, straight apostrophes, Spanish accents removed, text-speak and common
   misspellings spelled out ("wanna" -> "want to", "w/o" -> "without", "suicde" -> "suicide");
   in a message that reads as Spanish, Spanish text-speak too ("m" -> "me", "pastis" -> "pastillas").
2. Split into clauses at sentence ends and at "but" / "pero" / "solo que", so "I'm not suicidal but
   I cut myself last night" is judged clause by clause.
3. Look for risk phrases. Each rule is a family of phrasings with the reason staff see
   (RISK_PATTERNS), or two ideas that together mean risk in one clause (RISK_PAIRS: a wish or
   acceptance, and one's own death: "I'd be fine if I died in my sleep").
4. A match does not count when it sits inside a common idiom ("I'd rather die than sit on
   hold"), when the person denies it just before it in the same phrase ("I'm not suicidal",
   "no thoughts of self-harm"), or when they only mention it (a screening question, research,
   someone else's loss long ago), unless they go on to say yes.

Measured on the labelled sets in tests/consultations/crisis_eval/ (test_crisis_detection.py).
When in doubt a rule errs towards flagging: a false alarm costs staff a minute; a miss can cost
a life.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

# Spelled out before matching. Keys are whole words (after lower-casing).
TEXT_SPEAK = {
    "wanna": "want to", "wana": "want to", "gonna": "going to", "gotta": "got to", "tryna": "trying to",
    "dont": "don't", "cant": "can't", "cnt": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't",
    "isnt": "isn't", "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "aint": "ain't",
    "havent": "haven't", "hasnt": "hasn't", "wasnt": "wasn't", "werent": "weren't", "im": "i'm", "ive": "i've",
    "ill": "i'll", "id": "i'd", "u": "you", "ur": "your", "rn": "right now", "idk": "i don't know", "bc": "because",
    "cuz": "because", "coz": "because", "pls": "please", "plz": "please", "wld": "would", "cld": "could",
    "shld": "should", "b": "be", "fr": "for real", "agn": "again", "hv": "have", "nothin": "nothing",
    "thinkin": "thinking", "cuttin": "cutting", "bout": "about", "abt": "about", "w": "with", "n": "and", "4ever": "forever", "ppl": "people", "lief": "life", "lyf": "life", "lfie": "life",
    "mysefl": "myself", "mysel": "myself", "pils": "pills", "dei": "die", "idc": "i don't care", "wnt": "want", "wnat": "want", "tmrw": "tomorrow",
    "tmr": "tomorrow", "2moro": "tomorrow", "kiero": "quiero", "xq": "porque", "pq": "porque", "q": "que", "x": "por",
    "xfa": "por favor", "porfa": "por favor", "nd": "nada", "tmb": "tambien", "ta": "esta",
    "every1": "everyone", "some1": "someone", "no1": "no one", "nvr": "never", "anymore": "any more",
    "myslef": "myself", "mysef": "myself", "meself": "myself", "ded": "dead", "d1e": "die", "dye": "die",
    "dissapear": "disappear", "dissappear": "disappear", "disapear": "disappear", "suicde": "suicide",
    "sucide": "suicide", "suiside": "suicide", "suicied": "suicide", "sucidal": "suicidal",
    "suicidial": "suicidal", "suisidal": "suicidal", "suicdal": "suicidal", "sucicidal": "suicidal",
    "suacidal": "suicidal", "suicidel": "suicidal", "suicidle": "suicidal", "sucidle": "suicidal", "evry": "every", "selfharm": "self harm", "kil": "kill",
    "killmyself": "kill myself", "alot": "a lot", "thru": "through", "tho": "though", "b4": "before",
    "2day": "today", "2nite": "tonight", "sewerslide": "suicide",
    "kys": "kill myself", "ctb": "kill myself", "tonite": "tonight", "nite": "night", "yeet": "throw",
}
_WORD = re.compile(r"[a-z0-9']+")
# Spanish text-speak, spelled out only in a message that reads as Spanish ("m" and "d" are
# "me" and "de" there, not letters).
SPANISH_TEXT_SPEAK = {
    "m": "me", "d": "de", "k": "que", "ke": "que", "xk": "porque", "pk": "porque", "fa": "favor", "pastis": "pastillas",
    "pasti": "pastilla", "toy": "estoy", "stoy": "estoy", "sta": "esta", "tas": "estas", "kieres": "quieres",
    "kiere": "quiere", "kisiera": "quisiera", "aki": "aqui", "bn": "bien", "vdd": "verdad", "kmo": "como",
    "cmo": "como", "dnd": "donde", "tb": "tambien", "ps": "pues", "mrir": "morir", "morirm": "morirme",
    "matarm": "matarme", "nomas": "nada mas", "nadien": "nadie", "dsaparecer": "desaparecer", "xa": "para",
    "pa": "para", "ntonces": "entonces", "tmp": "tampoco", "neta": "de verdad",
}
_SPANISH_WORDS = re.compile(r"\b(?:que|de|la|el|los|las|por|para|con|una|mi|mis|ya|es|esta|estoy|pero|porque|tengo"
                            r"|quiero|muy|mas|todo|nada|hace|soy|y|se|lo|le|les|del|al|como|cuando|q|xq|kiero)\b")

# Clauses end at a sentence end, a line break, or "but" / "pero" / "though" / "however".
_CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\s+-\s+|,?\s+\b(?:but|pero|though|although|aunque|however|sin embargo|solo que)\b")
# A denial or a mention reaches back only within its own phrase (up to a comma or colon).
_PHRASE_BREAK = re.compile(r"[,:()\"]")

SELF = r"(?:myself|my ?self)"
OTHER = r"(?:himself|herself|themselves|themself)"
SELF_OR_OTHER = rf"(?:{SELF}|{OTHER})"
SOMEONE = r"(?:i|i'd|i'll|i'm|me|he|she|they|he'd|she'd|they'd|him|her|them|my \w+|our \w+)"
DIE_WORDS = (
    r"(?:die|be dead|dead|not be alive|not exist|stop existing|not wake up|never wake up|not be here"
    r"|be gone|disappear (?:forever|for good|permanently)|sleep forever|end it(?: all)?|end my life"
    r"|end (?:his|her|their) life|kill (?:myself|himself|herself|themselves)|take my (?:own )?life(?! back)"
    r"|not be around|suicide|commit suicide|(?:my life|it all|it|everything) (?:to )?be over|end things(?! with| off| at| on)"
    r"|not exist any more|be with (?:my|our) (?:\w+ )?in heaven)"
)
WANTING = (
    r"(?:want|wants|wanted|wanting|wish|wishes|wished|wishing|would like|'d like|ready|going|planning|plan"
    r"|plans|trying|tried|try|think(?:ing)? about|thought about|thoughts? (?:of|about)|urges? to|urge to"
    r"|feel like|felt like|rather|keep thinking about|hope|hoping|need|decided|waiting)"
)
MEDS = (
    r"(?:pills|meds|medications?|medicine|tablets|sleeping pills|sleep aids|painkillers|pain pills|oxy\w*|opioids"
    r"|benzos|xanax|klonopin|ativan|valium|ambien|seroquel|lithium|trazodone|tylenol|acetaminophen|paracetamol"
    r"|ibuprofen|advil|vicodin|percocet|fentanyl|benadryl|insulin|zoloft|prozac|lexapro|wellbutrin|lamictal"
    r"|lamotrigine|sertraline|gabapentin|prescriptions?|morphine|heroin|adderall|ritalin|vyvanse|melatonin|nyquil"
    r"|unisom|zyprexa|abilify|effexor|cymbalta|buspirone|propranolol|hydrocodone|codeine|tramadol|aspirin|tylenols)"
)
# Spanish (accents removed by normalise()).
MEDS_ES = (
    r"(?:pastillas|pastilla|pastas|pildoras|medicinas|medicamentos|tabletas|capsulas|somniferos|calmantes"
    r"|antidepresivos|ansioliticos|insulina|clonazepam|rivotril|alprazolam|tafil|diazepam|valium|lorazepam|paracetamol"
    r"|acetaminofen|tramadol|ibuprofeno|tylenol|aspirinas?|quetiapina|sertralina|fluoxetina|litio|morfina|opioides)"
)
NOT_A_BREAK = (r"(?! (?:un tiempo|unos|una|por un|por unos|de (?:las )?redes|del grupo|de (?:facebook|instagram"
               r"|whatsapp|tiktok)))")
# Dying, in Spanish: plain words, euphemisms and regional slang ("darse piso", "colgar los tenis").
DIE_ES = (
    rf"(?:morir(?:me|se)?|matar(?:me|se)|quitar(?:me|se) la vida|quitar(?:me|se) de en medio|desaparecer{NOT_A_BREAK}|dejar de (?:existir|vivir)"
    r"|no (?:volver a )?despertar(?:me)?|no amanecer|no existir|no estar (?:aqui|viv[oa])|estar muert[oa]|acabar con"
    r" (?:todo|mi vida|su vida|esto de una vez)|terminar con (?:todo|mi vida|su vida)|suicidar(?:me|se)|colgar(?:me|se)"
    r"(?! (?:el|la|los|las|un|una|del telefono))|ahorcar(?:me|se)|hacer(?:me|se) dano|lastimar(?:me|se)|ir(?:me|se) de"
    r" este mundo|ir(?:me|se) para siempre|dormir(?:me|se)? para siempre|estirar la pata|colgar los tenis|dar(?:me|se)"
    r" (?:en )?piso|petatear(?:me|se)?|palmarla|dejar este mundo|ir(?:me|se) con (?:dios|diosito|el senor)"
    r"|cortar(?:me|se) las venas|estrellar(?:me|se)?(?: (?:el|mi|su|la) (?:carro|coche|auto|camioneta|moto"
    r"|camion))? contra|(?:tirar|aventar|lanzar)(?:me|se) (?:de|del|desde|a las vias|al metro|al tren"
    r"|al vacio)|acabar conmigo(?: mism[oa])?|poner(?:le)? (?:un )?(?:punto )?final a (?:mi|su) vida|soltar el volante"
    r"|dar (?:el|un) volantazo|meter(?:me|se)? (?:el|mi|su) (?:carro|coche|auto|camioneta) al (?:agua|rio|canal|mar|lago"
    r"|barranco|precipicio|presa)|no (?:volver a )?despertar(?:me|se)? (?:nunca|jamas|mas)|irme a dormir y (?:ya )?no"
    r" volver|dejar(?:me|se) morir|descansar (?:para siempre|eternamente|en paz)|(?:agarrar|usar|sacar|tomar) (?:la|el"
    r"|una|un|su|mi) (?:pistola|arma|escopeta|rifle|revolver)|tomar(?:me|se) (?:\w+ )?(?:veneno|raticida|cloro"
    r"|insecticida|matarratas|anticongelante)|(?:tirar|aventar|lanzar)(?:me|se) al (?:rio|canal|barranco|precipicio|lago"
    r"|pozo|abismo)|(?:ya )?no estar (?:mas|nunca mas)|(?:estar|ir(?:me|se)?) con (?:los angel\w*|diosito|papa dios)"
    r"|(?:estar|ir(?:me|se)?) (?:ya )?(?:en el|al) cielo|ir(?:me|se)? al cielo|ahogar(?:me|se)(?! en (?:un vaso|deudas|trabajo"
    r"|pendientes|tareas))|ir(?:me|se) y (?:ya )?no (?:volver|regresar|sentir nada))"
)
WANT_ES = (
    r"(?:(?:quiero|quisiera|deseo|necesito|pienso) es|me quiero|se quiere|te quieres|quiero|quiere|quieren|quisiera|queria|deseo|desea|ganas de|me dan ganas de"
    r"|pienso en|pense en|pensado en|pensando en|piensa en|intente|intento|trate de|trato de|planeo|planeando"
    r"|pensamientos de|ideas de|me gustaria|le gustaria|preferiria|prefiero|ojala pudiera|necesito|tentad[oa] a"
    r"|tentacion de|fantaseo con|sueno con|a punto de|hablando de|habla de|hablo de|amenaza con|amenazo con"
    r"|(?:la )?idea (?:fija )?de|want to|wanna|(?:la )?decision (?:tomada )?de|decidi|he decidido|decidio|ha decidido"
    r"|decidid[oa] a|resuelt[oa] a|ganas que (?:tengo|tiene|tenia|me dan) de)"
)
# What a Spanish clause says will happen to oneself ("si me muriera", "si no despierto").
OWN_DEATH_ES = (
    r"\b(?:si|que|cuando) (?:manana |hoy |un dia |algun dia |esta noche |yo |el |ella )?(?:yo )?(?:me |se )?(?:muriera|muero|muere|muriese|no despierto|no despertara"
    r"|no despierta|no amanezco|no amaneciera|desapareciera|desaparezco|dejara de existir|ya no estuviera|no estuviera"
    r"|no existiera|ya no estoy|no estoy|atropell\w*|choca\w*|chocara|pasa algo|pasara algo|da un infarto|diera un"
    r" infarto|llev\w* dios|mata\w* en|muera)\b"
)
ACCEPTS_ES = (
    r"\b(?:no me (?:importaria|importa|molestaria|molesta|preocuparia)|tampoco me (?:importaria|molestaria|importa)"
    r"|me da(?:ria)? igual|(?:seria|sera|es) (?:un alivio|un descanso|un favor|lo mejor|mejor|mas facil)|(?:nos|les|me|te)"
    r" har(?:ia|a) (?:un )?favor|estaria bien|descansar\w*|(?:seria|serian|estarian|estariamos) (?:mas )?(?:felices"
    r"|tranquil[oa]s|en paz|mejor)|ojala|quisiera|me gustaria|que mas da|un alivio|no pasaria nada)\b"
)
BODY = r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|hands?|face|chest|body|belly|shoulders?)"


@dataclass(frozen=True)
class Rule:
    reason: str  # what staff see: 'matched: "<the person's words>" (<reason>)'
    regex: re.Pattern
    # With `also`, the clause must match both (a wish and one's own death, say); the staff
    # see the first.
    also: re.Pattern | None = None
    # Can a denial just before it cancel it ("I'm not suicidal")? Phrases whose denial is part
    # of the risk ("no one would miss me", "I don't want to live") are not negatable.
    negatable: bool = True
    # Something that may lie in the past (an attempt, self-harm): an old event, now resolved
    # ("at 19; I'm 52 now and stable"), is history, not a risk today.
    past_event: bool = False
    # Look for `also` anywhere in the message, not only in the same clause ("We have guns at
    # home. I've thought about it a lot.").
    also_anywhere: bool = False
    # Not when the message says this (e.g. "bungee" for "jumped off a bridge").
    unless: re.Pattern | None = None

    def applies_to(self, text):
        """Whether the message-wide conditions hold (checked once per message, not per clause)."""
        if self.unless is not None and self.unless.search(text):
            return False
        return not (self.also_anywhere and not self.also.search(text))

    def find(self, clause):
        if self.also is not None and not self.also_anywhere and not self.also.search(clause):
            return []
        return list(self.regex.finditer(clause))


def _r(reason, pattern, also=None, negatable=True, past_event=False, also_anywhere=False, unless=None):
    return Rule(reason, re.compile(pattern), re.compile(also) if also else None, negatable, past_event, also_anywhere,
                re.compile(unless) if unless else None)


RISK_RULES = [
    # --- Direct ideation and intent, any subject ("I", "my son", "she").
    _r("suicidal thoughts", r"(?<!by )(?<!to )(?<!committed )(?<!'s )(?<!after )(?<!of )\bsuicid(?:e|al|ality|ally)\b(?! (?:prevention|awareness|hotline|lifeline|line|scene"
                            r"|calls?|rates?|risk|training|patients?|people|clients|teens|kids|veterans|statistics"
                            r"|research|watch protocol|protocol|screening|questions?|data|cases|scale|assessment|screen|inventory|risk assessment"
                            r"|survivors?|loss|prevention|crisis|squeeze|doors?|sprints?|drills?|runs?|squad|mission|severity|rating))", past_event=True),
    _r("suicidal thoughts", r"\bsuicidar\w*\b|(?<!prevencion del )(?<!sobre el )(?<!del )(?<!por )\bsuicidio\b"
                            r"|(?<!riesgo )(?<!conducta )(?<!personas )(?<!pacientes )(?<!escala )\bsuicidas?\b",
       past_event=True),
    _r("wants to die", rf"\b{WANTING} (?:to )?(?:just |simply |really )?{DIE_WORDS}\b"),
    _r("wants to die", r"\b(?:think|thinking|thought|thoughts|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|obsess\w*)"
                       r" (?:about|of) (?:just )?(?:ending it(?! with| off)|ending (?:it all|my life|everything"
                       r"|things(?! with| off| at))|dying|killing (?:myself|himself|herself|themselves)|taking my"
                       r" (?:own )?life(?! back)|not being (?:here|alive|around)|disappearing forever|not waking up"
                       r"|being dead|jumping|overdosing|hanging (?:myself|himself|herself)|suicide|killing(?! yourself| you\b))\b"),
    _r("wants to die", rf"\b(?:kill|killing|killed|off|offing|shoot|shooting|hang|hanging|drown|drowning|poison|poisoning"
                       rf"|suffocate|suffocating|ahorcar) {SELF_OR_OTHER}\b"),
    _r("wants to die", r"\b(?:end|ending|ended|take|taking) (?:my|his|her|their) (?:own )?life\b(?! back)"),
    _r("wants to die", r"\bend(?:ing)? it all\b|\bend everything\b|\bend it\b(?! with| for| at| on| in| off)"
                       r"(?= *(?:$|now|tonight|soon|today|for good|forever|once and for all|already))"),
    _r("wants to die", r"\bend(?:ing)? things\b(?! with| off| on a| for the)(?= *(?:$|now|tonight|soon|forever))"),
    _r("wants to die", r"\bunaliv\w*\b|\b(?:si|sui|sewerslide|suicide) (?:thoughts|ideation|feelings|urges)\b"
                       r"|\bsui (?:thoughts|ideation|feelings|urges)\b|\bcatch(?:ing)? the bus\b(?= *(?:$|soon|tonight))"),
    _r("wants to die", r"\bwaiting (?:to die|for (?:death|the end)|to not wake up)\b|\bready to go\b(?=.*\bnothing left\b)"
                       r"|\bnothing (?:left )?(?:here )?(?:for me|to live for)\b|\b(?:nothing|no one|nobody) to live for\b"),
    _r("wants to die", r"\b(?:pray|prays|praying|prayed|ask|asking|beg|begging)\b.{0,25}\b(?:god|the lord|jesus|he|"
                       r"someone|something)\b (?:to |would |will )?(?:takes?|take|took) me\b"),
    _r("does not want to live", r"\b(?:don't|do not|doesn't|does not|didn't|no longer|not sure (?:if |that )?i|"
                                r"don't know if i|don't even|never|haven't decided (?:if|whether) i|undecided (?:if|whether) i"
                                r"|unsure (?:if|whether) i) (?:really )?(?:want|wanna) to (?:(?:go on living|keep on living|live|be alive|be here|exist"
                                r"|be around)\b(?! (?:forever|with (?:this|my|the|these|that|it)|in (?:this|that|the|a)|like"
                                r" that|there|near|next to|on|at)\b)|(?:wake up|go on|keep going|keep living|continue|carry"
                                r" on)(?= *(?:$|any more|like this|tomorrow|ever|again|in the morning|each day|every day|,"
                                r"|and)))", negatable=False),
    _r("does not want to live", r"\bnot wanting to (?:wake up|live|be alive|be here|exist|go on|keep going)\b",
       negatable=False),
    _r("does not want to live", r"\b(?:no|any|what's the|whats the|little|zero) (?:reason|point|purpose) (?:to|in|of)"
                                r" (?:live|living|go on|going on|being alive|keep going|carry on|life|staying alive"
                                r"|being here|trying any more|wake up|waking up)\b|\b(?:don't|do not|can't|cannot|fail to)"
                                r" (?:really |even )?see (?:the |any |a |much )?(?:point|reason) (?:in|of|to) (?:living|life|going on|being alive"
                                r"|being here|being around|carry(?:ing)? on|continuing|trying|go on|keep going"
                                r"|staying|waking up|any of it)\b", negatable=False),
    _r("does not want to live", r"\b(?:life|living|it) (?:is|isn't|feels|seems|is not)? ?(?:not )?worth (?:living"
                                r"|it any more)\b|\blife (?:isn't|is not|ain't) worth\b|\bnot worth living\b",
       negatable=False),
    _r("does not want to live", r"\b(?:tired|sick|exhausted|weary) of (?:living|being alive|life|existing|being here"
                                r"|waking up|it all)\b(?! (?:paycheck|pay check|in |with |at |on |out of|month|week))"
                                r"|\bdone with (?:life|living|everything|it all|this life|this world)\b"
                                r"|\b(?:ready|want) to give up on (?:life|everything|living)\b|\bgive up on (?:life|living)\b"
                                r"|\b(?:whether|if) (?:i|he|she|they) (?:live|lives) or (?:die|dies)\b"
                                r"|\b(?:care|caring|cares|matter|matters) (?:if|whether) (?:i|he|she) (?:crash|crashed|get hurt"
                                r"|don't make it|make it home|wake up|wakes up"
                                r"|live|lives|die|dies|make it)\b", negatable=False),
    # "Go on" and "keep going" are everyday words; they count only where nothing follows them
    # but an end ("I can't go on", "... like this", "... any more"), never "go on weekdays".
    _r("cannot go on", r"\b(?:can't|cannot|can not|couldn't) (?:go on|keep going|keep living|carry on|continue)"
                       r"(?= *(?:$|like this|any more|much longer|living|with (?:my )?life|without|anyway|,|and (?:i|i'm)"
                       r"|i'm (?:so )?(?:tired|done)))|\b(?:can't|cannot|can not|couldn't) (?:do this any more|take (?:it|this"
                       r"|this pain|the pain|life) any more|handle (?:it|this|life) any more|live like this|survive (?:this"
                       r"|another)|hold on (?:much )?(?:longer|any more)|keep myself safe|promise (?:i'll|i will|to) (?:stay|be"
                       r"|keep) safe)\b", negatable=False),
    _r("wants to disappear", r"\b(?:disappear\w*|vanish\w*|go(?:ing)? to sleep|fall(?:ing)? asleep|sleep(?:ing)?)"
                             r" (?:and (?:never|not) (?:wake|waking|woke|come|coming) (?:up|back)|forever|for good"
                             r"|permanently)\b|\bnever wake up\b"
                             r"|\bnot wake up\b|\bwouldn't wake up\b|\bwon't wake up\b|\bcease to exist\b"),
    # A wish or acceptance, and one's own (or a loved one's) death, in one clause.
    _r("wishes to be dead",
       r"\b(?:(?:if|that|so|when) (?:i|he|she|they|my \w+)(?: just| could| would|'d| might)? (?:died|die|dies|was dead"
       r"|were dead|didn't wake up|did not wake up|don't wake up|never woke up|didn't make it|stopped existing|was gone"
       r"|were gone|wasn't here|weren't here|wasn't alive|weren't alive|was not alive|got in (?:a|an) (?:car )?(?:accident"
       r"|crash|wreck))|(?:it|this|everything|it all) (?:would|could|will|'d) (?:just )?be over|terminal (?:diagnosis"
       r"|illness|cancer)|(?:this|it) (?:would|could|will|'d) all (?:just )?be over|(?:got|get|became) (?:sick|ill) and (?:die|died)|something (?:happened|happens|bad happened) to me"
       r"|(?:biopsy|test|scan|results?) (?:had )?(?:come|came) back bad|heart (?:just )?(?:gave|gives|would give) out|heart (?:stopped|would stop)"
       r"|(?:i|he|she|they)(?:'d| would| could| might| will|'ll| just| to)+"
       r" (?:die|be dead|not wake up|never wake up|stop existing|stop being alive|cease to exist|be gone"
       r"|get sick and die)|(?:i|he|she)(?: just)? (?:won't|wouldn't|don't|didn't|never) wake up|(?:hit|hits|kill|kills"
       r"|killed|take|takes|took) me|(?:i'd|i had|he'd|she'd|they'd) (?:never been born|died)|(?:plane|car|bus)"
       r" (?:goes down|went down|crash(?:es|ed)?)|(?:stop|stopped) (?:existing|being alive)|never (?:been|was|were)"
       r" born|make it through the night|(?:got|get|was|were|gets) (?:hit|run over) by (?:a|the) \w+|(?:got|get) killed)\b",
       also=r"\b(?:wish|wishes|wished|wishing|hope|hopes|hoping|hoped|pray|prays|praying|prayed|wouldn't mind|would not"
            r" mind|don't mind|(?:would|'d|'ll|will) be (?:fine|ok|okay|nice|a relief|easier|better|good|for the best|"
            r"alright|peaceful)|be fine|be ok|don't care|do not care|doesn't care|stopped caring|not care|no longer care"
            r"|waiting|part of me|secretly|relief|relieved|glad (?:if|when)|at peace with|welcome it|wouldn't be (?:so )?bad"
            r"|wouldn't be sorry|would not be sorry|suit me fine|(?:wouldn't|would not) be the worst thing|wouldn't fight it"
            r"|(?:wouldn't|would not"
            r"|won't|don't|do not|doesn't|didn't|not|never) (?:really |even )?(?:care|mind)|sounds? (?:kind of |kinda |so |really |almost"
            r" )?(?:peaceful|nice|good|like a relief|appealing|tempting|like freedom))\b", negatable=False),
    _r("does not want to live", r"\b(?:don't|do not|can't|cannot) (?:really |even )?see (?:myself|me|him|her) (?:still )?"
                                r"(?:making it|living|being (?:here|alive|around)|getting|reaching|lasting|alive) ?(?:to|past"
                                r"|until|through|much|another|by|for|at)?\b"
                                r"|\b(?:can't|cannot|don't|do not) (?:see|picture|imagine) (?:a|any) future\b|\bno future"
                                r" for me\b|\b(?:lost|losing|no|have no) (?:interest|will|desire|wish) (?:in|to) (?:living|live"
                                r"|life|go on|keep going|be alive)\b|\bhow many more (?:nights|days|weeks)(?: of this)? (?:i|he|she) can (?:get"
                                r" through|take|survive|handle|do|last)\b|\bhow (?:much )?longer (?:i|he|she) can (?:do this|keep"
                                r" (?:going|doing this)|hold on|take (?:it|this)|last|survive|go on)\b", negatable=False),
    _r("wishes to be dead", r"\b(?:pray|praying|prayed|hope|hoping|wish|wishing) for (?:a heart attack|death|cancer|an"
                            r" accident|a crash|the end|it to (?:end|be over)|it all to (?:end|be over)|god to take me"
                            r"|a way out|an aneurysm|a stroke)\b|\b(?:pray|praying|prayed|hope|hoping|wish|wishing) (?:not to"
                            r"|to not|that i (?:don't|won't|wouldn't)|i (?:don't|won't|wouldn't)) wake up\b|\b(?:sleep|disappear)\b"
                            r".{0,40}\b(?:ever again|never again)\b|\b(?:easier|better|simpler|a relief) (?:to|if i) (?:just )?"
                            r"(?:not exist|not be here|not be around|disappear|be dead|die|stop existing|not wake up)\b"
                            r"|\bwaiting for (?:it|this|life|everything) to (?:be over|end)\b", negatable=False),
    _r("wants to die", r"\bways to (?:die|end it|end my life|kill myself|go|do it)\b|\b(?:take|swallow|drink|down) (?:the|a)"
                       r" whole (?:bottle|pack|box|packet)\b|\b(?:think|thinking|thought|dream|dreaming|obsess\w*) (?:about|of)"
                       r" death\b|\b(?:only|best|easiest|one) way out\b|\btonight(?:'s| is) the night\b|\b(?:thinking|thought"
                       r"|think|dream\w*) (?:about|of) (?:driving (?:my|the) car into|crashing (?:my|the) car|stepping in front"
                       r"|walking into traffic)\b|\b(?:thoughts|images|urges|pictures) (?:about|of) (?:hanging|jumping|overdosing"
                       r"|cutting|dying|death|shooting)\b|\bmejor me (?:muero|mato|voy)\b|\bno (?:puedo|aguanto) mas con (?:esta|mi)"
                       r" vida\b|\bya no puedo mas\b(?= *$)"),
    _r("wants to die", r"\bwant (?:it all|everything|it|this|the pain|life) to stop\b",
       also=r"\b(?:permanently|forever|for good|for ever|once and for all)\b", also_anywhere=True),
    # --- Burden, goodbye, final arrangements.
    _r("better off without me",
       r"\b(?:(?:better|easier|happier|fine) (?:off )?)?without me\b|\bif i (?:just )?(?:wasn't|weren't|was not|were not) (?:around|here|alive|in the picture|in"
       r" (?:their|his|her|the) (?:life|lives|way))\b|\bif i (?:just )?(?:stopped|stop) (?:existing|being here|being"
       r" alive)\b|\bif i (?:just )?(?:was|were) (?:gone|dead|out of the picture)\b|\bif i(?:'d| had)? (?:just )?(?:died|disappeared|never come back|not come home)"
       r"\b|\bwith me gone\b|\bonce i'm gone\b|\bbetter off dead\b",
       also=r"\b(?:better|easier|happier|fine|relieved|relief|lighter|simpler|freer|best|off the hook|move on)\b"),
    _r("better off without me", r"\b(?:says|saying|said|thinks|feels|told (?:me|us)|keeps saying) (?:\w+ ){0,3}(?:that )?(?:we|everyone"
                                r"|they|the family|his family|her family|the kids|you all)(?:'d| would| will)? be (?:better"
                                r"|happier|fine) (?:off )?without (?:him|her|them)\b", negatable=False),
    _r("better off without me", r"\b(?:no one|nobody|noone) (?:would|will|'d) (?:even |really |ever )?(?:miss|notice|care)(?: if i| when i| about"
                                r" me)?\b(?=.*\b(?:gone|die|died|dead|disappeared|miss me|wasn't here|not here|left)\b)"
                                r"|\bno one would miss me\b|\bnobody would miss me\b|\b(?:world|everyone|nobody|no one|my"
                                r" family|they) (?:doesn't|does not|don't|wouldn't|won't|would not) (?:need|want) me\b"
                                r"(?! (?:to|for|there|at|on))", negatable=False),
    _r("feels like a burden", r"\bbetter off (?:with|collecting|getting|having) (?:my|his|her|their) (?:life insurance"
                              r"|pension|insurance|money|savings)\b|\b(?:better off|happier|do better) (?:\w+ ){0,4}than"
                              r" (?:taking care of|dealing with|having|living with) (?:me|him|her)\b|\bdeserve (?:better|a"
                              r" (?:better )?(?:mom|mother|dad|father|wife|husband|partner|son|daughter|friend|parent)) (?:than"
                              r" me|who (?:isn't|is not|wasn't|won't be))\b", negatable=False),
    _r("feels like a burden", r"\b(?:i'm|i am|i feel like|feel like|i've become|just|i feel) (?:such |only |just |nothing"
                              r" but |a huge |a big )?(?:a|an) (?:burden|weight|drain|waste of (?:space|air|oxygen|life)"
                              r"|problem for everyone|disappointment to everyone)\b|\b(?:burden|weight|drain) (?:to|on"
                              r"|for) (?:everyone|everybody|my family|them|others|the people|my \w+)\b"
                              r"|\bsoy una carga\b|\bsolo (?:soy|doy) (?:un )?estorbo\b", negatable=False),
    _r("goodbye letters", r"\b(?:goodbye|good bye|farewell|suicide) (?:letters?|notes?|messages?|videos?)\b"
                          r"|\b(?:wrote|written|writing|write|left|leaving|found) (?:a |some |the |my )?(?:letters?|notes?)"
                          r" (?:to|for) (?:my|each of my|everyone|everybody|the (?:kids|family))\b(?: \w+)?(?= *(?:$|just"
                          r" in case|in case|explain|for after|for when|to read|saying|last (?:night|week)|yesterday|this"
                          r" (?:week|morning)|,))|\b(?:wrote|write|written|left|writing"
                          r"|found|found the|read) (?:a|my|the|his|her) (?:note|letter)\b(?= *(?:$|yesterday|today|this morning|last (?:week|night"
                          r"|month)|in case|just in case|for (?:my|them|him|her)|explaining|and called|and))"
                          r"|\bfound (?:the|her|his|my) (?:note|letter)\b|\b(?:writing|wrote|written) (?:goodbye )?(?:notes"
                          r"|letters)\b(?= *(?:$|to|for|and))|\b(?:my|the|her|his) last (?:message|text|email"
                          r"|note) (?:to|for|you'll get|ever)\b|\b(?:texted|sent|wrote|left) (?:me |us |them )?(?:a |her"
                          r" |his )?goodbye\b|\btell (?:my \w+|everyone|them|him|her) (?:that )?i'm sorry\b"
                          r"|\bescrib\w* (?:una |unas |las )?cartas? (?:para|a) (?:mis|mi|todos)\b"
                          r"|\bcartas? de despedida\b", negatable=False,
       unless=r"\b(?:memory box|remission|hospice|palliative|retir\w*|my team|coworkers|colleagues|moving away|oncologist"
                     r"|stage (?:4|iv)|legacy project|terminal)\b"),
    _r("saying goodbye", r"\b(?:say|saying|said|told|tell|telling) (?:\w+ ){0,3}goodbyes?(?: to (?:everyone|everybody|my"
                         r" (?:family|kids|children|friends|wife|husband|partner|mom|dad|parents|best friend)))?\b"
                         r"(?! to (?:my|the|our) (?:old|current|last|previous)? ?(?:therapist|doctor|psychiatrist|job|"
                         r"apartment|house|dog|cat|pet|the force|the (?:team|company|office)))(?! (?:and left|at the"
                         r"|before the (?:trip|move)))"
                         r"|\b(?:me despedi|despedirme|despedir(?:se)?) de (?:todos|mi familia|mis hijos|mis amigos|mi"
                         r" gente)\b", negatable=False,
       unless=r"\b(?:retir\w*|after \d+ years|graduat\w*|moving|new job|hospice|chaplain|help people|intercambio|beca"
              r"|me mudo|mudanza|nos mudamos|me voy a vivir|jubil\w*|vacaciones|viaje|me voy (?:de (?:intercambio|viaje|vacaciones)|a (?:vivir|estudiar|trabajar) (?:a|en|al)))\b"),
    _r("giving things away", r"\b(?:gave|giving|give|given|gives) away (?:all )?(?:of )?(?:my|her|his|their) \w+\b(?!.*\b(?:moving"
                             r"|move|moved|downsiz\w*|declutter\w*|kondo|donat\w*|spring clean\w*|outgrown|kids outgrew)\b)"
                             r"|\bwho (?:should|will|would|gets to) get (?:my|her|his) \w+\b", negatable=False),
    _r("giving things away", r"\b(?:give|giving|given|gave|gives) (?:away )?(?:all )?(?:my|away my|away all my|away"
                             r" her|away his|her|his) (?:stuff"
                             r"|things|belongings|possessions|pets?|dog|cat|guitar|savings|clothes|jewelry|books)"
                             r"(?: \w+)?(?: (?:away|to (?:my|a) \w+))?\b(?!.*\b(?:moving|move|moved|downsiz))"
                             r"|\bregal\w* (?:todas )?mis cosas\b", negatable=False),
    _r("putting affairs in order", r"\b(?:updated|update|updating|wrote|writing|made|making|finished|finalized) (?:my|a)"
                                   r" will\b|\b(?:putting|put|getting|got|have) (?:all )?(?:my )?(?:affairs|things|finances|everything|it all"
                                   r"|papers) in order\b|\bmade (?:my )?peace with (?:things|it all|dying|everything|death"
                                   r"|leaving|it)\b|\b(?:made|making|i've made) my peace\b|\b(?:wrote down|written down"
                                   r"|writing down|left|shared|gave|organized) (?:all )?my (?:passwords|bank info|accounts"
                                   r"|logins|account info)\b|\bso (?:no one|nobody|they|my \w+) (?:has|have|won't have|doesn't"
                                   r" have|will not have) to (?:deal with|clean|sort|handle|worry about|go through)"
                                   r" (?:it|anything|my (?:stuff|things|apartment|mess))\b", negatable=False,
       unless=r"\b(?:surgery|replacement|operation|procedure|hospital stay|died|passed away|death of|anniversary)\b"),
    _r("not around much longer", r"\b(?:when|after|once|by the time) i'm (?:gone|dead|not here|not around)\b"
                                 r"|\bwon't be (?:here|around|alive) (?:much longer|for long|any more|by|next|for|after)\b"
                                 r"|\b(?:don't|doesn't|do not|does not|not) (?:plan|expect|intend|think|see) (?:to be|on"
                                 r" being|myself being|himself being|herself being|i'll be|he'll be|she'll be) (?:here"
                                 r"|around|alive) (?:much longer|for long|next|by|for)\b|\b(?:saying|says|said|keeps saying)"
                                 r" (?:she's|he's|they're|i'm|she is|he is) \W?ready to go\b|\b(?:go|going|went) through"
                                 r" with it\b"
                                 r"|\b(?:don't|do not) (?:think|expect) (?:i'll|i will) (?:be (?:here|around|alive)"
                                 r"|make it) (?:for|by|until|to|much)\b|\b(?:this is|consider this|think of this as) (?:my"
                                 r" )?(?:goodbye|last message)\b|\blast (?:message|thing|try|chance|attempt|resort) before"
                                 r" i (?:go|end|die|give up|say goodbye|check out)\b|\bcheck(?:ing)? out (?:for good"
                                 r"|permanently|of life)\b|\bif (?:this|it|nothing|ketamine|treatment|this treatment)\b"
                                 r".{0,40}\b(?:doesn't work|don't work|fails|doesn't help|changes|works)\b.{0,30}\b(?:i'm"
                                 r" done|i've decided|i'll (?:end|do it|kill)|that's it|i'm out|i give up|i'm going to"
                                 r" (?:end|do it|kill)|it's over|i quit)\b", negatable=False,
       unless=r"\b(?:hospice|palliative|terminal(?:ly)? ill|vacation|holiday|out of town|travel\w*|conference|on a trip)\b"),
    # --- Plans and means.
    _r("plan or means", rf"\b(?:saving|saved|save|stockpil\w*|hoard\w*|collect\w*|stash\w*|keeping|kept|hiding|hid"
                        rf"|storing|stored|gathering|gathered|counting|counted|count|lining up) (?:up )?(?:a lot of |all |"
                        rf"lots of )?(?:of )?(?:my |some |the |these |enough |extra |her |his |their |\w+'s |my \w+'s )?"
                        rf"{MEDS}\b|\b{MEDS}\b.{{0,30}}\bcount(?:ing|ed)? them\b|\b{MEDS} (?:saved|stashed|hidden|hoarded"
                        rf"|stockpiled|put away)\b|\b(?:got|have) (?:it|them) all saved(?: up)?\b|\bsaved (?:it|them) (?:all )?up\b"
                        rf"|\b(?:tengo|tiene) (?:guardadas|escondidas|juntadas) (?:las|unas|mis|sus) (?:pastillas|medicinas)\b"),
    _r("plan or means", r"\b(?:how (?:many|much)|enough)\b.{0,40}\b(?:to die|would kill|to kill (?:me|myself)|to not wake"
                        r"|lethal|to overdose|to end it|would be enough|it would take|to do it)\b|\blethal (?:dose|amount)s?\b"
                        r"|\bhow to (?:kill myself|die|end it|overdose)\b|\b(?:looked up|look up|looking up|googled|"
                        r"googling|searched|searching|researched|researching|read up on|search history)\b.{0,40}\b(?:lethal|overdos\w*"
                        r"|ways to (?:die|go|end it|kill|off|do it|check out)|how to (?:die|end it|kill|off)|painless|tallest|methods?"
                        r"|highest|bridges?|how long it takes|how many (?:pills|of my|tablets))\b|\bcuant[ao]s? (?:pastillas|medicinas)\b.{0,30}\b(?:necesit|hacen falta|para"
                        r" morir)\w*"),
    _r("plan or means", r"\b(?:bought|buying|got|purchased|ordered|picked up) (?:a |another |a new |my first )?(?:gun"
                        r"|handgun|pistol|rifle|shotgun|firearm|revolver)\b|\brope (?:is|is in|in|under|hidden|hanging)\b"
                        r"|\b(?:car|engine) (?:running|on)\b.{0,40}\bgarage\b|\bgarage\b.{0,40}\b(?:car|engine)"
                        r" (?:running|on)\b|\b(?:already )?(?:got|have|bought|collected|saved) (?:the|enough) (?:pills"
                        r"|meds|rope|gun)\b|\b(?:yeet|yeeting|throw|throwing|launch|launching|hurl|hurling) (?:myself"
                        r"|himself|herself|themselves) (?:off|from|in front of|into)\b|\ba plan for (?:if|when|after)\b"),
    _r("plan or means", r"\bnoose\b|\b(?:bought|buying|got|ordered|purchased) (?:a |some |the )?(?:rope|noose)\b"
                        r"(?! for (?:climbing|camping|the boat|sailing|my dog|the dog|a swing|work|the gym))"
                        r"|\b(?:gun|guns|rifle|pistol|firearm|shotgun|handgun|pistola|arma)\b.{0,80}\b(?:holding it|hold"
                        r" it|think about (?:it|using it)|use it|using it|usarla|usarlo|loaded|on myself|contra mi|my head"
                        r"|in my mouth|do it|end it)\b|\b(?:keep|kept|carry|carrying|hide|hidden|hiding|have|got|bought"
                        r"|used) (?:a |my |some |the )?(?:razor(?: blade)?s?|blades?)\b"),
    _r("plan or means", r"\b(?:picked|chosen|chose|set|decided on|have) (?:a|the) (?:date|day|time|place|spot|method)\b"
                        r"(?= *(?:$|to (?:die|end|do it|go)|for (?:it|when)))|\b(?:know|picked|chosen|found|decided)"
                        r" (?:exactly )?(?:which|what|the) (?:bridge|building|roof|cliff|method|pills|gun|spot|place|rope"
                        r"|tree)\b|\bhow (?:i'd|i would|i will|i'll|i could|i'm going to|i am going to|to) do it\b"
                        r"|\b(?:for|until) (?:when|the day) (?:i'm|i am|i decide|it's time|the time comes)\b"
                        r"|\bwhen i decide (?:it's|its) time\b|\b(?:i've|i have|i've got|i got|made|have got|has|has got"
                        r"|she has|he has) a plan\b(?! (?:to (?:start|begin|get|try|see|book|call|pay|use|switch|go back"
                        r"|come|move|ask|talk|stop|quit|cut back|save)|for (?:the|my|treatment|insurance|payment|work"
                        r"|school|that|this)| with))(?= *(?:$|to (?:end|die|kill|do it|go through)|and))"),
    _r("plan or means", r"\b(?:jump|jumping|jumped|throw myself|step|stepping|stepped|walk|walking|drive|driving|drove"
                        r"|steer|crash|crashing) (?:off|from|in front of|into) (?:a |the |that |this |my |his |her )?"
                        r"(?:car )?(?:bridge|building|roof|balcony|cliff|overpass|ledge|train|car|truck|bus|traffic|tracks"
                        r"|highway|freeway|river|lake|ocean|road|wall|tree|pole|oncoming)\b|\b(?:drove|drive|driving|went"
                        r"|walked|go|going|been going|stood|standing|sat) (?:up )?(?:to|on|at) the (?:bridge|cliff|roof"
                        r"|tracks|edge|ledge|overpass)\b|\bdriving (?:really |so )?(?:recklessly|fast)\b.{0,40}\b(?:hop"
                        r"|something happens|crash|not care)\w*", unless=r"\b(?:bungee|bucket list|(?:cat|dog|kitten|puppy|bird) (?:jumped|jumps|fell)|cliff (?:diving|jumping)|diving board|skydiv\w*|zip ?lin\w*|parachut\w*|into the pool|on"
                               r" vacation|on holiday|for fun|swimming)"),
    _r("plan or means", rf"(?<!dog )(?<!cat )(?<!puppy )(?<!kitten )\b(?:took|take|taking|swallowed|swallow|downed|ate) (?:too many|a (?:whole )?bottle of"
                        rf"|a handful of|handfuls of|a bunch of|way too many|everything in|\d{{2,}}(?: of)?) (?:my |her"
                        rf" |his |the )?(?:{MEDS}|medicine cabinet)?\b(?!\s*(?:\w+\s+)?(?:every|each|a) day|\s*(?:\w+\s+)?daily"
                        rf"|\s*(?:\w+\s+)?for my|\s*(?:\w+\s+)?as prescribed)"
                        rf"|\b(?:took|swallowed|downed) all (?:of )?(?:my|her|his"
                        rf"|the) {MEDS}\b(?= (?:at once|together|in one go|at the same time|and (?:woke|ended|went|passed)"
                        rf"|to (?:die|sleep))|\s*$)"
                        rf"|\b(?:bought|buying|got|ordered|purchased|picked up|stocked up on) (?:a (?:bunch|lot|bottle"
                        rf"|few bottles) of |lots of |extra |\d+ |several (?:bottles of )?|bottles of ){MEDS}\b"
                        rf"|\b(?:tomar|tomarse|tomarme|tomo|tome|trago|tragarse|tragarme)\b.{{0,20}}\b(?:todas|un frasco"
                        rf"|muchas|un monton de)\b.{{0,15}}\b(?:pastillas|medicinas|medicamentos)\b(?! de (?:vitamin|hierro|calcio"
                        rf"|antibiotic|omega|magnesio|probiotic|zinc)\w*)"),
    # --- Attempts, past or recent, any subject.
    _r("past attempt", r"(?<!accidental )(?<!of )(?<!see )(?<!saw )(?<!treat )\boverdos\w*\b"
                       r"(?! (?:risk|calls?|cases|deaths|patients|victims|crisis|epidemic|prevention|training|at work))"
                       r"|\bod'?d\b|\bod(?:ed)? on\b|\bsobredosis\b|\bpumped (?:my|his|her|their)"
                       r" stomach\b|\bwoke up in (?:the )?(?:icu|hospital|er|emergency room)\b|\blavado de estomago\b", past_event=True),
    _r("past attempt", rf"\b(?:tried|try|trying|attempted|attempt|attempting|intent\w*|trat\w* de) (?:to )?(?:(?:kill|hurt"
                       rf"|cut|shoot|drown|hang|poison|harm) {SELF_OR_OTHER}|end (?:it|my life|his life|her life|their"
                       rf" life|things)|take (?:my|his|her|their) (?:own )?life|overdose|od|jump|die|suicide|ahorcar\w*"
                       rf"|matar(?:me|se)|quitar\w* la vida|suicidar\w*|tomar\w* (?:todas|un frasco))\b"
                       rf"|\b(?:i|he|she|they) did (?:try|attempt)\b|(?:^|\b(?:i|he|she|they|my \w+) )attempted\b(?="
                       rf" (?:in|last|on|when|at|twice|again|before|years?|months?|weeks?|a few|\d|this year|after|and"
                       rf"|\())", past_event=True),
    _r("past attempt", r"\b(?:my|his|her|their|a|the|last|previous|first|second|recent|\w+'s) (?:suicide )?attempts?\b"
                       r"(?! (?:to (?:get|book|call|reach|find|switch|use|see)|at (?:getting|therapy|treatment|meds)"
                       r"|with))|\b5150\b|\b51/50\b|\bpsych(?:iatric)? (?:hold|ward|unit|hospital)\b|\binvoluntary"
                       r" (?:hold|admission|commitment)\b|\bintento de suicidio\b", past_event=True),
    _r("on purpose", r"\b(?:on purpose|intentional(?:ly)?|deliberately|a proposito|adrede)\b",
       also=r"\b(?:crash\w*|drove|drive|hurt\w*|cut\w*|burn\w*|hit|hitting|overdos\w*|took|taken|taking|stop\w*|skip\w*"
            r"|swallow\w*|jump\w*|stepped|walked"
            r" into|lastim\w*|cort\w*|quem\w*|golpe\w*|starv\w*|scratch\w*|bang\w*|punch\w*|estrell\w*|choc\w*"
            r"|choque|trag\w*|tome|tomo|me tire|se tiro|avent\w*|lance|lanzo|salte|salto)\b"),
    # --- Self-harm, any subject.
    _r("self-harm", r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b(?! (?:scars for|survivors?|awareness|training|research))|\bautolesi\w*\b|\bsh\b(?= *(?:is back|again|relapse"
                    r"|urges?|free|clean|days))|\b(?:relapsed?|relapsing) (?:on|with|into)? ?(?:sh|self|cutting)\b"
                    r"|\b(?:days|weeks|months|years) (?:sh|cut|self harm)[- ]free\b|\bclean from (?:sh|cutting|self harm)\b", past_event=True),
    _r("self-harm", rf"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|scratch|scratching|hit|hitting|punch"
                    rf"|punching|starve|starving|bruise|bruising|bite|biting) {SELF_OR_OTHER}\b(?! (?:playing|lifting"
                    rf"|at the gym|running|skiing|hiking|shaving|cooking|chopping|in the kitchen|on (?:a|the) "
                    rf"(?:knife|glass|stove|oven)|by accident|accidentally|while|doing|when i fell|falling|at work"
                    rf"|working out|on a|on the|off|out of|short|badly with|with a (?:chainsaw|saw|knife|tool)))"),
    _r("self-harm", rf"\b(?:cutting|cut|burning|burned|burnt|scratching|scratched|carving|carved|carve) (?:\w+ )?(?:into"
                    rf" |on |in )?(?:my|his|her|their) {BODY}\b(?!.{{0,40}}\b(?:chopping|cooking|slicing|by accident"
                    rf"|accidentally|knife slipped|shaving|at work)\b)"
                    rf"|\b(?:cutting|cut myself|self harming) again\b"
                    rf"|\b(?:started|been|began|stop|stopped|quit) cutting\b(?! (?:back|down|out|carbs|sugar|alcohol"
                    rf"|my hours|hours|costs|ties|coupons|hair|the grass|wood|people))|\bi cut again\b"
                    rf"|\bcutting\b(?= *(?:$|again|myself))|\b(?:i|he|she|they) (?:cut|cuts|burned|burnt)\b(?= (?:last"
                    rf" night|again|yesterday|today|this (?:week|morning)|deeper|myself(?! off| out| shaving| cooking| by accident| accidentally| on| badly with| with a)))|\b(?:want|wanna|urge|urges"
                    rf"|need|craving|itching) to (?:cut|burn|hurt|harm)\b(?! (?:back|down|out|ties|my hours|costs|carbs"
                    rf"|sugar|alcohol|hair|the|a|my (?:hours|dose)|your))"),
    _r("self-harm", rf"\b(?:cuts|marks|burns|burn marks|cut marks|scratches) on (?:my|his|her|their) {BODY}\b"
                    rf"|\bscars on (?:my|his|her|their) {BODY}\b(?!.*\b(?:years ago|in (?:college|high school)|as a teen"
                    rf"|old|long ago)\b)"
                    rf"|\bscars? from cutting\b|\buntil (?:they|it|i|my \w+(?: \w+)?) (?:bleed|bleeds|bled|bruise|bruised"
                    rf"|bruises|scar)\b|\bhard enough to (?:bleed|bruise|leave (?:marks|scars|a mark))\b|\bdraw(?:ing|s)?"
                    rf" blood\b|\b(?:lighter|lighters|cigarettes?|razors?|blades?|knife|scissors|glass|compass) (?:on|into"
                    rf"|against|to) (?:my|his|her|their) {BODY}\b|\b(?:dig|digging|dug) (?:my )?nails into\b"
                    rf"|\b(?:bang|banging|banged|hit|hitting|slam|slamming|slammed) (?:my|his|her|their) head (?:against"
                    rf"|on|into)\b|\b(?:i|he|she|they|my \w+|and|who|also) (?:just |still |sometimes |only )?cuts?\b(?= *(?:$|sometimes|a lot|a little|a bit|lightly|again|when|to"
                    rf" (?:cope|take|feel|calm)|every|,|and))", past_event=True),
    # --- More phrasings of the same ideas (means, rehearsal, arrangements, third person).
    _r("plan or means", r"\b(?:how|where|when) (?:i'd|i would|i will|i'll|i could|i'm going to|i am going to|to|he'd|she'd)"
                        r" do it\b|\btalk (?:me|him|her) out of it\b|\bwhoever finds (?:me|him|her)\b|\bfind(?:s|ing)? my"
                        r" body\b|\b(?:which|what|best|least painful|painless|quickest|fastest|surest) (?:method|way to go"
                        r"|way to do it)\b|\b(?:bottles?|pile|handful|stash) of (?:pills|tylenol|meds|sleeping pills|\w+)\b"
                        r".{0,60}\b(?:on the (?:counter|table|nightstand)|in front of me|next to me|lined up|laid out"
                        r"|counted out|ready)\b|\b(?:stand|standing|stood|sit|sitting|sat|climb|climbed|climbing) (?:on|onto|over) (?:the|my)"
                        r" (?:balcony|railing|balcony railing|ledge|edge|roof|bridge|overpass)\b|\bjust to see\b(?=.*\b(?:garage"
                        r"|balcony|railing|ledge|bridge|rope|noose|pills|car running)\b)"),
    # A firearm at hand and a thought of using it, anywhere in the message ("We have guns at home.
    # I've thought about it a lot.").
    _r("plan or means", r"\b(?:guns?|rifles?|pistol|firearms?|shotgun|handgun|revolver|gun safe)\b",
       also=r"\b(?:(?:thought|think|thinking|thinks) about (?:it|doing it|using (?:it|them)|them|that|this|that key"
            r"|the key)|(?:use|using|used) (?:it|them) on (?:myself|himself|herself)|holding it|ready to go|my head"
            r"|in my mouth|end it|do it|in case i need (?:it|them)|nightstand|next to (?:the|my|his|her) bed"
            r"|in case i change my mind|change my mind|sat there|sitting there|by the bed)\b", also_anywhere=True),
    _r("past attempt", r"\b(?:\d(?:st|nd|rd|th)|an|another) (?:suicide )?attempt\b|\bsurvived (?:an|my|the|a|his|her)"
                       r" (?:suicide )?attempt\b|\battempted\b(?= (?:in|last|on|when|at|twice|again|before|years?|months?"
                       r"|weeks?|a few|\d|this year|after|and|with|one|two|three|four|five|six|a couple|several|\())|\b(?:intending|meaning|planning|hoping) (?:not to"
                       r"|to not|never to) (?:come back|wake up|survive|return|make it)\b|\b(?:walked|walking|went) into"
                       r" the (?:lake|ocean|river|sea|water)\b|\b(?:ended up|landed|was|were|woke up|got admitted) in (?:the"
                       r" )?(?:er|icu|hospital|psych ward|emergency room)\b.{0,40}\b(?:after|from|because)\b.{0,25}\b(?:taking"
                       r"|took|swallow\w*|overdos\w*|pills|cutting|trying|an attempt)\b|\bfinish(?:ing)? (?:the job|what i"
                       r" started)\b(?=.*\b(?:attempt|survived|still|think)\b)", past_event=True),
    _r("self-harm", rf"\b(?:hurts|cuts|burns|harms|hits|scratches|starves) {OTHER}\b|\b(?:i|he|she|they) did cut\b"
                    rf"|\buntil (?:my|his|her) (?:knuckles|skin|hands?|fists?) (?:split|bleed|bled|crack|break|broke)\b"
                    rf"|\b(?:burning|burned|burnt|burns?) (?:my|his|her|their) (?:forearms?|{BODY[3:-1]}) with\b"
                    rf"|\b(?:use|using|used) (?:the |a |my )?(?:blades?|razors?)\b|\bcat scratch(?:es)?\b(?=.*\b(?:again"
                    rf"|relapse\w*|doing|started|every)\b)|\brelapsed? on (?:cat scratches|sh|cutting|self harm\w*)\b"
                    rf"|\b(?:cuts|marks|burns|bruises) on (?:my|his|her|their|our) (?:[\w']+ ){{0,3}}(?:{BODY[3:-1]}"
                    rf"|forearms?)\b|\bto feel something\b(?=.*\b(?:punch|cut|burn|hit|scratch|bang|hurt)\w*\b)",
       past_event=True),
    _r("goodbye", r"\bmy last (?:try|attempt|chance|hope|resort)(?: at| for)? (?:getting )?help\b|\b(?:stop|stopped|stopping)"
                  r" being (?:a |the )?(?:problem|burden)\b(?=.*\b(?:permanent\w*|for good|forever|time)\b)|\bpasswords?\b.{0,60}"
                  r"\b(?:for my \w+|in case|just in case|so (?:he|she|they) can)\b|\b(?:won't|will not|wont) have to (?:put up"
                  r" with|deal with|worry about|take care of) (?:me|him|her) (?:much longer|for long|any more|soon)\b"
                  r"|\b(?:told (?:me|us)|says|said|saying|keeps saying) (?:that )?(?:he's|she's|i'm|they're|he is|she is) \W?"
                  r"ready to (?:go|die)\b|\b(?:i'm|he's|she's) done\b.{0,30}\btake care of\b|\b(?:doesn't|does not|couldn't"
                  r"|can't|don't) (?:see|picture|imagine) (?:a|any) future\b", negatable=False),
    _r("quiere morir", r"\b(?:dormir(?:me|se)?|acostarme) y no despertar\b|\b(?:pegar(?:me|se|le)?|darme|darse|meter(?:me"
                       r"|se)) un tiro\b|\bvolar(?:me|se) la cabeza\b|\b(?:terminar|acabar) con (?:todo|mi vida|esto de una"
                       r" vez)\b|\b(?:ya )?(?:tengo|tiene) (?:decidido|pensado|planeado) (?:como|cuando|donde)\b"
                       r"|\bno (?:quiero|quiere) (?:seguir )?(?:aqui|en este mundo)\b"),
    _r("plan or means", r"\b(?:how easy|so easy|easy) it (?:would|could|'d) be to (?:just )?(?:turn the wheel|swerve|jump"
                        r"|step (?:off|out|in front)|let go|end it|drive off|take (?:them|it) all|do it|fall)\b"
                        r"|\b(?:written down|wrote down|decided on|chose|chosen|picked|set) (?:the|a) (?:date|day)\b(?! for"
                        r" (?:my|the|our|a|an) (?:\w+ )?(?:session|appointment|consult\w*|wedding|surgery|move|trip|party|visit"
                        r"|call|intake|screening))"
                        r"|\b(?:ya )?(?:decidi|elegi|escogi|tengo) (?:el|la) (?:dia|fecha)\b|\b(?:pastillas|medicinas"
                        r"|medicamentos) (?:guardadas|juntadas|escondidas|listas)\b|\bto see if (?:i'd|i would|i'll|i"
                        r" will|he'd|she'd) (?:wake up|die|survive)\b"),
    _r("goodbye", r"\bwon't be (?:a problem|a burden|in (?:anyone's|your|their) way|bothering (?:anyone|you)) (?:for (?:anyone"
                  r"|anybody|you|them) )?(?:after|by|much longer|soon|any more)\b|\b(?:tell|thank) (?:whoever|everyone"
                  r"|anyone) (?:reads this|who tried)\b|\b(?:written|wrote|writing) (?:everyone|everybody|all of them"
                  r"|each of them) (?:notes|letters)\b|\b(?:i think |i feel |i know )?(?:it's|it is) time\b(?= *$)"
                  r"|\bmade sure (?:the |my )?\w+ (?:will|would|can|goes|gets) (?:go to|be taken care of|be looked after"
                  r"|be with|to)\b|\bif (?:nobody|no one|you don't|noone) (?:calls?|answers|responds|gets back|writes)\b"
                  r".{0,50}\b(?:my answer|that's it|i'll know|i'm done|it's a sign|i'll take that)\b|\bme despedi de (?:mis"
                  r"|mi|todos|todo el mundo)\b(?! (?:(?:antigu\w*|anterior|viej\w*|ex) )?(?:terapeuta|trabajo|empleo|oficina|escuela|jefe|psiquiatra|doctor|companer\w*|colegas|alumn\w*|equipo|grupo|clase))"
                  r"(?!.*\b(?:me mudo|mudanza|me voy a vivir|jubil\w*|vacaciones|viaje|intercambio|beca|me voy (?:de (?:intercambio|viaje|vacaciones)|a (?:vivir|estudiar|trabajar) (?:a|en|al)))\b)|\bno (?:creo|pienso)"
                  r" (?:que )?(?:este|estar|seguir) (?:aqui|viv[oa])\b|\bmejor (?:seria )?(?:no despertar\w*|morir\w*"
                  r"|no estar|desaparecer)\b", negatable=False),
    # --- Indirect disclosure: what people do rather than what they feel.
    _r("plan or means", r"\b(?:sitting|sat|lying|lay|standing|stood) (?:in|on|at) (?:the |my )?(?:\w+ )?(?:\w+ )?(?:with|holding)"
                        r" (?:the|a|my) (?:razor|blade|knife|pills|gun|rope|bottle|belt)\b|\b(?:work(?:ing|ed)? out|figur(?:e"
                        r"|ing|ed) out|plann?(?:ing|ed)) (?:exactly )?how\b(?= *(?:$|i'd|i would|to do it|to end|you'd do it"
                        r"|he'd|she'd))|\bhow (?:you'd|you would|he'd|she'd|he would|she would) do it\b|\b(?:sat|sitting|stood"
                        r"|standing|stopping|stop|stopped|lingering|lingered) (?:near|at|on|by) (?:the|a) (?:edge|bridge|ledge"
                        r"|overpass|platform|tracks|cliff)\b|\b(?:not eating|stopped eating|stop eating|starv\w*)\b.{0,30}"
                        r"\b(?:fade|waste away|disappear|die|won't wake|be gone)\b|\b(?:counted|counting) out (?:the |my |some"
                        r" )?\w+\b(?=.*\b(?:myself|for me|take (?:them|it|some)))|\bfor when (?:it|things) gets? (?:bad|too"
                        r" bad|worse|too much)\b|\b(?:rat poison|bleach|antifreeze|veneno|raticida|cloro|lejia|insecticida)\b"
                        r"(?=.*\b(?:bought|drink|drank|swallow\w*|took|hidden|hid|tome|tomarme|compre|escondid[oa]|tengo"
                        r"|myself|atrever)\b)|\b(?:soga|cuerda|lazo)\b(?=.*\b(?:con una|encontre|compre|tengo|colgar\w*"
                        r"|patio|cuello)\b)|\b(?:drove|driving|drive)\b.{0,40}\b(?:eyes (?:shut|closed)|no seatbelt|without"
                        r" (?:a )?seatbelt|into oncoming)\b|\b(?:drive|driving|drove|steer|crash\w*) (?:my|his|her|their|the)"
                        r" (?:car|truck|van) (?:off|into) (?:a |the )?(?:bridge|cliff|river|lake|wall|tree|traffic|road)\b"),
    _r("plan or means", r"\b(?:guns?|rifles?|pistol|firearms?|shotgun|handgun|revolver|razor|blade|knife|noose|rope|pistola"
                        r"|escopeta|arma|soga)\b",
       also=r"\b(?:(?:thought|think|thinking|thinks) about (?:it|doing it|using (?:it|them))|holding it|know why|moved it"
            r"|within reach|loaded|cargad[ao]|under (?:the|his|her|my) (?:pillow|bed)|sleeping with|debajo de la cama"
            r"|pensando en (?:hacerlo|eso|usarla)|(?:pensar|pienso|pensando) en (?:ella|el arma|la pistola|usarla|usarlo)|usarla|los sesos)\b", also_anywhere=True),
    _r("past attempt", r"\b(?:discharged|released|came home|got out)\b.{0,40}\bafter (?:swallowing|taking|an overdose"
                       r"|overdosing|trying|an attempt|cutting)\b|\b(?:swallowing|downing) (?:a (?:whole )?bottle|all|a handful"
                       r"|\d+)\b|\b(?:took|swallowed) all (?:of )?(?:my |her |his )?\w+'s (?:pills|meds|sleeping pills|\w+)\b"
                       r"|\b(?:me tome|tome|me trague|se tomo)\b.{0,30}\b(?:pastillas|frasco|cloro|veneno)\b.{0,60}\b(?:urgencias"
                       r"|emergencias|hospital|me llevaron)\b|\bme tome (?:como |unas |un |medio )?(?:\d+ pastillas|frasco)"
                       r"|\b(?:me llevaron|termine|acabe|desperte) (?:a|en) (?:urgencias|emergencias|el hospital)\b"
                       r"|\b(?:ya )?lo (?:intento|intente|intentaron)\b|\b(?:tried|trying|attempted) to (?:strangle|suffocate"
                       r"|choke) (?:myself|himself|herself|themselves)\b|\btratando de (?:colgar|matar|ahorcar|cortar)\w*"
                       r"|\bme (?:tire|avente|lance) (?:al|del|de la|a la|desde)\b(?! ?(?:la |el )?(?:piscina|alberca|pileta|cama|sofa|sillon|suelo|piso|pasto|arena|nieve|agua)\b)", past_event=True),
    _r("self-harm", rf"\b(?:until|till|til|'til) (?:they|it|i|my \w+(?: \w+)?) (?:bleed|bleeds|bled|bruise|bruised|split)\b"
                    rf"|\bpunish(?:ing|ed)? (?:myself|himself|herself)\b|\blong sleeves\b.{{0,40}}\b(?:nobody|no one|so"
                    rf" (?:nobody|no one|they don't)) (?:sees?|notices?|can see)\b|\b(?:burn|cut|scratch|hit|hurt|punch) (?:my"
                    rf"|his|her) {BODY}\b(?!.{{0,40}}\b(?:chopping|cooking|slicing|by accident|accidentally|knife slipped"
                    rf"|shaving|at work)\b).{{0,40}}\b(?:sometimes|when (?:it|things|i)|on purpose|to cope|to feel|again|every"
                    rf" (?:day|night|time))\b|\b(?:se|me) raya\w*\b|\brayar(?:se|me)\b|\bcolgar(?:me|se)\b"),
    _r("goodbye", r"\b(?:wrote|written|writing|recorded|recording|left) (?:my |the )?(?:kids|children|son|daughter|wife"
                  r"|husband|family) (?:a |some )?(?:letters?|notes?|videos?|messages?)\b|\b(?:won't|don't plan to|not going"
                  r" to|do not plan to) be a (?:bother|problem|burden) (?:much longer|for long|any more|after)\b|\b(?:won't|don't"
                  r" think i'll|will not) need (?:the|my|this) appointment\b|\bwon't be needing (?:it|them|my \w+)\b|\blife"
                  r" insurance\b.{0,40}\b(?:paid up|covers? suicide|pays out|in order|sorted|so (?:my|she|he|they))\b"
                  r"|\bwhere (?:he|she|they|my \w+)(?:'ll| will) find (?:them|it)\b|\b(?:posted|texted|sent|wrote|left|said)"
                  r" (?:a |her |his )?(?:goodbye|see you never|farewell)\b|\bsee you never\b|\b(?:i'm|im) done\b.{0,20}\bi"
                  r" love you\b|\b(?:deje|dejo|tengo|tiene) todo (?:arreglado|listo|en orden)\b|\bquien se queda con\b"
                  r"|\bsoy (?:un|una) (?:estorbo|carga|problema)\b|\b(?:me voy|irme|me iria|se va|irse) (?:para|por) siempre\b"
                  r"|\b(?:me quiero|se quiere|quiero) ir (?:de este mundo|con (?:mi|su|dios))\b|\bnadie me (?:echaria de menos"
                  r"|va a echar de menos|extranaria|va a"
                  r" extranar|extrana|notaria)\b|\bescribi (?:las|unas) cartas\b|\blo (?:voy|va) a hacer\b(?= (?:el|este|esta"
                  r"|manana|hoy|pronto))|\bready to go\b(?=.*\b(?:lord|god|sooner|whenever|not sick|just done|had enough|not ill"
                  r"|live alone)\b)|\blist[oa] para ir(?:se|me)\b(?=.*\b(?:no esta enferm|no estoy enferm|dejo de comer)\w*)|\bsooner (?:would|'d)"
                  r" (?:suit me|be (?:fine|better|good|welcome))\b", negatable=False,
       unless=r"\b(?:hospice|palliative|terminal(?:ly)? ill|memory box|remission|retir\w*|my team|coworkers|colleagues"
              r"|the force|after \d+ years|uniform|stage (?:4|iv)|me mudo|nos mudamos|mudanza|me cambio de (?:ciudad|casa|pais))\b"),
    _r("quiere morir", r"\bquitar(?:me|se|le)? la vida\b|\b(?:dormir|dormirme) para siempre\b|\bque todo se acabe\b|\bno (?:me"
                       r" deje |dejar(?:me)? |quiero |quiere )?amanecer\b|\b(?:tirar|aventar|lanzar)(?:me|se) (?:del|al|de la|a la|a las|por la"
                       r"|desde|a)\b(?! ?(?:la |el )?(?:piscina|alberca|pileta|cama|sofa|sillon|suelo|piso|pasto|arena|nieve|agua)\b)|\bvolar(?:me|se|le) los sesos\b|\bno le (?:veo|encuentro) (?:caso|sentido)\b|\bwish\w*"
                       r" (?:i|he|she|they) (?:was|were|'d be|could be|would be) (?:dead|gone|never born)\b|\bwish\w* (?:i|he|she|they)"
                       r" (?:wasn't|weren't|was not|were not) (?:alive|here|around|born)\b|\bwish\w* (?:i|he|she|they)"
                       r" (?:didn't|did not) exist\b"),
    # --- Further phrasings (means kept close, marks and wounds, leaving, Spanish).
    _r("plan or means", r"\b(?:don't|do not|can't|cannot) trust (?:myself|himself|herself) (?:around|with|near) (?:my |the |his"
                        r" |her )?(?:meds|pills|medication|medicine|gun|guns|knives|razors?|car|rope)\b|\basked (?:\w+ ){0,3}to"
                        r" (?:hold onto|keep|lock up|hide|take away) (?:my|the|his|her) (?:meds|pills|medication|gun|guns"
                        r"|knives|car keys)\b|\b(?:know|picked|chosen|found|decided on) (?:exactly )?(?:which|what|the)"
                        r" (?:overpass|train|hotel|spot|way|gun|pills|tree|building)\b(?= *(?:i'd|i would|i'll|to use|$))"
                        r"|\b(?:easier|easy) (?:to|it would be to) (?:just )?(?:drift|swerve|veer|turn the wheel|let go|jump"
                        r"|step off)\b|\b(?:belt|rope|cord|scarf|cable|sheet) around (?:my|his|her|their) neck\b"
                        r"|\b(?:compro|compre|compró|acaba de comprar|tiene|tengo) una (?:pistola|arma|escopeta)\b"
                        r"|\bhave a plan (?:in case|for if|if things)\b"),
    _r("plan or means", r"\b(?:packed|gathered|have|got) (?:everything|all|what) i need\b|\bbooked a (?:hotel|motel) (?:room)?\b",
       also=r"\b(?:not sure why i'm|don't know why i'm|why i'm (?:even )?(?:filling|writing|telling)|ready|pills|rope|note"
            r"|goodbye|tonight|one last)\b", also_anywhere=True),
    _r("self-harm", rf"\bstitch\w* (?:up )?(?:my|his|her|their) (?:wrists?|arms?|legs?|thighs?)\b|\bmake (?:them|it|myself|my"
                    rf" \w+) bleed\b|\bpunishment i deserve\b|\bdeserve (?:the )?pain\b|\b(?:cuts|scars|marks|burns|bruises)"
                    rf" all over (?:my|his|her|their) {BODY}\b|\bfresh cuts\b|\bcutting (?:a little|a bit|to (?:cope|take the"
                    rf" edge|feel|calm))\b|\b(?:the )?(?:burns|cuts) (?:last|this|from last) (?:week|night|weekend|month)\b"
                    rf"|\b(?:cortadas|cortaduras|cortes|heridas|quemaduras) (?:en|de) (?:mis|sus|los|las) (?:brazos|piernas"
                    rf"|munecas|muslos)\b|\b(?:he|ha|has|han) estado (?:cortando|lastimando)(?:me|se)?\b|\bcortando(?:me|se)?"
                    rf" otra vez\b", past_event=True),
    _r("goodbye", r"\b(?:texted|told|sent|messaged) (?:my |her |his )?(?:\w+ ){0,2}goodbye\b|\b(?:i'm )?sorry for everything\b"
                  r".{0,30}\blove (?:you|u)\b|\b(?:giv\w*|gave) (?:my|his|her|their|all (?:my|his|her)) \w+"
                  r" away\b(?!.*\b(?:moving|downsiz\w*|declutter\w*|kondo|donat\w*)\b)|\bnot being (?:around|here) (?:for|by"
                  r"|at|after)\b|\b(?:save|saved|saving) (?:so much |a lot of )?money without me\b|\b(?:don't|doesn't|do not"
                  r"|does not|not) (?:plan|expect|intend) (?:on|to) (?:be|being) (?:here|around|alive) (?:after|past|beyond"
                  r"|until|till|to see|for|by)\b|\bbecom\w* a ghost\b", negatable=False),
    _r("goodbye", r"\b(?:turned|switched) (?:his|her|their|my) phone off\b",
       also=r"\b(?:goodbye|sorry for everything|love you all|posted|texted)\b", also_anywhere=True, negatable=False),
    # --- Youth and texting phrasings.
    _r("plan or means", r"\bhow (?:high|tall|far (?:down|up))\b.{0,40}\b(?:is|are|building|bridge|garage|roof|balcony"
                        r"|floor|cliff|drop)\b|\bwent (?:up )?to the top (?:of|twice|again|floor)\b|\b(?:have|got) (?:a|the)"
                        r" (?:date|day) (?:picked|set|chosen)\b|\bdate (?:is )?(?:picked|set|chosen)\b(?= *(?:$|\.|,|after|for"
                        r" when))|\bhow many \w+ (?:it|it'd|it would) (?:take|takes)\b|\brope (?:szn|season)\b"),
    _r("self-harm", rf"\W?cat scratch(?:es)?\W? on (?:my|his|her|their) {BODY}\b|\bthere is no cat\b", past_event=True),
    _r("self-harm", r"\bsh\b",
       also=r"\b(?:again|deeper|relapse\w*|back|clean|urges?|every (?:day|night)|doing the thing)\b", also_anywhere=True,
       past_event=True),
    _r("goodbye", r"\b(?:said|say|saying|told \w+) (?:my )?(?:bye|byes) to\b|\b(?:like|as if) it (?:was|were"
                  r"|'s) the last time\b|\bfor the (?:very )?last time\b(?=.*\b(?:love|told|hug\w*|said|might be)\b)"
                  r"|\b(?:done|finished) with (?:being alive|being here|existing)\b|\blog(?:ging|ged)? off (?:permanently"
                  r"|for good|forever)\b|\b(?:not|never) respawn\b", negatable=False),
    _r("goodbye", r"\bthank(?:s| you) for everything\b|\bif (?:anything|something) (?:happens|were to happen|should happen) to"
                  r" me\b|\bdeleted (?:all )?(?:of )?my (?:socials|social media|accounts|instagram|tiktok)\b",
       also=r"\b(?:bye|goodbye|love you|last time|sorry for everything|set up|made sure|arranged|go to my|filling this"
            r" out|might be)\b", also_anywhere=True, negatable=False),
    # --- Older adults' understatement.
    _r("plan or means", r"\bstockpil\w*\b.{0,60}\b(?:pills|tablets|meds|medications?)\b|\b(?:bought|got|buying) (?:a length of"
                        r"|a coil of|some) rope\b|\b(?:hop\w*|wish\w*)\b.{0,30}\b(?:it|they|that)(?:'ll| will| would|'d) be"
                        r" enough\b|\b(?:drinking|alcohol|wine|vodka|whiskey|booze) with (?:my )?(?:pain |sleeping )?(?:pills"
                        r"|meds|tablets)\b|\bwhat (?:i'd|i would|i'll|he'd|she'd) use\b|\b(?:worked out|figured out) (?:which"
                        r"|what|the) (?:bridge|time|place|spot|day|way)\b|\beat(?:ing)? (?:my|a|his|her) (?:gun|bullet|pistol"
                        r"|shotgun)\b|\btook (?:the|his|her|my) (?:rifle|gun|pistol|shotgun) out\b|\b(?:gun|rifle|pistol"
                        r"|shotgun) by the bed\b"),
    _r("self-harm", r"\bwant (?:it|myself|me) to hurt\b|\bso it (?:hurts|won't heal)\b|\breopen\w* (?:the )?(?:same )?(?:wound"
                    r"|cuts?|scabs?)\b|\b(?:bang|banging|banged|hit|hitting|slam|slamming) (?:my|his|her) own head\b",
       past_event=True),
    _r("goodbye", r"\b(?:gave|giving|given) (?:my|her|his|all my) \w+ to (?:my|a|the|his|her) \w+\b(?!.*\b(?:moving|downsiz\w*"
                  r"|declutter\w*|kondo|donat\w*|birthday|christmas|wedding)\b)|\bpolicy pays out\b|\bbetter off with the"
                  r" (?:life )?insurance\b|\b(?:don't|do not) expect to need (?:appointments|it|them|this|anything) for long\b"
                  r"|\bleft instructions (?:for|about)\b|\b(?:thank you and goodbye|goodbye from me)\b|\bi'll be with \w+"
                  r" (?:soon enough|again soon|in heaven)\b|\b(?:it'll|it will) (?:all )?be over (?:for (?:them|everyone"
                  r"|you) )?soon\b|\bwon't see (?:the new year|christmas|another (?:year|birthday|christmas)|next (?:year"
                  r"|month|week|spring|summer))\b|\b(?:i've|he's|she's|i have|he has|she has) had enough\b(?= *(?:$|of"
                  r" (?:life|living|it all)|and|\.))|\b(?:not|won't|not going to) be (?:here|around|alive) (?:much longer"
                  r"|for long)\b|\bcanse de (?:vivir|la vida)\b|\bno me deje (?:despertar|amanecer)\b", negatable=False,
       unless=r"\b(?:hospice|palliative|terminal(?:ly)? ill|stage (?:4|iv))\b"),
    _r("ready to go", r"\bready to (?:go|die)\b|\blist[oa] para ir(?:se|me)\b",
       also=r"\b(?:not sick|just done|had enough|not ill|live alone|lives alone|lord|god|sooner|whenever|gave|giving"
            r"|in order|no esta enferm\w*|dejo de comer|stopped eating|dios|diosito|el senor|ya no aguanto|ya no puedo)\b",
       also_anywhere=True, negatable=False,
       unless=r"\b(?:hospice|palliative|terminal(?:ly)? ill|stage (?:4|iv)|dying of|cancer has spread|paliativ\w*"
              r"|hospicio|terminal|cancer avanzado)\b"),
    _r("wants to die", r"\b(?:drowning|sinking)\b.{0,30}\b(?:rather|just|want to) (?:just )?(?:sink|drown|let go|go under)\b"
                       r"|\b(?:prefiero|quiero) (?:hundirme|dejarme hundir|ahogarme)\b|\b(?:go to sleep|sleep|fall asleep|dormir"
                       r"(?:me)?)\b.{0,40}\b(?:and |y )?(?:not|never|no|nunca) (?:come back|wake up|waking up|despertar\w*"
                       r"|volver a despertar\w*|amanecer)\b|\bno volver a despertar\w*"
                       r"|\blights (?:are )?going out for good\b"),
    _r("plan or means", r"\b(?:know|decided|figured out) where (?:i'll|i will|i'd|i would) go\b",
       also=r"\b(?:i'm done|written everything down|wrote everything down|goodbye|after rent|not sure why)\b",
       also_anywhere=True),
    _r("autolesion", r"\bme lastime\b|\bme (?:volvi a )?corte otra vez\b|\bcon una (?:navaja|cuchilla|gillette|hoja de"
                     r" afeitar)\b", past_event=True),
    _r("plan or means", r"\bhow easy it (?:would|could|'d) be\b",
       also=r"\b(?:bridge|wheel|pills|jump|edge|train|tracks|cliff|gun|rope|overpass|drive|driving)\b", also_anywhere=True),
    # --- Spanish, any subject (accents removed by normalise()).
    _r("quiere morir", r"\b(?:me quiero|se quiere|te quieres|nos queremos|quiero|quiere|quisiera|queria|deseo|desea|ganas de"
                       r"|pienso en|pense en|pensado en|pensando en|voy a|va a|intente|intento|trate de|trato de"
                       r"|planeo|estoy planeando|pensamientos de) (?:morir(?:me|se)?|matar(?:me|se)|quitar(?:me|se) la vida"
                       rf"|desaparecer(?: para siempre)?{NOT_A_BREAK}|dejar de existir|no despertar|acabar con (?:todo|mi vida"
                       r"|su vida)|suicidar(?:me|se)|colgar(?:me|se)|tirar(?:me|se)|hacer(?:me|se) dano|lastimar(?:me|se)"
                       r"|ahorcar(?:me|se))\b"),
    _r("quiere morir", r"\bme (?:quiero|voy a) (?:morir|matar)\b|\bse (?:quiere|va a) (?:morir|matar)\b"
                       r"|\bquitar(?:me|se|le) la vida\b|\bacabar con mi vida\b|\bmorirme\b|\bmatarme\b"
                       r"|\bahorcar(?:me|se)\b|\bojala\b.{0,30}\b(?:no despi?ert\w*|no amane[cz]\w*|muriera|me muera|me muriera|no existiera"
                       r"|desapareciera|no estar|estar muert[oa])\b|\b(?:mejor|quisiera|quiero|preferiria)\b.{0,20}\bestar"
                       r" muert[oa]s?\b"),
    _r("no quiere vivir", r"\b(?:ya )?no (?:quiero|quiere|tengo ganas de|le veo sentido a) (?:seguir )?(?:vivir"
                          r"|viviendo|estar aqui|existir|despertar)\b(?! (?:con (?:esta|este|el|la|mi|tanta|tanto|estos|estas) \w+|en (?:esta|este|otra|otro|el|la|mi) \w+|lejos|cerca|sol[oa] con|de (?:esta|este|la|el) \w+))|\bno (?:vale|tiene sentido) (?:la pena )?"
                          r"(?:vivir|seguir)\b|\bno aguanto mas\b(?! (?:el|la|los|las|mi trabajo|a mi jefe|el trafico))"
                          r"|\bya no aguanta mas\b(?= *(?:$|,|\.|y\b|con (?:esta|su) vida))"
                          r"|\b(?:cansad[oa]|harta?o?|hastiad[oa]|fastidiad[oa]|aburrid[oa]|(?:me )?(?:harte|canse|hastie|aburri|fastidie))"
                          r" de (?:vivir|la vida|existir|estar viva?o?|seguir viv[oa]|respirar)\b(?! (?:en|con|social|laboral"
                          r"|nocturna|urbana|diaria|de (?:ciudad|oficina|pueblo))\b)", negatable=False),
    _r("mejor sin mi", r"\b(?:mas )?(?:tranquil[oa]s?|feliz|en paz|liger[oa]s?|aliviad[oa]s?) sin mi\b"
                       r"|\b(?:mejor|mas felices|mejor para todos|mejor para mi familia) (?:sin mi|si (?:yo )?no "
                       r"(?:estuviera|existiera|viviera|estoy)|si (?:yo )?(?:me muero|muriera|desapareciera))\b",
       negatable=False),
    _r("autolesion", r"(?<!se )\b(?:me corto|me corte|cortarme|me cortaba|se corta|se corto|se esta cortando|me estoy cortando"
                     r"|cortandose|(?:cortando|quemando|golpeando|rayando|lastimando|pegando)(?:me|se)|me lastimo|lastimarme|me hago dano|hacerme dano|se hace dano|me quemo|quemarme|me golpeo"
                     r"|lastimando(?:me|se)?|me he estado lastimando|me pego|pegarme|me rasguno|rasgunarme|me arano"
                     r"|aranarme)\b(?! (?:(?:el|las?) (?:pelo|cabello|unas|dedo|flequillo|barba)|(?:el|la|las|los)"
                     r" (?:rodilla|dedo|mano|pie|labio|frente|cabeza)|(?:el|mi|un|una|la) (?:gat[oa]|perr[oa]|gatito|perrito)|jugando|cocinando|sin querer|por accidente|con (?:el|un|una|la)"
                     r" (?:papel|hoja|lata|abrelatas|cuchillo de (?:la )?cocina)|con (?:el|un|una|la) \w+ (?:cocinando|picando|pelando"
                     r"|en la cocina|sin querer|por accidente|arreglando)|picando|pelando|afeitando\w*|rasurando\w*"
                     r"|(?:la|el) (?:llamada|luz|agua|senal|internet|conexion|leche|comunicacion))\b)", past_event=True),
    _r("plan or means", r"\b(?:juntando|guardando|acumulando|junte|guarde) (?:las |mis |unas |sus )?(?:pastillas|medicinas"
                        r"|medicamentos)\b"),
    # --- Spanish, by family (any subject; usted, tú and text-speak alike).
    _r("quiere morir", rf"\b{WANT_ES} (?:(?:un poco|mucho|mas|seriamente|ya|de verdad|otra vez|en serio) )?{DIE_ES}\b"),
    # Clitic before the verb: "me quiero cortar", "se va a matar", "me volví a cortar".
    # ("Me va a matar" is someone else, "mi jefe me va a matar": not counted.)
    _r("quiere morir", r"\b(?:me (?:quiero|queria|quisiera|voy a|iba a|pienso|estoy pensando en|dan ganas de|daban ganas de"
                       r"|intente|trate de|volvi a|he vuelto a|vuelvo a)|se (?:quiere|queria|quisiera|va a|iba a"
                       r"|piensa|esta pensando en|intento|trato de|volvio a|ha vuelto a|vuelve a)|te (?:quieres"
                       r"|querias|vas a|ibas a|volviste a|has vuelto a)) (?:morir|matar|suicidar|quitar la"
                       r" vida|colgar|ahorcar|lastimar|hacer dano|pegar un tiro|volar la cabeza|cortar|quemar|golpear|rayar"
                       r"|(?:tirar|aventar|lanzar) (?:de|del|desde|a las vias|al metro|al tren|al vacio|al rio|al canal|al barranco"
                       r"|al precipicio|al lago|al pozo|al abismo|por la ventana|por el balcon)"
                       r"|ahogar(?! en (?:un vaso|deudas|trabajo|pendientes|tareas)))\b"
                       r"(?! (?:el|la|los|las) (?:pelo|cabello|flequillo|fleco|barba|bigote|unas|puntas|melena|dedo|mano)\b"
                       r"| a (?:mi|mis|su|sus|alguien|todos|nadie|la|el|los|las|ese|esa|este|esta)\b| (?:en|con) el sol| en la playa| de (?:hambre|risa|sueno|calor|frio|verguenza|ganas|miedo|pena"
                       r"|aburrimiento|nervios|cansancio|envidia|sed)| (?:trabajando|estudiando|a trabajar))"),
    _r("quiere morir", r"\b(?:me|se) (?:puedo|podria|puede) (?:matar|suicidar|quitar la vida)\b"),
    _r("no quiere vivir", r"\b(?:ya )?(?:no|tampoco|no se si|ni se si|no estoy segur[oa] de(?: si)?) (?:quiero|quiere|quieren|tengo ganas de|tiene ganas de|me dan ganas de|le (?:veo|ve|ves|vemos)"
                          r" sentido a|le (?:encuentro|encuentra) sentido a) (?:seguir (?:viv[oa]s?|viviendo|con vida|en (?:esta vida|este mundo)|aqui"
                          r"|existiendo)|estar viv[oa]|seguir(?= *(?:$|,|\.|ya\b))|vivir|existir|(?:estar|seguir) en este mundo)\b(?! (?:con (?:esta|este|el|la|mi|tanta|tanto|estos|estas) \w+|en (?:esta|este|otra|otro|el|la|mi) \w+|lejos|cerca|sol[oa] con|de (?:esta|este|la|el) \w+))"
                          r"|\b(?:me|le|nos) da (?:igual|lo mismo) (?:si )?(?:vivir|vivo|vive) o (?:morir|muero|muere)\b"
                          r"|\bya (?:vivi|vivio|he vivido|ha vivido) (?:lo )?(?:suficiente|bastante|demasiado|lo que"
                          r" (?:tenia|tengo) que vivir)\b|\bno le (?:veo|encuentro) (?:salida|sentido) a nada\b"
                          r"|\bno (?:tengo|tiene) (?:para que|por que|por quien|razon(?:es)? para|motivos? para) vivir\b"
                          r"|\b(?:nada|nadie) por (?:lo |quien )?que vivir\b", negatable=False),
    _r("desea estar muerto", OWN_DEATH_ES, also=ACCEPTS_ES, negatable=False),
    _r("desea estar muerto", r"\b(?:estaria|estarias|estaria yo|seria|estaba|estoy|estar|estariamos|estarian) mejor"
                             r" muert[oa]s?\b(?! que sencill)|\b(?:seria|es|sera) (?:mas facil|mejor|un alivio|un descanso)"
                             r" (?:simplemente )?(?:no (?:volver a )?despertar|morir(?:me)?|desaparecer|no estar|no existir"
                             r"|dejar de existir)\b|\bojala\b.{0,50}\b(?:me (?:atropell|choqu|mat|llev|pas|muer|de un)\w*"
                             r"|se me (?:atraviese|atravesara|cruce|cruzara)|no (?:despert|despiert|amanec|amanez)\w*)"
                             r"|\b(?:pido|pide|pedia|pidio|pedi|pidiendo|rezo|reza|rezando|ruego|ruega|rogando|le pido|le ruego)\b.{0,15}\b(?:dios|diosito|(?:el|al) senor"
                             r"|la virgen)\b.{0,40}\bque (?:ya )?(?:me|se (?:la|lo)|nos) (?:recoja|recogiera|lleve|llevara"
                             r"|llame|llamara)\b(?! (?:de la mano|con bien|por buen))"
                             rf"|\b(?:lo )?(?:mejor|mas facil) (?:seria|es|sera) (?:simplemente )?{DIE_ES}"
                             r"|\b(?:lo )?(?:mejor|mas facil) (?:seria|es|sera) (?:simplemente )?(?:no (?:volver a )?despertar"
                             r"|morir(?:me)?|desaparecer|no estar|no existir|dejar de existir|estar muert[oa])\b"
                             r"|\b(?:que|ojala|pido|pidio|pedi|le pido|quisiera|rezo para que|rezo por que)\b.{0,20}\b(?:dios|diosito"
                             r"|el senor|mi senor|la virgen|papa dios|el de arriba) (?:ya )?(?:me|se (?:la|lo)|nos)"
                             r" (?:recoja|recogiera|lleve|llevara|llame|llamara|recoge|lleva|llevase)\b(?! (?:de la mano|con bien"
                             r"|por buen))|\bque (?:todo|mi vida) (?:se )?(?:acab|termin)\w*\b(?! bien)"
                             r"|\b(?:quisiera|ojala|desearia|preferiria|hubiera preferido)\b.{0,15}\b(?:no haber nacido"
                             r"|nunca (?:haber|hubiera) nacido)\b|\bque esto (?:se )?(?:acab"
                             r"|termin)\w* (?:para siempre|de una vez|como sea|ya)\b"),
    _r("autolesion", r"\b(?:me|se|te) (?:doy|da|daba|di|dio|das|pego|pega|pegaba) (?:de )?(?:golpes|punetazos|cachetadas"
                     r"|bofetadas|cabezazos|trancazos|madrazos)\b|\b(?:golpeo|golpea|golpeaba|golpeando|pego|pega|pegaba|pegando"
                     r"|azoto|azota|azotaba|doy|da|daba|dando) (?:la|mi|su) cabeza contra\b|\bhasta (?:que )?(?:me |le |se )?"
                     r"(?:sangr\w*|salga sangre|sale sangre|hacer(?:me|se)? sangrar)\b|\b(?:me|se|te) (?:hago|hace|haces|hacia"
                     r"|hice|hizo) (?:\w+ )?(?:heridas|cortes|cortadas|cortaditas|quemaduras|moretones|rasgunos|marcas)\b"
                     r"|\b(?:hacer(?:me|se)) (?:heridas|cortes|cortadas|quemaduras|moretones)\b|\b(?:quem\w*|cort\w*)\b.{0,30}"
                     r"\bcon (?:cigarr\w*|el cigarro|un encendedor|el encendedor|encendedor|mechero|navaja|cuchilla|gillette"
                     r"|sacapuntas|vidrios?|tijeras)\b(?!.{0,20}\b(?:sin querer|por accidente|cocinando)\b)", past_event=True),
    _r("plan or means", rf"\b(?:juntando|guardando|acumulando|escondiendo|ahorrando|junte|guarde|escondi|acumule|he juntado"
                        rf"|he guardado|ha juntado|ha guardado|(?:tengo|tiene) (?:guardad|escondid|juntad|acumulad)\w+)"
                        rf" (?:\w+ ){{0,2}}{MEDS_ES}\b|\b{MEDS_ES} (?:\w+ ){{0,2}}(?:escondid|juntad|acumulad|ahorrad)[oa]s?\b|\b(?:tome|tomo|tomaste|trague|trago|me tome|se tomo|me trague"
                        rf"|se trago)\b.{{0,25}}\b{MEDS_ES} de mas\b|\b(?:tomar\w*|tome|tomo|me tome|se tomo|trag\w*|me trague"
                        rf"|se trago)\b.{{0,20}}\b(?:todas|un frasco|muchas|un monton de|una caja|un punado|varias cajas|un"
                        rf" blister|un bote|todo el frasco)\b.{{0,15}}\b{MEDS_ES}\b(?! de (?:vitamin|hierro|calcio|antibiotic|omega"
                        rf"|magnesio|probiotic|zinc)\w*)|\bcuant[oa]s?\b.{{0,50}}\bpara (?:no"
                        rf" (?:volver a )?despertar|morir|matar\w*|que sea suficiente)\b|\bpara (?:no (?:volver a )?despertar(?:me)?"
                        rf"|no amanecer|morir(?:me)?|matarme|quitarme la vida|acabar con todo|no tener que (?:volver a )?despertar(?:me)?)\b"
                        rf"(?! (?:dignamente|en paz|en mi casa))",
       unless=r"\b(?:paliativ\w*|hospicio|enferm[oa] terminal|cancer terminal|eutanasia)\b"),
    _r("plan or means", r"\b(?:tengo|tiene|hay) (?:un|el) plan\b(?= *(?:$|y|para (?:hacerlo|matar|morir|quitar|acabar)))"
                        r"|\b(?:tengo|tiene) los medios\b(?! (?:para (?:pagar|costear|venir|viajar|llegar|cubrir|el|la|los|las|un|una"
                        r"|mi|su)|economicos))|\b(?:ya )?(?:se|sabe|tengo claro|tiene claro|tengo pensado) (?:como"
                        r"|cuando|donde|con que) (?:lo (?:voy|va) a hacer|hacerlo|lo haria|lo hare|lo haria)\b"
                        r"|\bque (?:alguien )?me (?:detenga|detengan|pare|paren)\b"
                        r"|\b(?:compre|compro|consegui|consiguio|escondi|escondio|escondida|colgada|ya tengo|ya tiene) (?:una |la"
                        r" |un |el )?(?:cuerda|soga|lazo|pistola|arma|escopeta|veneno)\b(?! para (?:tender|la ropa|escalar|saltar"
                        r"|el perro|el columpio|amarrar|atar|la mudanza|el barco|acampar|las ratas|las cucarachas|la casa|el jardin"
                        r"|cazar|el trabajo))|\b(?:me pare|parad[oa]|sentad[oa]|me sente|me quede|me asome|asomad[oa]|subi|estuve|estaba)"
                        r" (?:\w+ ){0,3}(?:en|a|sobre) (?:la|el) (?:orilla|borde|barandal|baranda|cornisa|filo) de(?:l| la)?"
                        r" (?:puente|edificio|azotea|techo|balcon|barranco|acantilado|precipicio|vias|anden|terraza)\b"
                        rf"|\b(?:encerr\w*)\b.{{0,40}}\bcon (?:las|unas|sus|mis|un|el|la|una) (?:{MEDS_ES}|frasco|cuchillo|navaja"
                        r"|cuchilla|pistola|arma|soga|cuerda|veneno)\b"
                        r"|\b(?:con|tenia|tuve|agarre|sostuve|sostenia|agarrando|sosteniendo) (?:el|un|la|una"
                        r"|las|mis|los|su) (?:cuchillo|navaja|cuchilla|pistola|arma|revolver|soga|cuerda|frasco|veneno)\b.{0,25}"
                        r"\b(?:en la mano|contra (?:mi|el|la)|en el cuello|en la cabeza|en la sien|en la boca|en (?:la|las|su|sus|mi|mis) munecas?|en el brazo"
                        r"|y pense)\b(?!.{0,30}\b(?:picando|cocinando|cortando (?:la|el|las|los|verdura|carne|cebolla))\b)"),
    _r("plan or means", r"\b(?:puente|edificio|azotea|techo|balcon|barranco|acantilado|precipicio|vias del tren|vias|metro"
                        r"|tren|terraza|piso \d+|\d+o? pisos?|(?:primer|segundo|tercer|cuarto|quinto|sexto|septimo|octavo|noveno"
                        r"|decimo|ultimo) piso)\b",
       also=r"\b(?:tirar(?:me|se)|aventar(?:me|se)|lanzar(?:me|se)|saltar|brincar|(?:me|se) (?:voy a |iba a |va a )?(?:tirar"
            r"|aventar|lanzar)|(?:me|se) (?:tiro|tire|avente|lance|tiraria|aventaria|lanzaria))\b",
       unless=r"\b(?:bungee|puenting|paracaidas|trampolin|clavados?|tirolesa|parapente|piscina|alberca)\b"),
    _r("intento reciente", r"\blava\w* (?:de |el )?estomago\b|\b(?:mi|su|el) (?:ultimo|primer|segundo|tercer|cuarto|otro"
                           r"|anterior|reciente) intento\b(?! de (?:dejar|bajar|conseguir|hacer|llamar|sacar|aprender|entrar"
                           r"|contactar|volver|pedir|tener|quedar|embaraz\w*|dieta))|\bintentos? de (?:suicidio|quitar\w* la vida"
                           r"|matar(?:me|se))\b|\bse (?:intento|quiso) (?:matar|suicidar|quitar la vida|ahorcar|colgar)\b",
       past_event=True),
    # --- Spanish farewells, burden, arrangements.
    _r("despedida", r"\b(?:despid\w*|despedir\w*) de (?:todos|todo el mundo|mi familia|su familia|mis \w+|sus \w+|la gente"
                    r"|las personas|mi gente|ustedes|ti|todas)\b|\b(?:para|quiero|queria|vengo a|solo) despedirme\b"
                    r"|\bcomo (?:si )?(?:se )?(?:despidiendo\w*|despidiera\w*|despidiendome)\b|\b(?:sonaba|suena) a despedida\b"
                    r"|\bcomo (?:una )?despedida\b|\b(?:mensajes?|audios?|cartas?|notas?|videos?|textos?) de despedida\b"
                    r"|\b(?:le|les) (?:deje|escribi|dejo|escribo) (?:una |unas |la |las )?(?:cartas?|notas?)\b",
       negatable=False,
       unless=r"\b(?:mudanza|me mudo|se muda|nos mudamos|viaje|me voy a vivir|jubil\w*|vacaciones|intercambio|fiesta|boda"
              r"|graduacion|aeropuerto|cumpleanos|aniversario|navidad|dia de las madres|dia del padre|terapeuta|consultorio"
              r"|trabajo nuevo|nuevo trabajo|renuncie|hospicio|paliativ\w*)\b"),
    _r("despedida", r"\bya (?:le |les )?(?:regale|regalo|he regalado|ha regalado|regalamos) (?:todas |todos )?(?:mis|sus|mi|su)"
                    r" \w+|\b(?:regal\w*|repart\w*) (?:todas |todos )?(?:mis|sus) (?:cosas|pertenencias|libros|discos|joyas"
                    r"|ropa|herramientas|mascotas|ahorros)\b|\bregal\w* (?:mi|su) \w+(?: \w+)? y (?:mis|sus|mi|su)\b"
                    r"|\b(?:ya )?no (?:las|los|la|lo) (?:voy|va) a necesitar\b"
                    r"|\b(?:hice|he hecho|termine|arregle|actualice|redacte|firme|hizo|ha hecho) (?:mi|su|el) testamento\b"
                    r"|\b(?:ya )?no me queda (?:ningun|nada) pendiente\b|\b(?:arregle|puse en orden|ordene|cerre|cancele)"
                    r" (?:todos )?(?:mis|sus) (?:asuntos|papeles|pendientes|cuentas|tarjetas)\b", negatable=False,
       unless=r"\b(?:mudanza|me mudo|se muda|nos mudamos|cumpleanos|navidad|reyes|boda|aniversario|les? queda(?:n)?"
              r" (?:chic|grande)\w*"
              r"|ya no (?:me|le) queda(?:n)? (?:chic|grande|bien)\w*|don\w*|cirug\w*|oper\w*|interven\w*|bebe|nacio|viaje|herencia de|notari\w*)\b"),
    _r("carga", r"\b(?:soy|he sido|siempre he sido|me siento|solo soy|nada mas soy|nomas soy|sere|es|ha sido) (?:solo )?(?:una"
                r"|un) (?:carga|estorbo|molestia|lastre|peso muerto|problema) (?:para|a) (?:todos|mi familia|ellos|mis \w+"
                r"|los demas|todo el mundo|su familia|sus \w+)\b|\bestorbo (?:en todos lados|en todas partes|a todos|a todo el mundo|aqui)\b"
                r"|\b(?:solo|nada mas|nomas|ya solo) (?:estorbo|doy"
                r" problemas|soy un gasto)\b|\bpronto (?:ya )?no (?:lo sere|sere (?:una|un) \w+|voy a (?:estar|molestar|estorbar"
                r"|ser (?:una|un) \w+)|estare|molestare|les voy a (?:molestar|estorbar))\b|\b(?:ya )?no (?:voy a|les voy a)"
                r" (?:molestar|estorbar) (?:mucho tiempo|por mucho|mucho mas)\b|\b(?:dice|dijo|cree|piensa|siente|repite"
                r"|me dice|nos dice) que (?:\w+ ){0,3}(?:estariamos|estarian|estaria|seriamos|serian|vivirian|viviriamos)"
                r" (?:\w+ )?(?:mejor|mas felices|mas tranquil\w+) sin (?:el|ella)\b|\b(?:mejor|alivio|mas facil|mas felices"
                r"|tranquil[oa]s)\b.{0,30}\b(?:sin mi|(?:si|que) (?:yo )?(?:ya )?no (?:estuviera|existiera|viviera))\b",
       negatable=False),
    _r("despedida", r"\b(?:que alguien|alguien|quien|ustedes) (?:se )?(?:encargue|haga cargo|ocupe|cuide|cuiden|quede con"
                    r"|queda con)\w* (?:de )?(?:a )?(?:mi|mis) \w+",
       also=r"\b(?:si no contesto|si no respondo|si me pasa algo|cuando (?:ya )?no este|por si no|cuando me vaya|si ya no"
            r" estoy|despu[e]s de que me vaya)\b", also_anywhere=True, negatable=False),
    _r("plan or means", r"\b(?:el|este|esta|el proximo|la proxima|manana|hoy|esta noche|pasado manana) (?:\w+ )?lo"
                        r" (?:hago|hare|voy a hacer|va a hacer|hace|hara)\b|\blo (?:hago|hare|voy a hacer|va a hacer|hara)"
                        r" (?:el|este|esta|manana|hoy|esta noche|pasado manana)\b",
       also=r"\b(?:decidid[oa]|ya no (?:aguanto|puedo)|despedi\w*|adios|perdon|no hay vuelta atras|no me busquen"
            r"|pastillas|soga|cuerda|pistola|puente)\b", also_anywhere=True),
    _r("despedida", r"\b(?:perdon|perdoname|perdonenme|lo siento|disculpen) por todo\b.{0,40}\b(?:los|las|te|les)"
                    r" (?:quiero|amo)\b|\b(?:dejo|deje|dejaron|encontre|encontramos|escribio|escribi) (?:una|la|su|mi)"
                    r" (?:nota|carta)\b(?=.*\b(?:ya no (?:aguant|pued|quier)\w*|despedi\w*|perdon|no contesta|no responde"
                    r"|no aparece|adios|los quiero|lo siento)\b)", negatable=False),
    # "He may do something": Spanish euphemisms for an attempt, with fear or intent.
    _r("quiere morir", r"\b(?:miedo (?:de|a)|temo|me preocupa|capaz de|tentad[oa] de|ganas de) (?:que )?(?:\w+ )?(?:se |me )?"
                       r"(?:haga|hacer(?:me|se)?|cometa|cometer|vaya a hacer) (?:algo|una locura|una tonteria|una estupidez"
                       r"|dano)\b|\bno (?:pienso|voy a) hacer(?:me|se)? nada (?:hoy|esta noche|ahora|por ahora|todavia)\b"
                       r"|\bno (?:me|se) (?:voy|va) a hacer nada (?:hoy|esta noche|ahora|por ahora|todavia)\b", negatable=False),
    _r("quiere morir", r"\b(?:pienso|pensando|pense|piensa)\b.{0,15}\ben como (?:seria|lo haria|hacerlo|seria hacerlo"
                       r"|lo hare)\b", also=r"\b(?:suicid\w*|matar\w*|morir\w*|quitar\w* la vida|hacerme dano)\b",
       also_anywhere=True),
    # --- Spanish, a second round: euphemisms, means without the word, recent attempts, slang.
    _r("no quiere vivir", r"\b(?:no|ni|sin) (?:quiero |quiere |tengo ganas de |le (?:hallo|encuentro|veo) sentido a )?(?:a )?seguir"
                          r" respirando\b|\bno (?:le )?(?:hallo|encuentro|veo|halla|encuentra|ve) (?:ni )?(?:sentido|chiste|caso"
                          r"|gracia|razon) (?:a|de) (?:la vida|vivir|seguir viv\w*|estar viv[oa])\b|\bno querer (?:despertar\w*"
                          r"|amanecer|vivir|seguir viviendo|existir)(?: mas)?\b|\bpara que (?:sigo|seguir|sigue|vivo|vivir|existo"
                          r"|existir|come|como)(?: aqui| viv[oa]| en este mundo| viviendo)?(?= *(?:$|,|si\b|aqui\b|que\b))"
                          r"|\baqui ya no (?:tengo|tiene) nada que hacer\b|\bya (?:cumpli|cumplio|he cumplido|ha cumplido) (?:mi|su)"
                          r" (?:tiempo|ciclo|mision|parte) (?:aqui|en este mundo|en la tierra)\b|\b(?:estaria|estariamos|estaria yo"
                          r"|estar|quisiera estar|quiero estar|prefiero estar|preferiria estar|mejor)\b.{0,30}\b(?:en el (?:panteon"
                          r"|cementerio|camposanto|cajon|ataud)|bajo tierra|en una caja|tres metros bajo)\b", negatable=False),
    _r("carga", r"\b(?:sobro|estoy de mas|esta de mas|salgo sobrando|sale sobrando|(?:estoy|esta|salgo|sale) de sobra)\b(?= *(?:$|en (?:este mundo|esta"
                r" casa|esta familia|todos lados|la vida|todas partes)|aqui\b|para (?:todos|mi familia|su familia)))"
                r"|\bno (?:le )?sirvo (?:a nadie|de nada a nadie)\b|\b(?:pronto|ya) no (?:me|lo|la) (?:van|vas|va) a (?:tener que )?"
                r"(?:aguantar|soportar|cargar|mantener)\b|\b(?:la )?(?:unica|mejor) (?:salida|solucion|opcion)\b.{0,60}\b(?:(?:que|si)"
                r" (?:yo )?(?:ya )?no (?:este|estuviera|exista|existiera)|morir\w*|matar\w*|desaparec\w*|quitarme)\b",
       negatable=False),
    _r("despedida", r"\b(?:esto|este mensaje|mi mensaje|es) (?:\w+ ){0,2}una despedida\b|\bno creo (?:que )?(?:llegue|llegar"
                    r"|alcanzar|alcance) (?:a|hasta) (?:la (?:fecha|cita|consulta|proxima)|el dia de la cita|fin de mes|navidad"
                    r"|ano nuevo|mi cumpleanos)\b(?! a tiempo| puntual| temprano)|\b(?:decidid[oa]|decidi) que (?:ya )?no (?:llego"
                    r"|llegare|paso|voy a (?:llegar|pasar)) (?:a|de)\b|\bya no (?:voy a|vaya a) estar\b(?= *(?:$|,|aqui|para"
                    r" (?:entonces|esa fecha|la cita)|cuando))|\b(?:es )?la ultima (?:molestia|vez) que (?:les? |te )?(?:voy a|vaya"
                    r" a) (?:dar|causar|molestar)\b|\bla ultima que (?:les? |te )?(?:voy a|vaya a) (?:dar|causar)\b"
                    r"|\b(?:mensaje|audio|video|nota|carta|texto)s? (?:\w+ ){0,3}despidiendo(?:se|me)\b"
                    r"|\b(?:poner(?:le)?|pondre|pongo|puse|puso|ponga) (?:un )?(?:punto )?final a (?:mi|su) vida\b",
       negatable=False,
       unless=r"\b(?:mudanza|me mudo|nos mudamos|me voy a vivir|vacaciones|viaje|jubil\w*|hospicio|paliativ\w*|fuera de la"
              r" ciudad|de viaje)\b"),
    _r("despedida", r"\b(?:(?:le|les) )?encargu?\w* (?:a )?(?:mi|mis) \w+|\b(?:deje|dejo) (?:arreglad[oa]s|en orden|listos?|listas?)"
                    r" (?:los|mis|todos|las) (?:papeles|asuntos|pendientes|cuentas|documentos)\b|\b(?:una|la|unas|las) (?:carta|nota"
                    r"|cartas|notas) (?:para|a) (?:mi|mis|su|sus) \w+",
       also=r"\b(?:si no contesto|si no respondo|si me pasa algo|por si me pasa algo|cuando (?:yo )?(?:ya )?no este|ahi esta todo"
            r"|despedi\w*|perdon|ya no (?:aguant|pued)\w*|lo que me va a pasar|no hay vuelta atras)\b", also_anywhere=True,
       negatable=False),
    _r("despedida", r"\bcuando (?:yo )?ya no (?:este|estuviera)\b",
       also=r"\b(?:perdon|carta|nota|cuide|cuiden|cuidar|encarg\w*|despedi\w*)\b", also_anywhere=True, negatable=False,
       unless=r"\b(?:testamento|notari\w*|herencia|seguro de vida|vacaciones|viaje|me mudo)\b"),
    _r("quiere morir", r"\b(?:no hay|sin) vuelta atras\b", also=r"\b(?:carta|nota|despedi\w*|pastillas|soga|cuerda|perdon)\b",
       also_anywhere=True, negatable=False),
    _r("quiere morir", r"\bya ni (?:\w+ ){0,3}me (?:detiene|detienen|detenian|detenia|frenan|frena|frenaban|frenaba|atan|ata"
                       r"|retienen|retiene)\b|\blo unico que me (?:detiene|mantiene (?:aqui|viv[oa]|con vida)|ata (?:aqui|a la vida)"
                       r"|frena|retiene)\b|\b(?:si no|o si no|sino)\b,? (?:\w+ ){0,2}lo (?:voy a hacer|hago|hare) yo\b"
                       r"|\b(?:le )?(?:dije|digo|pedi|suplico|suplique) a (?:dios|diosito|el senor|la virgen)\b.{0,50}\bque (?:ya )?me"
                       r" (?:lleve|recoja|llame)\b(?! (?:con bien|de la mano|por buen|a (?:casa|salvo)|bien))", negatable=False),
    _r("quiere morir", r"\b(?:lo )?(?:bonito|lindo|rico|padre|tranquilo|facil|bueno|comodo|hermoso|sabroso|chido|bien|genial) que"
                       r" seria (?:no (?:volver a )?despertar(?:me)?|no amanecer|morir(?:me)?|dormirme para siempre|desaparecer"
                       r"|no existir|dejar de existir|estar muert[oa]|no estar)\b|\bojala\b.{0,50}\b(?:me (?:diera|de) (?:un|una"
                       r"|algo)|se acab\w* (?:esto|todo|mi vida))\b"),
    _r("plan or means", r"\b(?:carbon|anafre|brasero|motor (?:prendido|encendido|andando|en marcha)|manguera (?:del|al) escape"
                        r"|(?:las )?llaves del gas abiertas|gas abierto)\b",
       also=r"\b(?:sell\w*|cinta|encerr\w*|cochera|garaje|cuarto cerrado|puerta|ventanas?|animarme)\b", also_anywhere=True,
       unless=r"\b(?:asado|asador|parrilla|carne asada|barbacoa|carnitas|tamales|cocinar|cocina|comal|elotes)\b"),
    _r("plan or means", r"\b(?:calcul\w*|mid\w*|medir)\b.{0,30}\b(?:la altura|la caida|cuantos pisos)\b.{0,30}\b(?:azotea|puente"
                        r"|edificio|balcon|techo|alcanza|basta|suficiente|mortal)\b|\b(?:si|que) (?:la )?(?:altura|caida)"
                        r" (?:alcanza|basta|es suficiente)\b|\b(?:escog|elegi|eleg|decid)\w*\b.{0,10}\b(?:el|la) (?:puente|edificio"
                        r"|viga|arbol|metodo|azotea|vias|rama)\b(?! (?:de|del) (?:diciembre|enero|mayo|noviembre|marzo|abril"
                        r"|octubre|agosto|fin|semana santa|muertos|navidad)| largo| vacacional| festivo| de la (?:revolucion"
                        r"|independencia)| para (?:viajar|descansar|ir|salir))|\b(?:se|sabe|tengo|tiene) (?:de|desde|en) (?:que|cual) (?:viga|arbol"
                        r"|rama|puente|edificio|piso|balcon)\b|\b(?:tengo|tiene) (?:una|la|un|el) (?:soga|cuerda|lazo|mecate)\b.{0,40}"
                        r"\b(?:garaje|cochera|cuarto|viga|arbol|closet|armario|cuello|escondid\w*)\b(?!.{0,30}\bpara (?:amarrar|atar|tender"
                        r"|la (?:lancha|ropa|mudanza|carga)|el (?:columpio|perro|barco)|acampar|escalar|saltar))|\b(?:viendo|mirando|miro|veo|vi"
                        r"|mire|pensando en|agarre|toque|tocando) (?:la|esa|mi|una|el|ese|un) (?:soga|cuerda|pistola|arma|escopeta"
                        r"|rifle|viga)\b(?! (?:de saltar|para tender|de la ropa|de agua|de juguete|de silicon|de pintura|de calor|de aire))|\b(?:cable|cinturon|cuerda|soga|lazo|cordon|mecate"
                        r"|sabana|bufanda|corbata)\b.{0,25}\b(?:en|alrededor del?|al) (?:el |su |mi )?cuello\b"
                        rf"|\b{MEDS_ES}\b.{{0,40}}\b(?:contad[oa]s|en montoncit\w*|apartad[oa]s|separad[oa]s|en fila)\b"
                        r"|\b(?:encerr\w*|encierra|encierro)\b.{0,30}\bcon (?:el|un|la|una|su|mi) (?:rifle|escopeta|revolver|pistola"
                        r"|arma)\b|\b(?:buscando|busco|busca|busque|googlea\w*|investigando|investiga)\b.{0,40}\b(?:mortal\w*|letal\w*"
                        r"|como (?:morir|matarse|matarme|suicidarse|suicidarme|ahorcarse|ahorcarme)|formas de (?:morir|matar\w*"
                        r"|suicid\w*))\b(?! (?:dignamente|en paz|sin dolor en (?:cuidados|el hospicio))|.{0,40}\bpaliativ)|\bcuant[oa]s? (?:\w+ ){0,3}(?:son|es|serian|seria) (?:mortal\w*|letal\w*)\b"),
    _r("plan or means", r"\b(?:dar|doy|di) un paso (?:adelante|al frente|al vacio)\b|\bdejarme caer\b|\baventarme\b",
       also=r"\b(?:tren|anden|vias|metro|borde|orilla|puente|azotea|balcon|cornisa)\b"),
    _r("intento reciente", r"\b(?:estuve|estaba|estuvo|estuvimos) a (?:nada|punto|un paso|poco|un pelo) de (?:hacerlo|matar(?:me|se)"
                           r"|saltar (?:de|del|desde|al|por)|tirar(?:me|se)|tomar(?:me|se) (?:todas|todo|el frasco|las pastillas)"
                           r"|aventar(?:me|se)|colgar(?:me|se)|cortar(?:me|se)|hacer una locura|quitar(?:me|se) la vida|lanzar(?:me|se)"
                           r"|ahorcar(?:me|se)|suicidar(?:me|se))\b|\bcasi lo (?:hago|hice|hace|hizo)\b|\b(?:despues de|por) (?:tomar\w*|tragar\w*)"
                           r" (?:todo )?(?:el|un) (?:frasco|bote|blister)\b|\b(?:tome|trague|me tome|me trague|se tomo|se trago)\b.{0,15}"
                           r"\b(?:lo que quedaba|todo lo que (?:habia|tenia)|todo el frasco)\b|\b(?:despues de|tras) (?:un|mi|su|el) intento\b"
                           r"(?! de (?:dejar|bajar|conseguir|hacer|llamar|sacar|aprender|entrar|contactar|volver|pedir|tener|quedar))"
                           r"|\babr\w* las venas\b", past_event=True),
    _r("autolesion", r"\b(?:me hago|se hace|me hice|se hizo|hacerme|hacerse|haciendo(?:me|se)?|volvi a|volvio a|vuelve a|vuelvo a"
                     r"|sigue con|sigo con|hago|hace) (?:el |las |los |un )?(?:cutting|rayitas|rayones|codigo de barras|cortaditas"
                     r"|cortecitos)\b(?! (?:(?:en|de) (?:los|el|las|la|sus|mis) (?:ojos?|pelo|cabello|cejas?|unas|hoja|cuaderno"
                     r"|pared|papel|pizarron|mesa)|con (?:el |un |una )?(?:delineador|lapiz|plumon|marcador|pluma|crayon)))|\b(?:rayitas|rayones|codigo de barras|cortaditas|cortecitos|cutting)\b.{0,25}\b(?:brazos?|piernas?"
                     r"|muslos?|munecas?|panza|abdomen|estomago)\b|\bme castigo\b.{0,40}\b(?:sin comer|navaj\w*|cuchill\w*|cort\w*"
                     r"|quem\w*|golpe\w*|sacapuntas)\b|\bnavajas? (?:de (?:rasurar|afeitar) )?(?:\w+ ){0,2}en (?:su|la) (?:mochila"
                     r"|cuarto|cajon|estuche|cartera|bolsa)\b", past_event=True),
]

_MORE_ES = [
    _r("plan or means", r"\bnudo corredizo\b|\bnudo de (?:la )?horca\b|\bcomo hacer (?:un |el )?nudos?\b(?! de (?:marinero|corbata"
                        r"|vela|pesca|escalada|boy scout))",
       also=r"\b(?:ya nada (?:me |le )?importa|no (?:me|le) importa nada|soga|cuerda|cuello|viga|colgar\w*|despedi\w*"
            r"|ya no (?:aguant|quier|pued)\w*)\b", also_anywhere=True),
    _r("plan or means", rf"\b(?:{MEDS_ES}|frasco|soga|cuerda|pistola|arma|navaja|cuchilla|veneno)\b.{{0,60}}\b(?:lo|la|las|los)"
                        r" (?:miro|veo|observo|cuento|contemplo|acaricio|saco)\b(?= *(?:todas las noches|cada noche|a diario"
                        r"|todos los dias|mucho|un buen rato|por horas|$))"
                        r"|\bseria (?:tan |muy |bien |re )?facil\b(?= *(?:$|,|solo|nada mas|dar|saltar|tirar\w*|aventar\w*|un paso))",
       also=r"\b(?:tren|vias|puente|pastillas|borde|volante|azotea|orilla|pistola|arma|soga|cuerda|balcon|frasco|lo miro"
            r"|la miro|los miro|las miro)\b", also_anywhere=True),
    _r("plan or means", r"\b(?:deje|dejo|dejar|ha dejado|he dejado|dejando) de (?:tomar(?:se|me)?|poner(?:se|me)|usar) (?:sus|mis|la|el"
                        r"|las|los) (?:\w+ )?(?:medicamentos|medicinas|pastillas|insulina|tratamiento|dialisis|oxigeno)\b"
                        r"(?=.{0,60}\b(?:para (?:morir\w*|irse|irme|reunir\w*|acabar|dejar de vivir)|(?:ya )?(?:quiere|quiero) (?:irse|irme"
                        r"|morir\w*|reunir\w*|dejar de vivir)|no (?:quiere|quiero) (?:vivir|seguir)))"
                        r"|\b(?:deje|dejo|ha dejado|he dejado|dejando) de (?:poner(?:se|me)|usar|tomar(?:se|me)?|ir a) (?:la|el|su|mi)"
                        r" (?:insulina|dialisis|oxigeno|quimio\w*)\b(?=.{0,20}\ba proposito\b)"),
    _r("intento reciente", rf"\b(?:me|se) intoxi\w* (?:con|tomando) (?:\w+ )?(?:{MEDS_ES}|veneno|cloro|raticida)\b"
                           r"|\b(?:me|lo|la|le) (?:encontraron|encontre|encontramos|hallaron|hallamos) (?:\w+ )?(?:desmayad"
                           r"|inconscient|tirad|sin respirar|morad|sin sentido)\w*\b", past_event=True,
       also=rf"\b(?:{MEDS_ES}|veneno|cloro|raticida|cuerda|soga|sangre|cortes|frasco|intoxi\w*)\b", also_anywhere=True),
    _r("despedida", r"\bya no (?:lo|la|los|las) (?:voy|va) a (?:usar|ocupar|necesitar) (?:donde|a donde|adonde|alla)\b"
                    r"|\b(?:a )?(?:donde|adonde) (?:voy|va|me voy|se va) (?:ya )?no (?:lo|la|los|las|se|me|le) (?:voy|va)? ?a?"
                    r" ?(?:necesit|ocup|us)\w*", negatable=False),
    _r("carga", r"\b(?:ya no|pronto no|no por mucho tiempo) (?:voy|va|vamos) a (?:ser|seguir siendo) (?:un|una) (?:problema"
                r"|carga|estorbo|molestia|gasto) (?:para|a) (?:nadie|ustedes|ti|todos|nadie mas|mi familia|su familia)\b"
                r"(?!.{0,20}\b(?:porque|ya que|pues) (?:ya )?(?:consigui|consiguio|encontr|tengo|tiene|gan|pag)\w*)"
                r"|\ba nadie (?:le )?(?:haria|hago|hace) falta\b(?= *(?:$|,|si\b|aqui\b|en este mundo|yo\b))", negatable=False),
    _r("plan or means", r"\b(?:tomar\w*|trag\w*|tome|tomo|trague|trago)\b.{0,30}\b(?:todo (?:lo que hay en )?el botiquin"
                        r"|todas las (?:medicinas|pastillas) de la casa|todo lo que (?:hay|habia|tengo|tenia|encuentre) en el"
                        r" botiquin)\b|\b(?:tina|banera|regadera|bano)\b.{0,40}\b(?:secador|plancha|radio|tostador|cable"
                        r"|enchufad[oa]|extension)\b(?=.*\b(?:prendid[oa]|encendid[oa]|conectad[oa]|enchufad[oa]|no paso nada)\b)"
                        r"|\b(?:cuchillo|navaja|pistola|arma|pastillas|soga|cuerda|cuchilla|revolver)\b (?:\w+ ){0,3}(?:debajo de"
                        r"|bajo) (?:la|mi|su) (?:almohada|cama|colchon)\b|\b(?:parad[oa]|sentad[oa]|acostad[oa]|me pare|se paro"
                        r"|me sente|me acoste|se acosto|estuve|estuvo) (?:\w+ ){0,2}(?:en|sobre) (?:la|las) vias?\b"
                        r"|\b(?:valor|agallas|huevos|coraje|animo) (?:para|de) hacerlo\b|\bpor si me animo\b(?! a\b)"
                        r"|\bsolo me falta animarme\b|\bechar(?:me|se) (?:a las vias|al tren|al metro|al vacio|al rio|del puente"
                        r"|de(?:l| la) (?:azotea|puente|edificio|balcon|techo))\b|\b(?:motor|carro|coche|auto|camioneta) (?:prendido|encendido|andando|en marcha)\b"
                        r"(?=.{0,40}\b(?:encerr\w*|(?:garaje|cochera) cerrad[oa]|puertas? cerradas?)\b)|\b(?:encerr\w*)\b.{0,30}\b(?:garaje|cochera)\b.{0,30}"
                        r"\b(?:carro|coche|auto|motor|camioneta) (?:prendido|encendido|andando|en marcha)\b"),
    _r("plan or means", r"\b(?:se|sabe|se bien|ya se) donde (?:la|lo|las|los) (?:guarda|guardan|tiene|tienen|esconde|esconden"
                        r"|dejan|deja)\b", also=r"\b(?:pistola|arma|escopeta|rifle|revolver|pastillas|veneno|soga|cuerda)\b",
       also_anywhere=True),
    _r("intento reciente", r"\b(?:tome|tomo|me tome|se tomo|trague|trago|se trago|me trague|bebi|bebio|ingeri|ingirio|tomarse"
                           r"|tomarme)\b.{0,20}\b(?:veneno|raticida|cloro|insecticida|matarratas|anticongelante|herbicida"
                           r"|pesticida|fosfuro|pastilla del frijol|lejia)\b(?! (?:sin querer|por accidente|por error))",
       past_event=True),
    _r("quiere morir", r"\bfeel(?:ing)? like (?:just )?(?:ending (?:it|it all|my life|everything)|killing myself)\b"
                       r"|\b(?:me|se) (?:voy|va|iba) a (?:dar|pegar|meter) un (?:tiro|balazo|plomazo|plomo|pepazo|escopetazo)\b"
                       r"(?! en (?:el|la|los) (?:pie|pata|rodilla))|\b(?:darme|darse|pegarme|pegarse|meterme|meterse) un (?:tiro"
                       r"|balazo|plomazo|plomo|pepazo|escopetazo)\b(?! en (?:el|la|los) (?:pie|pata|rodilla))"
                       r"|\b(?:pienso|pensando|imagino|imaginando|sueno|fantaseo)\b (?:en |con )?(?:como (?:seria|sera) )?mi"
                       r" (?:propio )?(?:funeral|entierro|velorio)\b|\bya (?:hice|hizo|he hecho|ha hecho) (?:todo )?lo que"
                       r" (?:tenia|tengo|tiene|vine|vino) (?:que|a) hacer (?:en esta vida|aqui|en este mundo)\b"),
    _r("quiere morir", r"\b(?:quiero|quisiera|solo quiero|necesito|ojala|solo pido) que (?:esto|todo esto|todo|el dolor|mi"
                       r" vida|esta vida|este sufrimiento) (?:se )?(?:acab|termin)\w*\b(?= *(?:$|,|ya\b|de una vez|para siempre))"
                       r"|\b(?:me gustaria|quisiera|ojala|quiero|deseo) (?:tener|que me pase|sufrir|que me de) un (?:accidente|infarto"
                       r"|paro)\b|\b(?:pensamientos?|ideas?) (?:de|sobre|con) (?:la )?muerte\b|\b(?:me siento|siento que soy|soy)"
                       r" (?:solo )?(?:una|un) (?:carga|estorbo|lastre)\b(?! (?:economic|financier|de trabajo)\w*)|\ba quien le (?:dejo|quedan|van|toca|doy) (?:mis|mi)\b(?!.*\b(?:mientras|viaje|vacaciones|cuando vuelva"
                       r"|fin de semana|me voy de)\b)"
                       r"|\bestrellar(?:me|se) (?:con|en) (?:el|mi|su|la) (?:carro|coche|auto|camioneta|moto)\b"),
    # A way of killing oneself named with the verb ("envenenarme", "me quiero dar un tiro").
    _r("quiere morir", r"(?<!miedo de )(?<!miedo a )(?<!evitar )(?<!para no )(?<!riesgo de )(?<!peligro de )"
                       r"\b(?:envenenar|disparar|balacear)(?:me|se)\b(?! (?:una|un|la|el) (?:foto|vacuna|inyeccion))"
                       r"|\b(?:me|se) (?:quiero|quiere|quisiera|voy a|va a|iba a|pienso|piensa|podria|puedo) (?:envenenar"
                       r"|disparar|balacear)\b|\b(?:me|se) (?:quiero|quiere|quisiera|iba a|podria|pienso|piensa|puedo"
                       r"|dan ganas de) (?:dar|pegar|meter) un (?:tiro|balazo|plomazo|plomo|pepazo|escopetazo)\b"
                       r"(?! en (?:el|la|los) (?:pie|pata|rodilla))"),
    _r("quiere morir", r"\b(?:me|se|te) (?:pego|pega|pegas|doy|da|das|meto|mete|metes) un (?:tiro|balazo|plomazo|plomo"
                       r"|pepazo|escopetazo)\b(?! en (?:el|la|los) (?:pie|pata|rodilla))|\b(?:quiero|quisiera|ojala|pido|deseo"
                       r"|nomas quiero|nada mas quiero)\b.{0,25}\bque (?:ya )?no (?:amanezca|vuelva a despertar(?:me)?|despierte)\b"
                       r"(?! (?:al|a la|a mi|a los|a las|a nadie))|\b(?:ojala|quisiera|hubiera preferido|preferiria|me hubiera"
                       r" gustado)\b.{0,15}\b(?:no (?:hubiera|haber|hubiese) (?:despertado|sobrevivido)|(?:me )?hubiera muerto"
                       r"|haber muerto)\b"),
    _r("plan or means", rf"\b(?:tomar(?:me|se)|tragar(?:me|se)|tome|trague|me tome|se tomo)\b (?:\w+ ){{0,2}}{MEDS_ES}\b.{{0,40}}"
                        r"\b(?:todas|de golpe|juntas|de una vez)\b(?! (?:las (?:mananas|noches|semanas)|los dias))"
                        r"|\bpor si no (?:regreso|vuelvo|despierto|amanezco)\b(?=.*\b(?:nota|carta|despedi\w*|perdon|pastillas"
                        r"|adios|los quiero)\b)|\b(?:nota|carta)\b.{0,60}\bpor si no (?:regreso|vuelvo|despierto|amanezco)\b"),
    _r("carga", r"\bnadie (?:lo |me |se )?(?:notaria|notara|se daria cuenta|se enteraria|extranaria|echaria de menos)"
                r" (?:si|que|cuando) (?:me (?:voy|fuera)(?= *(?:$|,|para siempre|de este mundo|y ya\b))|me (?:muero|muriera)|ya no (?:estoy|estuviera)|desaparezco|desapareciera)\b",
       negatable=False),
    _r("autolesion", r"\b(?:me|se) (?:aprieto|aprieta|apreto|ahorco|ahorca|estrangulo|estrangula|tapo|tapa) (?:el cuello|la"
                     r" garganta)\b|\b(?:me|se) (?:muerdo|muerde|mordi|mordio|rasco|rasca|rasque|pellizco|pellizca|arranco"
                     r"|arranca|quemo|quema|golpeo|golpea) (?:los|las|mis|sus|el|la) (?:brazos?|piernas?|manos?|muslos?|piel"
                     r"|munecas?|panza)\b.{0,20}\bhasta\b|\bhasta (?:que me |que le |que se )?(?:salen|sale|salgan|quedan?|dejar"
                     r"|dejarme) (?:moretones|marcas|heridas|sangre|morad[oa]s?)\b", past_event=True),
    _r("quiere morir", r"\b(?:apagar(?:me|se)|me apague|se me apague|apag\w* (?:la luz|mi luz|mi vida|la vida|mi vela))\b"
                       r"(?: \w+){0,3} para siempre\b|\b(?:me|se) (?:estoy|esta|estaba|estan)"
                       r" dejando morir\b|\bdejando(?:me|se) morir\b|\b(?:me|se) (?:dejo|deja|voy a dejar|va a dejar) morir\b"),
    _r("despedida", r"\bpor ultima vez\b|\bperdon a todos\b", also=r"\b(?:perdon|adios|los quiero|las quiero|despedi\w*"
                    r"|cartas?|no aguanto)\b", also_anywhere=True, negatable=False,
       unless=r"\b(?:mudanza|me mudo|nos mudamos|vacaciones|viaje|jubil\w*|fiesta|boda)\b"),
    _r("despedida", r"\b(?:deje|dejo|tengo|escribi|he escrito|escribio|ha escrito|ya deje) (?:\w+ )?(?:cartas|notas)"
                    r" (?:escritas )?(?:para|a) (?:cada (?:uno|una) de )?(?:mis|sus|todos)\b", negatable=False,
       unless=r"\b(?:alumn\w*|clientes|compañeros|navidad|cumpleanos|boda|vacaciones|viaje)\b"),
]
RISK_RULES += _MORE_ES

# Everyday idioms that borrow crisis words. A match inside one does not count.
IDIOMS = re.compile(
    r"\b(?:(?:me|te|se) (?:voy|vas|va) a morir (?:joven|de viej\w*|antes de tiempo|de un infarto|del estres)"
    r"|si (?:sigo|sigues|sigue) (?:\w+ )?(?:asi )?(?:me|te|se) (?:voy|vas|va) a morir|rather die than|would die for|(?:is|are|was|were|'s) to die for|dying to|die of (?:embarrassment|boredom|laughter|shame)"
    r"|(?:feel|felt|feels|feeling|thought|think|scared|afraid|worried|sure|convinced) (?:like |that )?(?:i'm|i am|i was"
    r"|i'll|i'd) (?:going to|about to) die|gun to (?:my|your|his|her) head|overdos\w* on (?:coffee|caffeine|sugar|"
    r"chocolate|candy|netflix|tv|work|memes|carbs|energy drinks|cute|drama)|killing (?:me|it|time)|kill (?:for|time)"
    r"|dead (?:tired|serious|set|end)|drop dead (?:gorgeous|funny)|cut (?:my|the|your) (?:hours|dose|losses|hair)"
    r"|bored to death|scared to death|to death of|tired of (?:waiting|it)|me corte el (?:pelo|cabello|dedo)"
    r"|me muero de (?:ganas|risa|hambre|sueno|calor|frio|verguenza)|muert[oa]s? de (?:cansancio|risa|hambre|sueno|calor"
    r"|frio|miedo)|literally (?:going to|about to) die|(?:going to|gonna) die (?:of|from|over|about) (?:embarrassment|boredom"
    r"|laughter|homework|work|this|the|my)|my (?:phone|battery|car|laptop) (?:died|is dead|is dying)|(?:she'd|he'd|they'd|she would|he would|they would)"
    r" \W?rather die|murder[- ]suicide|(?:i'd|i would) (?:unalive|kill myself|die) for (?:a|an|some)|(?:kms|kill myself|unalive|die)\W*"
    r" (?:about|over|because of) (?:calculus|math|school|homework|exams?|finals|work|traffic|this class)|overdos\w* of (?:coffee|caffeine|sugar|chocolate|candy|netflix|tv|work|memes|sun|vitamin)|killing (?:myself|himself|herself|themselves) (?:with|at|over|for) (?:work|overtime|the job"
    r"|studying|training|the gym|stress|this project)|morir(?:me|se)? de (?:la )?(?:verguenza|risa|pena|hambre|sueno|calor|frio|miedo|aburrimiento|ganas"
    r"|nervios))\b"
    r"|\b(?:muert[oa]s?|morir\w*|muer\w*) de (?:ganas|sed|aburrimiento|envidia|los nervios|nervios|pena|verguenza|celos)\b"
    r"|\b(?:siento|sentia|senti|pienso|pensaba|pense|crei|creo|como si|sensacion de|miedo de|miedo a|temo|da miedo"
    r"|panico de|segur[oa] de)(?: que)?(?: me| se)? (?:voy|iba|fuera|vaya|va) a morir\b|\b(?:siento|senti|pense|crei"
    r"|sentia|pensaba) que (?:me|se) (?:moria|muero|muere)\b|\b(?:miedo|temor|panico|terror|pavor)(?: de| a)? (?:que me"
    r" muera|morir(?:me)?)\b"
    r"|\b(?:me|te|se) mue\w* por (?:ver|saber|ir|un|una|conocer|empezar|que|probar|verte|verlos)\b"
    r"|\bmat\w* de (?:risa|hambre|sed|aburrimiento|cansancio|susto|un susto|la risa)\b"
    r"|\bmatar(?:me|se|nos)? (?:trabajando|estudiando|a trabajar|a estudiar|en el (?:gym|gimnasio|trabajo)|haciendo"
    r" ejercicio|con (?:esa|la|su|el|ese|tanto) (?:moto|carro|coche|bici|camioneta|trabajo)|manejando|corriendo"
    r"|en (?:esa|la|su) (?:moto|carretera|bici))\b"
)
# A denial just before a match cancels it ("I'm not suicidal", "no thoughts of self-harm").
NEGATION = re.compile(
    r"\b(?:not|never|no|none|nor|without|deny|denies|denied|don't|doesn't|didn't|haven't|hasn't|hadn't|isn't|wasn't"
    r"|aren't|won't|wouldn't|zero|nunca|jamas|tampoco|ni|sin|nada de)\b"
)
NEGATION_WINDOW_WORDS = 6
# Words after a negation that keep the risk ("can't stop thinking about killing myself").
NOT_A_DENIAL = re.compile(
    r"\b(?:can't|cannot|couldn't|won't|don't) stop\b|\bno longer\b|\bnot sure\b|\bno one\b|\bnobody\b|\bno matter\b"
    r"|\bnot (?:just|only|even)\b|\bno way out\b|\bnot going to lie\b|\bwon't lie\b|\bnot gonna lie\b|\bno hope\b"
    r"|\bnot (?:doing|feeling) (?:well|good|great|ok|okay)\b|\b(?:doesn't|didn't|don't) work\b"
    r"|\b(?:trying|try|struggling|hard|working hard|doing my best) (?:to )?not\b"
    r"|\bno (?:puedo|puede) dejar de\b|\bno (?:dejo|deja|paro|para) de\b|\bno es (?:broma|joda|drama|juego)\b"
    r"|\bno se si\b|\bno (?:me|le) (?:importa|importaria)\b|\bcasi no\b|\bya casi\b|\bno tanto\b"
    r"|\bno (?:sabes|sabe|saben|sabeis|te imaginas|se imagina|se imaginan|tienes idea|tiene idea)\b"
    r"|\bno (?:como|duermo|dormi|comi|salgo|me levanto|me bano|puedo dormir|puedo comer)\b"
)
# Only a mention: a screening question, research, policy, a story, someone's job.
MENTION = re.compile(
    r"\b(?:asked|asks|ask|asking|pregunt\w*)\b(?: (?:me|us|them|him|her|nos))?(?: (?:if|whether|about|si|sobre|de si)\b|\s*[?¿'])"
    r"|\b(?:used to|would always|always) (?:say|said|threaten\w*)\b|\b(?:asked|asks|answered|question)\b[^.]{0,15}[\"“”]|\b(?:people|they|everyone|he|she) (?:think|thinks|thought"
    r"|assume\w*) (?:i'm|i am|i was)\b|\b(?:what happens|what do you do) (?:if|when) (?:someone|somebody|a person|a patient)\b|\bread (?:it|that|they)\b"
    r"|\byourself\b|\b(?:rotation|residency|module|lecture|seminar|conference|workshop|ceu\w*|charlas?|libro|pelicula"
    r"|serie|cancion|escuela|colegio)\b|\b(?:about|sobre|acerca del?) (?:el )?suicid|\b(?:refer|referring|attendances)\b"
    r"|\b(?:asked|asks|ask|asking) (?:me |us |them |about |if |whether )|\bquestion(?:naire)?s? (?:about|on|asking)\b"
    r"|\bphq\b|\bscreening\b|\bintake (?:form|questions?) (?:asks|asked)\b|\b(?:read|heard|saw|learned|learnt|seen)"
    r" (?:that|about|online|somewhere)\b|\b(?:research|studies|study|paper|article|trial|evidence)\b|\b(?:does|can|will"
    r"|could|is|how (?:does|well)) (?:ketamine|esketamine|spravato|kap|the (?:treatment|medicine))\b"
    r"|\b(?:protocol|policy)\b|\bif a (?:patient|client|person)\b|\b(?:i'm|i am|i work as|i worked as|as) an?"
    r" (?:er |icu |psych |hospice |school )?(?:nurse|doctor|physician|paramedic|emt|firefighter|police officer|cop"
    r"|social worker|counselor|therapist|chaplain|teacher|pharmacist)\b|\b(?:song|lyrics|movie|film|book|show|scene|podcast"
    r"|episode|novel|dissertation|thesis|class|course|training|lyric)\b|\bpreguntan? (?:si|sobre)\b|\blei que\b"
    r"|\b(?:hums|humming|sings|singing|album|tattoo\w*|podcasts?|true[- ]crime|for clients)\b"
    r"|\b(?:patients?|clients?|referrals?|people) with\b|\b(?:pacientes|derivaciones|antecedentes)\b|\bsoy (?:trabajador"
    r"|enfermer|medic|psicolog|terapeuta|consejer)\w*|\b(?:responded|respond|responding) to\b|^(?:paramedic|emt|er nurse"
    r"|icu nurse|nurse|firefighter|police officer|social worker|therapist|psychiatrist)\b|\bdo you (?:take|accept|treat|see|screen|work with|exclude"
    r"|turn away|have|offer)\b|\bscreen (?:out|for)\b|\b(?:page|site|website|form|it|sign|poster) (?:says|said|asks"
    r"|asked)\b|\bif you(?:'re| are| have| feel)\b|\bi work (?:in|at|as|for|with)\b|\b(?:i'm|i am) an? (?:psychiatric"
    r" )?(?:np|nurse practitioner|psychiatrist|provider|clinician|case manager)\b|\bpatients who\b|\bmemoir\b"
    r"|\bwriting a (?:book|memoir|novel)\b|\bpregunt\w*\b[^.]{0,15}[\"“”¿]|\b(?:el|un|otro) formulario (?:pregunta|dice)\b"
    r"|\b(?:documental|reportaje|noticias?|articulo|un estudio|investigacion (?:sobre|de)|tesis|escalas?|cuestionarios?"
    r"|encuesta|taller|capacitacion|diplomado|clase de)\b|\b(?:soy|trabajo como) (?:voluntari|trabajadora? social"
    r"|policia|bombero|paramedic|psiquiatra|residente)\w*|\btrabajo (?:en|con) (?:personas|pacientes|una linea|la linea"
    r"|salud mental|urgencias)\b|\b(?:personas|pacientes|gente|jovenes|alumn[oa]s|usuari[oa]s|adolescentes|nin[oa]s|chic[oa]s|adultos|hombres|mujeres)"
    r" que (?:quieren|intentan|piensan|han intentado|se)\b|\b(?:vi|lei|escuche|oi) (?:en|que)\b"
    r"|\briesgos? (?:\w+ )?de\b|\b(?:puede|podria|pueden) (?:provocar|causar|dar|aumentar|producir)\b"
    r"|\b(?:como|de que manera) (?:hablar|abordar|tratar|detectar|prevenir)\b"
)
SAID_YES = re.compile(r"\b(?:i|and i) (?:said|answered|told (?:him|her|them)|checked|ticked|circled) (?:yes|si)\b"
                      r"|\b(?:real|true|honest) answer (?:is|was) yes\b"
                      r"|\bthe answer (?:is|was) yes\b|\bhonestly yes\b")
# Someone else's crisis long ago, now well, is family history, not a risk today.
# Years at least three years back count as long ago.
_LONG_AGO_YEARS = "|".join(str(year) for year in range(1940, datetime.date.today().year - 2))
HISTORY_LONG_AGO = re.compile(
    rf"\b(?:years ago|decades ago|en (?:el (?:ano )?)?(?:{_LONG_AGO_YEARS})|at (?:age )?1\d|in (?:{_LONG_AGO_YEARS})|in the '?(?:[2-9]0s|nineties|eighties|seventies)|as a (?:kid|teen|teenager|child)|in (?:high|middle)"
    r" school|when (?:i|we|he|she|they) (?:was|were) (?:a kid|kids|young|little|a teen|a teenager|in (?:high|middle) school"
    r"|in college|1\d)|in college|hace (?:\w+ )?anos|cuando (?:yo )?(?:era|eramos) (?:nin[oa]s?|adolescentes?|joven|jovenes"
    r"|chic[oa]s?)|de (?:nin[oa]|adolescente|joven)|cuando (?:yo |el |ella )?(?:tenia|tenias|teniamos) 1\d"
    r"|a los 1\d|en (?:mi|su) (?:adolescencia|infancia|juventud|ninez)|hace (?:\w+ ){0,3}anos)\b"
)
RECOVERED_SINCE = re.compile(
    r"\b(?:doing (?:great|well|fine|better|good)|thriving|stable|sober|recovered|fine now|(?:is|he's|she's|i'm|i am)"
    r" (?:fine|well|ok|okay|great|safe)(?: now)?|not at risk|years clean|safe now|in a good place|no (?:thoughts|urges)"
    r" since|haven't (?:since|done it since|had)|never again|all no's|(?:am|i'm) \d\d now|(?:been|doing|feeling|stayed)"
    r" well|well (?:for )?a long time|well since|not an issue|no longer an issue|not a problem (?:now|any more)|behind me"
    r"|ya (?:quedo|paso) atras|ya paso|ya no (?:lo hago|me corto|pienso en eso)|(?:estoy|esta) (?:muy )?bien (?:ahora)?"
    r"|completely past it|past it|fine now|he's fine|she's fine|they're fine|haven't in \d+ (?:years|months)"
    r"|haven't (?:since|in years)|no ha vuelto a (?:pasar|ocurrir|suceder)|(?:estoy|esta|sigo|sigue) (?:muy )?estable"
    r"|lleva\w* (?:\w+ ){0,3}(?:anos|meses) sin (?:hacerlo|cortarse|lastimarse|hacerse dano)"
    r"|no (?:lo )?he vuelto a hacer|(?:lo )?(?:supere|supero|trabaje en terapia)|(?:esta|estoy|anda|ando|sigue|sigo)"
    r" (?:\w+ ){0,3}(?:muy )?bien|(?:hoy|ahora) tiene \d\d)\b"
)


@dataclass
class CrisisCheck:
    """What the check found: whether to treat the request as urgent, and why."""

    at_risk: bool = False
    reasons: list = field(default_factory=list)

    @property
    def summary(self):
        """For staff in the admin: 'matched: "better off without me" (better off without me)'.
        It quotes the person's own words, so it never goes into an email or a log."""
        return "; ".join(self.reasons)[:300]


def normalise(text):
    # "SI" (suicidal ideation) and "SH" (self-harm) are read in capitals, before lower-casing.
    text = re.sub(r"\bSI\b", "suicidal ideation", text)
    text = re.sub(r"\bSH\b", "sh", text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.replace("w/o", "without").replace("sewer slide", "suicide").replace("s3lf", "self")
    text = re.sub(r"\bsh[-']?ing\b", "self harming", text)
    text = re.sub(r"\bs/h'?d\b", "self harmed", text).replace("s/h", "self harm")
    text = text.replace("a&e", "emergency room").replace("a and e", "emergency room")
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "sooooo" -> "soo"
    text = re.sub(r"\b(die|dead)e+\b", r"\1", text)
    text = re.sub(r"\b(look|think|cutt|noth|someth|go|try|feel|do|hurt|kill|dy|liv|want|plann|sav|hid|count|burn"
                  r"|scratch|bleed|writ|giv|wish|hop|wait|end|search|google|research|start)in\b", r"\1ing", text)
    text = re.sub(r"\b(want|wanna|ready|going|have|need|got|trying|wish|ways|how|plan|planning|decided) 2\b", r"\1 to", text)
    # "kms" is "kill myself", except as kilometres ("40 kms away").
    text = re.sub(r"(?<![\d.])(?<![\d.] )\bkms\b(?! (?:away|from|to|out|north|south|east|west|de)\b)", "kill myself", text)
    text = _WORD.sub(lambda m: TEXT_SPEAK.get(m.group(0), m.group(0)), text)
    if len(_SPANISH_WORDS.findall(text)) >= 2:
        text = _WORD.sub(lambda m: SPANISH_TEXT_SPEAK.get(m.group(0), m.group(0)), text)
    return text


def clauses(text):
    text = re.sub(r"[.!?;]+\s+((?:bueno|well|ok|okay|aunque),?\s+)?(hasta|until) ", r" \2 ", text)
    return [part.strip(" ,:-") for part in _CLAUSE_BREAK.split(text) if part and part.strip(" ,:-")]


def _phrase_before(clause, start):
    """The words before a match, back to the start of its phrase."""
    return _PHRASE_BREAK.split(clause[:start])[-1]


# "I said no, but that wasn't true": the denial no longer counts anywhere in the text.
DENIAL_RETRACTED = re.compile(r"\b(?:that|it|this) (?:wasn't|was not|isn't|is not) (?:true|honest|the truth)\b"
                              r"|\bi lied\b|\bwasn't (?:honest|truthful)\b|\b(?:was|is) a lie\b"
                              r"|\b(?:real|true|honest) answer (?:is|was) yes\b")


def _denied(clause, start):
    window = " ".join(_phrase_before(clause, start).split()[-NEGATION_WINDOW_WORDS:])
    return bool(NEGATION.search(window)) and not NOT_A_DENIAL.search(window)


THIRD_PERSON = re.compile(r"\b(?:mi (?:madre|padre|esposo|esposa|abuelita|abuelito|suegra|suegro)|my (?:mom|mother|dad"
                          r"|father|brother|sister|aunt|uncle|grandma|grandmother|grandpa"
                          r"|grandfather|cousin|friend|ex|son|daughter)|he|she|they|mi (?:tia|tio|mama|papa|hermano|hermana"
                          r"|abuela|abuelo|prima|primo|amiga|amigo|hijo|hija)|(?:el|la|mi|un|una) vecin[oa])\b")
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|myself)\b|\bme\b(?! (?:acuerdo|acuerde|recuerdo|dijo|dijeron|conto"
                          r"|contaron|afecto|afecta|marco|dolio|duele|entere|toco|paso a mi)\b)")


def _someone_elses_old_event(clause):
    """"My mom overdosed in 1998": someone else, long ago."""
    return bool(HISTORY_LONG_AGO.search(clause) and THIRD_PERSON.search(clause) and not FIRST_PERSON.search(clause))


JOKE_RETRACTED = re.compile(r"^\W*(?:\w+\W+){0,3}(?:jk|just kidding|just joking|kidding|not serious)\b")


def _joking(clause, end):
    """"... makes me want to kms jk": said, then taken back at once."""
    return bool(JOKE_RETRACTED.search(clause[end:]))


OWN_DISCLOSURE = re.compile(r"^\s*(?:y |pero |la verdad |honestly |and )?(?:yo )?(?:tengo|he tenido|estoy teniendo|i have"
                            r"|i've had|i've been having|i'm having) (?:\w+ ){0,2}$")


def _only_mentioned(clause, start, text):
    if not MENTION.search(clause[:start]) or SAID_YES.search(text):
        return False
    phrase = _phrase_before(clause, start)
    return not (OWN_DISCLOSURE.search(phrase) and not MENTION.search(phrase))


UNTIL_NOW = re.compile(r"^\W*(?:\w+\W+){0,3}(?:hasta (?:esta|este|ahora|hoy|hace|ayer|anoche|el otro|la otra|que)"
                       r"|hasta (?:el|la) (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|semana pasada|otra noche|mes pasado)"
                       r"|until (?:now|this|last|recently|yesterday|today|a few))\b")


def assess(*texts):
    """Check what a person wrote (any number of fields); return a CrisisCheck."""
    joined = "\n".join(t for t in texts if t)
    if not joined.strip():
        return CrisisCheck()
    text = normalise(joined[:20000])
    reasons = []
    retracted = bool(DENIAL_RETRACTED.search(text))
    resolved_history = bool(HISTORY_LONG_AGO.search(text) and RECOVERED_SINCE.search(text))
    rules = [rule for rule in RISK_RULES if rule.applies_to(text)]
    for clause in clauses(text):
        idioms = [match.span() for match in IDIOMS.finditer(clause)]
        for rule in rules:
            for match in rule.find(clause):
                if any(start <= match.start() < end or match.start() <= start < match.end() for start, end in idioms):
                    continue
                if _someone_elses_old_event(clause) or (rule.past_event and resolved_history):
                    continue
                if _joking(clause, match.end()):
                    continue
                if rule.negatable and (
                    (_denied(clause, match.start()) and not retracted and not UNTIL_NOW.search(clause[match.end():]))
                    or _only_mentioned(clause, match.start(), text)
                ):
                    continue
                reason = f'matched: "{match.group(0).strip()}" ({rule.reason})'
                if reason not in reasons:
                    reasons.append(reason)
                break
    return CrisisCheck(at_risk=bool(reasons), reasons=reasons)


def mentions_crisis(*texts):
    return assess(*texts).at_risk


SAID_YES_REASON = 'answered yes to "thoughts of ending your life"'


def assess_answers(message, best_time="", preferred_name="", thoughts_of_suicide=""):
    """The one check of a consultation request's answers: what they wrote, and "yes" to the
    crisis question. Used on a stored request and on a form sent back with errors alike."""
    check = assess(message, best_time, preferred_name)
    if thoughts_of_suicide == "yes":
        return CrisisCheck(at_risk=True, reasons=[SAID_YES_REASON, *check.reasons])
    return check
