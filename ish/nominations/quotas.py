"""A city's quota use as the pages show it: "3 of 4 places + 1 of 1 alternate used"."""

from dataclasses import dataclass

from ish.nominations import services
from ish.nominations.models import Nomination
from ish.seasons.models import Quota


@dataclass(frozen=True)
class QuotaUse:
    """Submitted and decided nominations count against the quota (COUNTS_AGAINST_QUOTA); the
    first `places` of them fill the places, the rest the alternates. `placed` counts the
    accepted and confirmed students, who hold one of the places."""

    places: int
    alternates: int
    used: int
    placed: int

    @classmethod
    def of(cls, quota: Quota) -> "QuotaUse":
        use = services.quota_use(quota.season, quota.city)
        return cls(quota.places, quota.alternates, use["used"], use["placed"])

    @classmethod
    def from_counts(cls, quota: Quota, counts: dict[str, int]) -> "QuotaUse":
        """From a count per status, as the dashboard reads them for every city in one query."""
        used = sum(counts.get(status, 0) for status in Nomination.COUNTS_AGAINST_QUOTA)
        placed = sum(counts.get(status, 0) for status in Nomination.HOLDS_A_PLACE)
        return cls(quota.places, quota.alternates, used, placed)

    @property
    def places_used(self) -> int:
        return min(self.used, self.places)

    @property
    def alternates_used(self) -> int:
        return max(0, self.used - self.places)

    @property
    def left(self) -> int:
        """How many more nominations the city may submit."""
        return max(0, self.places + self.alternates - self.used)

    @property
    def places_full(self) -> bool:
        return self.placed >= self.places

    @property
    def places_percent(self) -> float:
        return self._percent(self.places_used)

    @property
    def alternates_percent(self) -> float:
        return self._percent(self.alternates_used)

    def _percent(self, count: int) -> float:
        total = self.places + self.alternates
        return round(100 * min(count, total) / total, 1) if total else 0
