"""People who sign in, each with one role that decides what they may see."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages the portal and its e-mails are offered in (settings.LANGUAGES)."""

    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    HEBREW = "he", _("Hebrew")
    JAPANESE = "ja", _("Japanese")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    CHINESE_SIMPLIFIED = "zh-hans", _("Simplified Chinese")


# Room for a language code with a script or region ("zh-hans", "pt-br").
LANGUAGE_CODE_LENGTH = 7


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    COORDINATOR = "coordinator", _("Coordinator")
    LAB_HOST = "lab_host", _("Lab host")


class ISHUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ORGANISER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    city = models.ForeignKey(
        "seasons.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("city"),
        help_text=_("The partner city a coordinator nominates for."),
    )
    lab = models.ForeignKey(
        "labs.Lab",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosts",
        verbose_name=_("lab"),
        help_text=_("The lab a lab host speaks for."),
    )
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.ENGLISH,
    )

    objects = ISHUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A coordinator is bound to exactly one city, a lab host to one lab, an organiser to
            # neither: the database refuses anything else, whichever code path writes the row.
            models.CheckConstraint(
                condition=(
                    Q(role=Role.ORGANISER, city__isnull=True, lab__isnull=True)
                    | Q(role=Role.COORDINATOR, city__isnull=False, lab__isnull=True)
                    | Q(role=Role.LAB_HOST, city__isnull=True, lab__isnull=False)
                ),
                name="user_role_binding",
                violation_error_message=_(
                    "A coordinator needs a city, a lab host needs a lab, an organiser neither."
                ),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role == Role.COORDINATOR and not self.city_id:
            errors["city"] = _("A coordinator needs a city.")
        if self.role != Role.COORDINATOR and self.city_id:
            errors["city"] = _("Only coordinators are bound to a city.")
        if self.role == Role.LAB_HOST and not self.lab_id:
            errors["lab"] = _("A lab host needs a lab.")
        if self.role != Role.LAB_HOST and self.lab_id:
            errors["lab"] = _("Only lab hosts are bound to a lab.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # Django keeps a newly set password in `_password` until the save that stores it (a hash
        # merely upgraded at sign-in is not kept there): a new password, like a deactivation,
        # ends every API token of the account. Sessions end by Django's own session hash.
        ends_tokens = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if ends_tokens:
            self.auth_token_set.all().delete()

    @property
    def is_organiser(self) -> bool:
        """Every superuser is an organiser, whatever role they were given."""
        return self.is_active and (self.is_superuser or self.role == Role.ORGANISER)

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and not self.is_organiser and self.role == Role.COORDINATOR

    @property
    def is_lab_host(self) -> bool:
        return self.is_active and not self.is_organiser and self.role == Role.LAB_HOST

    @property
    def effective_role(self) -> str:
        return Role.ORGANISER if self.is_organiser else self.role
