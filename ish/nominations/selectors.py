"""Reads of nominations and their documents, scoped by the reader's role: the one place that
decides who sees which student."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, QuerySet

from ish import audit
from ish.accounts.models import User
from ish.nominations.models import Document, Nomination, NominationChange, ResearchInterest
from ish.nominations.services import missing_items
from ish.placements.models import Placement

# Never shown to lab hosts: not in the API, the pages, the documents or the exports.
SENSITIVE_FIELDS = (
    "passport_number",
    "dietary_requirements",
    "medical_notes",
    "allergies",
    "emergency_contact_name",
    "emergency_contact_phone",
)
# What a lab host may see of a student offered to their lab (an allow-list, not a deny-list).
LAB_HOST_FIELDS = (
    "id", "season", "city", "status", "given_name", "family_name", "gender", "nationality",
    "school", "graduation_year", "english_level", "german_level", "research_interests",
    "motivation",
)  # fmt: skip
LAB_HOST_DOCUMENT_KINDS = (Document.Kind.CV, Document.Kind.MOTIVATION_LETTER)


def current_documents_for(user: User) -> QuerySet[Document]:
    """The documents a nomination's profile shows `user`: the current ones; to a lab host only
    the CV and motivation letter."""
    current_documents = Document.objects.filter(replaced_at__isnull=True)
    if user.is_lab_host:
        current_documents = current_documents.filter(kind__in=LAB_HOST_DOCUMENT_KINDS)
    return current_documents


def profile_prefetches(user: User, through: str = "") -> list[Prefetch]:
    """What a nomination's profile shows besides its own row, for `user` (their research
    interests, and the current documents they may see), fetched in one query each; `through`
    is the path to the nomination from the rows read (e.g. "nomination__")."""
    return [
        Prefetch(f"{through}interests", queryset=ResearchInterest.objects.select_related("field")),
        Prefetch(f"{through}documents", queryset=current_documents_for(user)),
    ]


@dataclass(frozen=True)
class ProfileParts:
    """profile_prefetches as values, per nomination id, for reads that take no model instances:
    the research interests' field slugs, strongest first, and the document rows."""

    interests: dict[int, list[str]]
    documents: dict[int, list[dict]]


DOCUMENT_COLUMNS = (
    "id", "nomination_id", "kind", "filename", "size", "content_type", "uploaded_at", "replaced_at",
)  # fmt: skip


def profile_parts(user: User, nomination_ids: Collection[int]) -> ProfileParts:
    """What profile_prefetches fetches for `user`, read as values in one query each (none for
    no nominations), in the same order: interests by rank, documents by kind, newest first."""
    interests, documents = defaultdict(list), defaultdict(list)
    if nomination_ids:
        ranked = ResearchInterest.objects.filter(nomination_id__in=nomination_ids).order_by(
            "nomination_id", "rank"
        )
        for nomination_id, slug in ranked.values_list("nomination_id", "field__slug"):
            interests[nomination_id].append(slug)
        shown = current_documents_for(user).filter(nomination_id__in=nomination_ids)
        for document in shown.order_by("nomination_id", "kind", "-uploaded_at").values(
            *DOCUMENT_COLUMNS
        ):
            documents[document["nomination_id"]].append(document)
    return ProfileParts(interests, documents)


def nominations_visible_to(user: User) -> QuerySet[Nomination]:
    """Organisers: all; a coordinator: their city's; a lab host: students offered to their lab."""
    nominations = Nomination.objects.select_related("season", "city").prefetch_related(
        *profile_prefetches(user)
    )
    if user.is_organiser:
        return nominations
    if user.is_coordinator:
        return nominations.filter(city_id=user.city_id)
    if user.is_lab_host:
        shown = Placement.objects.filter(
            lab_id=user.lab_id, status__in=Placement.SHOWN_TO_LAB_HOSTS
        )
        return nominations.filter(pk__in=shown.values("nomination_id"))
    return nominations.none()


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Documents of visible nominations; lab hosts only the current CV and motivation letter."""
    documents = Document.objects.filter(
        nomination__in=nominations_visible_to(user).values("pk")
    ).select_related("nomination")
    if user.is_lab_host:
        documents = documents.filter(kind__in=LAB_HOST_DOCUMENT_KINDS, replaced_at__isnull=True)
    return documents


def history_of(nomination: Nomination) -> QuerySet[NominationChange]:
    return nomination.changes.order_by("created_at", "id")


def may_see_sensitive(user: User) -> bool:
    return user.is_organiser or user.is_coordinator


def still_missing(nomination: Nomination) -> tuple[str, ...]:
    """What a draft still lacks to be submitted (nothing, once it is submitted)."""
    if nomination.status != Nomination.Status.DRAFT:
        return ()
    return tuple(missing_items(nomination))


@dataclass(frozen=True)
class NominationRow:
    """A nomination as the lists show it, with what it still lacks to be submitted."""

    nomination: Nomination
    missing: tuple[str, ...]


def nomination_rows(nominations: Iterable[Nomination]) -> list[NominationRow]:
    """The rows of a list of nominations read through `nominations_visible_to`, whose prefetched
    interests and documents say what each draft lacks (no query per row)."""
    return [NominationRow(nomination, still_missing(nomination)) for nomination in nominations]


# --- the audit trail ---------------------------------------------------------------------------


def audit_entries_visible_to(user: User) -> QuerySet[LogEntry]:
    """The audit trail, newest first. Organisers: all of it; a coordinator: the entries of their
    city's nominations, without anybody else's reads; lab hosts: nothing."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if user.is_organiser:
        return entries
    if user.is_coordinator:
        return entries.filter(
            content_type=ContentType.objects.get_for_model(Nomination),
            object_id__in=nominations_visible_to(user).values("pk"),
        ).exclude(audit.reads_by_others(user))
    return entries.none()


def audit_entries_about(user: User, obj: Model) -> QuerySet[LogEntry]:
    """The entries about the person of `obj` (a nomination, an application) that `user` may
    read: of the record itself and of what belongs to it (ish.audit.about)."""
    return audit_entries_visible_to(user).filter(audit.about(obj))


def trail_visible_to(
    user: User, model: str, pk: int, *, with_belongings: bool = False
) -> QuerySet[LogEntry] | None:
    """The entries of the object `<model>:<pk>` that `user` may read, or None when the object is
    outside their scope: organisers may read any object's trail (a deleted one's, too), a
    coordinator their city's nominations'. `with_belongings` adds the entries of what belongs
    to the object (a nomination's documents, placements and beds)."""
    if not user.is_organiser and not (
        model == Nomination._meta.model_name and nominations_visible_to(user).filter(pk=pk).exists()
    ):
        return None
    return audit_entries_visible_to(user).filter(
        audit.of_named(model, pk, with_belongings=with_belongings)
    )


def trail_card(user: User, obj: Model, *, with_belongings: bool = False) -> audit.Trail | None:
    """The card of `obj`'s trail on its page, if `user` may read it."""
    entries = trail_visible_to(user, obj._meta.model_name, obj.pk, with_belongings=with_belongings)
    return None if entries is None else audit.Trail.of(entries, user)
