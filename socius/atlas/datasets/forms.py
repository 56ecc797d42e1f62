"""Forms of the dataset pages. They read input; every rule about the data is the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.atlas.datasets.licences import Licence
from socius.atlas.datasets.models import Dataset, DatasetFile
from socius.atlas.datasets.scans import COUNTS_PEOPLE, counts_people
from socius.atlas.datasets.selectors import publication_choices
from socius.atlas.datasets.validation import FIELD_TYPES, type_label
from socius.atlas.models import Source
from socius.core.forms import MultipleFileField, MultipleFileInput
from socius.core.selectors import theme_list_active


class DatasetForm(forms.ModelForm[Dataset]):
    sources = forms.ModelMultipleChoiceField(
        label=_("Derived from these atlas sources"),
        queryset=Source.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publications: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Publications in the knowledge hub that use the dataset"),
        queryset=None,  # set in __init__: reading it needs the database
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dataset
        fields = [
            "title",
            "description",
            "theme",
            "licence",
            "provenance",
            "sources",
            "contributors",
            "doi",
            "embargo_until",
            "publications",
        ]
        widgets = {
            "licence": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "provenance": forms.Textarea(attrs={"rows": 5}),
            "contributors": forms.Textarea(attrs={"rows": 3}),
            "embargo_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": _("What the data shows, for whom and for which period."),
            "provenance": _(
                "How the data was made: which sources, what was counted or computed, and how "
                "small numbers were combined or hidden."
            ),
            "contributors": _(
                "Others who made the data, one name per line, as they want to be cited."
            ),
            "doi": _("If the dataset has a DOI, for example 10.5281/zenodo.1234567."),
            "embargo_until": _(
                "Leave empty to publish at once. With a date, only you and the editors see the "
                "dataset until then."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)  # noqa: S101 (a foreign key)
        theme.queryset = theme_list_active()
        # The publications query runs when the form is used, not when the module is imported.
        publications = self.fields["publications"]
        assert isinstance(publications, forms.ModelMultipleChoiceField)  # noqa: S101
        publications.queryset = publication_choices()
        licence = self.fields["licence"]
        assert isinstance(licence, forms.ChoiceField)  # noqa: S101
        licence.choices = [(c.value, c.label) for c in Licence]
        licence.help_text = _("Open licences only. CC BY 4.0 asks users to name you.")


class VersionUploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "One zip file with datapackage.json and CSV files, or one or more CSV files "
            "(UTF-8). At most 50 MB in all."
        ),
        widget=MultipleFileInput(attrs={"accept": ".zip,.csv"}),
    )
    changelog = forms.CharField(
        label=_("What is new in this version"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the first version, for example “First version”."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is kept in the log. The owner and the editors can read it."),
    )


class DatasetFilterForm(forms.Form):
    theme: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=None,
        required=False,
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    licence = forms.ChoiceField(label=_("Licence"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)  # noqa: S101
        theme.queryset = theme_list_active()
        licence = self.fields["licence"]
        assert isinstance(licence, forms.ChoiceField)  # noqa: S101
        licence.choices = [("", _("All licences")), *((c.value, c.label) for c in Licence)]


TYPE_CHOICES = [(t, t) for t in FIELD_TYPES]


class SchemaForm(forms.Form):
    """The Table Schema of a draft's files: each field's type and whether it counts people,
    and each file's values that mean "missing". Field names are ``f<file id>-<n>-type``."""

    def __init__(self, *args: Any, files: list[DatasetFile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dataset_files = files
        self.layout: list[dict[str, Any]] = []
        for file in files:
            rows = []
            for n, field in enumerate(file.fields()):
                type_name = f"f{file.pk}-{n}-type"
                people_name = f"f{file.pk}-{n}-people"
                self.fields[type_name] = forms.ChoiceField(
                    label=_("Type of “%(field)s”") % {"field": field["name"]},
                    choices=[(t, type_label(t)) for t in FIELD_TYPES],
                    initial=field.get("type", "string"),
                )
                self.fields[people_name] = forms.BooleanField(
                    label=_("“%(field)s” counts people") % {"field": field["name"]},
                    required=False,
                    initial=counts_people(field),
                )
                rows.append({"field": field, "type": type_name, "people": people_name})
            missing_name = f"f{file.pk}-missing"
            self.fields[missing_name] = forms.CharField(
                label=_("Values that mean “no value” in %(file)s") % {"file": file.filename},
                help_text=_("Separate them with spaces. An empty cell always means no value."),
                required=False,
                max_length=200,
                initial=" ".join(v for v in file.schema.get("missingValues", []) if v),
            )
            self.layout.append({"file": file, "rows": rows, "missing": missing_name})
        # Bound fields for the page's table (after every field exists).
        for block in self.layout:
            block["missing_field"] = self[block["missing"]]
            for row in block["rows"]:
                row["type_field"] = self[row["type"]]
                row["people_field"] = self[row["people"]]

    def schemas(self) -> dict[int, dict[str, Any]]:
        """The edited schemas by file id; call after ``is_valid()``."""
        result = {}
        for block in self.layout:
            file = block["file"]
            fields = []
            for row in block["rows"]:
                field = dict(row["field"])
                field["type"] = self.cleaned_data[row["type"]]
                field[COUNTS_PEOPLE] = bool(self.cleaned_data[row["people"]])
                fields.append(field)
            missing = ["", *self.cleaned_data[block["missing"]].split()]
            schema = {
                **file.schema,
                "fields": fields,
                "missingValues": list(dict.fromkeys(missing)),
            }
            result[file.pk] = schema
        return result
