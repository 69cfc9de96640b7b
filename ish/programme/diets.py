"""Reading a participant's free-text dietary requirements and allergies as the diets a kitchen
cooks (ish.housing.models.DietaryOption), keeping whatever text it cannot read.

A diet is recognised by its value (`gluten_free`), by its label in every language the portal
offers (built from the catalogues, so a German "glutenfrei" or a Japanese "グルテンフリー" counts
as soon as the catalogue says so), by the spellings the housing rules already know ("Zöliakie",
"peanuts"), and by a few obvious spellings the catalogues cannot give ("végétarienne",
"вегетарианец"). A text with anything left once the recognised words and the filler words
("and", "strict", "keine") are taken out is kept whole among the "other" requirements: the
caterer must never lose "no pork" or "allergic to kiwi" because no rule reads it.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from ish.housing.models import DietaryOption
from ish.housing.rules import DIET_PATTERNS, FOOD_PATTERNS

# Diets one *keeps*: "not vegetarian", "kein Vegetarier", "pas végétarien" names none. The foods
# avoided ("no nuts", "ohne Gluten") are the opposite: there a negation asks for the diet.
KEPT = (DietaryOption.VEGETARIAN, DietaryOption.VEGAN, DietaryOption.HALAL, DietaryOption.KOSHER)
NEGATION = re.compile(r"(?:\b(?:no|not|non|nicht|kein\w*|pas|ne|не|ні|לא)[\s-]+)$")

# Spellings no catalogue gives: other grammatical forms of the labels (a Russian student writes
# "вегетарианец", the catalogue "вегетарианское"), and common words for the same diet.
OBVIOUS_SPELLINGS = {
    DietaryOption.VEGETARIAN: [
        r"v[ée]g[ée]tarien\w*", r"vegetari\w*", r"вегетариан\w*", r"вегетаріан\w*",
        r"菜食", r"ベジタリアン", r"素食", r"צמחונ\w*",
    ],
    DietaryOption.VEGAN: [
        r"v[ée]g[ée]talien\w*", r"v[ée]gan\w*", r"веган\w*", r"ヴィーガン", r"ビーガン", r"纯素",
        r"טבעונ\w*",
    ],
    DietaryOption.HALAL: [r"halal", r"хала?ль\w*", r"халяль\w*", r"ハラール", r"清真", r"חלאל"],
    DietaryOption.KOSHER: [r"ko(?:sch|sh)er\w*", r"[ck]a(?:sh|ch)er\w*", r"кошер\w*", r"כשר\w*",
                           r"コーシャ", r"犹太洁食"],
    DietaryOption.GLUTEN_FREE: [r"sans[\s-]gluten", r"без[\s-]глютен\w*", r"グルテン"],
    DietaryOption.LACTOSE_FREE: [r"sans[\s-]lactose", r"без[\s-]лактоз\w*", r"乳糖", r"ラクトース"],
    DietaryOption.NUT_FREE: [
        r"arachides?", r"noix", r"fruits?\s+à\s+coque", r"орех\w*", r"горіх\w*", r"ナッツ",
        r"坚果", r"花生", r"אגוז\w*",
    ],
}  # fmt: skip
# Words that carry no requirement of their own once the diets in a text are read, and the ways
# of saying "nothing special": what is left after them is a requirement nobody read.
FILLER = re.compile(
    r"\b(?:and|or|und|oder|et|ou|и|або|та|ו|"
    r"no|none|nothing|not|nope|n/?a|nil|nein|kein\w*|nichts|aucune?|rien|нет|немає|ні|אין|"
    r"only|strict(?:ly)?|please|food|diet\w*|meals?|streng|nur|bitte|essen|ernährung|"
    r"allerg\w*|intoleran\w*|unverträglich\w*|"
    r"strictement|seulement|régime|alimentation)\b"
    r"|なし|无|없음|[\W\d_]",
    re.IGNORECASE,
)
# Scripts written without spaces between words: a label there is found inside the text.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _phrase(name: str) -> str:
    """A label or value as a pattern: spaces, hyphens and underscores interchangeable, whole
    words where the script separates words."""
    parts = [re.escape(part) for part in re.split(r"[\s_-]+", name.strip()) if part]
    body = r"[\s_-]*".join(parts)
    return body if UNSPACED.search(name) else rf"\b{body}\b"


@functools.cache
def _recognisers(languages: tuple[str, ...]) -> dict[str, re.Pattern]:
    """One pattern per diet: its value, its label in each of `languages` (as the catalogues
    translate it), the housing rules' spellings and OBVIOUS_SPELLINGS."""
    housing = {**DIET_PATTERNS, **FOOD_PATTERNS}
    recognisers = {}
    for option in DietaryOption:
        names = {option.value}
        for language in languages:
            with translation.override(language):
                names.add(str(option.label))
        patterns = [_phrase(name.lower()) for name in sorted(names)]
        patterns += [
            spelling if UNSPACED.search(spelling) else rf"\b(?:{spelling})"
            for spelling in OBVIOUS_SPELLINGS.get(option, [])
        ]
        if option in housing:
            patterns.append(housing[option].pattern)
        recognisers[option.value] = re.compile("|".join(f"(?:{p})" for p in patterns))
    return recognisers


def recognisers() -> dict[str, re.Pattern]:
    return _recognisers(tuple(code for code, _name in settings.LANGUAGES))


@dataclass(frozen=True)
class Reading:
    """What a participant's dietary text says: the diets recognised (DietaryOption values) and
    whether some of it was not understood (then the whole text goes to the caterer)."""

    diets: frozenset[str]
    unread: bool


def read_diet(requirements: str, allergies: str = "") -> Reading:
    """The diets `requirements` and `allergies` ask for. A vegan meal also serves a vegetarian,
    so a participant who is both counts as vegan only; the allergies text is read for diets
    (a nut allergy needs a nut-free meal) but never counted as unread, since the allergies are
    listed in full anyway."""
    diets: set[str] = set()
    unread = False
    for text, is_requirement in ((requirements, True), (allergies, False)):
        text = text.lower()
        rest = text
        for diet, pattern in recognisers().items():
            for match in pattern.finditer(text):
                if diet in KEPT and NEGATION.search(text[: match.start()]):
                    continue  # "not vegetarian": left in the text, so it is kept as other
                diets.add(diet)
                rest = rest[: match.start()] + " " * len(match[0]) + rest[match.end() :]
        if is_requirement and FILLER.sub("", rest).strip():
            unread = True
    if DietaryOption.VEGAN in diets:
        diets.discard(DietaryOption.VEGETARIAN)
    return Reading(frozenset(diets), unread)
