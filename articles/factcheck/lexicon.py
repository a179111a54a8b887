"""The fact check's word lists: which words count people, qualify numbers, credit sources, deny, or name a period.

Every rule of the reader looks its words up here, so a phrasing reporters use that the check misses is
usually one line added to one of these lists.
"""

from __future__ import annotations

# --- What a number counts -------------------------------------------------------------------------------

# The noun a count is of, and the flight field it states.
PERSON_NOUNS: dict[str, str] = {
    **dict.fromkeys(["men", "man", "males"], "passengers_male"),
    **dict.fromkeys(["women", "woman", "females"], "passengers_female"),
    **dict.fromkeys(
        [
            "juveniles", "juvenile", "children", "child", "minors", "minor", "kids", "teenagers", "teens",
            "boys", "girls", "infants", "babies",
        ],
        "passengers_juvenile",
    ),
    **dict.fromkeys(
        [
            "people", "persons", "person", "passengers", "passenger", "detainees", "detainee", "nationals",
            "national", "deportees", "deportee", "migrants", "migrant", "citizens", "citizen", "immigrants",
            "immigrant", "individuals", "individual", "noncitizens", "noncitizen", "non-citizens", "aliens",
            "alien", "returnees", "returnee", "travelers", "travellers", "removees", "prisoners", "evacuees",
            "adults", "souls", "occupants", "riders", "beings", "lives", "aliens", "foreigners", "expellees",
        ],
        "passengers_total",
    ),
}  # fmt: skip
# Adjectives that narrow a general noun ("26 female detainees") or stand for the noun ("96 male and 26 female").
NARROWING: dict[str, str] = {
    "male": "passengers_male",
    "female": "passengers_female",
    "juvenile": "passengers_juvenile",
    "minor": "passengers_juvenile",
    "underage": "passengers_juvenile",
}
# Words a count may stand before without changing what it counts: "122 Chinese nationals", "96 adult men".
# Anything else between the number and the noun (a verb, a preposition) means the number counts something else.
FILLER_BEFORE_NOUN = {"more", "other", "adult", "grown", "total", "deported", "removed", "people", "foreign"}
# Nouns after a number that say it counts something other than people aboard.
NOT_PEOPLE = {
    "flights", "flight", "charters", "charter", "planes", "plane", "times", "years", "year", "days", "day",
    "weeks", "week", "months", "month", "hours", "hour", "minutes", "miles", "percent", "dollars", "seats",
    "cities", "states", "countries", "facilities", "agents", "officers", "officials", "guards", "crew",
    "staff", "arrests", "cases", "deaths", "protesters", "lawyers", "attorneys", "medical", "a.m.", "p.m.",
    "pm", "am", "o'clock", "million", "billion", "degrees", "feet", "kilometers", "km", "pounds",
}  # fmt: skip
# Verbs and participles that tie a count to the removal itself ("were aboard", "were deported").
MANIFEST_WORDS = {
    "aboard", "onboard", "on", "board", "among", "were", "was", "included", "including", "comprised",
    "removed", "deported", "flown", "sent", "returned", "repatriated", "expelled", "transported",
    "carried", "put", "placed", "boarded", "departed", "left", "landed", "arrived", "made", "accounted",
    "numbered", "totaled", "totalled", "in", "from", "to", "with", "and", "or", "aged", "ages", "ranging",
    "between", "who", "all", "each", "of", "had", "the", "back", "home", "across", "under", "onto",
}  # fmt: skip
# After a count and its noun, these predicates make it a part of the group doing something else
# ("Three women aboard told relatives...", "Twelve people were arrested at a protest"): not a count of all aboard.
NOT_MANIFEST_PREDICATES = {
    "told", "said", "say", "says", "spoke", "described", "recounted", "arrested", "detained", "protested",
    "rallied", "gathered", "filed", "sued", "appealed", "await", "awaited", "awaiting", "remain", "remained",
    "remains", "face", "faced", "faces", "fled", "lived", "live", "worked", "work", "wept", "cried",
    "hugged", "waved", "refused", "resisted", "escaped", "died", "injured", "convicted", "charged",
    "sentenced", "released", "wanted", "called", "wrote", "posted", "sought", "seek", "asked", "tried",
    "hid", "came", "crossed", "entered", "applied", "claimed", "won", "lost", "held",
}  # fmt: skip

