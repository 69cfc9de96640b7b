"""The Django admin, open to organisers (every superuser is one) rather than to `is_staff`."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ISHAdminSite(AdminSite):
    site_header = _("ISH Manager administration")
    site_title = _("ISH Manager")
    index_title = _("Administration")
    login_template = "admin/login_with_code.html"  # asks for the second factor's code too

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Imported here: this module is loaded from INSTALLED_APPS, before the user model exists.
        from ish.accounts.forms import AdminAuthenticationForm

        self.login_form = AdminAuthenticationForm

    def has_permission(self, request) -> bool:
        return request.user.is_active and getattr(request.user, "is_organiser", False)


class ISHAdminConfig(AdminConfig):
    """Listed in INSTALLED_APPS in place of Django's admin, so `admin.site` is the site above."""

    default_site = "ish.portal.admin_site.ISHAdminSite"
