from django.forms.renderers import TemplatesSetting


class SociusFormRenderer(TemplatesSetting):
    """Renders every form and field with DKFDS markup (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