# --- How exactly a number is meant ----------------------------------------------------------------------

# Approximation words and the comparison they make: ">" more than, ">=" at least, "<" fewer than,
# "<=" at most, "~<" nearly (90% of N to N), "~" about (within 10%, at least 1).
QUALIFIERS: dict[str, str] = {
    "more than": ">", "over": ">", "upward of": ">", "upwards of": ">", "in excess of": ">",
    "greater than": ">", "north of": ">", "just over": ">", "a little over": ">", "well over": ">",
    "slightly more than": ">", "well above": ">", "above": ">", "beyond": ">",
    "at least": ">=", "no fewer than": ">=", "no less than": ">=", "a minimum of": ">=",
    "fewer than": "<", "less than": "<", "under": "<", "below": "<", "well under": "<", "well below": "<",
    "at most": "<=", "no more than": "<=", "up to": "<=", "as many as": "<=", "a maximum of": "<=",
    "nearly": "~<", "almost": "~<", "just under": "~<", "just shy of": "~<", "shy of": "~<",
    "close to": "~<", "not quite": "~<", "just below": "~<",
    "about": "~", "around": "~", "roughly": "~", "some": "~", "approximately": "~", "an estimated": "~",
    "estimated": "~", "approx.": "~", "circa": "~", "more or less": "~", "give or take": "~",
    "in the neighborhood of": "~", "on the order of": "~", "or so": "~", "an approximate": "~",
    "upward": ">", "a reported": "=", "a total of": "=", "totaling": "=", "totalling": "=",
}  # fmt: skip
# Written after the number: "122 or so people", "100-plus".
QUALIFIERS_AFTER: dict[str, str] = {"or so": "~", "or more": ">=", "plus": ">", "or fewer": "<=", "odd": "~"}

# --- Summing words: a sum of what follows, a period only when no single flight is meant --------------------

SUMMING = ("in total", "in all", "altogether", "all told", "a total of", "combined", "total", "overall", "all in all")

# --- Who a statement is credited to ------------------------------------------------------------------------

