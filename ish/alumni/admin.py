"""The office's admin for alumni: alumni and group mails to read (a consent is the alumnus's own,
given through their link), surveys with their questions to write."""

from django.contrib import admin

from ish.alumni.models import Alumnus, GroupMail, Question, Survey


@admin.register(Alumnus)
class AlumnusAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "season", "city", "lab", "consented_at", "unsubscribed_at"]
    list_filter = ["season", "consent_version"]
    list_select_related = ["season", "city", "lab__institute"]
    search_fields = ["name", "email"]
    readonly_fields = [field.name for field in Alumnus._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # an alumnus exists because the participant agreed, through their link

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 3
    fields = ["position", "text", "kind", "choices"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "is_open", "created_at"]
    list_filter = ["is_open"]
    inlines = [QuestionInline]


@admin.register(GroupMail)
class GroupMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "sent_at", "recipients"]
    readonly_fields = [field.name for field in GroupMail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # written on the alumni page, sent through the outbox

    def has_change_permission(self, request, obj=None) -> bool:
        return False
