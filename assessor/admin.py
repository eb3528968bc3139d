from django import forms
from django.conf import settings
from django.contrib import admin

from assessor import frameworks
from assessor.frameworks import bounded_yaml
from assessor.frameworks import translation as bank_translation
from assessor.models import Answer, AnswerRevision, Assessment, Framework, FrameworkTranslation
from assessor.services import framework_store, translation_bank_lookup, translation_store

MAX_UPLOAD_BYTES = 2_000_000


def _uploaded_text(upload) -> str:
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("The file is larger than 2 MB.")
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise forms.ValidationError("The file is not UTF-8 text.") from None


class FrameworkUploadForm(forms.ModelForm):
    """Upload a custom question bank; it passes the same validator as the built-in ones."""

    yaml_file = forms.FileField(
        label="Question bank (YAML)",
        help_text="See assessor/frameworks/FORMAT.md. A changed bank needs a new version number.",
    )

    class Meta:
        model = Framework
        fields: list[str] = []

    def clean_yaml_file(self):
        upload = self.cleaned_data["yaml_file"]
        text = _uploaded_text(upload)
        try:
            # Measured before it is built or validated: aliases can make a
            # few kilobytes expand to millions of values.
            bounded_yaml.check_size(text, source=upload.name)
            self.parsed = frameworks.parse_framework_yaml(text, source=upload.name)
        except bounded_yaml.DocumentTooLarge as e:
            raise forms.ValidationError(str(e)) from None
        except frameworks.FrameworkInvalid as e:
            raise forms.ValidationError(bounded_yaml.capped(e.errors)) from None
        questions = len(self.parsed.scored_questions) + len(self.parsed.context_questions)
        if questions > bounded_yaml.MAX_BANK_QUESTIONS:
            raise forms.ValidationError(
                f"{upload.name}: the bank has {questions:,} questions; at most "
                f"{bounded_yaml.MAX_BANK_QUESTIONS:,} fit in a report that renders within the "
                "worker's time and memory limits."
            )
        stored = Framework.objects.filter(key=self.parsed.key, version=self.parsed.version).first()
        if stored and stored.sha256 == self.parsed.sha256:
            raise forms.ValidationError(f"{stored} is already stored with identical content.")
        if stored and stored.is_used():
            raise forms.ValidationError(
                f"{stored} is already used by assessments. Give the changed bank a new version."
            )
        return upload


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "version", "builtin", "short_sha", "created_at"]
    list_filter = ["builtin", "key"]

    def short_sha(self, obj):
        return obj.sha256[:12]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = FrameworkUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Stored versions are immutable: a change is a new upload.
        if obj is not None:
            return ["key", "version", "title", "sha256", "builtin", "created_at", "document"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            return
        # The form has ruled out conflicts; framework_store still re-checks
        # under a row lock and raises FrameworkConflict on a race.
        stored, _ = framework_store(parsed=form.parsed, builtin=False)
        obj.pk = stored.pk
        obj.__dict__.update(stored.__dict__)


class TranslationUploadForm(forms.ModelForm):
    """Upload a translation of a stored bank version; it passes the same
    checks as the built-in translations (FORMAT.md, "Translations")."""

    yaml_file = forms.FileField(
        label="Translation (YAML)",
        help_text=(
            "Every text of one stored bank version in another language, "
            "<key>.v<version>.<language>.yaml (see assessor/frameworks/FORMAT.md). "
            "A translation of the same version and language replaces the stored one."
        ),
    )

    class Meta:
        model = FrameworkTranslation
        fields: list[str] = []

    def clean_yaml_file(self):
        upload = self.cleaned_data["yaml_file"]
        text = _uploaded_text(upload)
        try:
            self.parsed = bank_translation.parse_translation_yaml(
                text,
                source=upload.name,
                bank_for=translation_bank_lookup,
                languages=[code for code, _ in settings.LANGUAGES],
            )
        except frameworks.FrameworkInvalid as e:
            raise forms.ValidationError(bounded_yaml.capped(e.errors)) from None
        return upload


@admin.register(FrameworkTranslation)
class FrameworkTranslationAdmin(admin.ModelAdmin):
    list_display = ["framework", "language", "builtin", "short_sha", "created_at"]
    list_filter = ["language", "builtin"]

    def short_sha(self, obj):
        return obj.sha256[:12]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TranslationUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A correction is a new upload of the same version and language.
        if obj is not None:
            return ["framework", "language", "sha256", "builtin", "created_at", "document"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            return
        parsed = form.parsed
        framework = Framework.objects.get(key=parsed.key, version=parsed.version)
        stored, _ = translation_store(framework=framework, translation=parsed, builtin=False)
        obj.pk = stored.pk
        obj.__dict__.update(stored.__dict__)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question_key", "state", "level", "choice", "note", "version"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "framework", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "organization__name"]
    inlines = [AnswerInline]


@admin.register(AnswerRevision)
class AnswerRevisionAdmin(admin.ModelAdmin):
    """The answers' history, read-only like the audit log: adding one here
    (every field read-only) failed with a server error, and a changed or
    deleted revision would falsify the history."""

    list_display = ["answer", "user", "at"]
    readonly_fields = ["answer", "user", "at", "old", "new"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