# Verbs by which a party says something: "ICE said", "KnowHere reported", "the release listed".
SPEECH_VERBS = {
    "said", "says", "say", "reported", "reports", "report", "wrote", "writes", "claimed", "claims", "claim",
    "stated", "states", "announced", "announces", "told", "tells", "put", "puts", "listed", "lists",
    "gave", "gives", "counted", "counts", "estimated", "estimates", "noted", "notes", "confirmed",
    "confirms", "added", "adds", "posted", "posts", "published", "publishes", "described", "describes",
    "tallied", "tallies", "cited", "cites", "insisted", "insists", "asserted", "asserts", "suggested",
    "suggests", "indicated", "indicates", "showed", "shows", "recorded", "records", "identified",
    "identifies", "alleged", "alleges", "maintained", "maintains", "contended", "contends", "tweeted",
    "explained", "explains", "specified", "specifies", "disclosed", "discloses", "detailed", "details",
    "characterized", "characterizes", "called", "calls", "dubbed", "labeled", "labelled", "billed",
    "put it", "numbered", "pegged", "placed", "quoted", "quotes", "repeated", "repeats",
    "touted", "touts", "boasted", "boasts", "highlighted", "highlights", "framed", "frames", "branded",
    "tell", "warn", "warns", "warned", "argue", "argues", "argued", "fear", "fears", "feared", "believe",
    "believes", "believed", "allege", "acknowledged", "acknowledges", "conceded", "concedes", "admitted",
    "admits", "documented", "documents", "estimate", "point", "pointed", "note",
}  # fmt: skip
# Verbs that label rather than assert: the label covers only its object ("labeled as “X”").
LABEL_VERBS = {
    "labeled", "labelled", "dubbed", "called", "described", "billed", "branded", "touted", "characterized",
    "characterised", "hailed", "termed", "styled", "framed", "marketed", "advertised", "pitched", "cast",
    "presented", "promoted", "so-called", "nicknamed", "referred",
}  # fmt: skip
# Words that make a party a source on record (a government agency whose release the records hold).
GOVERNMENT_WORDS = {
    "ice", "dhs", "ero", "cbp", "immigration", "homeland", "department", "agency", "agency's", "ice's",
    "dhs's", "officials", "official", "authorities", "spokesperson", "spokesman", "spokeswoman",
    "release", "releases", "statement", "administration", "government", "federal", "feds", "enforcement",
    "secretary", "director", "field office", "removal operations", "u.s.", "washington", "department's",
    "agencies", "announcement", "bulletin", "press", "memo", "white house", "president", "state department",
    "sheet", "data", "figures", "numbers", "records",
}  # fmt: skip
# Words that make a party another outlet (a news organisation or a website).
OUTLET_WORDS = {
    "news", "times", "post", "journal", "tribune", "herald", "gazette", "outlet", "outlets", "aggregator",
    "aggregators", "site", "website", "websites", "newspaper", "newspapers", "paper", "broadcaster",
    "station", "channel", "network", "media", "newswire", "wire", "magazine", "blog", "tabloid", "reuters",
    "ap", "associated", "cnn", "fox", "nbc", "abc", "cbs", "wfaa", "knowhere", "gujarat", "xinhua",
    "telegraph", "guardian", "reporter", "reporters", "correspondent", "columnist", "anchor", "podcast",
    "account", "accounts", "tv", "radio", "daily", "press-", "aggregator's", "outlet's", "site's",
}  # fmt: skip
# Words that leave a party unnamed: "some reports", "sources", "it was reported".
UNNAMED_WORDS = {
    "reports", "report", "some", "sources", "source", "rumors", "rumours", "claims", "posts", "social",
    "others", "observers", "accounts", "reportedly", "unnamed", "anonymous", "several", "various",
    "word", "estimates", "estimate", "circulating", "widely",
}  # fmt: skip
# Words that mark a figure as doubted without denying it: shown to an editor, never silently passed.
HEDGES = (
    "unverified", "unconfirmed", "could not be verified", "could not be independently verified",
    "has not been verified", "have not been verified", "not been confirmed", "not independently confirmed",
    "could not be confirmed", "disputed", "contested", "questioned", "unsubstantiated", "uncorroborated",
    "has not confirmed", "have not confirmed", "did not confirm", "would not confirm", "declined to confirm",
    "not confirmed",
)  # fmt: skip
# Words that deny a figure outright: "wrongly reported", "the 116 figure is incorrect".
DENIAL_ADVERBS = (
    "wrongly", "falsely", "incorrectly", "erroneously", "mistakenly", "inaccurately", "wrong", "mistaken",
)  # fmt: skip
DENIAL_ADJECTIVES = (
    "wrong", "incorrect", "false", "inaccurate", "erroneous", "mistaken", "untrue", "not accurate",
    "not correct", "not true", "in error", "a mistake", "an error", "debunked", "refuted", "bogus",
    "overstated", "understated", "inflated", "exaggerated", "not right", "fabricated", "baseless",
)  # fmt: skip
# Nouns that stand for a figure already given: "the 116 figure", "that number", "the claim".
FIGURE_NOUNS = ("figure", "figures", "number", "numbers", "count", "counts", "tally", "total", "claim", "claims",
                "estimate", "estimates", "report", "reports", "account", "accounts", "statistic", "assertion",
                "characterization", "description",
                "label", "breakdown")  # fmt: skip
