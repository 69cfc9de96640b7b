"""The wording of each document in each language: the office's own (LetterText) where it wrote
one, else the defaults below, in English and German. Placeholders in braces ({name}, {season},
{starts_on}, {ends_on}, {city}, and for certificates {lab}, {supervisor}, {project}) are filled
in when the document is rendered; an unknown one stays as written."""

from dataclasses import dataclass

from ish.letters.models import Kind, LetterText


@dataclass(frozen=True)
class Wording:
    title: str
    opening: str
    body: str
    closing: str
    edited: bool = False  # the office's own text, not the default

    def filled(self, values: dict[str, str]) -> "Wording":
        """The wording with its placeholders replaced by `values` (str.format_map would fail on
        any other brace the office typed)."""

        def fill(text: str) -> str:
            for key, value in values.items():
                text = text.replace("{" + key + "}", str(value))
            return text

        return Wording(
            fill(self.title), fill(self.opening), fill(self.body), fill(self.closing), self.edited
        )

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


# Written here, not in the catalogues: they are the office's letters, which it edits in the
# portal, not the portal's own words (a translator's change must not alter a signed letter).
DEFAULTS: dict[tuple[str, str], Wording] = {
    (Kind.INVITATION, "en"): Wording(
        title="Letter of invitation",
        opening="To whom it may concern,",
        body=(
            "The City of Heidelberg invites {name} to take part in the International Summer "
            "Science School Heidelberg {season}, from {starts_on} to {ends_on}.\n\n"
            "The International Summer Science School brings young people from Heidelberg's "
            "partner cities to research laboratories in Heidelberg, where each participant "
            "works on a research project under the guidance of a scientist. The stay serves "
            "science education and international exchange only; it is not employment.\n\n"
            "We kindly ask you to grant the participant the visa needed for this stay."
        ),
        closing="Yours faithfully,",
    ),
    (Kind.INVITATION, "de"): Wording(
        title="Einladungsschreiben",
        opening="Sehr geehrte Damen und Herren,",
        body=(
            "die Stadt Heidelberg lädt {name} zur Teilnahme an der International Summer "
            "Science School Heidelberg {season} vom {starts_on} bis zum {ends_on} ein.\n\n"
            "Die International Summer Science School führt junge Menschen aus Heidelbergs "
            "Partnerstädten in Heidelberger Forschungslabore, wo jede Teilnehmerin und jeder "
            "Teilnehmer unter Anleitung einer Wissenschaftlerin oder eines Wissenschaftlers an "
            "einem Forschungsprojekt arbeitet. Der Aufenthalt dient allein der "
            "naturwissenschaftlichen Bildung und dem internationalen Austausch; er ist keine "
            "Erwerbstätigkeit.\n\n"
            "Wir bitten Sie, das für diesen Aufenthalt nötige Visum zu erteilen."
        ),
        closing="Mit freundlichen Grüßen",
    ),
    (Kind.ACCEPTANCE, "en"): Wording(
        title="Letter of acceptance",
        opening="Dear {name},",
        body=(
            "We are pleased to confirm that you have been accepted as a participant of the "
            "International Summer Science School Heidelberg {season}, nominated by {city}. "
            "The programme runs from {starts_on} to {ends_on}.\n\n"
            "We look forward to welcoming you in Heidelberg."
        ),
        closing="With kind regards,",
    ),
    (Kind.ACCEPTANCE, "de"): Wording(
        title="Zulassungsschreiben",
        opening="Liebe/r {name},",
        body=(
            "wir freuen uns, Ihnen zu bestätigen, dass Sie als Teilnehmerin oder Teilnehmer der "
            "International Summer Science School Heidelberg {season} zugelassen sind, nominiert "
            "von {city}. Das Programm dauert vom {starts_on} bis zum {ends_on}.\n\n"
            "Wir freuen uns darauf, Sie in Heidelberg zu begrüßen."
        ),
        closing="Mit freundlichen Grüßen",
    ),
    (Kind.CERTIFICATE, "en"): Wording(
        title="Certificate",
        opening="This is to certify that",
        body=(
            "{name} from {city} took part in the International Summer Science School "
            "Heidelberg {season} from {starts_on} to {ends_on}, working in the laboratory "
            "{lab} under the supervision of {supervisor} on the project “{project}”."
        ),
        closing="Heidelberg",
    ),
    (Kind.CERTIFICATE, "de"): Wording(
        title="Urkunde",
        opening="Hiermit wird bestätigt, dass",
        body=(
            "{name} aus {city} vom {starts_on} bis zum {ends_on} an der International Summer "
            "Science School Heidelberg {season} teilgenommen und im Labor {lab} unter der "
            "Betreuung von {supervisor} am Projekt „{project}“ gearbeitet hat."
        ),
        closing="Heidelberg",
    ),
}

# Every document exists in these languages; another one only once the office has written it.
BASE_LANGUAGES = ("en", "de")


def wording(kind: str, language: str) -> Wording | None:
    """The text of `kind` in `language`: the office's, else the default, else None."""
    row = LetterText.objects.filter(kind=kind, language=language).first()
    if row is not None:
        return Wording(row.title, row.opening, row.body, row.closing, edited=True)
    return DEFAULTS.get((kind, language))


def languages_offered(kind: str) -> list[str]:
    """The languages `kind` can be issued in: English, German and whichever the office wrote."""
    written = LetterText.objects.filter(kind=kind).values_list("language", flat=True)
    return [*BASE_LANGUAGES, *sorted(set(written) - set(BASE_LANGUAGES))]
