"""Drive the Django admin the way an administrator does: its models, change lists and forms."""

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.forms import MultiWidget
from django.urls import reverse


def app_models(label):
    """Return the models of an app, without simple-history's Historical* copies."""
    return [
        model
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def model_admin(model):
    return admin.site._registry[model]


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def unjoined_foreign_keys(model_admin):
    """Return the foreign keys the change list shows without joining them (a query per row)."""
    joined = model_admin.list_select_related
    joined = joined if isinstance(joined, list | tuple) else []
    missing = []
    for name in model_admin.list_display:
        try:
            field = model_admin.model._meta.get_field(name)
        except Exception:  # a method or a callable: the query-count tests cover those
            continue
        if isinstance(field, models.ForeignKey | models.OneToOneField) and not any(
            path == name or path.startswith(f"{name}__") for path in joined
        ):
            missing.append(name)
    return missing


def _encode(bound):
    """Return the POST value(s) of a bound field as the browser sends its initial value."""
    value = bound.value()
    widget = bound.field.widget
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{bound.html_name}{suffix}": sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    if isinstance(value, bool):
        return {bound.html_name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {bound.html_name: [str(item) for item in value]}
    if value is None:
        return {}
    formatted = widget.format_value(value)
    return {bound.html_name: "" if formatted is None else formatted}


def change_form_data(response):
    """Return the POST data of an admin change form as shown: its fields and inline formsets."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            if not bound.field.disabled:
                data.update(_encode(bound))
    return data