# Phrases that deny what follows them: "contrary to reports of 116", "rather than 116", "not 116".
DENIAL_PREFIXES = ("contrary to", "rather than", "instead of", "not", "never", "as opposed to", "correcting")
# Negated verbs of telling: "ICE did not say" withholds, it does not deny.
WITHHOLDING_VERBS = {
    "say", "said", "give", "gave", "disclose", "disclosed", "confirm", "confirmed", "specify", "specified",
    "release", "released", "provide", "provided", "reveal", "revealed", "identify", "identified",
    "comment", "respond", "know", "publish", "break", "detail", "name", "state", "report", "list",
}  # fmt: skip

# --- Time: periods, and prepositions whose date does not name the sentence's flight ----------------------

# A date after these words is a reference point ("since June 2024", "after the January flight"), not the flight.
REFERENCE_PREPOSITIONS = (
    "since", "after", "before", "until", "till", "than", "following", "preceding", "prior to", "unlike",
    "like", "compared with", "compared to", "as of", "by", "through", "between", "from", "ahead of",
    "earlier than", "later than", "in addition to", "besides", "succeeding", "after the", "months after",
)  # fmt: skip
# Words that make a count a total over a period rather than one flight's ("this year", "so far").
PERIOD_PATTERNS = (
    r"\b(?:this|last|past|previous|current|the\s+past|the\s+previous|the\s+last|the\s+current)\s+"
    # "this month's flight" names a flight (a possessive); "600 people this month", "this year" are periods.
    r"(?:fiscal\s+|calendar\s+)?(?:year|years|month|months|decade|quarter|spring|summer|fall|autumn|winter)\b"
    r"(?![\u2019']s)",
    r"\bfiscal\s+(?:year\s+)?\d{4}\b",
    r"\bFY\s?\d{2,4}\b",
    r"\bso\s+far\b",
    r"\bto\s+date\b",
    r"\bper\s+(?:year|month|week)\b",
    r"\b(?:a|each|every)\s+(?:year|month)\b",
    r"\bannually\b",
    r"\bin\s+(?:all\s+of\s+)?(?:19|20)\d{2}\b(?!\s*,?\s*(?:flight|charter))",
    r"\bduring\s+(?:19|20)\d{2}\b",
    r"\bsince\s+(?:taking\s+office|the\s+start|january|the\s+beginning|inauguration|(?:19|20)\d{2})\b",
    r"\bover\s+the\s+(?:past|last|previous)\b",
    r"\bin\s+recent\s+(?:years|months|weeks)\b",
    r"\bunder\s+the\s+\w+\s+administration\b",
    r"\bcumulative(?:ly)?\b",
    r"\bcombined\b",
    r"\bacross\s+(?:all\s+)?(?:\w+\s+)?(?:flights|charters|missions)\b",
    r"\b(?:on|aboard|in|over|via)\s+(?:the\s+|those\s+|these\s+|its\s+)?(?:\w+\s+){0,2}(?:flights|charters|missions)\b",
    r"\bthe\s+(?:\w+\s+){0,2}(?:flights|charters)\s+(?:have|together|combined)\b",
    r"\bthrough\s+(?:the\s+end\s+of\s+)?(?:19|20)\d{2}\b",
    r"\b(?:flights|charters|missions|airlifts|removal\s+flights)\b",
)
# Words that make the subject one flight ("the flight", "aboard the charter").
SINGLE_FLIGHT = (
    r"\b(?:flight|charter|plane|aircraft|jet|airplane|airliner|airlift|mission|trip|sortie|boeing|airbus|"
    r"manifest|aboard|onboard|on\s+board)\b(?!s)(?!\s+(?:flights|planes|missions|removals))"
)

# --- Kinds of claims about flights ---------------------------------------------------------------------------

