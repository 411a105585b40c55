from django.http import Http404


def import_upload(request):
    raise Http404


def import_template(request):
    raise Http404


def person_export(request):
    raise Http404
