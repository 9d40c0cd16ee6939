"""How partials/field.html draws a field's input."""

from django import template

register = template.Library()


@register.filter
def isian(field):
    """The field's input. A required field whose input the browser does not mark
    ``required`` (a list with a preset choice, e.g. Jenis Naskah) still says it is required
    to a screen reader."""
    widget = field.field.widget
    if field.field.required and not (field.field.disabled or field.is_hidden):
        dimarkahi = field.form.use_required_attribute and widget.use_required_attribute(
            field.initial
        )
        if not dimarkahi and not field.use_fieldset:
            return field.as_widget(attrs={"aria-required": "true"})
    return str(field)