# Nouns for a flight in "the sixth such flight", "five charters since June 2024".
FLIGHT_NOUNS = (
    "flight", "flights", "charter", "charters", "plane", "planes", "mission", "missions", "airlift",
    "airlifts", "removal", "removals", "deportation", "deportations", "operation", "operations", "one",
    "ones", "trip", "trips", "jet", "jets", "sortie", "sorties", "repatriation", "repatriations",
)  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
# Nationalities as reporters write them, and their ISO 3166-1 codes.
DEMONYMS = {
    "chinese": "CN", "vietnamese": "VN", "indian": "IN", "indians": "IN", "mexican": "MX", "mexicans": "MX",
    "guatemalan": "GT", "guatemalans": "GT", "honduran": "HN", "hondurans": "HN", "salvadoran": "SV",
    "salvadorans": "SV", "salvadoreans": "SV", "haitian": "HT", "haitians": "HT", "venezuelan": "VE",
    "venezuelans": "VE", "cuban": "CU", "cubans": "CU", "colombian": "CO", "colombians": "CO",
    "ecuadorian": "EC", "ecuadorians": "EC", "brazilian": "BR", "brazilians": "BR", "nicaraguan": "NI",
    "nicaraguans": "NI", "dominican": "DO", "dominicans": "DO", "jamaican": "JM", "jamaicans": "JM",
    "pakistani": "PK", "pakistanis": "PK", "bangladeshi": "BD", "bangladeshis": "BD", "nepali": "NP",
    "nepalese": "NP", "russian": "RU", "russians": "RU", "ukrainian": "UA", "ukrainians": "UA",
    "mauritanian": "MR", "mauritanians": "MR", "senegalese": "SN", "peruvian": "PE", "peruvians": "PE",
    "filipino": "PH", "filipinos": "PH", "korean": "KR", "koreans": "KR", "cambodian": "KH",
    "cambodians": "KH", "laotian": "LA", "laotians": "LA", "afghan": "AF", "afghans": "AF",
    "iranian": "IR", "iranians": "IR", "iraqi": "IQ", "iraqis": "IQ", "somali": "SO", "somalis": "SO",
    "ghanaian": "GH", "ghanaians": "GH", "nigerian": "NG", "nigerians": "NG", "kenyan": "KE",
    "egyptian": "EG", "egyptians": "EG", "uzbek": "UZ", "uzbeks": "UZ", "turkish": "TR", "georgian": "GE",
    "armenian": "AM", "romanian": "RO", "romanians": "RO", "albanian": "AL", "albanians": "AL",
    "chilean": "CL", "chileans": "CL", "bolivian": "BO", "bolivians": "BO", "argentine": "AR",
    "uruguayan": "UY", "belizean": "BZ", "costa rican": "CR", "panamanian": "PA", "taiwanese": "TW",
    "japanese": "JP", "thai": "TH", "indonesian": "ID", "malaysian": "MY", "burmese": "MM",
    "sri lankan": "LK", "ethiopian": "ET", "eritrean": "ER", "sudanese": "SD", "cameroonian": "CM",
    "congolese": "CD", "angolan": "AO", "jordanian": "JO", "syrian": "SY", "lebanese": "LB",
    "palestinian": "PS", "yemeni": "YE", "saudi": "SA", "moroccan": "MA", "algerian": "DZ",
    "tunisian": "TN", "libyan": "LY", "guyanese": "GY", "trinidadian": "TT", "bahamian": "BS",
}  # fmt: skip
# Short names reporters use for countries that ISO names differently.
COUNTRY_ALIASES = {
    "china": "CN", "mainland china": "CN", "the people's republic of china": "CN", "prc": "CN",
    "vietnam": "VN", "viet nam": "VN", "russia": "RU", "south korea": "KR", "iran": "IR", "syria": "SY",
    "venezuela": "VE", "bolivia": "BO", "laos": "LA", "the dominican republic": "DO", "taiwan": "TW",
    "the philippines": "PH", "philippines": "PH", "the u.s.": "US", "the united states": "US",
}  # fmt: skip

# Words that deny what follows them: "contrary to", "rather than", "It is not true that 116 men were aboard".
DENIAL_PREFIXES = (
    r"\b(?:contrary\s+to|rather\s+than|instead\s+of|as\s+opposed\s+to|correcting)\b"
    r"|\bit(?:\s+is|\s+was|[\u2019']s)\s+(?:not\s+true|untrue|false|wrong|incorrect)\s+that\b"
)
