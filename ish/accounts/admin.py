from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "city", "lab"]
    list_filter = ["role", "city", "lab__institute", "is_active", "is_superuser", "language"]
    search_fields = ["username", "email", "first_name", "last_name"]
    list_select_related = ["city", "lab"]
    autocomplete_fields = ["city", "lab"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Role in ISH"), {"fields": ["role", "city", "lab", "language"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role in ISH"), {"fields": ["email", "role", "city", "lab", "language"]}),
    ]
