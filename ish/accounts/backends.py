"""Authentication backend: organisers may do everything, in the admin too."""

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if getattr(user_obj, "is_organiser", False):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        if getattr(user_obj, "is_organiser", False):
            return True
        return super().has_module_perms(user_obj, app_label)
