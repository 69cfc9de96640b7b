"""Letters in Django's admin: the issued documents (read-only, with the revoke action) and the
office's wording (edited on the portal's texts page; here for completeness)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ish.letters import services
from ish.letters.models import IssuedLetter, LetterText


@admin.register(IssuedLetter)
class IssuedLetterAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "name_printed", "language", "issued_at", "revoked_at"]
    list_filter = ["kind", "language", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["reference", "name_printed"]
    list_select_related = ["nomination"]
    actions = ["revoke"]
    readonly_fields = [f.name for f in IssuedLetter._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a letter is issued by generating it

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a letter handed out is revoked, never forgotten

    @admin.action(description=_("Revoke the selected letters"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[IssuedLetter]) -> None:
        for letter in queryset:
            services.revoke(letter)
        self.message_user(request, _("%(count)d letters revoked.") % {"count": len(queryset)})


@admin.register(LetterText)
class LetterTextAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "title", "updated_at"]
    list_filter = ["kind", "language"]
