"""`{% letters_card nomination %}`: a student's letters on their review page — buttons with a
language choice, and the letters issued so far (organisers revoke them there)."""

from django import template

from ish.accounts.models import Language
from ish.letters.models import Kind
from ish.letters.selectors import letters_of, may_issue_letters
from ish.letters.student_letters import default_language
from ish.letters.texts import languages_offered
from ish.nominations.models import Nomination

register = template.Library()


@register.inclusion_tag("letters/_card.html", takes_context=True)
def letters_card(context, nomination: Nomination) -> dict:
    user = context["user"]
    shown = may_issue_letters(user) and nomination.status in Nomination.HOLDS_A_PLACE
    if not shown:
        return {"shown": False}
    names = dict(Language.choices)
    return {
        "shown": True,
        "user": user,
        "nomination": nomination,
        "documents": [
            {
                "kind": kind,
                "languages": [(code, names[code]) for code in languages_offered(kind)],
                "chosen": default_language(kind, nomination),
            }
            for kind in (Kind.INVITATION, Kind.ACCEPTANCE)
        ],
        "issued": list(letters_of(nomination)[:20]),
    }
