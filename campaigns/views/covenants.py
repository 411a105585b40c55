"""Placeholder until this workflow's views are written."""

from django.http import Http404


def covenant_create(request, **kwargs):
    raise Http404


def covenant_detail(request, **kwargs):
    raise Http404


def party_add(request, **kwargs):
    raise Http404


def covenant_open(request, **kwargs):
    raise Http404


def covenant_amend(request, **kwargs):
    raise Http404


def covenant_pdf(request, **kwargs):
    raise Http404


def covenant_export(request, **kwargs):
    raise Http404


def covenant_sign(request, **kwargs):
    raise Http404


def commitment_add(request, **kwargs):
    raise Http404


def commitment_edit(request, **kwargs):
    raise Http404


def commitment_delete(request, **kwargs):
    raise Http404
